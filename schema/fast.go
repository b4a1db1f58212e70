package schema

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The fast check answers one question before jsonschema runs: does this
// document certainly match the schema? Nearly every document does, and
// jsonschema spends most of its time building error locations and
// evaluated-property sets that a valid document never needs. The fast
// check is compiled from the same embedded schema, walks the document
// without allocating, and when it cannot say "valid" Validate asks
// jsonschema, which stays the only source of messages.
//
// It knows the keywords okrs.schema.json uses and a few of their
// neighbours, with jsonschema/v5's semantics for Draft 2020-12 with formats
// asserted (see compileText). A subschema with any other keyword, even one
// jsonschema ignores such as a misspelt one, is compiled as unsure, and so
// is every value the check cannot decide exactly; TestFastPassesSamples
// notices when that leaves the samples to jsonschema.
//
// Its verdicts are three: pass and fail are what jsonschema would answer,
// unsure is anything else, including values on which jsonschema would
// panic or return an error rather than a ValidationError. Exactness of
// fail matters, not only of pass: under "not" and "if" a fail becomes a
// pass.

// verdict is what the fast check knows about a value and a subschema. The
// order makes max the conjunction: unsure wins over fail, because a part
// that jsonschema would not finish (a panic on a value that is not JSON)
// must not be hidden behind a part that fails.
type verdict uint8

const (
	pass verdict = iota
	fail
	unsure
)

// fastValid reports whether the document t certainly matches the schema.
// false means "ask jsonschema", not "invalid".
func fastValid(t Tree) bool { return fastSchema().at(t, 0, 0) == pass }

var fastSchema = sync.OnceValue(func() *check { return compileFast(raw) })

// A check is one compiled subschema.
type check struct {
	unsure bool  // a keyword it does not implement, or a value it does not expect
	always *bool // a boolean schema

	types    uint8 // bit 1<<kind per allowed type, 0 for no type keyword
	hasConst bool
	constant any
	enum     []any
	format   func(string) bool // only strings have a format

	required      []string
	properties    map[string]*check
	additional    *check // nil when absent
	propertyNames *check

	minItems, maxItems int // -1 when absent
	uniqueItems        bool
	items              *check

	minLength, maxLength int // -1 when absent
	pattern              *regexp.Regexp

	minimum, maximum, exclusiveMinimum, exclusiveMaximum *decimal

	ref                 *check
	not                 *check
	allOf, anyOf, oneOf []*check
	cond, then, els     *check
}

// Kind is a JSON type, as a Tree tells it of a node. kInteger only
// appears in type masks. Other is any value that is not what the loader
// produces, which the fast check leaves to jsonschema.
type Kind uint8

const (
	Null Kind = iota
	Boolean
	Number
	String
	Array
	Object
	kInteger
	Other
)

var kindNames = map[string]Kind{
	"null": Null, "boolean": Boolean, "number": Number, "string": String,
	"array": Array, "object": Object, "integer": kInteger,
}

// A Tree is a document as the loader holds it: numbered nodes, the
// document itself node 0, each node followed by the nodes its value holds.
// The fast check reads documents this way, without the maps and lists of
// a JSON value, which cost more to build than to check.
type Tree interface {
	// Kind is the JSON type of n's value.
	Kind(n int32) Kind
	// Text is the text of a string, a number as JSON writes it, or true
	// or false.
	Text(n int32) string
	// End is one past the last node of n's value: its children are n+1
	// up to End(n), each followed by what it holds.
	End(n int32) int32
	// Name is the key of n when n is a member of an object.
	Name(n int32) string
	// JSON is n's value as JSON-like data (map[string]any, []any, string,
	// json.Number, bool, nil), for jsonschema.
	JSON(n int32) any
}

// kindOf is jsonschema's jsonType, narrowed to the loader's values: other
// number types (float64, int) are left to jsonschema too.
func kindOf(v any) Kind {
	switch v.(type) {
	case nil:
		return Null
	case bool:
		return Boolean
	case json.Number:
		return Number
	case string:
		return String
	case []any:
		return Array
	case map[string]any:
		return Object
	}
	return Other
}

// maxDepth bounds the evaluation; a $ref loop (which jsonschema reports as
// an error) ends here as unsure.
const maxDepth = 200

// eval checks a JSON-like value, as a tree.
func (c *check) eval(v any, depth int) verdict { return c.at(TreeOf(v), 0, depth) }

