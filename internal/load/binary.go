package load

import (
	"encoding/binary"
	"errors"
)

// The binary form of a document keeps what later stages need once its value
// has been decoded: file, index, kind and the position tree. It lets a cache
// hand back a parsed file without parsing it again.

// MarshalBinary encodes the document without its value.
func (d *Document) MarshalBinary() ([]byte, error) {
	b := appendString(nil, d.File)
	b = binary.AppendUvarint(b, uint64(d.Index))
	b = appendString(b, d.Kind)
	return d.pos.append(b), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote. The value is nil.
func (d *Document) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	d.File = r.string()
	d.Index = int(r.uvarint())
	d.Kind = r.string()
	d.pos = r.posNode()
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return errors.New("load: trailing bytes after a document")
	}
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (p *posNode) append(b []byte) []byte {
	for _, v := range []int32{p.key.line, p.key.col, p.val.line, p.val.col} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	b = appendString(b, p.raw)
	if p.names != nil {
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(len(p.names)))
		for _, n := range p.names {
			b = appendString(b, n)
		}
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(p.kids)))
	for _, k := range p.kids {
		b = k.append(b)
	}
	return b
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
		r.err = errors.New("load: corrupt binary document")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err != nil || uint64(len(r.b)) < n {
		r.err = errors.New("load: corrupt binary document")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) posNode() *posNode {
	p := &posNode{}
	p.key.line, p.key.col = int32(r.uvarint()), int32(r.uvarint())
	p.val.line, p.val.col = int32(r.uvarint()), int32(r.uvarint())
	p.raw = r.string()
	if r.err != nil || len(r.b) == 0 {
		r.err = errors.New("load: corrupt binary document")
		return p
	}
	isMap := r.b[0] == 1
	r.b = r.b[1:]
	if isMap {
		n := r.uvarint()
		if n > uint64(len(r.b)) {
			r.err = errors.New("load: corrupt binary document")
			return p
		}
		p.names = make([]string, n)
		for i := range p.names {
			p.names[i] = r.string()
		}
	}
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = errors.New("load: corrupt binary document")
		return p
	}
	p.kids = make([]*posNode, n)
	for i := range p.kids {
		p.kids[i] = r.posNode()
	}
	return p
}
