package validate

import (
	"bytes"
	"encoding/gob"
	"errors"
	"os"
	"strconv"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// cachedFile is CheckFile through the cache: a file whose bytes, path and
// size limit were seen before by the same okrs binary is not parsed or
// schema-checked again. Parsing and the schema are most of the time a
// validation takes; what needs all files at once is always recomputed.
func cachedFile(path string, opt Options) File {
	if opt.Cache == nil {
		return CheckFile(path, nil, opt)
	}
	limit := opt.MaxFileSize
	if limit <= 0 {
		limit = load.DefaultMaxFileSize
	}
	if info, err := os.Stat(path); err != nil || info.Size() > limit {
		return CheckFile(path, nil, opt) // reports the problem
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return CheckFile(path, nil, opt)
	}
	key := cache.Key([]byte(path), []byte(strconv.FormatInt(limit, 10)), src)
	if b, ok := opt.Cache.Get(key); ok {
		if f, err := decodeFile(b); err == nil {
			return f
		}
	}
	f := checkFile(path, src, opt)
	if b, err := encodeFile(f); err == nil {
		opt.Cache.Put(key, b)
	}
	f.raw = nil
	return f
}

// cachedForm is a File as the cache keeps it.
type cachedForm struct {
	Path     string
	Findings []finding.Finding
	Docs     [][]byte // load.Document in binary form
	JSON     [][]byte // each document's value
	Broken   []bool
}

func encodeFile(f File) ([]byte, error) {
	c := cachedForm{Path: f.Path, Findings: f.Findings, JSON: f.raw, Broken: f.Broken}
	for _, d := range f.Docs {
		b, err := d.MarshalBinary()
		if err != nil {
			return nil, err
		}
		c.Docs = append(c.Docs, b)
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(c)
	return buf.Bytes(), err
}

func decodeFile(b []byte) (File, error) {
	var c cachedForm
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&c); err != nil {
		return File{}, err
	}
	if len(c.Docs) != len(c.JSON) || len(c.Docs) != len(c.Broken) {
		return File{}, errCorrupt
	}
	f := File{Path: c.Path, Findings: c.Findings, Broken: c.Broken}
	for i, b := range c.Docs {
		d := &load.Document{}
		if err := d.UnmarshalBinary(b); err != nil {
			return File{}, err
		}
		f.Docs = append(f.Docs, d)
		f.Entities = append(f.Entities, okr.DecodeJSON(d, c.JSON[i]))
	}
	return f, nil
}

var errCorrupt = errors.New("validate: corrupt cache entry")