// at checks node n of t.
func (c *check) at(t Tree, n int32, depth int) verdict {
	if c.unsure || depth > maxDepth {
		return unsure
	}
	if c.always != nil {
		if *c.always {
			return pass
		}
		return fail
	}
	k := t.Kind(n)
	if k == Other {
		return unsure
	}
	if c.types != 0 {
		if r := c.typeVerdict(t, n, k); r != pass {
			return r // jsonschema stops at a wrong type too
		}
	}
	r := pass
	if c.hasConst {
		r = max(r, equalAt(t, n, c.constant))
	}
	if c.enum != nil {
		r = max(r, c.enumVerdict(t, n))
	}
	if c.format != nil && k == String && !c.format(t.Text(n)) {
		r = max(r, fail)
	}
	switch k {
	case Object:
		r = max(r, c.object(t, n, depth))
	case Array:
		r = max(r, c.array(t, n, depth))
	case String:
		r = max(r, c.text(t.Text(n)))
	case Number:
		r = max(r, c.number(t.Text(n)))
	}
	if r == unsure {
		return unsure
	}
	if c.ref != nil {
		r = max(r, c.ref.at(t, n, depth+1))
	}
	if c.not != nil {
		switch c.not.at(t, n, depth+1) {
		case pass:
			r = max(r, fail)
		case unsure:
			return unsure
		}
	}
	for _, s := range c.allOf {
		r = max(r, s.at(t, n, depth+1))
	}
	if c.anyOf != nil {
		r = max(r, anyOf(c.anyOf, t, n, depth))
	}
	if c.oneOf != nil {
		r = max(r, oneOf(c.oneOf, t, n, depth))
	}
	if c.cond != nil {
		switch c.cond.at(t, n, depth+1) {
		case pass:
			if c.then != nil {
				r = max(r, c.then.at(t, n, depth+1))
			}
		case fail:
			if c.els != nil {
				r = max(r, c.els.at(t, n, depth+1))
			}
		default:
			return unsure
		}
	}
	return r
}

func (c *check) typeVerdict(t Tree, n int32, k Kind) verdict {
	if k == Number && c.types&(1<<kInteger) != 0 {
		// jsonschema reads the number to decide "integer"; where it
		// could not, it would panic.
		d, ok := parseDecimal(t.Text(n))
		if !ok {
			return unsure
		}
		if d.isInt() {
			return pass
		}
	}
	if c.types&(1<<k) != 0 {
		return pass
	}
	return fail
}

// enumVerdict follows jsonschema: the first equal item ends the search.
func (c *check) enumVerdict(t Tree, n int32) verdict {
	for _, item := range c.enum {
		switch equalAt(t, n, item) {
		case pass:
			return pass
		case unsure:
			return unsure
		}
	}
	return fail
}

func (c *check) object(t Tree, n int32, depth int) verdict {
	r := pass
	end := t.End(n)
	for _, name := range c.required {
		found := false
		for m := n + 1; m < end && !found; m = t.End(m) {
			found = t.Name(m) == name
		}
		if !found {
			r = fail
		}
	}
	if c.properties == nil && c.additional == nil && c.propertyNames == nil {
		return r
	}
	for m := n + 1; m < end; m = t.End(m) {
		name := t.Name(m)
		if c.propertyNames != nil {
			r = max(r, c.propertyNames.eval(name, depth+1))
		}
		if s, ok := c.properties[name]; ok {
			r = max(r, s.at(t, m, depth+1))
		} else if c.additional != nil {
			r = max(r, c.additional.at(t, m, depth+1))
		}
		if r == unsure {
			return unsure
		}
	}
	return r
}

func (c *check) array(t Tree, n int32, depth int) verdict {
	r := pass
	end := t.End(n)
	if c.minItems >= 0 || c.maxItems >= 0 {
		count := 0
		for m := n + 1; m < end; m = t.End(m) {
			count++
		}
		if c.minItems >= 0 && count < c.minItems || c.maxItems >= 0 && count > c.maxItems {
			r = fail
		}
	}
	if c.uniqueItems {
		r = max(r, uniqueAt(t, n))
	}
	if c.items != nil {
		for m := n + 1; m < end; m = t.End(m) {
			r = max(r, c.items.at(t, m, depth+1))
			if r == unsure {
				return unsure
			}
		}
	}
	return r
}

