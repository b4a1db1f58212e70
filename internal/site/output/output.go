// Package output writes a rendered site: into memory (okrs serve), or into
// its folder with the one strategy okrs build has: every file goes into a
// new folder next to the old site, pages unchanged since the last build
// are hard-linked from it, and the new folder is swapped in whole. A build
// that fails or is killed leaves the old site whole, and the next build
// removes what it left behind.
//
// The package knows files, paths and keys; what a page shows and how it
// is rendered is the site package's.
package output

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"slices"
	"sync"
)

// Key identifies everything a file shows: two renders that give a page the
// same key give it the same bytes, so a page whose key did not change
// since the last render is not rendered again. The site package makes the
// keys of pages; other files are keyed by their bytes (ContentKey).
type Key [sha256.Size]byte

// ContentKey is the key of a file that is not a page (the exports and the
// assets): the hash of its bytes.
func ContentKey(b []byte) Key {
	h := sha256.New()
	h.Write([]byte("okrs file\x00"))
	h.Write(b)
	return Key(h.Sum(nil))
}

// File is one file of the site: its path relative to the site's root,
// with forward slashes, and its bytes.
type File struct {
	Path string
	Data []byte
	Key  Key // what a page was made from; for other files, the hash of their bytes
}

// Files is a whole site, sorted by path.
type Files []File

// File returns the file at path.
func (fs Files) File(path string) (File, bool) {
	i, ok := slices.BinarySearchFunc(fs, path, func(f File, p string) int { return cmp.Compare(f.Path, p) })
	if !ok {
		return File{}, false
	}
	return fs[i], true
}

// Get returns the bytes of the file at path.
func (fs Files) Get(path string) ([]byte, bool) {
	f, ok := fs.File(path)
	return f.Data, ok
}

// Sink is where rendered files go: Memory or a Folder. Both may be called
// from several goroutines at once.
type Sink interface {
	// Reuse puts the page that an earlier render made with this key at
	// path, and tells whether it could.
	Reuse(path string, key Key) bool
	// Write puts a file at path, made with key (for a file that is not a
	// page, the hash of its bytes). It must not keep data, whose buffer is
	// used again.
	Write(path string, data []byte, key Key) error
}

// Memory is a site in memory, pages taken from a previous render when
// their key is unchanged.
type Memory struct {
	previous Files
	mu       sync.Mutex
	files    map[string]File
}

// NewMemory starts a site in memory that takes unchanged pages from
// previous (which may be nil).
func NewMemory(previous Files) *Memory {
	return &Memory{previous: previous, files: map[string]File{}}
}

// Reuse takes the page at path from the previous render when it was made
// with key.
func (m *Memory) Reuse(path string, key Key) bool {
	was, ok := m.previous.File(path)
	if !ok || was.Key != key {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = was
	return true
}

// Write keeps a copy of data as the file at path.
func (m *Memory) Write(path string, data []byte, key Key) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = File{Path: path, Data: bytes.Clone(data), Key: key}
	return nil
}

// Files are the files written so far, by path.
func (m *Memory) Files() Files {
	m.mu.Lock()
	defer m.mu.Unlock()
	files := make(Files, 0, len(m.files))
	for _, f := range m.files {
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files
}
