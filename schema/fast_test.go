package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/load"
)

// libVerdict is jsonschema's answer as a verdict: unsure for an error that
// is not a validation error, or a panic.
func libVerdict(s *jsonschema.Schema, doc any) (v verdict) {
	defer func() {
		if recover() != nil {
			v = unsure
		}
	}()
	err := s.Validate(doc)
	var ve *jsonschema.ValidationError
	switch {
	case err == nil:
		return pass
	case errors.As(err, &ve):
		return fail
	}
	return unsure
}

var verdictNames = [...]string{pass: "pass", fail: "fail", unsure: "unsure"}

func (v verdict) String() string { return verdictNames[v] }

// disagree is the soundness rule: a certain fast verdict is jsonschema's.
func disagree(fast, lib verdict) bool { return fast != unsure && fast != lib }

// sampleDocs are the documents of the sample organization and of a small
// generated one: what the fast check must pass for it to be of any use.
var sampleDocs = sync.OnceValues(func() ([]*load.Document, error) {
	docs, fs, err := load.Dir(filepath.Join("..", "okrs"), load.Options{})
	if err != nil || len(fs) > 0 {
		return nil, fmt.Errorf("load sample organization: %v %v", err, fs)
	}
	dir, err := os.MkdirTemp("", "okrs-fast-test-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if _, err := gen.Write(dir, gen.Config{Teams: 20, Quarters: 2, Seed: 1}); err != nil {
		return nil, err
	}
	generated, fs, err := load.Dir(dir, load.Options{})
	if err != nil || len(fs) > 0 {
		return nil, fmt.Errorf("load generated organization: %v %v", err, fs)
	}
	return append(docs, generated...), nil
})

func loadSamples(t testing.TB) []*load.Document {
	t.Helper()
	docs, err := sampleDocs()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestFastPassesSamples(t *testing.T) {
	s, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	docs := loadSamples(t)
	for _, d := range docs {
		if lib := libVerdict(s, d.JSON(load.Root)); lib != pass {
			t.Errorf("%s #%d: jsonschema says %s; the samples must be valid", d.File, d.Index, lib)
			continue
		}
		if fast := fastSchema().at(Document(d), 0, 0); fast != pass {
			t.Errorf("%s #%d: fast check says %s for a valid document; it would save nothing", d.File, d.Index, fast)
		}
		if fast := fastSchema().eval(d.JSON(load.Root), 0); fast != pass {
			t.Errorf("%s #%d: fast check says %s for the document's JSON values", d.File, d.Index, fast)
		}
	}
	t.Logf("%d documents", len(docs))
}

// TestFastAgreesOnMutations changes the sample documents one place at a
// time (a field dropped or added, a value of another type, out of range,
// not in the calendar, breaking a pattern, a repeated list item, ...) and
// checks every certain fast verdict against jsonschema.
func TestFastAgreesOnMutations(t *testing.T) {
	s, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	docs := loadSamples(t)
	seen, contexts := map[string]bool{}, map[string]int{}
	var counts [3][3]int // [fast][lib]
	for _, d := range docs {
		doc := shrink(d.JSON(load.Root))
		if lib := libVerdict(s, doc); lib != pass {
			t.Fatalf("%s #%d: jsonschema says %s after shortening its lists", d.File, d.Index, lib)
		}
		mutations(&doc, seen, contexts, func(what string) {
			fast := fastSchema().eval(doc, 0)
			lib := unsure
			if fast != unsure {
				lib = libVerdict(s, doc)
			}
			counts[fast][lib]++
			if disagree(fast, lib) {
				t.Errorf("%s #%d, %s: fast check says %s, jsonschema %s", d.File, d.Index, what, fast, lib)
			}
		})
		if lib := libVerdict(s, doc); lib != pass {
			t.Fatalf("%s #%d: a mutation was not undone", d.File, d.Index)
		}
	}
	t.Logf("mutations: %d certain pass, %d certain fail, %d unsure", counts[pass][pass], counts[fail][fail], counts[unsure][unsure])
	if counts[pass][pass] == 0 || counts[fail][fail] == 0 {
		t.Errorf("the mutations should give both verdicts")
	}
}

// shrink copies a document with every list cut to its first two items and
// its last, which keeps it valid and keeps every shape it has, and makes
// each of the many jsonschema runs on its mutations short.
func shrink(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = shrink(e)
		}
		return m
	case []any:
		var l []any
		for i, e := range x {
			if i < 2 || i == len(x)-1 {
				l = append(l, shrink(e))
			}
		}
		if l == nil {
			l = []any{}
		}
		return l
	}
	return v
}

