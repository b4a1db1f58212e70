package load

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/finding"
)

// converter turns one yaml.Node tree into the document's nodes: their
// positions and values, collecting every refusal rather than stopping at
// the first.
type converter struct {
	file  string
	fs    []finding.Finding
	idx   *posIndex
	vals  []scalar
	texts []byte
	lits  []literal
	keys  []string // the keys of the mappings being converted
	// One refusal of each is enough: a "billion laughs" file would
	// otherwise give one finding per alias.
	anchorSeen, aliasSeen bool
}

func (c *converter) fail(n *yaml.Node, msg string, args ...any) {
	c.fs = append(c.fs, finding.Finding{
		Pos:      finding.Pos{File: c.file, Line: n.Line, Col: n.Column},
		Severity: finding.Error,
		Rule:     RuleYAML,
		Message:  finding.Msg(msg, args...),
	})
}

func convert(file string, src []byte, index int, root *yaml.Node) (*Document, []finding.Finding) {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	size := countNodes(n)
	c := &converter{file: file, idx: newPosIndex(size), vals: make([]scalar, 0, size)}
	if n.Kind == yaml.DocumentNode || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Value == "" {
		// yaml.v3 places an empty document after its separator; point at
		// the separator, which is what the user has to remove.
		at := *n
		at.Line, at.Column = separatorBefore(src, n.Line), 1
		c.fail(&at, "document %d is empty; remove the extra --- or give it a kind", index+1)
		return nil, c.fs
	}
	if n.Kind != yaml.MappingNode {
		c.fail(n, "a document must be a mapping that starts with a kind (%s)", strings.Join(Kinds, ", "))
		return nil, c.fs
	}
	c.node(n)
	if len(c.fs) > 0 {
		// A document the loader refused is not looked at any further: its
		// meaning is not what it shows, so later checks would mislead.
		return nil, c.fs
	}
	d := &Document{File: file, Index: index, pos: c.idx.done(), vals: c.vals, texts: string(c.texts), lits: c.lits}
	kind := Node(-1)
	for name, m := range d.Members(Root) {
		if name == "kind" {
			kind = m
		}
	}
	switch {
	case kind < 0:
		c.fail(n, "missing kind; add a first line kind: with one of %s", strings.Join(Kinds, ", "))
		return nil, c.fs
	case d.Type(kind) != String || !isKind(d.Text(kind)):
		p := d.Pos("/kind")
		v := d.JSON(kind)
		c.fs = append(c.fs, finding.Finding{Pos: p, Severity: finding.Error, Rule: RuleKind,
			Message: fmt.Sprintf("unknown kind %s; use one of %s%s", quoteValue(v), strings.Join(Kinds, ", "), suggestKind(v))})
		return nil, c.fs
	}
	d.Kind = d.Text(kind)
	d.pack()
	return d, nil
}

func isKind(s string) bool {
	for _, k := range Kinds {
		if s == k {
			return true
		}
	}
	return false
}

func suggestKind(v any) string {
	s, ok := v.(string)
	if !ok {
		return ""
	}
	for _, k := range Kinds {
		if strings.EqualFold(s, k) || strings.EqualFold(s+"s", k) || strings.EqualFold(s, k+"s") {
			return fmt.Sprintf(" (did you mean %q?)", k)
		}
	}
	return ""
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(finding.Cut(s))
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// countNodes is how many values n holds, itself included: the size of its
// position index, known up front so that the index takes no more memory
// than it needs.
func countNodes(n *yaml.Node) int {
	count := 1
	switch n.Kind {
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			count += countNodes(n.Content[i])
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			count += countNodes(item)
		}
	}
	return count
}

// node converts n and records its position and value.
func (c *converter) node(n *yaml.Node) Node {
	p := c.idx.add(spanOf(n))
	c.vals = append(c.vals, scalar{})
	v := c.value(n, p)
	c.idx.close(p)
	c.vals[p] = v
	return p
}

// text keeps s in the document's texts as the value of a node of type typ.
func (c *converter) text(typ Type, s string) scalar {
	c.texts = append(c.texts, s...)
	return scalar{typ, uint32(len(c.texts) - len(s)), uint32(len(s))}
}

