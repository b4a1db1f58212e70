package validate

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
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
	f.release()
	return f
}

// An entry is a File as the cache keeps it: a CRC-32C of the rest, so
// that a damaged entry is a miss rather than a wrong result; the path; the
// findings; then for each document whether it failed the schema and its
// binary form, values included, from which the entity is decoded as from
// a parsed document. Numbers, and the lengths of texts, are uvarints.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func encodeFile(f File) ([]byte, error) {
	b := make([]byte, 4, 4+len(f.Path))
	b = appendBytes(b, []byte(f.Path))
	b = binary.AppendUvarint(b, uint64(len(f.Findings)))
	for _, x := range f.Findings {
		b = appendBytes(b, []byte(x.File))
		b = binary.AppendUvarint(b, uint64(x.Line))
		b = binary.AppendUvarint(b, uint64(x.Col))
		b = appendBytes(b, []byte(x.Severity))
		b = appendBytes(b, []byte(x.Rule))
		b = appendBytes(b, []byte(x.Message))
	}
	b = binary.AppendUvarint(b, uint64(len(f.Docs)))
	for i, d := range f.Docs {
		doc, err := d.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = append(b, boolByte(f.Broken[i]))
		b = appendBytes(b, doc)
	}
	binary.LittleEndian.PutUint32(b, crc32.Checksum(b[4:], castagnoli))
	return b, nil
}

func decodeFile(b []byte) (File, error) {
	if len(b) < 4 || binary.LittleEndian.Uint32(b) != crc32.Checksum(b[4:], castagnoli) {
		return File{}, errCorrupt
	}
	r := entry{b: b[4:]}
	f := File{Path: string(r.bytes())}
	for range r.count() {
		var x finding.Finding
		x.File = string(r.bytes())
		x.Line, x.Col = r.number(), r.number()
		x.Severity = finding.Severity(r.bytes())
		x.Rule, x.Message = string(r.bytes()), string(r.bytes())
		f.Findings = append(f.Findings, x)
	}
	for range r.count() {
		broken := r.byte()
		d := &load.Document{}
		if err := d.UnmarshalBinary(r.bytes()); err != nil || broken > 1 {
			return File{}, errCorrupt
		}
		f.Docs = append(f.Docs, d)
		f.Broken = append(f.Broken, broken == 1)
		f.Entities = append(f.Entities, okr.Decode(d))
	}
	if r.err != nil || len(r.b) != 0 {
		return File{}, errCorrupt
	}
	f.release()
	return f, nil
}

var errCorrupt = errors.New("validate: corrupt cache entry")

func appendBytes(b, p []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(p)))
	return append(b, p...)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// entry reads a cache entry; past the first problem it reads zeros.
type entry struct {
	b   []byte
	err error
}

func (r *entry) number() int {
	v, n := binary.Uvarint(r.b)
	if r.err != nil || n <= 0 || v > math.MaxInt32 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// count reads a length or a count, which cannot be more than the bytes
// left.
func (r *entry) count() int {
	if v := r.number(); v <= len(r.b) {
		return v
	}
	r.err = errCorrupt
	return 0
}

func (r *entry) bytes() []byte {
	n := r.count()
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *entry) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errCorrupt
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}
