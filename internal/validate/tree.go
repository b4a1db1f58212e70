package validate

import (
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/schema"
)

// tree shows a loaded document to the schema as the nodes it already is,
// so that a valid document is checked without being made into maps and
// lists first.
type tree struct{ d *load.Document }

var kinds = [...]schema.Kind{
	load.Null: schema.Null, load.Bool: schema.Boolean, load.Number: schema.Number,
	load.String: schema.String, load.List: schema.Array, load.Map: schema.Object,
}

func (t tree) Kind(n int32) schema.Kind {
	if k := t.d.Type(load.Node(n)); int(k) < len(kinds) {
		return kinds[k]
	}
	return schema.Other
}

func (t tree) Text(n int32) string { return t.d.Text(load.Node(n)) }
func (t tree) End(n int32) int32   { return int32(t.d.End(load.Node(n))) }
func (t tree) Name(n int32) string { return t.d.Name(load.Node(n)) }
func (t tree) JSON(n int32) any    { return t.d.JSON(load.Node(n)) }
