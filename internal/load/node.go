package load

import (
	"encoding/json"
	"iter"
	"strings"
)

// Node is one value of a document: the document itself (Root), a member
// of a mapping or an item of a list. Nodes are what positions are looked
// up from; until the document is released they also hold the values,
// which is how the model and the schema read a document.
type Node int32

// Root is the node of the document itself.
const Root Node = 0

// Type is the kind of value a node holds, as JSON names them.
type Type uint8

// The types of values.
const (
	Null Type = iota
	Bool
	Number
	String
	List
	Map
)

// scalar is what a node holds: its type and, for a number or a string,
// where its text is in the document's texts (for a boolean, n is 1 for
// true). It holds no pointer, which spares the garbage collector a look
// at each of millions.
type scalar struct {
	typ   Type
	at, n uint32
}

// literal is the text of a plain scalar that YAML reads as something other
// than text (017 is the number 17), in the document's texts.
type literal struct {
	node  Node
	at, n uint32
}

// Type is the type of n's value; Null once the document is released.
func (d *Document) Type(n Node) Type {
	if uint(n) >= uint(len(d.vals)) {
		return Null
	}
	return d.vals[n].typ
}

// Text is the text of n's value: a string itself, a number as JSON writes
// it, true or false; "" for anything else and once the document is
// released. From a binary form it shares memory with the whole of it:
// copy what is kept for long.
func (d *Document) Text(n Node) string {
	if uint(n) >= uint(len(d.vals)) {
		return ""
	}
	switch v := d.vals[n]; v.typ {
	case Number, String:
		return d.texts[v.at : v.at+v.n]
	case Bool:
		if v.n == 1 {
			return "true"
		}
		return "false"
	}
	return ""
}

// Members iterates over the keys and values of the mapping n, in the
// order they are written.
func (d *Document) Members(n Node) iter.Seq2[string, Node] {
	return func(yield func(string, Node) bool) {
		x := d.pos
		if !x.has(n) || !x.isMap(n) {
			return
		}
		for c := n + 1; c < x.end(n); c = x.end(c) {
			if !yield(x.names[x.name(c)], c) {
				return
			}
		}
	}
}

// Items iterates over the items of the list n.
func (d *Document) Items(n Node) iter.Seq[Node] {
	return func(yield func(Node) bool) {
		x := d.pos
		if !x.has(n) || x.isMap(n) {
			return
		}
		for c := n + 1; c < x.end(n); c = x.end(c) {
			if !yield(c) {
				return
			}
		}
	}
}

// Release drops the document's values (what the nodes hold, the literal
// texts) and keeps its positions. A checked document is released once the
// model is read from it: large organizations would otherwise keep every
// value twice.
func (d *Document) Release() {
	d.vals, d.texts, d.lits = nil, "", nil
}

// pack copies the strings a document keeps once released (its file and
// kind, mapping keys) into one allocation. They live as long as the
// document, and one by one they would be scattered among the parser's
// short-lived strings, each keeping a span of memory from being reused;
// from a binary form they would keep the whole of it.
func (d *Document) pack() {
	size := len(d.File) + len(d.Kind)
	for _, n := range d.pos.names {
		size += len(n)
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(d.File)
	b.WriteString(d.Kind)
	for _, n := range d.pos.names {
		b.WriteString(n)
	}
	block, at := b.String(), 0
	next := func(s string) string {
		at += len(s)
		return block[at-len(s) : at]
	}
	d.File, d.Kind = next(d.File), next(d.Kind)
	for i, n := range d.pos.names {
		d.pos.names[i] = next(n)
	}
}

// End is one past the last node of n's value: the nodes n holds are n+1
// up to End(n), each followed by the nodes it holds. It is the way through
// a document without iterators, for the schema's check.
func (d *Document) End(n Node) Node {
	if !d.pos.has(n) {
		return n + 1
	}
	return d.pos.end(n)
}

// Name is the key of n, a member of a mapping; "" for anything else.
func (d *Document) Name(n Node) string {
	if !d.pos.has(n) {
		return ""
	}
	if i := d.pos.name(n); i >= 0 {
		return d.pos.names[i]
	}
	return ""
}

// JSON is n's value as JSON-like data: map[string]any, []any, string,
// json.Number, bool or nil, for jsonschema and messages. nil once the
// document is released.
func (d *Document) JSON(n Node) any {
	switch d.Type(n) {
	case Map:
		m := map[string]any{}
		for name, c := range d.Members(n) {
			m[name] = d.JSON(c)
		}
		return m
	case List:
		list := []any{}
		for c := range d.Items(n) {
			list = append(list, d.JSON(c))
		}
		return list
	case String:
		return d.Text(n)
	case Number:
		return json.Number(d.Text(n))
	case Bool:
		return d.Text(n) == "true"
	}
	return nil
}
