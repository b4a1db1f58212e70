package output

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
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
//
// The temporary folder is made when the first file that is not in the old
// site comes: until then the pages reused are only listed, and if every
// page of the old site is reused and nothing else is written, the site is
// up to date and no folder is made, linked or removed. After an unchanged
// rebuild that is most of the work okrs build would otherwise do on disk.
type Folder struct {
	target   string // the site's folder; the temporary one is made next to it
	old      string // target when there is a site to take pages from, else ""
	cache    *cache.Cache
	cacheKey string
	previous map[string]builtPage

	mu      sync.Mutex
	tmp     string   // "" until start makes it
	kept    []string // pages reused before tmp was made, to link then
	swapped bool     // tmp holds the old site
	built   map[string]builtPage
	files   atomic.Int64
	dirs    sync.Map // folder -> *madeDir
}

// builtPage is one page of a built site, as the cache remembers it.
type builtPage struct {
	key   Key
	size  int64
	mtime int64 // nanoseconds
}

func newFolder(target string, exists bool, c *cache.Cache) *Folder {
	f := &Folder{target: target, cache: c, built: map[string]builtPage{}}
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

// start makes the temporary folder, if it is not made yet, and links into
// it the pages reused so far. A page that cannot be linked (a file system
// without hard links) is copied: it was promised to the site already.
func (f *Folder) start() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tmp != "" {
		return f.tmp, nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(f.target), leftoverPrefix(f.target))
	if err != nil {
		return "", fmt.Errorf("write site: make a temporary folder next to %s: %w", f.target, err)
	}
	f.tmp = tmp
	root := new(madeDir)
	root.once.Do(func() {}) // made just now
	f.dirs.Store(tmp, root)
	for _, path := range f.kept {
		if err := f.link(path); err != nil {
			return "", fmt.Errorf("write site: %w", err)
		}
	}
	f.kept = nil
	return tmp, nil
}

// upToDate tells whether fill reused every page of the old site and wrote
// nothing, and the old site holds nothing else: it is then the new one.
func (f *Folder) upToDate() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tmp == "" && f.old != "" && len(f.kept) == len(f.previous) && onlyListed(f.old, f.previous)
}

// onlyListed tells whether the folder root holds the pages listed, the
// marker and the folders that hold them, and nothing else: a file someone
// left in the site makes the next build a new folder without it.
func onlyListed(root string, pages map[string]builtPage) bool {
	dirs := map[string]bool{".": true}
	for p := range pages {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	seen := 0
	var walk func(dir string) bool
	walk = func(dir string) bool {
		seen++
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil {
			return false
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			switch {
			case e.IsDir():
				if !dirs[p] || !walk(p) {
					return false
				}
			case e.Type().IsRegular():
				if _, ok := pages[p]; !ok && p != Marker {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return walk(".") && seen == len(dirs)
}

// remove removes the temporary folder: the new site when it was not put
// in place, else the old site. The old site's pages are known from the
// cache and removed by name, folders last, which saves reading every
// folder; whatever else is in it goes with the last RemoveAll.
func (f *Folder) remove() {
	if f.tmp == "" {
		return
	}
	if f.swapped {
		removeListed(f.tmp, f.previous)
	}
	os.RemoveAll(f.tmp)
}

// removeListed removes the files listed in pages below root, then the
// folders that held them, deepest first. Anything it cannot remove is left
// for os.RemoveAll.
func removeListed(root string, pages map[string]builtPage) {
	dirs := map[string]bool{}
	for p := range pages {
		if !filepath.IsLocal(filepath.FromSlash(p)) {
			continue
		}
		os.Remove(filepath.Join(root, filepath.FromSlash(p)))
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	os.Remove(filepath.Join(root, Marker))
	order := slices.Collect(maps.Keys(dirs))
	slices.SortFunc(order, func(a, b string) int { return cmp.Or(strings.Count(b, "/")-strings.Count(a, "/"), cmp.Compare(a, b)) })
	for _, d := range order {
		os.Remove(filepath.Join(root, filepath.FromSlash(d)))
	}
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
// Before the temporary folder is made the page is only listed (see start).
func (f *Folder) Reuse(path string, key Key) bool {
	was, ok := f.previous[path]
	if !ok || was.key != key || !unchanged(f.old, path, was) {
		return false
	}
	f.mu.Lock()
	started := f.tmp != ""
	if !started {
		f.kept = append(f.kept, path)
		f.built[path] = was
	}
	f.mu.Unlock()
	if started {
		dst := filepath.Join(f.tmp, filepath.FromSlash(path))
		if err := f.mkdir(filepath.Dir(dst)); err != nil {
			return false
		}
		if err := os.Link(filepath.Join(f.old, filepath.FromSlash(path)), dst); err != nil {
			return false // another file system, say: render it
		}
		f.mu.Lock()
		f.built[path] = was
		f.mu.Unlock()
	}
	f.files.Add(1)
	return true
}

// link puts the old site's page at path into the temporary folder, as a
// hard link or else as a copy.
func (f *Folder) link(path string) error {
	src := filepath.Join(f.old, filepath.FromSlash(path))
	dst := filepath.Join(f.tmp, filepath.FromSlash(path))
	if err := f.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	size, mtime, err := writeFile(dst, data)
	if err != nil {
		return err
	}
	e := f.built[path]
	e.size, e.mtime = size, mtime
	f.built[path] = e
	return nil
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
	tmp, err := f.start()
	if err != nil {
		return err
	}
	full := filepath.Join(tmp, filepath.FromSlash(path))
	if err := f.mkdir(filepath.Dir(full)); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	size, mtime, err := writeFile(full, data)
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	f.files.Add(1)
	if f.cache == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.built[path] = builtPage{key: key, size: size, mtime: mtime}
	return nil
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
