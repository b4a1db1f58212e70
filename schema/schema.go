// Package schema holds the JSON Schema that every okrs document is checked
// against. The file is embedded so that `okrs validate`, `okrs schema`, the
// published site and editors all read the same bytes.
//
// The schema dispatches on `kind` with if/then rather than oneOf: a document
// of a known kind is checked against that kind's definition only, so an error
// points at the field that is wrong instead of at every alternative that did
// not match.
package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// URL is the schema's $id. It is a name, never fetched.
const URL = "https://okrs.dev/schema/okrs.schema.json"

//go:embed okrs.schema.json
var raw []byte

// JSON returns the schema's bytes, for `okrs schema` and the site.
func JSON() []byte { return bytes.Clone(raw) }

// Compile returns the compiled schema. It is compiled once; later calls
// return the same result.
func Compile() (*jsonschema.Schema, error) { return compiled() }

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) { return compileText(URL, raw) })

// compileText compiles schema text the way okrs checks documents; the
// fast check (fast.go) assumes these settings.
func compileText(url string, src []byte) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	// Formats are annotations by default in 2020-12; asserting them is what
	// refuses dates such as 2026-02-30.
	c.AssertFormat = true
	// Validation must work offline and be reproducible: the schema is
	// self-contained and the draft meta-schemas are built into the library.
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema: refusing to load %s: okrs never fetches schemas", s)
	}
	if err := c.AddResource(url, bytes.NewReader(src)); err != nil {
		return nil, fmt.Errorf("add schema resource: %w", err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("compile schema: %w", err)
	}
	return s, nil
}