// mutations changes *root in place one way at a time, calls try, and
// undoes the change before the next. A change already made at the same
// place of a document, inside an object with the same enum values (the
// kind, a key result's type: what the schema's if/then look at), is not
// made again, nor in more than maxContexts such objects; seen and contexts
// record them across documents.
func mutations(root *any, seen map[string]bool, contexts map[string]int, try func(what string)) {
	var walk func(v any, path, shape, ctx string, set func(any))
	walk = func(v any, path, shape, ctx string, set func(any)) {
		attempt := func(what string) {
			place := shape + "|" + what
			if seen[ctx+"|"+place] || contexts[place] == maxContexts {
				return
			}
			seen[ctx+"|"+place] = true
			contexts[place]++
			try(path + ": " + what)
		}
		for _, r := range replacements(v) {
			set(r)
			attempt(fmt.Sprintf("= %#v", r))
		}
		set(v)
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if enums := enumValues(x, keys); enums != "" {
				ctx = enums
			}
			for _, k := range keys {
				kv := x[k]
				delete(x, k)
				attempt("without " + k)
				x[k] = kv
			}
			for _, k := range []string{"unknown", "Kind", "titel"} {
				if _, ok := x[k]; !ok {
					x[k] = "x"
					attempt("with " + k)
					delete(x, k)
				}
			}
			for _, k := range keys {
				walk(x[k], path+"/"+k, shape+"/"+k, ctx, func(n any) { x[k] = n })
			}
		case []any:
			if len(x) > 0 {
				set(append(append([]any{}, x...), x[0]))
				attempt("first item repeated")
				set(x[1:])
				attempt("without first item")
				set(v)
			}
			// The first two items and the last stand for the others.
			done := map[int]bool{}
			for _, i := range []int{0, 1, len(x) - 1} {
				if i < 0 || i >= len(x) || done[i] {
					continue
				}
				done[i] = true
				walk(x[i], fmt.Sprintf("%s/%d", path, i), shape+"/#", ctx, func(n any) { x[i] = n })
			}
		}
	}
	walk(*root, "", "", "", func(n any) { *root = n })
}

// maxContexts is enough for every type of key result and its absence.
const maxContexts = 6

// enumValues lists the fields of m whose values the schema lists in an enum
// or const: what its if/then dispatch on.
func enumValues(m map[string]any, keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		if s, ok := m[k].(string); ok && slices.Contains(schemaStrings(), any(s)) {
			fmt.Fprintf(&b, "%s=%s;", k, s)
		}
	}
	return b.String()
}

// Values every node is replaced with: one of each JSON type, and the edges
// of the schema's ranges, patterns and formats.
var otherTypes = []any{
	nil, true, false, "x", "", json.Number("1"), []any{}, []any{"x"}, map[string]any{}, map[string]any{"x": "x"},
}

var edgeNumbers = []any{
	json.Number("0"), json.Number("-0"), json.Number("0.0"), json.Number("-1"), json.Number("1.0"),
	json.Number("1.5"), json.Number("0.5"), json.Number("2"), json.Number("1e0"), json.Number("1E-1"),
	json.Number("-1e-300"), json.Number("1.0000000000000000000001"), json.Number("0.99999999999999999999999"),
	json.Number("1e400"), json.Number("123456789012345678901234567890"),
	// Not JSON numbers, which the loader never makes: the fast check
	// must not decide on them.
	json.Number("abc"), json.Number("0x1"), json.Number(".5"), json.Number("+1"), json.Number("01"),
}

