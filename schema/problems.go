package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/okrs-dev/okrs/internal/finding"
)

// A Problem is one reason a document does not match the schema, placed at
// the value (or the key) it is about, so that it can become a finding with
// a file, line and column.
type Problem struct {
	// Pointer is an RFC 6901 JSON pointer into the document ("" is the
	// whole document). Unlike jsonschema's instance locations it is not
	// percent-encoded.
	Pointer string
	// Key says that the problem is the property name at Pointer (an unknown
	// or forbidden field, an unknown health rule id), not its value: point
	// at the key.
	Key bool
	// Keyword is the schema keyword that failed ("required", "pattern",
	// "type", "additionalProperties", ...), or "false" for a field that the
	// document's kind or the key result's type does not allow.
	Keyword string
	// Message says what is wrong and, where the schema knows, what to write.
	Message string
}

// Validate checks one document, decoded as JSON values (map[string]any,
// []any, string, bool, nil and json.Number or float64), against the schema.
// It returns the problems found, none when the document is valid; the error
// is for a schema that does not compile or a value that is not JSON.
func Validate(doc any) ([]Problem, error) { return ValidateTree(TreeOf(doc)) }

// ValidateTree is Validate of a document as the loader holds it. A document
// the fast check (fast.go) finds certainly valid is not handed to
// jsonschema; every other one is made into JSON values for it, and
// jsonschema alone says what is wrong.
func ValidateTree(t Tree) ([]Problem, error) {
	s, err := Compile()
	if err != nil {
		return nil, err
	}
	if fastValid(t) {
		return nil, nil // what jsonschema would say, without its cost
	}
	doc := t.JSON(0)
	err = s.Validate(doc)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return Problems(ve, doc), nil
}

// Problems flattens a validation error of this schema into its leaf
// problems. jsonschema reports an error tree whose inner nodes only say
// "allOf failed" or "doesn't validate with ..."; the leaves say what is wrong.
// Problems also splits errors that jsonschema reports on a whole object
// (missing and unknown fields) into one problem per field, reads the
// schema's errorMessage hints, and sorts the result so output is stable.
// doc is the validated document; it is read to name the unknown fields.
func Problems(err *jsonschema.ValidationError, doc any) []Problem {
	var out []Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		kw := lastToken(e.KeywordLocation)
		if len(e.Causes) == 0 || kw == "anyOf" || kw == "oneOf" || kw == "minContains" {
			out = append(out, leafProblems(e, doc)...)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(err)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pointer != out[j].Pointer {
			return out[i].Pointer < out[j].Pointer
		}
		if out[i].Key != out[j].Key {
			return out[i].Key
		}
		if out[i].Message != out[j].Message {
			return out[i].Message < out[j].Message
		}
		return out[i].Keyword < out[j].Keyword
	})
	// One value can fail a pattern and a format with the same hint.
	uniq := out[:0]
	for i, p := range out {
		if i > 0 && p.Pointer == out[i-1].Pointer && p.Key == out[i-1].Key && p.Message == out[i-1].Message {
			continue
		}
		uniq = append(uniq, p)
	}
	return uniq
}

// leafProblems turns one leaf error into problems.
func leafProblems(e *jsonschema.ValidationError, doc any) []Problem {
	ptr := normalize(e.InstanceLocation)
	spath := schemaPath(e.AbsoluteKeywordLocation)
	node := lookup(schemaDoc(), spath)

	if b, ok := node.(bool); ok && !b && len(spath) >= 2 && spath[len(spath)-2] == "properties" {
		// A false schema under properties/NAME: the field may not be here.
		name := lastToken(ptr)
		msg := withHint(fmt.Sprintf("field %q is not allowed", name), hint(parent(parent(spath))))
		return []Problem{{Pointer: ptr, Key: true, Keyword: "false", Message: msg}}
	}

	kw := ""
	if len(spath) > 0 {
		kw = spath[len(spath)-1]
	}
	h := hint(parent(spath))
	obj, _ := lookup(doc, tokens(ptr)).(map[string]any)

	switch kw {
	case "required":
		var ps []Problem
		names, _ := node.([]any)
		for _, n := range names {
			name, _ := n.(string)
			if _, ok := obj[name]; ok {
				continue
			}
			ps = append(ps, Problem{Pointer: ptr, Keyword: kw,
				Message: withHint(fmt.Sprintf("missing required field %q", name), h)})
		}
		if len(ps) > 0 {
			return ps
		}
	case "additionalProperties":
		props, _ := lookup(schemaDoc(), append(parent(spath), "properties")).(map[string]any)
		if obj != nil && props != nil {
			var ps []Problem
			for name := range obj {
				if _, ok := props[name]; ok {
					continue
				}
				msg := fmt.Sprintf("unknown field %q", finding.Cut(name)) + didYouMean(name, keys(props))
				ps = append(ps, Problem{Pointer: ptr + "/" + escapeToken(name), Key: true, Keyword: kw, Message: msg})
			}
			if len(ps) > 0 {
				return ps
			}
		}
	case "type":
		return []Problem{{Pointer: ptr, Keyword: kw, Message: withHint(e.Message, h)}}
	case "uniqueItems":
		var i, j int
		if _, err := fmt.Sscanf(e.Message, "items at index %d and %d are equal", &i, &j); err == nil {
			return []Problem{{Pointer: ptr + "/" + strconv.Itoa(j), Keyword: kw,
				Message: fmt.Sprintf("item %d repeats item %d", j, i)}}
		}
	case "enum":
		key := strings.Contains(e.KeywordLocation, "/propertyNames/")
		msg := e.Message
		if h != "" {
			msg = h
		}
		if s, ok := lookup(doc, tokens(ptr)).(string); ok || key {
			if key {
				s = lastToken(ptr)
			}
			msg += didYouMean(s, stringsOf(node))
		}
		return []Problem{{Pointer: ptr, Key: key, Keyword: kw, Message: msg}}
	}
	msg := e.Message
	if h != "" {
		msg = h
	}
	return []Problem{{Pointer: ptr, Keyword: kw, Message: msg}}
}

