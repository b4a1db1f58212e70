package load

import (
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastParsers keeps parsers, with the memory their nodes were made in,
// for the next file: a medium organization has more than a million nodes,
// and fresh memory for each file was a tenth of the parse.
var fastParsers = sync.Pool{New: func() any { return new(fastParser) }}

// parse reads src when it is written in the plain subset of YAML that
// OKR files are written in, and returns the documents as the same node
// trees yaml.v3 gives: the same kind, style, tag, value, line, column and
// content in every node (comments are left out; the loader does not read
// them). That subset is block mappings with plain keys, block lists,
// one-line flow mappings and lists, plain and quoted one-line scalars,
// literal blocks (| and |-), comments and --- between documents.
//
// Anything else, and anything that is an error, makes it give up (ok is
// false) and the caller reads the file with yaml.v3, which also writes
// every message. So the subset only has to be read right, never judged:
// when in doubt, it gives up. yaml.v3's general scanner and its events
// took more than a third of a cold build; this reads the same files in a
// fraction of that. FuzzParse holds the two to the same trees.
//
// The trees are in p's memory, valid until p reads the next file.
func (p *fastParser) parse(src []byte) (docs []*yaml.Node, ok bool) {
	if !plainChars(src) {
		return nil, false
	}
	p.reset(string(src))
	for {
		line, indent, more := p.next()
		if !more {
			break
		}
		if isDocStart(line) {
			if strings.TrimRight(line, " ") != "---" {
				return nil, false
			}
			p.i++
			line, indent, more = p.next()
			if !more || isDocStart(line) {
				return nil, false // an empty document
			}
		} else if len(docs) > 0 {
			return nil, false
		}
		if indent != 0 || keyEnd(line, 0) < 0 {
			return nil, false
		}
		root := p.mapping(0)
		if root == nil {
			return nil, false
		}
		doc := p.node(yaml.DocumentNode, "", 0, root.Line, 1)
		doc.Content = p.close(len(p.kids), root)
		docs = append(docs, doc)
	}
	return docs, len(docs) > 0
}

func (p *fastParser) reset(src string) {
	p.lines = p.lines[:0]
	for {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			break
		}
		p.lines = append(p.lines, src[:i])
		src = src[i+1:]
	}
	p.lines = append(p.lines, src)
	p.i, p.fromLine, p.from = 0, -1, 0
	p.nodes, p.kids, p.ptrs = p.nodes[:0], p.kids[:0], p.ptrs[:0]
}

// plainChars tells whether src holds only characters the subset reads the
// way yaml.v3 does: printable ones and \n. Tabs, carriage returns, the
// Unicode line breaks and what YAML refuses to print go to yaml.v3.
func plainChars(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c > 0x7e) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
			0xd800 <= r && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

type fastParser struct {
	lines []string
	i     int // the line being read
	// A "- key: value" item starts a mapping in the middle of its line:
	// line fromLine is read as if it were indented by from.
	fromLine, from int
	// Nodes and the Content of collections are allocated here. When one
	// is full, a larger one takes its place; what was allocated in the old
	// one stays where it is.
	nodes []yaml.Node
	ptrs  []*yaml.Node
	kids  []*yaml.Node // the children of the collections being read
}

// next finds the next line with content, past blank lines and comments,
// without moving past it. ok is false at the end.
func (p *fastParser) next() (line string, indent int, ok bool) {
	for ; p.i < len(p.lines); p.i++ {
		line = p.lines[p.i]
		n := spaces(line, 0)
		if n == len(line) || line[n] == '#' {
			continue
		}
		if p.i == p.fromLine {
			return line, p.from, true
		}
		return line, n, true
	}
	return "", 0, false
}

// within finds the next line with content of a collection indented by
// indent; ok is false where the collection ends: at the end, at a line
// indented less, at the start of the next document.
func (p *fastParser) within(indent int) (line string, at int, ok bool) {
	line, at, ok = p.next()
	if !ok || at < indent || at == 0 && isDocStart(line) {
		return "", 0, false
	}
	return line, at, true
}