var edgeStrings = []any{
	"2026-02-28", "2026-02-30", "2024-02-29", "2025-02-29", "2026-13-01", "2026-1-05", "2026-01-05T00:00:00Z",
	"0000-01-01", " 2026-01-05", "2026-01-05\n",
	"a", "A", "-a", "a-", "a_b", "a.b", "2026-Q1", "é", strings.Repeat("a", 63), strings.Repeat("a", 64),
	strings.Repeat("x", 300), "a/b", "a/b/c", "a/b/c/d", "a//b", "A/b", "a/b/", "١٢٣٤-٠١-٠١",
	"someone@example.com", "not an email", "a@b", "a@[127.0.0.1]", "@x.org", "Someone <a@b.org>",
}

// schemaStrings are the strings the schema lists in enums and consts.
var schemaStrings = sync.OnceValue(func() []any {
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if c, ok := x["const"].(string); ok {
				seen[c] = true
			}
			for _, e := range stringsOf(x["enum"]) {
				seen[e] = true
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(schemaDoc())
	var out []any
	for s := range seen {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].(string) < out[j].(string) })
	return out
})

func replacements(v any) []any {
	out := append([]any{}, otherTypes...)
	switch x := v.(type) {
	case json.Number:
		out = append(out, edgeNumbers...)
		out = append(out, json.Number(string(x)+".0"), json.Number("-"+string(x)), 1.0, 1)
	case string:
		out = append(out, edgeStrings...)
		for _, s := range schemaStrings() {
			if s == x {
				// An enum or const field: every other listed value.
				out = append(out, schemaStrings()...)
				break
			}
		}
		out = append(out, x+"x", strings.ToUpper(x), struct{}{})
	case bool:
		out = append(out, !x)
	}
	return out
}

