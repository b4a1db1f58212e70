package validate

import (
	"bytes"
	"os"
	"path/filepath"
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
	snapshot := func(opt Options) []byte {
		t.Helper()
		res, err := Dir(dir, opt)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := export.JSON(&b, res.Numbers, res.Model, res.Findings); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	want := snapshot(Options{AsOf: asOf})
	for _, run := range []string{"cold", "warm"} {
		if got := snapshot(Options{AsOf: asOf, Cache: c}); !bytes.Equal(got, want) {
			t.Fatalf("%s cache run differs from an uncached one:\n%s\nwant\n%s", run, got, want)
		}
	}
	// An edit must be seen: break a file and expect its finding.
	p := filepath.Join(dir, "teams", "web.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("colour: red\n")...), 0o644)
	res, err := Dir(dir, Options{AsOf: asOf, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid() {
		t.Fatal("the edited file's unknown field was not reported: the cache served a stale entry")
	}
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
