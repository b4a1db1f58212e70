package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
