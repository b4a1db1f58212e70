package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/export"
	"github.com/okrs-dev/okrs/internal/okr"
)

// TestCacheGivesTheSameResult checks that a validation served from the
// cache is the one computed from the files: same findings, same numbers,
// and that an edited file is checked again.
func TestCacheGivesTheSameResult(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../cli/testdata/base", dir)
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	asOf := okr.MustDate("2026-05-27")
	want := snapshot(t, dir, Options{AsOf: asOf})
	for _, run := range []string{"cold", "warm"} {
		if got := snapshot(t, dir, Options{AsOf: asOf, Cache: c}); !bytes.Equal(got, want) {
			t.Fatalf("%s cache run differs from an uncached one:\n%s\nwant\n%s", run, got, want)
		}
	}
	// An edit must be seen: break a file and expect its finding.
	p := filepath.Join(dir, "teams", "web.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("colour: red\n")...), 0o644)
	res, err := Run(dir, Options{AsOf: asOf, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid() {
		t.Fatal("the edited file's unknown field was not reported: the cache served a stale entry")
	}
}

// withCache copies the base data into a temporary folder and opens an
// empty cache for it.
func withCache(t *testing.T) (dir, cacheDir string, opt Options) {
	t.Helper()
	dir, cacheDir = t.TempDir(), t.TempDir()
	copyDir(t, "../cli/testdata/base", dir)
	c, err := cache.Open(cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, cacheDir, Options{AsOf: okr.MustDate("2026-05-27"), Cache: c}
}

// TestCacheKeepsOneBundlePerFolder checks that the cache holds one file
// per data folder, and that editing one file rewrites only its folder's.
func TestCacheKeepsOneBundlePerFolder(t *testing.T) {
	dir, cacheDir, opt := withCache(t)
	cacheFiles := func() map[string]string {
		out := map[string]string{}
		filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				info, _ := d.Info()
				// The time tells a rewrite with the same bytes.
				out[p] = info.ModTime().String() + "\n" + string(b)
			}
			return err
		})
		return out
	}
	folders := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".yaml" {
			folders[filepath.Dir(p)] = true
		}
		return err
	})
	snapshot(t, dir, opt)
	before := cacheFiles()
	if len(before) != len(folders) || len(folders) < 2 {
		t.Fatalf("%d cache files for %d data folders", len(before), len(folders))
	}
	snapshot(t, dir, opt)
	if !reflect.DeepEqual(cacheFiles(), before) {
		t.Fatal("a run without changes rewrote the cache")
	}
	p := filepath.Join(dir, "teams", "web.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("# edited\n")...), 0o644)
	snapshot(t, dir, opt)
	after := cacheFiles()
	changed := 0
	for p, b := range after {
		if before[p] != b {
			changed++
		}
	}
	if len(after) != len(before) || changed != 1 {
		t.Errorf("editing one file changed %d of %d cache files (%d before), want 1", changed, len(after), len(before))
	}
}

// TestDamagedCacheEntries checks that an entry that was damaged on disk
// is a miss: the file is checked afresh and the result is the same.
func TestDamagedCacheEntries(t *testing.T) {
	dir, cacheDir, opt := withCache(t)
	want := snapshot(t, dir, Options{AsOf: opt.AsOf})
	snapshot(t, dir, opt) // fills the cache
	var entries []string
	filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			entries = append(entries, p)
		}
		return err
	})
	if len(entries) == 0 {
		t.Fatal("the cache has no entries")
	}
	damages := map[string]func([]byte) []byte{
		"empty":     func([]byte) []byte { return nil },
		"truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"one byte":  func(b []byte) []byte { b[len(b)/2] ^= 0x20; return b },
		"appended":  func(b []byte) []byte { return append(b, 0) },
	}
	for name, damage := range damages {
		for _, p := range entries {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, damage(b), 0o644)
		}
		if got := snapshot(t, dir, opt); !bytes.Equal(got, want) {
			t.Errorf("%s entries: the result differs from an uncached one:\n%s\nwant\n%s", name, got, want)
		}
		// The fresh check put the entries back.
		if got := snapshot(t, dir, opt); !bytes.Equal(got, want) {
			t.Errorf("after %s entries were replaced: the result differs", name)
		}
	}
}

// snapshot validates dir and exports the result as JSON.
func snapshot(t *testing.T, dir string, opt Options) []byte {
	t.Helper()
	res, err := Run(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.JSON(&b, res.Numbers, res.Model, res.Findings); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(to, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
