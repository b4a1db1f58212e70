package output

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	site := Files{{Path: "index.html", Data: []byte("new")}, {Path: "a/b.html", Data: []byte("b")}}
	t.Run("new folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "public")
		if err := Write(dir, site); err != nil {
			t.Fatal(err)
		}
		got := listTree(t, dir)
		if got["index.html"] != "new" || got["a/b.html"] != "b" || got[Marker] != markerText {
			t.Fatalf("wrote %q", got)
		}
		// A second build replaces the first, leaving no stale file.
		if err := Write(dir, Files{{Path: "index.html", Data: []byte("newer")}}); err != nil {
			t.Fatal(err)
		}
		got = listTree(t, dir)
		if _, stale := got["a/b.html"]; got["index.html"] != "newer" || stale {
			t.Fatalf("after the second build: %q", got)
		}
		if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
			t.Errorf("temporary folders left behind: %v", entries)
		}
	})
	t.Run("foreign folder is refused", func(t *testing.T) {
		dir := t.TempDir()
		precious := filepath.Join(dir, "thesis.tex")
		os.WriteFile(precious, []byte("years of work"), 0o644)
		err := Write(dir, site)
		if err == nil || !strings.Contains(err.Error(), "refusing to replace") {
			t.Fatalf("err = %v, want a refusal", err)
		}
		if b, _ := os.ReadFile(precious); string(b) != "years of work" {
			t.Fatal("a file of the user was touched")
		}
		if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
			t.Errorf("temporary folders left behind: %v", entries)
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := Write(dir, site); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "public")
		os.WriteFile(file, []byte("x"), 0o644)
		if err := Write(file, site); err == nil {
			t.Fatal("a file was replaced by a site")
		}
	})
	t.Run("path outside the site", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "public")
		if err := Write(dir, Files{{Path: "../evil", Data: nil}}); err == nil {
			t.Fatal("wrote outside the site")
		}
		if _, err := os.Stat(dir); err == nil {
			t.Fatal("a failed build left a site")
		}
	})
}

// listTree gives the files below root by path, with their text.
func listTree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	walk := func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			var b []byte
			b, err = fs.ReadFile(os.DirFS(root), p)
			files[p] = string(b)
		}
		return err
	}
	if err := fs.WalkDir(os.DirFS(root), ".", walk); err != nil {
		t.Fatal(err)
	}
	return files
}