// mapping reads a block mapping whose keys are indented by indent, the
// first on the current line.
func (p *fastParser) mapping(indent int) *yaml.Node {
	m := p.node(yaml.MappingNode, "!!map", 0, p.i+1, column(p.lines[p.i], indent))
	mark := len(p.kids)
	for {
		line, at, ok := p.within(indent)
		if !ok {
			break
		}
		end := keyEnd(line, at)
		if at > indent || end < 0 {
			return nil
		}
		key := p.plain(line[at:end], p.i+1, column(line, at))
		if key == nil {
			return nil
		}
		value := p.value(line, end+1, indent)
		if value == nil {
			return nil
		}
		p.kids = append(p.kids, key, value)
	}
	m.Content = p.close(mark)
	return m
}

// list reads a block list whose dashes are indented by indent, the first
// on the current line.
func (p *fastParser) list(indent int) *yaml.Node {
	l := p.node(yaml.SequenceNode, "!!seq", 0, p.i+1, column(p.lines[p.i], indent))
	mark := len(p.kids)
	for {
		line, at, ok := p.within(indent)
		if !ok {
			break
		}
		if at > indent {
			return nil
		}
		if !isDash(line, at) {
			break // the next key of the mapping this list is a value of
		}
		var item *yaml.Node
		start := at + 1 + spaces(line, at+1)
		switch {
		case start == len(line) || line[start] == '#':
			item = p.below(line, at+1, indent, false)
		case isDash(line, start):
			return nil
		case keyEnd(line, start) >= 0:
			p.fromLine, p.from = p.i, start
			item = p.mapping(start)
		default:
			item = p.inline(line, start, indent)
		}
		if item == nil {
			return nil
		}
		p.kids = append(p.kids, item)
	}
	l.Content = p.close(mark)
	return l
}

// value reads the value of a mapping member whose colon is just before at.
func (p *fastParser) value(line string, at, indent int) *yaml.Node {
	start := at + spaces(line, at)
	if start == len(line) || line[start] == '#' {
		return p.below(line, at, indent, true)
	}
	return p.inline(line, start, indent)
}

// below reads a value that starts on the lines after the current one: a
// mapping or list indented deeper than indent, for a mapping member
// (member) also a list at indent itself, or else nothing, which is null.
// An empty value is placed at after, on the current line, where yaml.v3
// places it.
func (p *fastParser) below(line string, after, indent int, member bool) *yaml.Node {
	n, col := p.i+1, column(line, after)
	p.i++
	next, at, ok := p.next()
	switch {
	case ok && at > indent && isDash(next, at):
		return p.list(at)
	case ok && at > indent && keyEnd(next, at) >= 0:
		return p.mapping(at)
	case ok && at > indent:
		return nil // a scalar on the lines below
	case member && ok && at == indent && isDash(next, at):
		return p.list(at)
	}
	return p.scalar("", "!!null", 0, n, col)
}

// inline reads a value that starts on the current line at start, in a
// collection indented by indent, and moves past it.
func (p *fastParser) inline(line string, start, indent int) *yaml.Node {
	n, col := p.i+1, column(line, start)
	var v *yaml.Node
	end := -1
	switch c := line[start]; c {
	case '|':
		return p.literal(line, start, indent)
	case '{', '[':
		v, end = p.flow(line, start)
	case '\'', '"':
		var text string
		text, end = quoted(line, start)
		if end >= 0 {
			style := yaml.SingleQuotedStyle
			if c == '"' {
				style = yaml.DoubleQuotedStyle
			}
			v = p.scalar(text, "!!str", style, n, col)
		}
	default:
		if !plainStart(line, start) {
			return nil
		}
		end = strings.Index(line[start:], " #")
		if end < 0 {
			end = len(line)
		} else {
			end += start
		}
		text := strings.TrimRight(line[start:end], " ")
		if strings.Contains(text, ": ") || strings.HasSuffix(text, ":") {
			return nil
		}
		v = p.plain(text, n, col)
	}
	if v == nil || end < 0 || !lineEnds(line, end) {
		return nil
	}
	p.i++
	// A deeper line below would continue the scalar, or be an error.
	if _, at, ok := p.next(); ok && at > indent {
		return nil
	}
	return v
}