// TestFastKeywords checks the keywords the okrs schema does not use, or not
// in every way, on small schemas: the fast verdict is jsonschema's, or
// unsure where listed.
func TestFastKeywords(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		values []string // JSON
		unsure []string // values the fast check leaves to jsonschema
	}{
		{name: "integer", schema: `{"type": "integer"}`,
			values: []string{`1`, `1.0`, `1.5`, `-0`, `1e2`, `1.5e1`, `1e-1`, `0.0`, `"1"`, `null`, `12345678901234567890.000`}},
		{name: "types", schema: `{"type": ["number", "boolean"]}`,
			values: []string{`1`, `true`, `"1"`, `null`, `[]`, `{}`}},
		{name: "bounds", schema: `{"minimum": 0, "maximum": 1}`,
			values: []string{`0`, `1`, `-0`, `0.0`, `1.0000000000000001`, `0.99999999999999999999`, `-1e-300`, `1e0`, `10e-1`, `2`, `"x"`, `1e10001`},
			unsure: []string{`1e10001`}},
		{name: "exclusive bounds", schema: `{"exclusiveMinimum": 0, "exclusiveMaximum": 1}`,
			values: []string{`0`, `0.5`, `1`, `-0`, `1e-9`, `0.999`}},
		{name: "many-digit bound", schema: `{"maximum": 12345678901234567890.5}`,
			values: []string{`12345678901234567890`, `12345678901234567890.5`, `12345678901234567891`, `-12345678901234567891`}},
		{name: "lengths", schema: `{"minLength": 2, "maxLength": 3}`,
			values: []string{`"a"`, `"ab"`, `"abc"`, `"abcd"`, `"éé"`, `"日本語"`, `"日本語x"`, `5`}},
		{name: "pattern digits", schema: `{"pattern": "^\\d+$"}`,
			values: []string{`"123"`, `"١٢٣"`, `"12a"`, `""`, `1`}},
		{name: "enum", schema: `{"enum": [1, "a", null, [1, 2], {"a": 1}]}`,
			values: []string{`1.0`, `1`, `"a"`, `null`, `[1.0, 2]`, `[1, 2, 3]`, `[2, 1]`, `{"a": 1.0}`, `{"a": 2}`, `{"b": 1}`, `2`, `true`}},
		{name: "const", schema: `{"const": 0}`,
			values: []string{`0`, `0.0`, `-0`, `0e5`, `1`, `"0"`, `false`, `null`}},
		{name: "uniqueItems", schema: `{"uniqueItems": true}`,
			values: []string{`[1, 1.0]`, `[1, "1"]`, `[[1], [1.0]]`, `[{"a": 1}, {"a": 1}]`, `[{"a": 1}, {"a": 2}]`, `[true, 1]`, `[]`, `[null, null]`,
				`[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]`,
				`[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,3.0]`}},
		{name: "items", schema: `{"items": {"type": "string"}, "minItems": 1, "maxItems": 2}`,
			values: []string{`[]`, `["a"]`, `["a", "b"]`, `["a", "b", "c"]`, `[1]`, `"a"`}},
		{name: "anyOf", schema: `{"anyOf": [{"type": "string"}, {"minimum": 5}]}`,
			values: []string{`"x"`, `6`, `4`, `true`}},
		{name: "oneOf", schema: `{"oneOf": [{"minimum": 0}, {"maximum": 10}]}`,
			values: []string{`-5`, `5`, `15`, `"x"`}},
		{name: "not", schema: `{"not": {"type": "string"}}`,
			values: []string{`"x"`, `1`}},
		{name: "if then else", schema: `{"if": {"minimum": 0}, "then": {"maximum": 10}, "else": {"minimum": -10}}`,
			values: []string{`5`, `15`, `-5`, `-15`, `"x"`}},
		{name: "undecided if", schema: `{"if": {"minimum": 0}, "then": {"type": "number"}, "else": {"type": "number"}}`,
			values: []string{`1e10001`, `1`}, unsure: []string{`1e10001`}},
		{name: "undecided not", schema: `{"not": {"maximum": 0}}`,
			values: []string{`1e10001`, `1`}, unsure: []string{`1e10001`}},
		{name: "then without if", schema: `{"then": false, "else": false}`,
			values: []string{`1`}},
		{name: "object", schema: `{"required": ["a"], "propertyNames": {"pattern": "^[a-z]+$"}, "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "number"}}`,
			values: []string{`{"a": "x", "b": 1}`, `{"a": 1}`, `{"a": "x", "B": 1}`, `{"a": "x", "b": "x"}`, `{}`, `{"b": 1}`, `[]`}},
		{name: "no additional properties", schema: `{"properties": {"a": true}, "additionalProperties": false}`,
			values: []string{`{"a": 1}`, `{"b": 1}`, `{}`}},
		{name: "recursive ref", schema: `{"$defs": {"tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}}}, "$ref": "#/$defs/tree"}`,
			values: []string{`{"kids": [{"kids": []}]}`, `{"kids": [{"kids": [1]}]}`, `1`}},
		{name: "date", schema: `{"format": "date"}`,
			values: []string{`"2024-02-29"`, `"2025-02-29"`, `"2026-02-30"`, `"2026-1-01"`, `"2026-01-01 "`, `5`}},
		{name: "email", schema: `{"format": "email"}`,
			values: []string{`"a@b.c"`, `"a"`, `"a@[127.0.0.1]"`, `"\"a b\"@x.org"`, `"a@-x.org"`, `5`}},
		{name: "booleans", schema: `{"properties": {"a": true, "b": false}}`,
			values: []string{`{"a": 1}`, `{"b": 1}`}},
		{name: "annotations", schema: `{"title": "t", "description": "d", "default": 1, "examples": [1], "errorMessage": "e", "$comment": "c", "deprecated": true}`,
			values: []string{`1`, `"x"`}},
		{name: "unknown keyword", schema: `{"multipleOf": 2}`,
			values: []string{`4`, `3`}, unsure: []string{`4`, `3`}},
		{name: "unknown keyword in a branch", schema: `{"allOf": [{"maxProperties": 1}]}`,
			values: []string{`{}`, `{"a": 1, "b": 2}`}, unsure: []string{`{}`, `{"a": 1, "b": 2}`}},
		{name: "unknown format", schema: `{"format": "no-such-format"}`,
			values: []string{`"x"`}, unsure: []string{`"x"`}},
		{name: "typo", schema: `{"minLenght": 2}`,
			values: []string{`"x"`}, unsure: []string{`"x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", ` + strings.TrimPrefix(tt.schema, "{"))
			lib, err := compileText("https://okrs.dev/test.json", src)
			if err != nil {
				t.Fatal(err)
			}
			fast := compileFast(src)
			for _, text := range tt.values {
				v := decode(t, text)
				want := libVerdict(lib, v)
				got := fast.eval(v, 0)
				wantFast := want
				for _, u := range tt.unsure {
					if u == text {
						wantFast = unsure
					}
				}
				if got != wantFast {
					t.Errorf("%s: fast check says %s, want %s (jsonschema says %s)", text, got, wantFast, want)
				}
			}
		})
	}
}