func (c *converter) value(n *yaml.Node, p Node) scalar {
	if n.Anchor != "" && !c.anchorSeen {
		c.anchorSeen = true
		c.fail(n, "anchor &%s is not allowed; okrs files say everything where it applies, so write the value out", n.Anchor)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if !c.aliasSeen {
			c.aliasSeen = true
			c.fail(n, "alias *%s is not allowed; write the value out instead of referring to an anchor", n.Value)
		}
		return scalar{typ: Null}
	case yaml.MappingNode:
		c.mapping(n)
		return scalar{typ: Map}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			c.node(item)
		}
		return scalar{typ: List}
	case yaml.ScalarNode:
		typ, text, raw := c.scalar(n)
		if raw != "" {
			c.texts = append(c.texts, raw...)
			c.lits = append(c.lits, literal{p, uint32(len(c.texts) - len(raw)), uint32(len(raw))})
		}
		switch typ {
		case Bool:
			if text == "true" {
				return scalar{typ: Bool, n: 1}
			}
			return scalar{typ: Bool}
		case Null:
			return scalar{typ: Null}
		}
		return c.text(typ, text)
	}
	c.fail(n, "unexpected YAML node")
	return scalar{typ: Null}
}

// manyKeys is the size above which a mapping's keys are looked up in a
// map rather than one by one: OKR mappings have a handful.
const manyKeys = 32

func (c *converter) mapping(n *yaml.Node) {
	// The keys so far are c.keys[mark:], a mapping inside takes the ones
	// above; past manyKeys, they are in seen instead.
	mark := len(c.keys)
	defer func() { c.keys = c.keys[:mark] }()
	var seen map[string]bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			c.fail(k, "merge key << is not allowed; write the fields out")
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.fail(k, "a key must be plain text, not a %s", kindName(k))
			continue
		}
		if k.Anchor != "" && !c.anchorSeen {
			c.anchorSeen = true
			c.fail(k, "anchor &%s is not allowed; write the value out", k.Anchor)
		}
		dup := seen[k.Value]
		if seen == nil {
			dup = slices.Contains(c.keys[mark:], k.Value)
		}
		if dup {
			c.fail(k, "duplicate key %q (first at line %d); remove one of them", k.Value, firstKey(n, k.Value).Line)
			continue
		}
		switch {
		case seen != nil:
			seen[k.Value] = true
		case len(c.keys)-mark == manyKeys:
			seen = make(map[string]bool, len(n.Content)/2)
			for _, key := range c.keys[mark:] {
				seen[key] = true
			}
			seen[k.Value] = true
		default:
			c.keys = append(c.keys, k.Value)
		}
		c.idx.member(c.node(v), spanOf(k), k.Value)
	}
}

// firstKey is the first key of the mapping n written as name.
func firstKey(n *yaml.Node, name string) *yaml.Node {
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == name {
			return k
		}
	}
	return n
}

// isDecimalInt tells whether s is an optional sign and digits:
// ^[-+]?[0-9]+$. Every number of every check-in goes through here or
// isJSONNumber; a regular expression took a third of converting a file.
func isDecimalInt(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return s != "" && digits(s) == len(s)
}

// isJSONNumber tells whether s is a number as JSON writes it:
// ^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$.
func isJSONNumber(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	n := digits(s)
	if n == 0 || n > 1 && s[0] == '0' {
		return false
	}
	s = s[n:]
	if s != "" && s[0] == '.' {
		n = digits(s[1:])
		if n == 0 {
			return false
		}
		s = s[1+n:]
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '-' || s[0] == '+') {
			s = s[1:]
		}
		n = digits(s)
		if n == 0 {
			return false
		}
		s = s[n:]
	}
	return s == ""
}

