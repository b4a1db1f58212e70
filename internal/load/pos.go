package load

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/finding"
)

// span is a line and column; the file is the document's.
type span struct{ line, col int32 }

func spanOf(n *yaml.Node) span { return span{int32(n.Line), int32(n.Column)} }

// posIndex holds the shape of a document and the position of each of its
// values: one small entry per value, in document order, mapping keys
// interned. It is what a document keeps once it is released, so it is kept
// compact: an organization with a million check-ins has millions of
// entries.
type posIndex struct {
	nodes []posEntry
	names []string         // interned mapping keys
	wide  map[Node]entry   // entries too wide for posEntry, if any
	ids   map[string]int32 // names -> index, while building only
	// tables holds, by node, the children of values with many of them
	// (*children), made the first time one is looked up.
	tables sync.Map
}

// manyChildren is how many children are walked to find one by name or
// index before a value gets a table of its children. A person's mapping
// has a handful; a file of 80,000 unknown keys asks where each of them
// is, and walking the keys before each made that quadratic (31 s).
const manyChildren = 32

// children is the table of the children of one value.
type children struct {
	nodes  []Node          // in order
	byName map[string]Node // for a mapping
}

// table is n's table of children.
func (x *posIndex) table(n Node) *children {
	if t, ok := x.tables.Load(n); ok {
		return t.(*children)
	}
	t := &children{}
	isMap := x.isMap(n)
	if isMap {
		t.byName = map[string]Node{}
	}
	for c := n + 1; c < x.end(n); c = x.end(c) {
		t.nodes = append(t.nodes, c)
		if !isMap {
			continue
		}
		if name := x.names[x.name(c)]; t.byName[name] == 0 {
			t.byName[name] = c
		}
	}
	stored, _ := x.tables.LoadOrStore(n, t)
	return stored.(*children)
}

// entry is one value: where it is, and for a mapping member where its key
// is and what it is called. Entries are in document order, each followed
// by the entries of what it holds, so a value's children need no links:
// the first is the next entry, and each one's end is where its next
// sibling is. Whether a value is a mapping shows in its children, which
// have names.
type entry struct {
	key, val span  // key: where the key of a mapping member is, else zero
	name     int32 // index into names for a mapping member, else -1
	end      int32 // one past the last entry of the value and what it holds
}

// posEntry is an entry as stored, in 16 bytes rather than 24. Columns,
// the lines from a key down to its value and the number of distinct keys
// fit 16 bits in any document a person writes; one that does not (a
// minified file on one line) keeps its entry whole in wide.
type posEntry struct {
	line   int32  // the value's line
	end    int32  // as in entry
	col    uint16 // the value's column
	keyCol uint16 // the key's column, for a mapping member
	keyUp  uint16 // how many lines above the value its key is
	name   uint16 // 1 + index into names for a mapping member, 0 for none, isWide
}

const isWide = math.MaxUint16

func newPosIndex(size int) *posIndex {
	return &posIndex{nodes: make([]posEntry, 0, size), ids: map[string]int32{}}
}

func (x *posIndex) entry(n Node) entry {
	p := x.nodes[n]
	if p.name == isWide {
		e := x.wide[n]
		e.end = p.end // close may have set it since
		return e
	}
	e := entry{val: span{p.line, int32(p.col)}, name: int32(p.name) - 1, end: p.end}
	if p.name > 0 {
		e.key = span{p.line - int32(p.keyUp), int32(p.keyCol)}
	}
	return e
}

func (x *posIndex) set(n Node, e entry) {
	up := int32(0)
	if e.name >= 0 {
		up = e.val.line - e.key.line
	}
	fits := func(v int32) bool { return 0 <= v && v < isWide }
	if fits(e.val.col) && fits(e.key.col) && fits(up) && fits(e.name+1) {
		x.nodes[n] = posEntry{line: e.val.line, end: e.end, col: uint16(e.val.col), keyCol: uint16(e.key.col), keyUp: uint16(up), name: uint16(e.name + 1)}
		return
	}
	if x.wide == nil {
		x.wide = map[Node]entry{}
	}
	x.wide[n] = e
	x.nodes[n] = posEntry{end: e.end, name: isWide}
}

// end and name are entry(n).end and entry(n).name, for walks that need
// nothing else.
func (x *posIndex) end(n Node) Node { return Node(x.nodes[n].end) }

func (x *posIndex) name(n Node) int32 {
	if p := x.nodes[n]; p.name != isWide {
		return int32(p.name) - 1
	}
	return x.wide[n].name
}

// add appends an entry for a value; close ends it once its children are
// added.
func (x *posIndex) add(val span) Node {
	x.nodes = append(x.nodes, posEntry{})
	n := Node(len(x.nodes) - 1)
	x.set(n, entry{val: val, name: -1})
	return n
}

func (x *posIndex) close(n Node) { x.nodes[n].end = int32(len(x.nodes)) }

