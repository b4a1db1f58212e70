package output

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/cache"
)

// Folder is the output of Replace: files written into the temporary folder
// that will replace the site. Pages whose key is unchanged since the site
// being replaced was built are hard-linked from it, which costs one system
// call instead of a render and a write. This is the one way okrs build
// writes: a new folder, swapped in whole, so a build that fails or is
// killed leaves the old site as it was (see Replace). Which page was made with which key
// is kept in the cache, per output folder, with each file's size and
// modification time: a page that was touched since is rendered again.
type Folder struct {
	tmp, old string // old is "" when there is no site to take pages from
	cache    *cache.Cache
	cacheKey string
	previous map[string]builtPage

	mu    sync.Mutex
	built map[string]builtPage
	files atomic.Int64
	dirs  sync.Map // folder -> *madeDir
}

// builtPage is one page of a built site, as the cache remembers it.
type builtPage struct {
	key   Key
	size  int64
	mtime int64 // nanoseconds
}

func newFolder(tmp, target string, exists bool, c *cache.Cache) *Folder {
	f := &Folder{tmp: tmp, cache: c, built: map[string]builtPage{}}
	root := new(madeDir)
	root.once.Do(func() {}) // made by Replace
	f.dirs.Store(tmp, root)
	if c == nil {
		return f
	}
	f.cacheKey = builtKey(target)
	if !exists {
		return f
	}
	if pages, ok := lastBuilt(c, f.cacheKey); ok {
		f.old, f.previous = target, pages
	}
	return f
}

// builtKey is the cache key of the list of pages of the site in target.
func builtKey(target string) string {
	return cache.Key([]byte("site pages"), []byte(target))
}

// lastBuilt reads the list of pages of the last build from the cache.
func lastBuilt(c *cache.Cache, key string) (map[string]builtPage, bool) {
	b, ok := c.Get(key)
	if !ok {
		return nil, false
	}
	pages, err := decodeBuilt(b)
	return pages, err == nil
}

// Reuse hard-links the page at path from the site being replaced when it
// was made with key and nobody touched it since, and tells whether it could.
func (f *Folder) Reuse(path string, key Key) bool {
	was, ok := f.previous[path]
	if !ok || was.key != key || !unchanged(f.old, path, was) {
		return false
	}
	dst := filepath.Join(f.tmp, filepath.FromSlash(path))
	if err := f.mkdir(filepath.Dir(dst)); err != nil {
		return false
	}
	if err := os.Link(filepath.Join(f.old, filepath.FromSlash(path)), dst); err != nil {
		return false // another file system, say: render it
	}
	f.files.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.built[path] = was
	return true
}

// unchanged tells whether the file at path below root is still the one a
// build wrote, as remembered in was: a page someone edited by hand since
// is rendered again.
func unchanged(root, path string, was builtPage) bool {
	if !filepath.IsLocal(filepath.FromSlash(path)) || path == Marker {
		return false
	}
	info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(path)))
	return err == nil && info.Mode().IsRegular() && info.Size() == was.size && info.ModTime().UnixNano() == was.mtime
}

// mkdir makes dir and its parents once per build: thousands of pages share
// a few hundred folders. Parents first, each with one mkdir and no stat,
// and a folder two goroutines need at once is made by one while the other
// waits: on a slow disk making folders was a tenth of writing the site.
func (f *Folder) mkdir(dir string) error {
	v, ok := f.dirs.Load(dir)
	if !ok {
		v, _ = f.dirs.LoadOrStore(dir, new(madeDir))
	}
	d := v.(*madeDir)
	d.once.Do(func() {
		if parent := filepath.Dir(dir); parent != dir {
			if d.err = f.mkdir(parent); d.err != nil {
				return
			}
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			d.err = err
		}
	})
	return d.err
}

// madeDir is a folder of the site being made, once.
type madeDir struct {
	once sync.Once
	err  error
}

// Write writes a file of the new site.
func (f *Folder) Write(path string, data []byte, key Key) error {
	if !filepath.IsLocal(filepath.FromSlash(path)) || path == Marker {
		return fmt.Errorf("write site: refusing to write %q outside the site", path)
	}
	full := filepath.Join(f.tmp, filepath.FromSlash(path))
	if err := f.mkdir(filepath.Dir(full)); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	info, err := writeFile(full, data)
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	f.files.Add(1)
	if f.cache == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.built[path] = builtPage{key: key, size: info.Size(), mtime: info.ModTime().UnixNano()}
	return nil
}

// writeFile is os.WriteFile that also gives the file's size and time, as
// the next build will see them, from the open file rather than its path.
func writeFile(name string, data []byte) (fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return info, err
}

// commit remembers the pages of the new site for the next build, once it
// is in place.
func (f *Folder) commit() {
	if f.cache == nil {
		return
	}
	f.cache.Put(f.cacheKey, encodeBuilt(f.built))
}

func encodeBuilt(pages map[string]builtPage) []byte {
	b := binary.AppendUvarint(nil, uint64(len(pages)))
	for _, p := range slices.Sorted(maps.Keys(pages)) {
		e := pages[p]
		b = cache.AppendString(b, p)
		b = append(b, e.key[:]...)
		b = binary.AppendVarint(b, e.size)
		b = binary.AppendVarint(b, e.mtime)
	}
	return b
}

var errBuilt = errors.New("output: corrupt list of built pages")

func decodeBuilt(b []byte) (map[string]builtPage, error) {
	r := cache.Reader{B: b}
	n := r.Count()
	pages := make(map[string]builtPage, n)
	for range n {
		path := string(r.Bytes())
		var e builtPage
		if len(r.B) < len(e.key) {
			return nil, errBuilt
		}
		copy(e.key[:], r.B)
		r.B = r.B[len(e.key):]
		e.size, e.mtime = r.Varint(), r.Varint()
		pages[path] = e
	}
	if !r.Done() || len(pages) != n {
		return nil, errBuilt
	}
	return pages, nil
}