// digits counts the ASCII digits s starts with.
func digits(s string) int {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// scalar converts from the literal text, never through yaml.v3's typed
// decoding: that would turn 2026-01-15 into a time.Time and 017 into 15.
// It gives the value's type and text (a number as JSON writes it, true or
// false) and, when YAML reads the scalar as something other than a
// string, the literal text, for messages that ask to quote it.
func (c *converter) scalar(n *yaml.Node) (typ Type, text, raw string) {
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp", "!!binary":
		if n.Style == 0 && tag == "!!str" && isYAMLFloat(strings.ReplaceAll(n.Value, "_", "")) {
			// yaml.v3 reads a plain number it cannot hold in a float64
			// (1e400) as a string.
			c.fail(n, "%s is out of range: a number must lie between -1.8e308 and 1.8e308; write one that does, or quote it (%q) if it is text", n.Value, n.Value)
			return Null, "", n.Value
		}
		return String, n.Value, ""
	case "!!null":
		return Null, "", n.Value
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			c.fail(n, "cannot read %q as true or false", n.Value)
		}
		return Bool, strconv.FormatBool(b), n.Value
	case "!!int":
		if isDecimalInt(n.Value) {
			// YAML 1.2: a leading zero is still decimal, not octal.
			neg := strings.HasPrefix(n.Value, "-")
			digits := strings.TrimLeft(strings.TrimLeft(n.Value, "+-"), "0")
			if digits == "" {
				digits = "0"
			} else if neg {
				digits = "-" + digits
			}
			return Number, digits, n.Value
		}
		c.fail(n, "%s; write %s, or quote it (%q) if it is text", notDecimal(n.Value), decimalOf(n.Value), n.Value)
		return Null, "", n.Value
	case "!!float":
		if strings.Contains(n.Value, "_") {
			c.fail(n, "%s; write %s, or quote it (%q) if it is text", notDecimal(n.Value), decimalOf(n.Value), n.Value)
			return Null, "", n.Value
		}
		if isJSONNumber(n.Value) {
			return Number, n.Value, n.Value
		}
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			c.fail(n, "%q is not a finite number; write a plain decimal number", n.Value)
			return Null, "", n.Value
		}
		return Number, strconv.FormatFloat(f, 'g', -1, 64), n.Value
	default:
		c.fail(n, "YAML tag %s is not allowed; remove it", n.Tag)
		return String, n.Value, ""
	}
}

// isYAMLFloat tells whether s is written as yaml.v3 writes a float:
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func isYAMLFloat(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	n := digits(s)
	s = s[n:]
	if s != "" && s[0] == '.' {
		f := digits(s[1:])
		if n == 0 && f == 0 {
			return false
		}
		s = s[1+f:]
	} else if n == 0 {
		return false
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '-' || s[0] == '+') {
			s = s[1:]
		}
		e := digits(s)
		if e == 0 {
			return false
		}
		s = s[e:]
	}
	return s == ""
}

// notDecimal says how a number YAML reads, but people do not write where
// they mean a decimal, is written: 0x1F, 0o17, 0b1 or with _ separators.
func notDecimal(s string) string {
	digits := strings.TrimLeft(s, "+-")
	switch {
	case len(digits) > 1 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'):
		return fmt.Sprintf("%s is a hexadecimal number, which okrs does not read", s)
	case len(digits) > 1 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O'):
		return fmt.Sprintf("%s is an octal number, which okrs does not read", s)
	case len(digits) > 1 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B'):
		return fmt.Sprintf("%s is a binary number, which okrs does not read", s)
	case strings.Contains(s, "_"):
		return fmt.Sprintf("%s has _ in it, which okrs does not read in numbers", s)
	}
	return fmt.Sprintf("%s is not a decimal number", s)
}

// decimalOf is the decimal number YAML reads s as, for a message: what to
// write instead. yaml.v3 drops every _ and reads 0x, 0o and 0b prefixes.
func decimalOf(s string) string {
	plain := strings.ReplaceAll(s, "_", "")
	neg := strings.HasPrefix(plain, "-")
	digits := strings.TrimLeft(plain, "+-")
	base := 10
	if len(digits) > 1 && digits[0] == '0' {
		switch digits[1] {
		case 'x', 'X':
			base, digits = 16, digits[2:]
		case 'o', 'O':
			base, digits = 8, digits[2:]
		case 'b', 'B':
			base, digits = 2, digits[2:]
		}
	}
	if base == 10 {
		if isYAMLFloat(plain) {
			return plain
		}
		return "a plain decimal number"
	}
	u, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return "a plain decimal number"
	}
	if neg {
		return "-" + strconv.FormatUint(u, 10)
	}
	return strconv.FormatUint(u, 10)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

// separatorBefore finds the last "---" line at or before line.
func separatorBefore(src []byte, line int) int {
	lines := strings.Split(string(src), "\n")
	for i := min(line, len(lines)) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "---") {
			return i + 1
		}
	}
	return max(line, 1)
}
