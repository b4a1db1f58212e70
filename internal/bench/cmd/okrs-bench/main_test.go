package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/bench"
	"github.com/okrs-dev/okrs/internal/gen"
)

func TestRunUsage(t *testing.T) {
	dir := t.TempDir()
	if _, err := gen.Write(filepath.Join(dir, "org"), gen.Config{Teams: 3, Quarters: 1}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "floor", args: []string{"floor", filepath.Join(dir, "org")}, stdout: "parsed 8 files"},
		{name: "floor without dir", args: []string{"floor"}, code: 2, stderr: "usage: okrs-bench floor DIR"},
		{name: "floor of nothing", args: []string{"floor", filepath.Join(dir, "none")}, code: 1, stderr: "no such file"},
		{name: "files", args: []string{"files", filepath.Join(dir, "org"), filepath.Join(dir, "empty")}, stdout: "made 8 files in 3 folders"},
		{name: "files into a folder that exists", args: []string{"files", filepath.Join(dir, "org"), dir}, code: 1, stderr: "exists"},
		{name: "files without dirs", args: []string{"files", dir}, code: 2, stderr: "usage: okrs-bench files SITE DIR"},
		{name: "unknown size", args: []string{"run", "-sizes", "tiny"}, code: 2, stderr: `unknown size "tiny"`},
		{name: "no okrs binary", args: []string{"-okrs", filepath.Join(dir, "okrs"), "-dir", dir}, code: 2, stderr: "run make build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want %q and %q", stdout.String(), stderr.String(), tt.stdout, tt.stderr)
			}
		})
	}
}

// EmptyTree makes the same folders and files, every file empty.
func TestEmptyTree(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "empty")
	for _, p := range []string{"index.html", "teams/a/2026-Q1/x.html", "assets/site.css"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, p), []byte("page"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, dirs, err := bench.EmptyTree(src, dst)
	if err != nil || files != 3 || dirs != 5 {
		t.Fatalf("EmptyTree: %d files, %d folders, %v; want 3, 5", files, dirs, err)
	}
	info, err := os.Stat(filepath.Join(dst, "teams/a/2026-Q1/x.html"))
	if err != nil || info.Size() != 0 {
		t.Fatalf("x.html: %v, %v; want an empty file", info, err)
	}
}

func TestCopyTree(t *testing.T) {
	from, to := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	if err := os.MkdirAll(filepath.Join(from, "layouts", "_default"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(from, "layouts", "_default", "list.html"), []byte("x"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := copyTree(from, to); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(to, "layouts", "_default", "list.html"))
	if err != nil || info.Mode().Perm()&0o200 == 0 {
		t.Errorf("copy: %v, mode %v; want a writable copy", err, info.Mode())
	}
}

// The largest page and asset of a site are found among pages and what
// pages load; the exports and licence texts do not count.
func TestLargestFiles(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{
		"index.html": 10, "people/ann.html": 30, "roadmap/web/2.html": 20,
		"assets/site.abc.js": 5, "assets/search/2026-Q1.1.abc.js": 7, "assets/ECHARTS-LICENSE.txt": 50,
		"data/okrs.json": 100, "schema/okrs.schema.json": 60,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, bytes.Repeat([]byte("x"), size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page, asset, err := largestFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if page != (heaviest{"people/ann.html", 30}) || asset != (heaviest{"assets/search/2026-Q1.1.abc.js", 7}) {
		t.Errorf("largest page %v, asset %v", page, asset)
	}
	if got := sizeNote("large", heaviest{"a.html", 1536}, heaviest{"assets/x.js", 3 << 20}); !strings.Contains(got, "a.html, 2 KB") || !strings.Contains(got, "assets/x.js, 3.00 MB") {
		t.Errorf("note %q", got)
	}
}