func withHint(msg, hint string) string {
	if hint == "" {
		return msg
	}
	return msg + ": " + hint
}

// hint is the errorMessage of the schema object at path, if any. The schema
// puts errorMessage on the object whose own keywords it explains; editors
// that know the keyword (VS Code's JSON and YAML support) show it too.
func hint(path []string) string {
	m, _ := lookup(schemaDoc(), path).(map[string]any)
	s, _ := m["errorMessage"].(string)
	return s
}

// schemaDoc is the schema as decoded JSON, to read hints and property names.
var schemaDoc = sync.OnceValue(func() any {
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		// Compile has already refused such a schema, and tests compile it.
		panic("schema: embedded okrs.schema.json is not JSON: " + err.Error())
	}
	return doc
})

// schemaPath is the JSON pointer of an absolute keyword location inside the
// schema, as tokens.
func schemaPath(loc string) []string {
	_, frag, _ := strings.Cut(loc, "#")
	return tokens(normalize(frag))
}

// normalize turns a jsonschema location, whose tokens are percent-encoded,
// into a plain RFC 6901 pointer.
func normalize(loc string) string {
	if loc == "" || loc == "/" {
		return ""
	}
	parts := strings.Split(strings.TrimPrefix(loc, "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return "/" + strings.Join(parts, "/")
}

func tokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	ts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range ts {
		ts[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return ts
}

func escapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

func lastToken(ptr string) string {
	ts := tokens(ptr)
	if len(ts) == 0 {
		return ""
	}
	return ts[len(ts)-1]
}

func parent(path []string) []string {
	if len(path) == 0 {
		return nil
	}
	return path[: len(path)-1 : len(path)-1]
}

// lookup follows path through decoded JSON; nil when it leads nowhere.
func lookup(v any, path []string) any {
	for _, t := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func keys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func stringsOf(v any) []string {
	var ss []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

// DidYouMean is " (did you mean "x"?)" for the candidate closest to a
// misspelt name, or "" when none is close; references use it too, so every
// suggestion okrs makes follows one rule.
func DidYouMean(name string, candidates []string) string { return didYouMean(name, candidates) }

// didYouMean suggests the candidate closest to a misspelt or shortened
// name, if one is close enough to be a likely intent.
func didYouMean(name string, candidates []string) string {
	if len(name) > maxSuggested {
		return "" // no id or reference is this long: nothing is meant
	}
	lower := strings.ToLower(name)
	limit := max(1, len(name)/3)
	best, bestD := "", -1
	sort.Strings(candidates)
	for _, c := range candidates {
		if len(c) > maxSuggested {
			continue
		}
		lc := strings.ToLower(c)
		var d int
		switch {
		case len(lower) >= 2 && strings.HasPrefix(lc, lower) || len(lc) >= 2 && strings.HasPrefix(lower, lc):
			d = 1 // what the distance would be cut to
			if lower == lc {
				d = 0
			}
		case abs(utf8.RuneCountInString(lower)-utf8.RuneCountInString(lc)) > limit:
			// The distance is at least the difference in length, so c
			// cannot be meant; and computing it for a 1 MB name took a
			// matrix of its length by c's.
			continue
		default:
			d = distance(lower, lc)
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || name == best || bestD > limit {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// maxSuggested is the longest name didYouMean compares, in bytes: longer
// than any id (63 characters) or reference of three ids. Comparing two 1 MB
// names of about the same length took minutes and gigabytes.
const maxSuggested = 256

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// distance is the optimal string alignment distance between a and b: the
// edits (insert, delete, substitute, swap two neighbours) that turn a into b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
