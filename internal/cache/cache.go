// Package cache keeps the results of expensive work on a file, keyed by a
// hash of everything the result depends on: the file's bytes, its path and
// the okrs binary itself. A key never names stale work, so the folder is
// safe to delete at any time and safe to keep between CI runs.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Cache is a folder of entries. A nil *Cache caches nothing.
type Cache struct {
	dir string
}

// Default is the cache folder okrs uses unless told otherwise: okrs/ in
// the user's cache folder ($XDG_CACHE_HOME, ~/.cache, ...).
func Default() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "okrs"), nil
}

// Open opens the cache below dir for the running binary. Entries of other
// binaries that have not been used for a week are removed.
func Open(dir string) (*Cache, error) {
	tool := toolID()
	c := &Cache{dir: filepath.Join(dir, tool)}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return nil, err
	}
	now := time.Now()
	os.Chtimes(c.dir, now, now) // mark this binary's entries as in use
	prune(dir, tool, now.Add(-7*24*time.Hour))
	return c, nil
}

func prune(dir, keep string, before time.Time) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() || e.Name() == keep {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(before) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Key hashes the parts of what a result depends on, unambiguously.
func Key(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		for i := range n {
			n[i] = byte(len(p) >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key)
}

// Get returns the entry for key, if there is one.
func (c *Cache) Get(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	b, err := os.ReadFile(c.path(key))
	return b, err == nil
}

// Put stores an entry. It writes a temporary file and renames it, so a
// reader (another okrs running at the same time) never sees half an entry.
// A cache that cannot be written is not an error: it only makes okrs slower.
func (c *Cache) Put(key string, b []byte) {
	if c == nil {
		return
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}

// toolID identifies the running binary by the hash of its bytes, so that a
// rebuilt okrs never reads what an older one wrote, whatever its version
// string says.
var toolID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err == nil {
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return hex.EncodeToString(h.Sum(nil))[:24]
			}
		}
	}
	return "unknown-" + time.Now().Format("20060102150405.000000") // never shared
})