// TestFastSchemaIsUnsure: a schema the fast check cannot read leaves every
// document to jsonschema.
func TestFastSchemaIsUnsure(t *testing.T) {
	for _, src := range []string{`not json`, `{"$schema": "http://json-schema.org/draft-07/schema#"}`, `{"$ref": "other.json"}`, `{"$ref": "#/nowhere"}`, `{"properties": {"a": {"$id": "x"}}}`} {
		if got := compileFast([]byte(src)).eval(map[string]any{"a": "x"}, 0); got != unsure {
			t.Errorf("%s: fast check says %s, want unsure", src, got)
		}
	}
}

// The fast check reads a loaded document without allocating.
func TestFastDoesNotAllocate(t *testing.T) {
	docs := loadSamples(t)
	allocs := testing.AllocsPerRun(5, func() {
		for _, d := range docs {
			if d.Kind == "Organization" {
				continue // its e-mail addresses go through net/mail
			}
			fastSchema().at(Document(d), 0, 0)
		}
	})
	if allocs > 0 {
		t.Errorf("%v allocations per run over the samples, want 0", allocs)
	}
}

// FuzzFastAgrees loads fuzzed YAML as okrs does and compares the verdicts.
func FuzzFastAgrees(f *testing.F) {
	files, _ := load.Files(filepath.Join("..", "okrs"))
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("kind: OKRs\nteam: a\ncycle: Q1\nobjectives:\n- id: a\n  title: t\n  owner: p\n  key_results:\n  - {id: k, title: t, type: boolean, weight: 0, check_ins: [{date: 2026-02-30, value: 1.0}]}\n"))
	s, err := Compile()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		docs, _ := load.Parse("fuzz.yaml", src)
		for _, d := range docs {
			// The document as the loader holds it, and as JSON values:
			// both must agree with jsonschema wherever they are sure.
			fast := fastSchema().at(Document(d), 0, 0)
			if again := fastSchema().eval(d.JSON(load.Root), 0); again != fast {
				t.Errorf("document %d: fast check says %s of its nodes, %s of its JSON values", d.Index, fast, again)
			}
			if fast == unsure {
				continue
			}
			if lib := libVerdict(s, d.JSON(load.Root)); disagree(fast, lib) {
				t.Errorf("document %d: fast check says %s, jsonschema %s", d.Index, fast, lib)
			}
		}
	})
}

func BenchmarkSchema(b *testing.B) {
	docs := loadSamples(b)
	s, err := Compile()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if !fastValid(Document(d)) {
					b.Fatal("not valid")
				}
			}
		}
	})
	b.Run("jsonschema", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if err := s.Validate(d.JSON(load.Root)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
