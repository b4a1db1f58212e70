package load

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/finding"
)

// span is a line and column; the file is the document's.
type span struct{ line, col int32 }

func spanOf(n *yaml.Node) span { return span{int32(n.Line), int32(n.Column)} }

// posNode mirrors the shape of a document's value with positions only. It
// is much smaller than the yaml.Node tree it replaces, which matters for
// organizations with a million check-ins.
type posNode struct {
	key, val span
	raw      string   // literal text of a plain scalar YAML reads as non-text
	names    []string // mapping keys in order; nil for a list
	kids     []*posNode
}

func (p *posNode) child(tok string) *posNode {
	if p.names != nil {
		for i, n := range p.names {
			if n == tok {
				return p.kids[i]
			}
		}
		return nil
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 || i >= len(p.kids) {
		return nil
	}
	return p.kids[i]
}

// find walks a JSON pointer as far as it goes. It returns the deepest node
// reached and whether the whole pointer was found.
func (p *posNode) find(ptr string) (*posNode, bool) {
	n := p
	for _, tok := range SplitPointer(ptr) {
		c := n.child(tok)
		if c == nil {
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
	return d.at(n.val)
}

// KeyPos is where the key that holds the value at ptr is written; for list
// items and the root it is the value's position. An unknown field is
// reported here, at its own line rather than its parent's.
func (d *Document) KeyPos(ptr string) finding.Pos {
	n, _ := d.pos.find(ptr)
	if n.key.line > 0 {
		return d.at(n.key)
	}
	return d.at(n.val)
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
	return n.raw
}

// Start is the position of the document itself.
func (d *Document) Start() finding.Pos { return d.at(d.pos.val) }
