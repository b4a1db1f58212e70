package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPutGet(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	k := Key([]byte("a"), []byte("bc"))
	if k == Key([]byte("ab"), []byte("c")) {
		t.Fatal("keys of differently split parts collide")
	}
	if _, ok := c.Get(k); ok {
		t.Fatal("empty cache had an entry")
	}
	c.Put(k, []byte("value"))
	if b, ok := c.Get(k); !ok || string(b) != "value" {
		t.Fatalf("Get = %q, %v", b, ok)
	}
	var nilCache *Cache
	nilCache.Put(k, []byte("x"))
	if _, ok := nilCache.Get(k); ok {
		t.Fatal("a nil cache returned an entry")
	}
	// Another binary's old entries are pruned when the cache is opened.
	old := filepath.Join(dir, "other-binary")
	os.MkdirAll(old, 0o755)
	os.Chtimes(old, timeAgo(), timeAgo())
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("an unused entry folder of another binary was kept")
	}
}

func timeAgo() time.Time { return time.Now().Add(-30 * 24 * time.Hour) }
