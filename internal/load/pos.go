package load

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/finding"
)

// span is a line and column; the file is the document's.
type span struct{ line, col int32 }

func spanOf(n *yaml.Node) span { return span{int32(n.Line), int32(n.Column)} }

// posIndex holds the positions of a document's values, in the shape of
// the value but flat: one small entry per value, children linked by index,
// keys interned. It is what a document keeps once its value is decoded,
// so it is kept compact: an organization with a million check-ins has
// millions of entries.
type posIndex struct {
	nodes []posEntry
	names []string         // interned mapping keys
	raws  map[int32]string // literal text of plain scalars YAML reads as non-text
	ids   map[string]int32 // names -> index, while building only
}

type posEntry struct {
	key, val    span  // key: where the key of a mapping member is; val: the value
	name        int32 // index into names for a mapping member, else -1
	first, next int32 // first child and next sibling, or -1
	isMap       bool
}

func newPosIndex() *posIndex {
	return &posIndex{raws: map[int32]string{}, ids: map[string]int32{}}
}

func (x *posIndex) add(val span) int32 {
	x.nodes = append(x.nodes, posEntry{val: val, name: -1, first: -1, next: -1})
	return int32(len(x.nodes) - 1)
}

// link appends child to parent's children, after last (-1: the first).
func (x *posIndex) link(parent, last, child int32) {
	if last < 0 {
		x.nodes[parent].first = child
	} else {
		x.nodes[last].next = child
	}
}

func (x *posIndex) intern(name string) int32 {
	if i, ok := x.ids[name]; ok {
		return i
	}
	x.names = append(x.names, name)
	x.ids[name] = int32(len(x.names) - 1)
	return x.ids[name]
}

// done trims the index to its final size once the document is converted.
func (x *posIndex) done() *posIndex {
	x.nodes = slices.Clip(x.nodes)
	x.ids = nil
	return x
}

func (x *posIndex) child(n int32, tok string) int32 {
	e := &x.nodes[n]
	if e.isMap {
		for c := e.first; c >= 0; c = x.nodes[c].next {
			if x.names[x.nodes[c].name] == tok {
				return c
			}
		}
		return -1
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 {
		return -1
	}
	for c := e.first; c >= 0; c = x.nodes[c].next {
		if i == 0 {
			return c
		}
		i--
	}
	return -1
}

// find walks a JSON pointer as far as it goes. It returns the deepest node
// reached and whether the whole pointer was found.
func (x *posIndex) find(ptr string) (int32, bool) {
	n := int32(0)
	for _, tok := range SplitPointer(ptr) {
		c := x.child(n, tok)
		if c < 0 {
			return n, false
		}
		n = c
	}
	return n, true
}

// SplitPointer splits a JSON pointer ("/objectives/0/id") into its
// unescaped tokens.
func SplitPointer(ptr string) []string {
	if ptr == "" || ptr == "/" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		t = strings.ReplaceAll(t, "~1", "/")
		toks[i] = strings.ReplaceAll(t, "~0", "~")
	}
	return toks
}

// Pointer joins tokens into a JSON pointer.
func Pointer(toks ...string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

func (d *Document) at(s span) finding.Pos {
	return finding.Pos{File: d.File, Line: int(s.line), Col: int(s.col)}
}

// Pos is where the value at ptr is written, or where its nearest existing
// parent is when ptr does not exist (a missing field is reported at the
// object that should hold it).
func (d *Document) Pos(ptr string) finding.Pos {
	n, _ := d.pos.find(ptr)
	return d.at(d.pos.nodes[n].val)
}

// KeyPos is where the key that holds the value at ptr is written; for list
// items and the root it is the value's position. An unknown field is
// reported here, at its own line rather than its parent's.
func (d *Document) KeyPos(ptr string) finding.Pos {
	n, _ := d.pos.find(ptr)
	if e := d.pos.nodes[n]; e.key.line > 0 {
		return d.at(e.key)
	}
	return d.at(d.pos.nodes[n].val)
}

// Has tells whether the value at ptr exists in the document.
func (d *Document) Has(ptr string) bool {
	_, ok := d.pos.find(ptr)
	return ok
}

// Literal is the text of the value at ptr when it was written as a plain
// scalar that YAML reads as a number, boolean or null; "" otherwise.
func (d *Document) Literal(ptr string) string {
	n, ok := d.pos.find(ptr)
	if !ok {
		return ""
	}
	return d.pos.raws[n]
}

// Start is the position of the document itself.
func (d *Document) Start() finding.Pos { return d.at(d.pos.nodes[0].val) }
