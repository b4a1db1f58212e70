package schema

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"sync"
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

// fastValid reports whether doc certainly matches the schema. false means
// "ask jsonschema", not "invalid".
func fastValid(doc any) bool { return fastSchema().eval(doc, 0) == pass }

var fastSchema = sync.OnceValue(func() *check { return compileFast(raw) })

// A check is one compiled subschema.
type check struct {
	unsure bool  // a keyword it does not implement, or a value it does not expect
	always *bool // a boolean schema

	types    uint8 // bit 1<<kind per allowed type, 0 for no type keyword
	hasConst bool
	constant any
	enum     []any
	format   func(any) bool

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

// kind is a JSON type. kInteger only appears in type masks; kOther is any
// Go value that is not what the loader produces, which the fast check
// leaves to jsonschema.
type kind uint8

const (
	kNull kind = iota
	kBoolean
	kNumber
	kString
	kArray
	kObject
	kInteger
	kOther
)

var kindNames = map[string]kind{
	"null": kNull, "boolean": kBoolean, "number": kNumber, "string": kString,
	"array": kArray, "object": kObject, "integer": kInteger,
}

// kindOf is jsonschema's jsonType, narrowed to the loader's values: other
// number types (float64, int) are left to jsonschema too.
func kindOf(v any) kind {
	switch v.(type) {
	case nil:
		return kNull
	case bool:
		return kBoolean
	case json.Number:
		return kNumber
	case string:
		return kString
	case []any:
		return kArray
	case map[string]any:
		return kObject
	}
	return kOther
}

// maxDepth bounds the evaluation; a $ref loop (which jsonschema reports as
// an error) ends here as unsure.
const maxDepth = 200

func (c *check) eval(v any, depth int) verdict {
	if c.unsure || depth > maxDepth {
		return unsure
	}
	if c.always != nil {
		if *c.always {
			return pass
		}
		return fail
	}
	k := kindOf(v)
	if k == kOther {
		return unsure
	}
	if c.types != 0 {
		if r := c.typeVerdict(v, k); r != pass {
			return r // jsonschema stops at a wrong type too
		}
	}
	r := pass
	if c.hasConst {
		r = max(r, equalVerdict(v, c.constant))
	}
	if c.enum != nil {
		r = max(r, c.enumVerdict(v))
	}
	if c.format != nil && !c.format(v) {
		r = max(r, fail)
	}
	switch x := v.(type) {
	case map[string]any:
		r = max(r, c.object(x, depth))
	case []any:
		r = max(r, c.array(x, depth))
	case string:
		r = max(r, c.text(x))
	case json.Number:
		r = max(r, c.number(x))
	}
	if r == unsure {
		return unsure
	}
	if c.ref != nil {
		r = max(r, c.ref.eval(v, depth+1))
	}
	if c.not != nil {
		switch c.not.eval(v, depth+1) {
		case pass:
			r = max(r, fail)
		case unsure:
			return unsure
		}
	}
	for _, s := range c.allOf {
		r = max(r, s.eval(v, depth+1))
	}
	if c.anyOf != nil {
		r = max(r, anyOf(c.anyOf, v, depth))
	}
	if c.oneOf != nil {
		r = max(r, oneOf(c.oneOf, v, depth))
	}
	if c.cond != nil {
		switch c.cond.eval(v, depth+1) {
		case pass:
			if c.then != nil {
				r = max(r, c.then.eval(v, depth+1))
			}
		case fail:
			if c.els != nil {
				r = max(r, c.els.eval(v, depth+1))
			}
		default:
			return unsure
		}
	}
	return r
}

func (c *check) typeVerdict(v any, k kind) verdict {
	if k == kNumber && c.types&(1<<kInteger) != 0 {
		// jsonschema reads the number to decide "integer"; where it
		// could not, it would panic.
		d, ok := parseDecimal(string(v.(json.Number)))
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
func (c *check) enumVerdict(v any) verdict {
	for _, item := range c.enum {
		switch equalVerdict(v, item) {
		case pass:
			return pass
		case unsure:
			return unsure
		}
	}
	return fail
}

func (c *check) object(m map[string]any, depth int) verdict {
	r := pass
	for _, name := range c.required {
		if _, ok := m[name]; !ok {
			r = fail
		}
	}
	if c.properties == nil && c.additional == nil && c.propertyNames == nil {
		return r
	}
	for name, v := range m {
		if c.propertyNames != nil {
			r = max(r, c.propertyNames.eval(name, depth+1))
		}
		if s, ok := c.properties[name]; ok {
			r = max(r, s.eval(v, depth+1))
		} else if c.additional != nil {
			r = max(r, c.additional.eval(v, depth+1))
		}
		if r == unsure {
			return unsure
		}
	}
	return r
}

func (c *check) array(a []any, depth int) verdict {
	r := pass
	if c.minItems >= 0 && len(a) < c.minItems || c.maxItems >= 0 && len(a) > c.maxItems {
		r = fail
	}
	if c.uniqueItems {
		r = max(r, unique(a))
	}
	if c.items != nil {
		for _, v := range a {
			r = max(r, c.items.eval(v, depth+1))
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

func (c *check) number(n json.Number) verdict {
	if c.minimum == nil && c.maximum == nil && c.exclusiveMinimum == nil && c.exclusiveMaximum == nil {
		return pass
	}
	d, ok := parseDecimal(string(n))
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
func anyOf(branches []*check, v any, depth int) verdict {
	r := fail
	for _, s := range branches {
		switch s.eval(v, depth+1) {
		case pass:
			r = pass
		case unsure:
			return unsure
		}
	}
	return r
}

// oneOf follows jsonschema, which stops at the second passing branch.
func oneOf(branches []*check, v any, depth int) verdict {
	passed := 0
	for _, s := range branches {
		switch s.eval(v, depth+1) {
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
	if kv == kOther || kw == kOther {
		return unsure
	}
	if kv != kw {
		return fail
	}
	switch x := v.(type) {
	case json.Number:
		a, ok1 := parseDecimal(string(x))
		b, ok2 := parseDecimal(string(w.(json.Number)))
		if !ok1 || !ok2 {
			return unsure
		}
		if a.cmp(&b) == 0 {
			return pass
		}
		return fail
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
			// The same function jsonschema compiled in: the schema's
			// compiler registers no formats of its own.
			c.format, ok = jsonschema.Formats[name]
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