func (c *check) text(s string) verdict {
	if c.minLength >= 0 || c.maxLength >= 0 {
		// jsonschema counts code points, an invalid byte as one.
		n := utf8.RuneCountInString(s)
		if c.minLength >= 0 && n < c.minLength || c.maxLength >= 0 && n > c.maxLength {
			return fail
		}
	}
	if c.pattern != nil && !c.pattern.MatchString(s) {
		return fail
	}
	return pass
}

func (c *check) number(n string) verdict {
	if c.minimum == nil && c.maximum == nil && c.exclusiveMinimum == nil && c.exclusiveMaximum == nil {
		return pass
	}
	d, ok := parseDecimal(n)
	if !ok {
		return unsure
	}
	switch {
	case c.minimum != nil && d.cmp(c.minimum) < 0,
		c.maximum != nil && d.cmp(c.maximum) > 0,
		c.exclusiveMinimum != nil && d.cmp(c.exclusiveMinimum) <= 0,
		c.exclusiveMaximum != nil && d.cmp(c.exclusiveMaximum) >= 0:
		return fail
	}
	return pass
}

// anyOf follows jsonschema, which evaluates every branch.
func anyOf(branches []*check, t Tree, n int32, depth int) verdict {
	r := fail
	for _, s := range branches {
		switch s.at(t, n, depth+1) {
		case pass:
			r = pass
		case unsure:
			return unsure
		}
	}
	return r
}

// oneOf follows jsonschema, which stops at the second passing branch.
func oneOf(branches []*check, t Tree, n int32, depth int) verdict {
	passed := 0
	for _, s := range branches {
		switch s.at(t, n, depth+1) {
		case pass:
			passed++
			if passed == 2 {
				return fail
			}
		case unsure:
			return unsure
		}
	}
	if passed == 1 {
		return pass
	}
	return fail
}

// equalAt is equalVerdict of node n and w, without making a scalar node
// an interface value: consts and enums are checked on every document.
func equalAt(t Tree, n int32, w any) verdict {
	k, kw := t.Kind(n), kindOf(w)
	switch {
	case k == Other || kw == Other:
		return unsure
	case k != kw:
		return fail
	}
	switch k {
	case Null:
		return pass
	case Boolean:
		return verdictOf((t.Text(n) == "true") == w.(bool))
	case String:
		return verdictOf(t.Text(n) == w.(string))
	case Number:
		return equalNumbers(t.Text(n), string(w.(json.Number)))
	}
	return equalVerdict(t.JSON(n), w)
}

// equalScalars is equalVerdict of two scalar nodes.
func equalScalars(t Tree, a, b int32) verdict {
	k := t.Kind(a)
	switch {
	case k != t.Kind(b):
		return fail
	case k == Number:
		return equalNumbers(t.Text(a), t.Text(b))
	}
	return verdictOf(t.Text(a) == t.Text(b))
}

func equalNumbers(x, y string) verdict {
	a, ok1 := parseDecimal(x)
	b, ok2 := parseDecimal(y)
	if !ok1 || !ok2 {
		return unsure
	}
	return verdictOf(a.cmp(&b) == 0)
}

func verdictOf(ok bool) verdict {
	if ok {
		return pass
	}
	return fail
}

// uniqueAt is unique of the list n. A list of scalars (ids, names) is
// compared node by node; one that holds lists or objects as JSON values.
func uniqueAt(t Tree, n int32) verdict {
	end := t.End(n)
	count := 0
	for m := n + 1; m < end; m = t.End(m) {
		switch t.Kind(m) {
		case Null, Boolean, Number, String:
			count++
		default:
			return unique(t.JSON(n).([]any))
		}
	}
	if count > maxUnique {
		return unsure
	}
	// Scalars hold nothing: the items are n+1 .. end-1.
	for a := n + 1; a < end; a++ {
		if count > 20 && t.Kind(a) == Number {
			if _, ok := parseDecimal(t.Text(a)); !ok {
				return unsure // what jsonschema cannot hash
			}
		}
		for b := n + 1; b < a; b++ {
			switch equalScalars(t, a, b) {
			case pass:
				return fail
			case unsure:
				return unsure
			}
		}
	}
	return pass
}

// maxUnique bounds the quadratic comparison of uniqueItems; longer lists
// are left to jsonschema, which hashes.
const maxUnique = 1024