// literal reads a literal block (| or |-) whose indicator is at start.
func (p *fastParser) literal(line string, start, indent int) *yaml.Node {
	n, col := p.i+1, column(line, start)
	keep := true
	switch strings.TrimRight(line[start+1:], " ") {
	case "":
	case "-":
		keep = false
	default:
		return nil // |+, an indentation indicator, a comment
	}
	p.i++
	if p.i == len(p.lines) {
		return nil
	}
	first := p.lines[p.i]
	in := spaces(first, 0)
	if in == len(first) || in <= indent {
		return nil
	}
	var b strings.Builder
	blank, last := 0, 0
	for ; p.i < len(p.lines); p.i++ {
		text := p.lines[p.i]
		s := spaces(text, 0)
		if s == len(text) {
			if s > in {
				return nil // spaces that belong to the text
			}
			blank++
			continue
		}
		if s < in {
			if s > indent {
				return nil
			}
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		for ; blank > 0; blank-- {
			b.WriteByte('\n')
		}
		b.WriteString(text[in:])
		last = p.i
	}
	if keep && last+1 < len(p.lines) {
		b.WriteByte('\n') // clipped to one line break, if it had one
	}
	if _, at, ok := p.next(); ok && at > indent {
		return nil
	}
	return p.scalar(b.String(), "!!str", yaml.LiteralStyle, n, col)
}

// flow reads a one-line flow mapping or list of scalars at start; end is
// just past it.
func (p *fastParser) flow(line string, start int) (v *yaml.Node, end int) {
	isMap := line[start] == '{'
	kind, tag, closing := yaml.SequenceNode, "!!seq", byte(']')
	if isMap {
		kind, tag, closing = yaml.MappingNode, "!!map", '}'
	}
	v = p.node(kind, tag, yaml.FlowStyle, p.i+1, column(line, start))
	mark := len(p.kids)
	i := start + 1
	i += spaces(line, i)
	if i < len(line) && line[i] == closing {
		v.Content = p.close(mark)
		return v, i + 1
	}
	for {
		if isMap {
			k := keyEnd(line, i)
			if k < 0 || k+1 == len(line) {
				return nil, -1
			}
			key := p.plain(line[i:k], p.i+1, column(line, i))
			if key == nil {
				return nil, -1
			}
			p.kids = append(p.kids, key)
			i = k + 1 + spaces(line, k+1)
		}
		item, next := p.flowScalar(line, i)
		if item == nil {
			return nil, -1
		}
		p.kids = append(p.kids, item)
		i = next + spaces(line, next)
		if i == len(line) {
			return nil, -1
		}
		switch line[i] {
		case ',':
			i++
			i += spaces(line, i)
			if i == len(line) || line[i] == closing || line[i] == ',' {
				return nil, -1
			}
		case closing:
			v.Content = p.close(mark)
			return v, i + 1
		default:
			return nil, -1
		}
	}
}

// flowScalar reads a scalar inside a flow collection at i.
func (p *fastParser) flowScalar(line string, i int) (*yaml.Node, int) {
	if i == len(line) {
		return nil, -1
	}
	n, col := p.i+1, column(line, i)
	switch c := line[i]; c {
	case '\'', '"':
		text, end := quoted(line, i)
		if end < 0 {
			return nil, -1
		}
		style := yaml.SingleQuotedStyle
		if c == '"' {
			style = yaml.DoubleQuotedStyle
		}
		return p.scalar(text, "!!str", style, n, col), end
	}
	if !plainStart(line, i) {
		return nil, -1
	}
	end := i
	for ; end < len(line); end++ {
		c := line[end]
		if c == ',' || c == '}' || c == ']' {
			break
		}
		if c == '[' || c == '{' || c == ':' || c == '?' || c == '#' && line[end-1] == ' ' {
			return nil, -1
		}
	}
	return p.plain(strings.TrimRight(line[i:end], " "), n, col), end
}

// resolvable are the first characters of the plain scalars that yaml.v3
// may read as something other than a string (its resolve table): any
// other is a string without asking it.
const resolvable = "+-.0123456789yYnNtTfFoO~"

// numberTag is how yaml.v3 resolves the plain numbers check-ins are full
// of, without its regular expression: -?(0|[1-9][0-9]{0,17}) is an int,
// and the same with a fraction (.[0-9]+) a float. It is "" for anything
// else, which yaml.v3 resolves itself (017 is octal to it, 09 a float).
func numberTag(s string) string {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	n := digits(s)
	if n == 0 || n > 18 || n > 1 && s[0] == '0' {
		return ""
	}
	if n == len(s) {
		return "!!int"
	}
	if s[n] == '.' && n+1 < len(s) && digits(s[n+1:]) == len(s)-n-1 {
		return "!!float"
	}
	return ""
}

// plain makes a plain scalar, resolved as yaml.v3 resolves it.
func (p *fastParser) plain(text string, line, col int) *yaml.Node {
	if text == "" || text == "<<" {
		return nil
	}
	n := p.scalar(text, "!!str", 0, line, col)
	if strings.IndexByte(resolvable, text[0]) >= 0 {
		if n.Tag = numberTag(text); n.Tag == "" {
			n.Tag = n.ShortTag() // with no tag and no style, yaml.v3's own resolution
		}
	}
	return n
}

func (p *fastParser) scalar(text, tag string, style yaml.Style, line, col int) *yaml.Node {
	n := p.node(yaml.ScalarNode, tag, style, line, col)
	n.Value = text
	return n
}

func (p *fastParser) node(kind yaml.Kind, tag string, style yaml.Style, line, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, max(256, 2*cap(p.nodes)))
	}
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Tag: tag, Style: style, Line: line, Column: col})
	return &p.nodes[len(p.nodes)-1]
}

