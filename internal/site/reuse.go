package site

import (
	"cmp"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/cache"
)

// memory is the output of Render: files in memory, pages taken from a
// previous Render when their key is unchanged.
type memory struct {
	previous Files
	mu       sync.Mutex
	files    map[string]File
}

func (m *memory) reuse(path string, key Key) bool {
	i, ok := slices.BinarySearchFunc(m.previous, path, func(f File, p string) int { return cmp.Compare(f.Path, p) })
	if !ok || key == (Key{}) || m.previous[i].Key != key {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = m.previous[i]
	return true
}

func (m *memory) write(path string, data []byte, key Key) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = File{Path: path, Data: data, Key: key}
	return nil
}

// folder is the output of Build: files written into the temporary folder
// that will replace the site. Pages whose key is unchanged since the site
// being replaced was built are hard-linked from it, which costs one system
// call instead of a render and a write. Which page was made with which key
// is kept in the cache, per output folder, with each file's size and
// modification time: a page that was touched since is rendered again.
type folder struct {
	tmp, old string // old is "" when there is no site to take pages from
	cache    *cache.Cache
	cacheKey string
	previous map[string]builtPage

	mu    sync.Mutex
	built map[string]builtPage
	files atomic.Int64
}

// builtPage is one page of a built site, as the cache remembers it.
type builtPage struct {
	key   Key
	size  int64
	mtime int64 // nanoseconds
}

func newFolder(tmp, target string, exists bool, c *cache.Cache) *folder {
	f := &folder{tmp: tmp, cache: c, built: map[string]builtPage{}}
	if c == nil {
		return f
	}
	f.cacheKey = cache.Key([]byte("site pages"), []byte(target))
	if !exists {
		return f
	}
	if b, ok := c.Get(f.cacheKey); ok {
		if pages, err := decodeBuilt(b); err == nil {
			f.old, f.previous = target, pages
		}
	}
	return f
}

func (f *folder) reuse(path string, key Key) bool {
	was, ok := f.previous[path]
	if !ok || key == (Key{}) || was.key != key {
		return false
	}
	if !filepath.IsLocal(filepath.FromSlash(path)) || path == Marker {
		return false
	}
	src := filepath.Join(f.old, filepath.FromSlash(path))
	info, err := os.Lstat(src)
	if err != nil || !info.Mode().IsRegular() || info.Size() != was.size || info.ModTime().UnixNano() != was.mtime {
		return false
	}
	dst := filepath.Join(f.tmp, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false
	}
	if err := os.Link(src, dst); err != nil {
		return false // another file system, say: render it
	}
	f.files.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.built[path] = was
	return true
}

func (f *folder) write(path string, data []byte, key Key) error {
	if err := writeFile(f.tmp, path, data); err != nil {
		return err
	}
	f.files.Add(1)
	if f.cache == nil || key == (Key{}) {
		return nil
	}
	info, err := os.Lstat(filepath.Join(f.tmp, filepath.FromSlash(path)))
	if err != nil {
		return nil // not remembered: rendered again next time
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.built[path] = builtPage{key: key, size: info.Size(), mtime: info.ModTime().UnixNano()}
	return nil
}

// pages counts the pages written or linked.
func (f *folder) pages() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.built)
}

// commit remembers the pages of the new site for the next build.
func (f *folder) commit() {
	if f.cache == nil {
		return
	}
	f.cache.Put(f.cacheKey, encodeBuilt(f.built))
}

func encodeBuilt(pages map[string]builtPage) []byte {
	paths := make([]string, 0, len(pages))
	for p := range pages {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	b := binary.AppendUvarint(nil, uint64(len(paths)))
	for _, p := range paths {
		e := pages[p]
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
		b = append(b, e.key[:]...)
		b = binary.AppendVarint(b, e.size)
		b = binary.AppendVarint(b, e.mtime)
	}
	return b
}

var errBuilt = errors.New("site: corrupt list of built pages")

func decodeBuilt(b []byte) (map[string]builtPage, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errBuilt
	}
	b = b[k:]
	pages := make(map[string]builtPage, n)
	for range n {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return nil, errBuilt
		}
		path := string(b[k : k+int(l)])
		b = b[k+int(l):]
		var e builtPage
		if len(b) < len(e.key) {
			return nil, errBuilt
		}
		copy(e.key[:], b)
		b = b[len(e.key):]
		if e.size, k = binary.Varint(b); k <= 0 {
			return nil, errBuilt
		}
		b = b[k:]
		if e.mtime, k = binary.Varint(b); k <= 0 {
			return nil, errBuilt
		}
		b = b[k:]
		pages[path] = e
	}
	if len(b) != 0 {
		return nil, errBuilt
	}
	return pages, nil
}