// unique follows jsonschema's uniqueItems: short lists compare pairs in
// order and stop at the first equal pair; longer ones hash every item up to
// the first repeat, which panics on values that are not JSON.
func unique(a []any) verdict {
	if len(a) > maxUnique {
		return unsure
	}
	for i := range a {
		if len(a) > 20 && !pure(a[i]) {
			return unsure
		}
		for j := 0; j < i; j++ {
			switch equalVerdict(a[i], a[j]) {
			case pass:
				return fail
			case unsure:
				return unsure
			}
		}
	}
	return pass
}

// equalVerdict is jsonschema's equals: pass when equal, fail when not,
// unsure where equals would panic (a value that is not JSON, a number
// big.Rat cannot read) or its outcome hangs on map order.
func equalVerdict(v, w any) verdict {
	kv, kw := kindOf(v), kindOf(w)
	if kv == Other || kw == Other {
		return unsure
	}
	if kv != kw {
		return fail
	}
	switch x := v.(type) {
	case json.Number:
		return equalNumbers(string(x), string(w.(json.Number)))
	case []any:
		y := w.([]any)
		if len(x) != len(y) {
			return fail
		}
		for i := range x {
			if r := equalVerdict(x[i], y[i]); r != pass {
				return r
			}
		}
		return pass
	case map[string]any:
		y := w.(map[string]any)
		if len(x) != len(y) {
			return fail
		}
		// jsonschema stops at the first difference in map order, so
		// every pair it might compare must be comparable.
		r := pass
		for k, xv := range x {
			yv, ok := y[k]
			if !ok {
				r = max(r, fail)
				continue
			}
			r = max(r, equalVerdict(xv, yv))
		}
		return r
	case string:
		if x == w.(string) {
			return pass
		}
	case bool:
		if x == w.(bool) {
			return pass
		}
	case nil:
		return pass
	}
	return fail
}

// pure reports whether jsonschema can hash v: JSON values all the way down,
// with numbers it can read.
func pure(v any) bool {
	switch x := v.(type) {
	case nil, bool, string:
		return true
	case json.Number:
		_, ok := parseDecimal(string(x))
		return ok
	case []any:
		for _, e := range x {
			if !pure(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !pure(e) {
				return false
			}
		}
		return true
	}
	return false
}

// A decimal is a number in JSON syntax, read exactly without allocating:
// its value is ±0.d₁d₂…dₙ × 10^exp, where d₁…dₙ are the significant digits
// (no leading or trailing zeros; none for zero), found at [lo, hi) of the
// integer digits followed by the fraction digits.
type decimal struct {
	neg    bool
	ip, fp string
	lo, hi int
	exp    int
}

// maxExponent keeps exponents far inside what big.Rat reads, so that a
// number read here is one jsonschema reads too.
const maxExponent = 10000

// parseDecimal reads s if it is a JSON number (the loader writes no other
// form) with a modest exponent; anything else is left to jsonschema.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	d.ip = s[start:i]
	if d.ip == "" || len(d.ip) > 1 && d.ip[0] == '0' {
		return d, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		d.fp = s[start:i]
		if d.fp == "" {
			return d, false
		}
	}
	e := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start = i
		for i < len(s) && isDigit(s[i]) {
			e = e*10 + int(s[i]-'0')
			if e > maxExponent {
				return d, false
			}
			i++
		}
		if i == start {
			return d, false
		}
		if eneg {
			e = -e
		}
	}
	if i != len(s) {
		return d, false
	}
	n := len(d.ip) + len(d.fp)
	d.lo, d.hi = 0, n
	for d.lo < n && d.digit(d.lo) == '0' {
		d.lo++
	}
	for d.hi > d.lo && d.digit(d.hi-1) == '0' {
		d.hi--
	}
	d.exp = len(d.ip) - d.lo + e
	return d, true
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func (d *decimal) digit(i int) byte {
	if i < len(d.ip) {
		return d.ip[i]
	}
	return d.fp[i-len(d.ip)]
}

func (d *decimal) zero() bool { return d.lo == d.hi }

func (d *decimal) isInt() bool { return d.zero() || d.exp >= d.hi-d.lo }

// cmp compares exactly, as big.Rat does; -0 equals 0.
func (d *decimal) cmp(o *decimal) int {
	sd, so := d.sign(), o.sign()
	if sd != so {
		if sd < so {
			return -1
		}
		return 1
	}
	if sd == 0 {
		return 0
	}
	return sd * d.cmpAbs(o)
}

