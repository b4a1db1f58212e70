package validate

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"path/filepath"
	"strconv"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// checkCached is CheckFiles through the cache: a file whose bytes, path
// and size limit were seen before by the same okrs binary is not parsed or
// schema-checked again. Parsing and the schema are most of the time a
// validation takes; what needs all files at once is always recomputed.
//
// The entries of the files of one folder are kept together, in one cache
// file per folder (a bundle): a data directory has hundreds to thousands
// of small files, and a cache of as many files is slow to write on a cold
// run, to open on a warm one, and to save and restore in CI. Within a
// bundle each entry is keyed by its file's path, bytes and size limit, so
// an edited file misses and is checked again. A bundle in which anything
// missed is written anew, with the entries of the folder's files as they
// are now and no others.
func checkCached(paths []string, opt Options) []File {
	limit := opt.MaxFileSize
	if limit <= 0 {
		limit = load.DefaultMaxFileSize
	}
	type folder struct {
		key   string
		old   map[string][]byte // entries by key
		files []int             // indexes into paths
	}
	var folders []*folder
	byDir := map[string]*folder{}
	of := make([]*folder, len(paths))
	for i, p := range paths {
		dir := filepath.Dir(p)
		f := byDir[dir]
		if f == nil {
			// The same relative folder of two projects is two bundles.
			abs, err := filepath.Abs(dir)
			if err != nil {
				abs = dir
			}
			f = &folder{key: cache.Key([]byte("validate folder"), []byte(abs), []byte(strconv.FormatInt(limit, 10)))}
			byDir[dir] = f
			folders = append(folders, f)
		}
		f.files = append(f.files, i)
		of[i] = f
	}
	parallel(len(folders), func(i int) {
		f := folders[i]
		if b, ok := opt.Cache.Get(f.key); ok {
			f.old = decodeBundle(b)
		}
	})
	files := make([]File, len(paths))
	keys := make([]string, len(paths))
	entries := make([][]byte, len(paths))
	hits := make([]bool, len(paths))
	parallel(len(paths), func(i int) {
		files[i], keys[i], entries[i], hits[i] = cachedFile(paths[i], limit, of[i].old, opt)
	})
	for _, f := range folders {
		changed := false
		n := 0
		for _, i := range f.files {
			changed = changed || !hits[i]
			if entries[i] != nil {
				n++
			}
		}
		if !changed && n == len(f.old) {
			continue
		}
		// The bundle is made at its size: grown by appending, a folder of
		// large files was copied over and over (a tenth of a cold build
		// of the medium generated organization).
		size := binary.MaxVarintLen64
		for _, i := range f.files {
			size += 2*binary.MaxVarintLen64 + len(keys[i]) + len(entries[i])
		}
		b := binary.AppendUvarint(make([]byte, 0, size), uint64(n))
		for _, i := range f.files {
			if entries[i] != nil {
				b = cache.AppendBytes(b, []byte(keys[i]))
				b = cache.AppendBytes(b, entries[i])
			}
		}
		opt.Cache.Put(f.key, b)
	}
	return files
}

// cachedFile checks one file, or takes it from the entries of its folder's
// bundle. It returns the entry's key and bytes for the bundle (nil for a
// file that is not kept: unreadable, or over the size limit) and whether
// the entry was there.
func cachedFile(path string, limit int64, old map[string][]byte, opt Options) (f File, key string, entry []byte, hit bool) {
	src, fs := load.ReadFile(path, limit)
	if fs != nil {
		return File{Path: path, Findings: fs}, "", nil, false
	}
	key = cache.Key([]byte(path), []byte(strconv.FormatInt(limit, 10)), src)
	if b, ok := old[key]; ok {
		if f, err := decodeFile(b); err == nil {
			return f, key, b, true
		}
	}
	f = checkFile(path, src, opt)
	entry, err := encodeFile(f)
	if err != nil {
		entry = nil
	}
	f.release()
	return f, key, entry, false
}

// decodeBundle reads the entries of a folder's bundle: a count, then each
// entry's key and bytes. A bundle that does not read so is empty; each
// entry is checked when it is used.
func decodeBundle(b []byte) map[string][]byte {
	r := cache.Reader{B: b}
	n := r.Count()
	entries := make(map[string][]byte, n)
	for range n {
		key := string(r.Bytes())
		entries[key] = r.Bytes()
	}
	if !r.Done() {
		return nil
	}
	return entries
}

// An entry is a File as the cache keeps it: a CRC-32C of the rest, so
// that a damaged entry is a miss rather than a wrong result; the path; the
// findings; then for each document the JSON pointers of its schema
// problems and its binary form, values included, from which the entity is decoded as from
// a parsed document. Numbers, and the lengths of texts, are uvarints.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func encodeFile(f File) ([]byte, error) {
	b := make([]byte, 4, 4+len(f.Path))
	b = cache.AppendBytes(b, []byte(f.Path))
	b = binary.AppendUvarint(b, uint64(len(f.Findings)))
	for _, x := range f.Findings {
		b = cache.AppendBytes(b, []byte(x.File))
		b = binary.AppendUvarint(b, uint64(x.Line))
		b = binary.AppendUvarint(b, uint64(x.Col))
		b = cache.AppendBytes(b, []byte(x.Severity))
		b = cache.AppendBytes(b, []byte(x.Rule))
		b = cache.AppendBytes(b, []byte(x.Message))
	}
	b = binary.AppendUvarint(b, uint64(len(f.Docs)))
	for i, d := range f.Docs {
		doc, err := d.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = binary.AppendUvarint(b, uint64(len(f.Problems[i])))
		for _, ptr := range f.Problems[i] {
			b = cache.AppendBytes(b, []byte(ptr))
		}
		b = cache.AppendBytes(b, doc)
	}
	binary.LittleEndian.PutUint32(b, crc32.Checksum(b[4:], castagnoli))
	return b, nil
}

func decodeFile(b []byte) (File, error) {
	if len(b) < 4 || binary.LittleEndian.Uint32(b) != crc32.Checksum(b[4:], castagnoli) {
		return File{}, errCorrupt
	}
	r := cache.Reader{B: b[4:]}
	f := File{Path: string(r.Bytes())}
	for range r.Count() {
		var x finding.Finding
		x.File = string(r.Bytes())
		x.Line, x.Col = r.Int(), r.Int()
		x.Severity = finding.Severity(r.Bytes())
		x.Rule, x.Message = string(r.Bytes()), string(r.Bytes())
		f.Findings = append(f.Findings, x)
	}
	for range r.Count() {
		var problems []string
		for range r.Count() {
			problems = append(problems, string(r.Bytes()))
		}
		d := &load.Document{}
		if err := d.UnmarshalBinary(r.Bytes()); err != nil {
			return File{}, errCorrupt
		}
		f.Docs = append(f.Docs, d)
		f.Problems = append(f.Problems, problems)
		f.Entities = append(f.Entities, okr.Decode(d))
	}
	if !r.Done() {
		return File{}, errCorrupt
	}
	f.release()
	return f, nil
}

var errCorrupt = errors.New("validate: corrupt cache entry")