// member makes n a mapping member, under a key written at key; it
// returns the key's interned name.
func (x *posIndex) member(n Node, key span, name string) string {
	e := x.entry(n)
	e.key, e.name = key, x.intern(name)
	x.set(n, e)
	return x.names[e.name]
}

func (x *posIndex) intern(name string) int32 {
	if i, ok := x.ids[name]; ok {
		return i
	}
	x.names = append(x.names, name)
	x.ids[name] = int32(len(x.names) - 1)
	return x.ids[name]
}

// done drops what only building needs once the document is converted.
func (x *posIndex) done() *posIndex {
	x.ids = nil
	return x
}

// has tells whether n is a node of the index.
func (x *posIndex) has(n Node) bool { return uint(n) < uint(len(x.nodes)) }

func (x *posIndex) isMap(n Node) bool {
	return n+1 < x.end(n) && x.name(n+1) >= 0
}

func (x *posIndex) child(n Node, tok string) Node {
	end := x.end(n)
	if x.isMap(n) {
		walked := 0
		for c := n + 1; c < end; c = x.end(c) {
			if x.names[x.name(c)] == tok {
				return c
			}
			if walked++; walked == manyChildren {
				if c, ok := x.table(n).byName[tok]; ok {
					return c
				}
				return -1
			}
		}
		return -1
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 {
		return -1
	}
	if i >= manyChildren {
		if t := x.table(n); i < len(t.nodes) {
			return t.nodes[i]
		}
		return -1
	}
	for c := n + 1; c < end; c = x.end(c) {
		if i == 0 {
			return c
		}
		i--
	}
	return -1
}

// holding is the child of at that n is, or is below, and its index.
func (x *posIndex) holding(at, n Node) (int, Node) {
	i := 0
	for c := at + 1; c < x.end(at); c = x.end(c) {
		if n < x.end(c) {
			return i, c
		}
		if i++; i == manyChildren {
			t := x.table(at)
			j := sort.Search(len(t.nodes), func(j int) bool { return n < x.end(t.nodes[j]) })
			if j == len(t.nodes) {
				break
			}
			return j, t.nodes[j]
		}
	}
	return 0, -1
}

// find walks a path of tokens from n (the root if n is not a node) as far
// as it goes. It returns the deepest node reached and whether the whole
// path was found.
func (x *posIndex) find(n Node, toks []string) (Node, bool) {
	if !x.has(n) {
		n = Root
	}
	for _, tok := range toks {
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
func (d *Document) Pos(ptr string) finding.Pos { return d.PosAt(Root, SplitPointer(ptr)...) }

// KeyPos is where the key that holds the value at ptr is written; for list
// items and the root it is the value's position. An unknown field is
// reported here, at its own line rather than its parent's.
func (d *Document) KeyPos(ptr string) finding.Pos { return d.KeyPosAt(Root, SplitPointer(ptr)...) }

// PosAt is Pos for the path of (unescaped) tokens below node n.
func (d *Document) PosAt(n Node, path ...string) finding.Pos {
	n, _ = d.pos.find(n, path)
	return d.at(d.pos.entry(n).val)
}

// KeyPosAt is KeyPos for the path of (unescaped) tokens below node n.
func (d *Document) KeyPosAt(n Node, path ...string) finding.Pos {
	n, _ = d.pos.find(n, path)
	if e := d.pos.entry(n); e.name >= 0 {
		return d.at(e.key)
	}
	return d.at(d.pos.entry(n).val)
}

// Find is the node of the value at ptr, if the document has one.
func (d *Document) Find(ptr string) (Node, bool) { return d.pos.find(Root, SplitPointer(ptr)) }

// Has tells whether the value at ptr exists in the document.
func (d *Document) Has(ptr string) bool {
	_, ok := d.pos.find(Root, SplitPointer(ptr))
	return ok
}

// PointerOf is the JSON pointer of node n.
func (d *Document) PointerOf(n Node) string {
	var toks []string
	x := d.pos
	if !x.has(n) {
		return ""
	}
	for at := Root; at != n; {
		i, next := x.holding(at, n)
		if next < 0 {
			break // n is not below at: cannot happen for a node of d
		}
		if name := x.name(next); name >= 0 {
			toks = append(toks, x.names[name])
		} else {
			toks = append(toks, strconv.Itoa(i))
		}
		at = next
	}
	return Pointer(toks...)
}

// Literal is the text of the value at ptr when it was written as a plain
// scalar that YAML reads as a number, boolean or null; "" otherwise, and
// once the document is released.
func (d *Document) Literal(ptr string) string {
	n, ok := d.pos.find(Root, SplitPointer(ptr))
	if !ok {
		return ""
	}
	i, found := slices.BinarySearchFunc(d.lits, n, func(l literal, n Node) int { return cmp.Compare(l.node, n) })
	if !found {
		return ""
	}
	l := d.lits[i]
	return d.texts[l.at : l.at+l.n]
}

// Start is the position of the document itself.
func (d *Document) Start() finding.Pos { return d.at(d.pos.entry(Root).val) }