func (d *decimal) sign() int {
	switch {
	case d.zero():
		return 0
	case d.neg:
		return -1
	}
	return 1
}

func (d *decimal) cmpAbs(o *decimal) int {
	if d.exp != o.exp {
		if d.exp < o.exp {
			return -1
		}
		return 1
	}
	n, m := d.hi-d.lo, o.hi-o.lo
	for i := 0; i < n && i < m; i++ {
		a, b := d.digit(d.lo+i), o.digit(o.lo+i)
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	switch {
	case n < m:
		return -1
	case n > m:
		return 1
	}
	return 0
}

// compileFast compiles schema text for the fast check. It never fails: what
// it cannot compile becomes unsure, and a schema that is not JSON is unsure
// as a whole.
func compileFast(src []byte) *check {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return &check{unsure: true}
	}
	c := &fastCompiler{root: root, at: map[string]*check{}}
	return c.compile(root, "")
}

// fastCompiler keeps one check per schema location, so that every $ref to
// a definition shares it and a recursive $ref ends.
type fastCompiler struct {
	root any
	at   map[string]*check // by JSON pointer
}

func (fc *fastCompiler) compile(v any, ptr string) *check {
	if c, ok := fc.at[ptr]; ok {
		return c
	}
	c := &check{minItems: -1, maxItems: -1, minLength: -1, maxLength: -1}
	fc.at[ptr] = c
	switch v := v.(type) {
	case bool:
		c.always = &v
	case map[string]any:
		for key, kv := range v {
			if !fc.keyword(c, v, key, kv, ptr) {
				c.unsure = true
			}
		}
	default:
		c.unsure = true
	}
	return c
}

// annotations are keywords that never make a document invalid, to
// jsonschema/v5 (errorMessage is not a keyword to it at all).
var annotations = map[string]bool{
	"title": true, "description": true, "default": true, "examples": true,
	"errorMessage": true, "$comment": true, "deprecated": true,
	"readOnly": true, "writeOnly": true,
	"$defs": true, // a container: its schemas apply only through $ref
}

const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// keyword compiles one keyword of the schema object m at ptr into c. It
// returns false for a keyword it does not implement or a value it does not
// expect, which makes c unsure.
func (fc *fastCompiler) keyword(c *check, m map[string]any, key string, v any, ptr string) bool {
	at := ptr + "/" + escapeToken(key)
	var ok bool
	switch key {
	case "$schema":
		return ptr == "" && v == draft2020
	case "$id":
		// The root's $id is the base of every "#..." reference; an
		// embedded resource would change it.
		return ptr == ""
	case "type":
		c.types, ok = typeMask(v)
	case "const":
		c.hasConst, c.constant, ok = true, v, true
	case "enum":
		c.enum, ok = v.([]any)
		ok = ok && len(c.enum) > 0
	case "format":
		var name string
		if name, ok = v.(string); ok {
			c.format, ok = stringFormat(name)
		}
	case "required":
		c.required, ok = stringList(v)
	case "properties":
		var props map[string]any
		if props, ok = v.(map[string]any); ok {
			c.properties = make(map[string]*check, len(props))
			for name, s := range props {
				c.properties[name] = fc.compile(s, at+"/"+escapeToken(name))
			}
		}
	case "additionalProperties":
		c.additional, ok = fc.sub(v, at)
	case "propertyNames":
		c.propertyNames, ok = fc.sub(v, at)
	case "items":
		c.items, ok = fc.sub(v, at)
	case "minItems":
		c.minItems, ok = count(v)
	case "maxItems":
		c.maxItems, ok = count(v)
	case "uniqueItems":
		c.uniqueItems, ok = v.(bool)
	case "minLength":
		c.minLength, ok = count(v)
	case "maxLength":
		c.maxLength, ok = count(v)
	case "pattern":
		var p string
		if p, ok = v.(string); ok {
			// jsonschema/v5 compiles patterns with regexp.MustCompile:
			// Go syntax, so \d is [0-9] as here.
			var err error
			c.pattern, err = regexp.Compile(p)
			ok = err == nil
		}
	case "minimum":
		c.minimum, ok = bound(v)
	case "maximum":
		c.maximum, ok = bound(v)
	case "exclusiveMinimum":
		c.exclusiveMinimum, ok = bound(v)
	case "exclusiveMaximum":
		c.exclusiveMaximum, ok = bound(v)
	case "$ref":
		c.ref, ok = fc.ref(v)
	case "not":
		c.not, ok = fc.sub(v, at)
	case "allOf":
		c.allOf, ok = fc.subs(v, at)
	case "anyOf":
		c.anyOf, ok = fc.subs(v, at)
	case "oneOf":
		c.oneOf, ok = fc.subs(v, at)
	case "if":
		c.cond, ok = fc.sub(v, at)
	case "then", "else":
		if _, cond := m["if"]; !cond {
			return true // jsonschema reads them only next to "if"
		}
		var s *check
		s, ok = fc.sub(v, at)
		if key == "then" {
			c.then = s
		} else {
			c.els = s
		}
	default:
		return annotations[key]
	}
	return ok
}

