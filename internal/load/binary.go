package load

import (
	"encoding/binary"
	"errors"

	"github.com/okrs-dev/okrs/internal/cache"
)

// The binary form of a document is everything it holds: file, index,
// kind, the position index and, unless the document was released,
// what each node holds and the literal texts. It lets a cache hand back a
// parsed file without parsing it again, and the model be read from it as
// from a freshly parsed document (see Type, Text, Members and Items).
//
// Nodes are written in document order, and lines as the difference from
// the previous node's, which are small numbers, so most fields take a byte.

var errCorrupt = errors.New("load: corrupt binary document")

// Tags of node values in the binary form.
const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagNumber
	tagString
	tagList
	tagMap
)

// MarshalBinary encodes the document.
func (d *Document) MarshalBinary() ([]byte, error) {
	x := d.pos
	b := cache.AppendString(nil, d.File)
	b = binary.AppendUvarint(b, uint64(d.Index))
	b = cache.AppendString(b, d.Kind)
	b = binary.AppendUvarint(b, uint64(len(x.names)))
	for _, n := range x.names {
		b = cache.AppendString(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(x.nodes)))
	line := int32(0)
	for i := range x.nodes {
		e := x.entry(Node(i))
		b = binary.AppendUvarint(b, uint64(e.name+1))
		b = binary.AppendVarint(b, int64(e.val.line-line))
		b = binary.AppendUvarint(b, uint64(e.val.col))
		if e.name >= 0 {
			b = binary.AppendVarint(b, int64(e.val.line-e.key.line))
			b = binary.AppendUvarint(b, uint64(e.key.col))
		}
		b = binary.AppendUvarint(b, uint64(int(e.end)-i))
		line = e.val.line
	}
	if d.vals == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		for n, v := range d.vals {
			b = append(b, tagOf(v))
			if v.typ == Number || v.typ == String {
				b = cache.AppendString(b, d.Text(Node(n)))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(d.lits)))
	last := Node(-1)
	for _, l := range d.lits {
		b = binary.AppendUvarint(b, uint64(l.node-last))
		b = cache.AppendString(b, d.texts[l.at:l.at+l.n])
		last = l.node
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote. A corrupt form is an error, never a document that fails later.
func (d *Document) UnmarshalBinary(b []byte) error {
	r := reader{Reader: cache.Reader{B: b}, s: string(b)}
	file := r.string()
	index := int(r.Uvarint())
	kind := r.string()
	x := &posIndex{names: make([]string, r.Count())}
	for i := range x.names {
		x.names[i] = r.string()
	}
	x.nodes = make([]posEntry, r.Count())
	line := int32(0)
	for i := range x.nodes {
		var e entry
		e.name = int32(r.Uvarint()) - 1
		e.val.line = line + int32(r.Varint())
		e.val.col = int32(r.Uvarint())
		if e.name >= 0 {
			e.key.line = e.val.line - int32(r.Varint())
			e.key.col = int32(r.Uvarint())
		}
		e.end = int32(i) + int32(r.Uvarint())
		line = e.val.line
		if e.name >= int32(len(x.names)) {
			r.Bad = true
		}
		x.set(Node(i), e)
	}
	var vals []scalar
	switch r.Byte() {
	case 0: // released
	case 1:
		vals = make([]scalar, len(x.nodes))
		for i := range vals {
			vals[i] = r.scalar()
		}
	default:
		r.Bad = true
	}
	lits := make([]literal, r.Count())
	last := Node(-1)
	for i := range lits {
		l := &lits[i]
		l.node = last + Node(r.Uvarint())
		l.at, l.n = r.text()
		if l.node <= last || int(l.node) >= len(x.nodes) {
			r.Bad = true
		}
		last = l.node
	}
	if !r.Done() || !x.wellFormed(vals) {
		return errCorrupt
	}
	*d = Document{File: file, Index: index, Kind: kind, pos: x, vals: vals, texts: r.s, lits: lits}
	d.pack() // texts are cut from one copy of b, which would keep it all
	return nil
}

// wellFormed checks what lookups rely on: every node's entries lie within
// its parent's, the children of a node are all mapping members or all list
// items, and values agree with the shape.
func (x *posIndex) wellFormed(vals []scalar) bool {
	last := Node(len(x.nodes))
	if last == 0 || x.end(Root) != last || x.name(Root) >= 0 {
		return false
	}
	var parents []Node
	for n := range last {
		for len(parents) > 0 && x.end(parents[len(parents)-1]) <= n {
			parents = parents[:len(parents)-1]
		}
		end := x.end(n)
		if end <= n || end > last {
			return false
		}
		if n > 0 {
			if len(parents) == 0 {
				return false
			}
			p := parents[len(parents)-1]
			if end > x.end(p) || (x.name(n) >= 0) != (x.name(p+1) >= 0) {
				return false
			}
		}
		if vals != nil {
			hasChildren := end > n+1
			named := hasChildren && x.name(n+1) >= 0
			switch vals[n].typ {
			case Map:
				if hasChildren && !named {
					return false
				}
			case List:
				if named {
					return false
				}
			default:
				if hasChildren {
					return false
				}
			}
		}
		parents = append(parents, n)
	}
	return true
}

func tagOf(v scalar) byte {
	switch v.typ {
	case Bool:
		if v.n == 1 {
			return tagTrue
		}
		return tagFalse
	case Number:
		return tagNumber
	case String:
		return tagString
	case List:
		return tagList
	case Map:
		return tagMap
	}
	return tagNull
}

// reader reads b; texts are cut from s, b as one string, rather than
// each copied on its own.
type reader struct {
	cache.Reader
	s string
}

func (r *reader) string() string {
	n := r.Count()
	at := len(r.s) - len(r.B)
	r.B = r.B[n:]
	return r.s[at : at+n]
}

// text reads a text, leaving it in r.s: it is at r.s[at:at+n].
func (r *reader) text() (at, n uint32) {
	size := r.Count()
	at = uint32(len(r.s) - len(r.B))
	r.B = r.B[size:]
	return at, uint32(size)
}

// scalar reads a node's value; its text is in r.s.
func (r *reader) scalar() scalar {
	text := func(typ Type) scalar {
		at, n := r.text()
		return scalar{typ, at, n}
	}
	switch tag := r.Byte(); tag {
	case tagNull:
		return scalar{typ: Null}
	case tagFalse:
		return scalar{typ: Bool}
	case tagTrue:
		return scalar{typ: Bool, n: 1}
	case tagNumber:
		return text(Number)
	case tagString:
		return text(String)
	case tagList:
		return scalar{typ: List}
	case tagMap:
		return scalar{typ: Map}
	}
	r.Bad = true
	return scalar{}
}
