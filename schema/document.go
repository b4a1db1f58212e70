package schema

import "github.com/okrs-dev/okrs/internal/load"

// Document shows a loaded document to the schema as the nodes it already
// is, so that a valid document is checked without being made into maps and
// lists first. It is the only bridge between the loader and the schema:
// validate checks documents through it, and the fast check's tests and
// fuzzer read documents through it too.
func Document(d *load.Document) Tree { return document{d} }

type document struct{ d *load.Document }

var loadKinds = [...]Kind{
	load.Null: Null, load.Bool: Boolean, load.Number: Number,
	load.String: String, load.List: Array, load.Map: Object,
}

func (t document) Kind(n int32) Kind {
	if k := t.d.Type(load.Node(n)); int(k) < len(loadKinds) {
		return loadKinds[k]
	}
	return Other
}

func (t document) Text(n int32) string { return t.d.Text(load.Node(n)) }
func (t document) End(n int32) int32   { return int32(t.d.End(load.Node(n))) }
func (t document) Name(n int32) string { return t.d.Name(load.Node(n)) }
func (t document) JSON(n int32) any    { return t.d.JSON(load.Node(n)) }