// close takes the children read since mark, and more, as a collection's
// content.
func (p *fastParser) close(mark int, more ...*yaml.Node) []*yaml.Node {
	p.kids = append(p.kids, more...)
	kids := p.kids[mark:]
	if len(kids) == 0 {
		return nil
	}
	if len(kids) > cap(p.ptrs)-len(p.ptrs) {
		p.ptrs = make([]*yaml.Node, 0, max(1024, 2*cap(p.ptrs), len(kids)))
	}
	at := len(p.ptrs)
	p.ptrs = append(p.ptrs, kids...)
	p.kids = p.kids[:mark]
	return p.ptrs[at:len(p.ptrs):len(p.ptrs)]
}

// keyEnd is where the colon of a plain key at i is, if line holds one
// there: a letter, digit or _ then letters, digits and _-./, then a colon
// and a space or the end of the line. Otherwise it is -1.
func keyEnd(line string, i int) int {
	if i == len(line) || !isWord(line[i]) {
		return -1
	}
	for j := i + 1; j < len(line); j++ {
		switch c := line[j]; {
		case isWord(c), c == '-', c == '.', c == '/':
		case c == ':' && (j+1 == len(line) || line[j+1] == ' '):
			return j
		default:
			return -1
		}
	}
	return -1
}

func isWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// plainStart tells whether a plain scalar may start at i: not with an
// indicator, except a dash that is not followed by a space.
func plainStart(line string, i int) bool {
	switch line[i] {
	case '-':
		return i+1 < len(line) && line[i+1] != ' '
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	return true
}

// quoted reads a one-line quoted scalar at i, returning its text and the
// index past its closing quote, or -1. Escapes in double quotes are left
// to yaml.v3.
func quoted(line string, i int) (string, int) {
	q := line[i]
	if q == '"' {
		for j := i + 1; j < len(line); j++ {
			switch line[j] {
			case '\\':
				return "", -1
			case '"':
				return line[i+1 : j], j + 1
			}
		}
		return "", -1
	}
	var b strings.Builder
	from := i + 1
	for j := from; j < len(line); j++ {
		if line[j] != '\'' {
			continue
		}
		if j+1 < len(line) && line[j+1] == '\'' {
			b.WriteString(line[from : j+1])
			j++
			from = j + 1
			continue
		}
		if b.Len() == 0 {
			return line[from:j], j + 1
		}
		b.WriteString(line[from:j])
		return b.String(), j + 1
	}
	return "", -1
}

// lineEnds tells whether nothing but spaces and a comment follow end.
func lineEnds(line string, end int) bool {
	s := end + spaces(line, end)
	return s == len(line) || s > end && line[s] == '#'
}

func isDash(line string, i int) bool {
	return i < len(line) && line[i] == '-' && (i+1 == len(line) || line[i+1] == ' ')
}

func isDocStart(line string) bool {
	return strings.HasPrefix(line, "---") && (len(line) == 3 || line[3] == ' ')
}

func spaces(line string, i int) int {
	n := 0
	for i+n < len(line) && line[i+n] == ' ' {
		n++
	}
	return n
}

// column is the 1-based column of byte i of line, in characters as
// yaml.v3 counts them.
func column(line string, i int) int {
	return 1 + utf8.RuneCountInString(line[:i])
}
