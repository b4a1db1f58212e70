package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeFile gives the size and time that os.Lstat gives afterwards, which
// is how the next build decides the page is unchanged.
func TestWriteFileStat(t *testing.T) {
	name := filepath.Join(t.TempDir(), "page.html")
	data := bytes.Repeat([]byte("<p>okrs</p>\n"), 1000)
	size, mtime, err := writeFile(name, data)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	if size != info.Size() || mtime != info.ModTime().UnixNano() {
		t.Errorf("writeFile gave size %d, time %d; Lstat gives %d, %d", size, mtime, info.Size(), info.ModTime().UnixNano())
	}
	if got, err := os.ReadFile(name); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the file holds %d bytes (%v), want the %d written", len(got), err, len(data))
	}
	if info.Mode().Perm() != 0o644&^umask(t) {
		t.Errorf("mode %v", info.Mode())
	}
	// Writing again replaces the file, as os.WriteFile does.
	if _, _, err := writeFile(name, []byte("short")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); string(got) != "short" {
		t.Errorf("rewritten file holds %q", got)
	}
	if _, _, err := writeFile(filepath.Join(t.TempDir(), "no", "such", "folder"), data); !os.IsNotExist(err) {
		t.Errorf("into a missing folder: %v, want a not-exist error", err)
	}
}

// umask is the process's file mode creation mask, read from a file made
// with os.WriteFile.
func umask(t *testing.T) os.FileMode {
	name := filepath.Join(t.TempDir(), "mask")
	if err := os.WriteFile(name, nil, 0o777); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ info.Mode().Perm()
}

// BenchmarkWriteFile writes 500 pages of 16 KB into a new folder, as a
// cold build writes thousands.
func BenchmarkWriteFile(b *testing.B) {
	data := bytes.Repeat([]byte("x"), 16<<10)
	root := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(root, fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := range 500 {
			if _, _, err := writeFile(filepath.Join(dir, fmt.Sprintf("%d.html", j)), data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
