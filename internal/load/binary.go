package load

import (
	"encoding/binary"
	"errors"
	"slices"
)

// The binary form of a document keeps what later stages need once its value
// has been decoded: file, index, kind and the position index. It lets a
// cache hand back a parsed file without parsing it again.

var errCorrupt = errors.New("load: corrupt binary document")

// MarshalBinary encodes the document without its value.
func (d *Document) MarshalBinary() ([]byte, error) {
	x := d.pos
	b := appendString(nil, d.File)
	b = binary.AppendUvarint(b, uint64(d.Index))
	b = appendString(b, d.Kind)
	b = binary.AppendUvarint(b, uint64(len(x.names)))
	for _, n := range x.names {
		b = appendString(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(x.nodes)))
	for _, e := range x.nodes {
		for _, v := range []int32{e.key.line, e.key.col, e.val.line, e.val.col, e.name + 1, e.first + 1, e.next + 1} {
			b = binary.AppendUvarint(b, uint64(v))
		}
		b = append(b, boolByte(e.isMap))
	}
	raws := make([]int32, 0, len(x.raws))
	for n := range x.raws {
		raws = append(raws, n)
	}
	slices.Sort(raws) // the same document always encodes to the same bytes
	b = binary.AppendUvarint(b, uint64(len(raws)))
	for _, n := range raws {
		b = binary.AppendUvarint(b, uint64(n))
		b = appendString(b, x.raws[n])
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote. The value is nil.
func (d *Document) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	d.File = r.string()
	d.Index = int(r.uvarint())
	d.Kind = r.string()
	x := &posIndex{raws: map[int32]string{}}
	x.names = make([]string, r.count())
	for i := range x.names {
		x.names[i] = r.string()
	}
	x.nodes = make([]posEntry, r.count())
	for i := range x.nodes {
		e := &x.nodes[i]
		e.key.line, e.key.col = int32(r.uvarint()), int32(r.uvarint())
		e.val.line, e.val.col = int32(r.uvarint()), int32(r.uvarint())
		e.name, e.first, e.next = int32(r.uvarint())-1, int32(r.uvarint())-1, int32(r.uvarint())-1
		e.isMap = r.byte() == 1
		if e.name >= int32(len(x.names)) || e.first >= int32(len(x.nodes)) || e.next >= int32(len(x.nodes)) {
			r.err = errCorrupt
		}
	}
	for range r.count() {
		n := int32(r.uvarint())
		x.raws[n] = r.string()
	}
	if r.err == nil && (len(r.b) != 0 || len(x.nodes) == 0) {
		r.err = errCorrupt
	}
	if r.err != nil {
		return r.err
	}
	d.pos = x
	return nil
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length and checks it against the bytes left, so a corrupt
// entry cannot ask for a huge allocation.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = errCorrupt
		return 0
	}
	return int(n)
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errCorrupt
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