// stringFormat is the check of a format, as jsonschema has it compiled in
// (the schema's compiler registers no formats of its own), for strings,
// which are the only values a format checks. "date" is jsonschema's own
// test, time.Parse with 2006-01-02, called without making the string an
// interface value: check-ins have a date each.
func stringFormat(name string) (func(string) bool, bool) {
	if name == "date" {
		return func(s string) bool {
			_, err := time.Parse(time.DateOnly, s)
			return err == nil
		}, true
	}
	f, ok := jsonschema.Formats[name]
	if !ok {
		return nil, false
	}
	return func(s string) bool { return f(s) }, true
}

// sub compiles a keyword whose value is one schema.
func (fc *fastCompiler) sub(v any, ptr string) (*check, bool) {
	switch v.(type) {
	case bool, map[string]any:
		return fc.compile(v, ptr), true
	}
	return nil, false
}

// subs compiles a keyword whose value is a non-empty list of schemas.
func (fc *fastCompiler) subs(v any, ptr string) ([]*check, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	out := make([]*check, len(list))
	for i, s := range list {
		if out[i], ok = fc.sub(s, ptr+"/"+strconv.Itoa(i)); !ok {
			return nil, false
		}
	}
	return out, true
}

// ref resolves a reference inside this schema ("#" or "#/json/pointer");
// others (external, anchors, percent-encoded) are not implemented.
func (fc *fastCompiler) ref(v any) (*check, bool) {
	s, ok := v.(string)
	if !ok || !strings.HasPrefix(s, "#") || strings.Contains(s, "%") {
		return nil, false
	}
	ptr := s[1:]
	if ptr != "" && !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	target := lookup(fc.root, tokens(ptr))
	if target == nil {
		return nil, false
	}
	return fc.sub(target, ptr)
}

func typeMask(v any) (uint8, bool) {
	names, ok := v.([]any)
	if !ok {
		names = []any{v}
	}
	var mask uint8
	for _, n := range names {
		s, _ := n.(string)
		k, ok := kindNames[s]
		if !ok {
			return 0, false
		}
		mask |= 1 << k
	}
	return mask, mask != 0
}

func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(list))
	for i, e := range list {
		if out[i], ok = e.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

// count reads a non-negative integer keyword such as minItems.
func count(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return -1, false
	}
	i, err := strconv.Atoi(string(n))
	if err != nil || i < 0 {
		return -1, false
	}
	return i, true
}

func bound(v any) (*decimal, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, false
	}
	d, ok := parseDecimal(string(n))
	return &d, ok
}

// TreeOf is v, a JSON-like value, as a Tree; members of an object in the
// order of their names.
func TreeOf(v any) Tree {
	t := &valueTree{}
	t.add(v, "")
	return t
}

// valueTree is a JSON-like value laid out as a Tree.
type valueTree struct{ nodes []valueNode }

type valueNode struct {
	v    any
	kind Kind
	name string
	end  int32
}

func (t *valueTree) add(v any, name string) {
	i := len(t.nodes)
	t.nodes = append(t.nodes, valueNode{v: v, kind: kindOf(v), name: name})
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			t.add(x[k], k)
		}
	case []any:
		for _, e := range x {
			t.add(e, "")
		}
	}
	t.nodes[i].end = int32(len(t.nodes))
}

func (t *valueTree) Kind(n int32) Kind   { return t.nodes[n].kind }
func (t *valueTree) End(n int32) int32   { return t.nodes[n].end }
func (t *valueTree) Name(n int32) string { return t.nodes[n].name }
func (t *valueTree) JSON(n int32) any    { return t.nodes[n].v }

func (t *valueTree) Text(n int32) string {
	switch x := t.nodes[n].v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}
