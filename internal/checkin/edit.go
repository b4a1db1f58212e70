package checkin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// field is one key and its value, already written as YAML.
type field struct{ key, yaml string }

// edit is an append to a list of check-ins in the text of a file. It never
// re-marshals: the new entry is inserted as lines (or, in a one-line flow
// list, as text before the closing bracket), so every comment, the key
// order and the layout of the rest of the file stay as they were.
type edit struct {
	src   []byte
	lines []string // with their line endings
	nl    string   // the file's line ending
	docs  []*yaml.Node
}

func newEdit(src []byte) (*edit, error) {
	e := &edit{src: src, nl: "\n"}
	if bytes.Contains(src, []byte("\r\n")) {
		e.nl = "\r\n"
	}
	e.lines = strings.SplitAfter(string(src), "\n")
	if len(e.lines) > 0 && e.lines[len(e.lines)-1] == "" {
		e.lines = e.lines[:len(e.lines)-1]
	}
	docs, err := Documents(src)
	if err != nil {
		return nil, err
	}
	e.docs = docs
	return e, nil
}

// Documents parses every document of a file that is about to be edited, as
// yaml.v3 nodes that keep their lines and comments; the other commands that
// add lines to files (new-cycle) read them so too.
func Documents(src []byte) ([]*yaml.Node, error) {
	var docs []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("the file does not parse (%v); fix it first, okrs validate says where", err)
		}
		docs = append(docs, &n)
	}
}

// node finds the node at a JSON pointer's tokens in a document.
func (e *edit) node(doc int, path []string) (*yaml.Node, error) {
	if doc >= len(e.docs) {
		return nil, fmt.Errorf("document %d not found", doc+1)
	}
	n := e.docs[doc]
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, tok := range path {
		switch n.Kind {
		case yaml.MappingNode:
			_, v := lookup(n, tok)
			if v == nil {
				return nil, fmt.Errorf("%s not found", tok)
			}
			n = v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, fmt.Errorf("item %s not found", tok)
			}
			n = n.Content[i]
		default:
			return nil, fmt.Errorf("%s not found", tok)
		}
	}
	return n, nil
}

func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// style is how the entries of a list of check-ins are written.
type style struct {
	flow   bool     // - {date: ..., value: ...}
	dash   int      // the dash's indentation relative to the list's key
	keyCol int      // in block style: the keys' indentation relative to the dash
	order  []string // the keys in the order the last entry has them
}

var defaultStyle = style{flow: true, dash: 2, keyCol: 2}

// styleOf reads the style of a block list's last entry; key is the
// column of the key that holds the list.
func (e *edit) styleOf(list *yaml.Node, keyIndent int) style {
	last := list.Content[len(list.Content)-1]
	dash := e.dashIndent(last)
	s := style{flow: last.Kind == yaml.MappingNode && last.Style&yaml.FlowStyle != 0, dash: dash - keyIndent, keyCol: 2}
	if last.Kind == yaml.MappingNode {
		if !s.flow {
			s.keyCol = max(last.Column-1-dash, 2)
		}
		for i := 0; i+1 < len(last.Content); i += 2 {
			s.order = append(s.order, last.Content[i].Value)
		}
	}
	return s
}

// fileStyle is the style of the first non-empty block list of check-ins
// anywhere in the file, for a list that does not exist yet.
func (e *edit) fileStyle() style {
	var found *style
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if found != nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "check_ins" && v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
					s := e.styleOf(v, k.Column-1)
					found = &s
					return
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	for _, d := range e.docs {
		walk(d)
	}
	if found == nil {
		return defaultStyle
	}
	return *found
}

// dashIndent is the indentation of the "- " that starts a list item.
func (e *edit) dashIndent(item *yaml.Node) int {
	line := e.line(item.Line)
	col := item.Column - 1
	for i := min(col, len(line)) - 1; i >= 0; i-- {
		if line[i] == '-' {
			return i
		}
	}
	return max(col-2, 0)
}

