package validate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/schema"
)

// A key indented one level off lands in the entity above or below the one
// it belongs to: start: under an objective instead of its key result, or
// commitment: under a key result instead of its objective. The schema
// only sees an unknown field; misplaced says where it belongs.

// level is one entity of an OKRs document: its definition in the schema,
// how a message names it, and the list field that holds its children.
type level struct {
	def, noun string
	list      string // "" for none
}

var okrsLevels = []level{
	{"OKRs", "the OKRs document", "objectives"},
	{"objective", "an objective", "key_results"},
	{"keyResult", "a key result", "check_ins"},
	{"checkIn", "a check-in", ""},
}

// schemaFields lists the fields of every definition of the schema.
var schemaFields = sync.OnceValue(func() map[string]map[string]bool {
	var doc struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	out := map[string]map[string]bool{}
	if json.Unmarshal(schema.JSON(), &doc) != nil {
		return out
	}
	for def, d := range doc.Defs {
		out[def] = map[string]bool{}
		for name := range d.Properties {
			out[def][name] = true
		}
	}
	return out
})

// misplaced says where an unknown field at ptr belongs when it is a field
// of the entity just above or just below: "start is a field of a key
// result; indent it under the key result that begins at line 14". "" when
// it is not, or the document is not an OKRs document.
func misplaced(d *load.Document, ptr string) string {
	if d.Kind != "OKRs" { // not d.JSON(load.Root): a file of thousands of unknown keys asks for each
		return ""
	}
	toks := load.SplitPointer(ptr)
	name, parent := toks[len(toks)-1], toks[:len(toks)-1]
	// The depth of the entity holding the key: every level adds a list
	// field and an index to the pointer.
	if len(parent)%2 != 0 || len(parent)/2 >= len(okrsLevels) {
		return ""
	}
	depth := len(parent) / 2
	for i := 0; i < depth; i++ {
		if parent[2*i] != okrsLevels[i].list {
			return ""
		}
	}
	fields := schemaFields()
	here := okrsLevels[depth]
	at := "/" + strings.Join(parent, "/")
	if depth == 0 {
		at = ""
	}
	if below := okrsLevels[min(depth+1, len(okrsLevels)-1)]; depth+1 < len(okrsLevels) && fields[below.def][name] {
		list := at + "/" + here.list
		n := 0
		for d.Has(list + "/" + strconv.Itoa(n)) {
			n++
		}
		if n == 0 {
			return fmt.Sprintf("%s is a field of %s; put it under one of the %s of %s", name, below.noun, here.list, here.noun)
		}
		// The child just before the key is the likeliest owner; for a key
		// above all children, the first.
		key := d.KeyPos(ptr)
		child := d.Pos(list + "/0")
		for i := 1; i < n; i++ {
			if p := d.Pos(list + "/" + strconv.Itoa(i)); before(p, key) {
				child = p
			}
		}
		return fmt.Sprintf("%s is a field of %s; indent it under the %s that begins at line %d", name, below.noun, strings.TrimPrefix(strings.TrimPrefix(below.noun, "an "), "a "), child.Line)
	}
	if depth > 0 && fields[okrsLevels[depth-1].def][name] {
		above := okrsLevels[depth-1]
		up := "/" + strings.Join(parent[:len(parent)-2], "/")
		if depth == 1 {
			return fmt.Sprintf("%s is a field of %s, not of %s; move it out to the top level, with no indentation", name, above.noun, here.noun)
		}
		return fmt.Sprintf("%s is a field of %s, not of %s; indent it less, into the %s that begins at line %d", name, above.noun, here.noun, strings.TrimPrefix(strings.TrimPrefix(above.noun, "an "), "a "), d.Pos(up).Line)
	}
	return ""
}

func before(a, b finding.Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}