func (e *edit) line(n int) string {
	if n < 1 || n > len(e.lines) {
		return ""
	}
	return strings.TrimRight(e.lines[n-1], "\r\n")
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// lastLine is the last line a node's text takes: its deepest, latest
// child, then any lines that continue it (a block scalar, a multi-line
// flow mapping), which are indented deeper than indent, and comments
// indented at least as far, which belong to it too: a new entry goes
// after "# older entries were archived" at the end of a list.
func (e *edit) lastLine(n *yaml.Node, indent int) int { return LastLine(e.lines, n, indent) }

// LastLine is edit.lastLine for a file's lines (with or without their line
// ends), for the other commands that add to a list as check-in does.
func LastLine(lines []string, n *yaml.Node, indent int) int {
	end := maxLine(n)
	for i := end + 1; i <= len(lines); i++ {
		t := strings.TrimRight(lines[i-1], "\r\n")
		switch {
		case blank(t):
			continue
		case strings.HasPrefix(t, "---") || strings.HasPrefix(t, "..."):
			return end
		case strings.HasPrefix(strings.TrimSpace(t), "#"):
			if indentOf(t) < indent {
				return end
			}
		case indentOf(t) <= indent:
			return end
		}
		end = i
	}
	return end
}

func maxLine(n *yaml.Node) int {
	m := n.Line
	for _, c := range n.Content {
		m = max(m, maxLine(c))
	}
	return m
}

// appendTo appends an entry to the list of check-ins under key in the
// mapping m. It returns the new text and the lines the entry takes.
func (e *edit) appendTo(m *yaml.Node, key string, fs []field) (out []byte, first, last int, err error) {
	if m.Kind != yaml.MappingNode {
		return nil, 0, 0, errors.New("not a mapping")
	}
	if m.Style&yaml.FlowStyle != 0 {
		return nil, 0, 0, fmt.Errorf("it is written as a one-line {...} mapping (line %d); write it as a block mapping to add check-ins", m.Line)
	}
	k, v := lookup(m, key)
	switch {
	case v == nil:
		// No list yet: add the key after the mapping's last line.
		keyIndent := m.Content[0].Column - 1
		s := e.fileStyle()
		at := e.lastLine(m, keyIndent)
		text := strings.Repeat(" ", keyIndent) + key + ":" + e.nl + e.entry(fs, s, keyIndent+s.dash)
		return e.insertLines(at, text)
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" || v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) == 0:
		// "check_ins:" with nothing after it.
		s := e.fileStyle()
		return e.insertLines(k.Line, e.entry(fs, s, k.Column-1+s.dash))
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
		return e.appendFlow(v, fs)
	case v.Kind == yaml.SequenceNode:
		s := e.styleOf(v, k.Column-1)
		last := v.Content[len(v.Content)-1]
		dash := e.dashIndent(last)
		at := e.lastLine(last, dash)
		return e.insertLines(at, e.entry(fs, s, dash))
	}
	return nil, 0, 0, fmt.Errorf("%s at line %d is not a list", key, k.Line)
}

// insertLines inserts text after line at (0: at the top).
func (e *edit) insertLines(at int, text string) ([]byte, int, int, error) {
	var b strings.Builder
	for i, l := range e.lines[:at] {
		b.WriteString(l)
		if i == len(e.lines)-1 && !strings.HasSuffix(l, "\n") {
			b.WriteString(e.nl) // the file's last line had no line ending
		}
	}
	b.WriteString(text)
	for _, l := range e.lines[at:] {
		b.WriteString(l)
	}
	n := strings.Count(text, "\n")
	return []byte(b.String()), at + 1, at + n, nil
}

// appendFlow appends to a one-line [...] list, before its bracket.
func (e *edit) appendFlow(list *yaml.Node, fs []field) ([]byte, int, int, error) {
	line := e.line(list.Line)
	open := list.Column - 1
	end := closingBracket(line, open)
	if end < 0 {
		return nil, 0, 0, fmt.Errorf("the list at line %d spans several lines; write it as a block list (- ...) to add check-ins", list.Line)
	}
	item := flowEntry(fs)
	if len(list.Content) > 0 {
		item = ", " + item
	}
	text := line[:end] + item + line[end:]
	var b strings.Builder
	for i, l := range e.lines {
		if i == list.Line-1 {
			b.WriteString(text)
			b.WriteString(l[len(strings.TrimRight(l, "\r\n")):])
			continue
		}
		b.WriteString(l)
	}
	return []byte(b.String()), list.Line, list.Line, nil
}

// closingBracket finds the ] that closes the [ at open, skipping quoted
// text and nested brackets; -1 when it is not on this line.
func closingBracket(line string, open int) int {
	depth := 0
	for i := open; i < len(line); i++ {
		switch line[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		case '"':
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(line); i++ {
				if line[i] == '\'' {
					if i+1 < len(line) && line[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if i > 0 && line[i-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// entry writes a list item in the style s, its dash at indent.
func (e *edit) entry(fs []field, s style, indent int) string {
	fs = ordered(fs, s.order)
	pad := strings.Repeat(" ", indent)
	if s.flow {
		return pad + "- " + flowEntry(fs) + e.nl
	}
	var b strings.Builder
	keyPad := strings.Repeat(" ", indent+max(s.keyCol, 2))
	for i, f := range fs {
		if i == 0 {
			b.WriteString(pad + "-" + strings.Repeat(" ", max(s.keyCol, 2)-1))
		} else {
			b.WriteString(keyPad)
		}
		b.WriteString(f.key + ": " + f.yaml + e.nl)
	}
	return b.String()
}

func flowEntry(fs []field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.key + ": " + f.yaml
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// ordered puts the fields in the order the existing entries use; fields
// they do not have keep their own order, after those.
func ordered(fs []field, order []string) []field {
	rank := func(key string) int {
		for i, k := range order {
			if k == key {
				return i
			}
		}
		return len(order)
	}
	out := make([]field, len(fs))
	copy(out, fs)
	// Insertion sort: stable, and the lists are a handful long.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && rank(out[j].key) < rank(out[j-1].key); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Scalars. Plain text is written plain only when YAML reads it back as
// exactly that text in a flow mapping; anything else is double-quoted.

var (
	plainID     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)
	plainDate   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	plainNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)
)

// idScalar writes an id or reference; one that YAML would read as a
// number or boolean is quoted, so it stays text.
func idScalar(s string) string {
	if plainID.MatchString(s) && !plainNumber.MatchString(s) && !yamlKeyword(s) {
		return s
	}
	return quote(s)
}

func dateScalar(s string) string {
	if plainDate.MatchString(s) {
		return s
	}
	return quote(s)
}

// numberScalar writes a number as typed when it is a plain decimal, in
// decimal when it is another way of writing a finite number (.5, 1e3),
// and quoted otherwise, so that validation says it is not a number.
func numberScalar(s string) string {
	if plainNumber.MatchString(s) {
		return s
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return quote(s)
}

// valueScalar writes a check-in value: a number, true or false.
func valueScalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false":
		return strings.ToLower(s)
	}
	return numberScalar(s)
}

func yamlKeyword(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return true
	}
	return false
}

// quote writes s as a YAML double-quoted scalar.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\u0085':
			b.WriteString(`\N`)
		case '\u2028':
			b.WriteString(`\L`)
		case '\u2029':
			b.WriteString(`\P`)
		case '\ufeff':
			b.WriteString(`\uFEFF`)
		default:
			if r < 0x20 || r == 0x7f || !unicode.IsPrint(r) && !unicode.IsSpace(r) && r > 0x7f {
				switch {
				case r <= 0xff:
					fmt.Fprintf(&b, `\x%02X`, r)
				case r <= 0xffff:
					fmt.Fprintf(&b, `\u%04X`, r)
				default:
					fmt.Fprintf(&b, `\U%08X`, r)
				}
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
