package load

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/finding"
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxFinding turns a yaml.v3 syntax error into a finding at an honest
// place. yaml.v3 reports the line where the enclosing block starts (and
// counts it from zero for some errors), not the offending line: a tab on
// line 7 comes back as "line 6". So the place is found again here: a tab
// in indentation is located directly, and any other error at the shortest
// prefix of the file that fails with the same message.
func syntaxFinding(path string, src []byte, err error) finding.Finding {
	msg := err.Error()
	reported := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		reported, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	f := finding.Finding{Pos: finding.Pos{File: path, Line: max(reported, 1), Col: 1}, Severity: finding.Error, Rule: RuleYAML}
	lines := bytes.Split(src, []byte("\n"))

	if strings.Contains(msg, "tab character") {
		if line, col := firstIndentTab(lines); line > 0 {
			f.Line, f.Col = line, col
			f.Message = "tab character in indentation; YAML indents with spaces only"
			return f
		}
	}
	if strings.Contains(msg, "control characters are not allowed") {
		if line, col, r := firstControl(src); line > 0 {
			f.Line, f.Col = line, col
			f.Message = fmt.Sprintf("control character %U is not allowed in YAML; delete it (most editors do not show it: it often comes with text pasted from elsewhere)", r)
			return f
		}
	}
	f.Message = "YAML syntax error: " + msg
	if line := shortestFailingPrefix(lines, msg); line > 0 {
		f.Line = line
		f.Col = firstNonBlank(lines[line-1])
		if what := syntaxHint(msg, lines, line); what != "" {
			f.Message += "; " + what
		}
	}
	return f
}

// syntaxHint says what to change on line (1-based) of lines, where
// yaml.v3 gave up, for the errors people make most: a colon inside a
// value, and a key or list item indented by a wrong number of spaces.
func syntaxHint(msg string, lines [][]byte, line int) string {
	cur := string(lines[line-1])
	text := strings.TrimLeft(cur, " ")
	indent := len(cur) - len(text)
	// The keys of the line above start here; a list item's after its "- ".
	above := -1
	for i := line - 2; i >= 0; i-- {
		l := string(lines[i])
		t := strings.TrimLeft(l, " ")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		above = len(l) - len(t)
		if strings.HasPrefix(t, "- ") {
			above += 2
		}
		break
	}
	switch {
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		if key, value, ok := strings.Cut(strings.TrimPrefix(text, "- "), ": "); ok && strings.Contains(value, ": ") {
			return fmt.Sprintf("the value of %s holds \": \", which YAML reads as another key; put the value in quotes: %s: \"%s\"", key, key, strings.ReplaceAll(strings.TrimSpace(value), `"`, `\"`))
		}
		return fmt.Sprintf("this line is indented deeper (%d spaces) than a key can be here, so YAML reads it as part of the value above; indent it like the keys it belongs with", indent)
	case strings.HasPrefix(msg, "did not find expected key") && strings.HasPrefix(text, "- "):
		return fmt.Sprintf("this list item (indented %d spaces) sits among the keys of a mapping; indent its \"- \" like the other items of its list, or put the list under a key", indent)
	case strings.HasPrefix(msg, "did not find expected key"), strings.HasPrefix(msg, "did not find expected '-' indicator"):
		if above >= 0 && above != indent {
			return fmt.Sprintf("this line is indented %d spaces and the keys of the line above %d; indent it like the keys it belongs with (%d spaces to belong with the line above)", indent, above, above)
		}
		return fmt.Sprintf("this line's indentation (%d spaces) matches no key above it; indent it like the keys it belongs with", indent)
	case strings.HasPrefix(msg, "did not find expected ',' or ']'"):
		return "a list opened with [ is not closed; end it with ] on the line where it starts"
	case strings.HasPrefix(msg, "did not find expected ',' or '}'"):
		return "a mapping opened with { is not closed; end it with } on the line where it starts"
	}
	return ""
}

func firstIndentTab(lines [][]byte) (line, col int) {
	for i, l := range lines {
		for j, b := range l {
			if b == '\t' {
				return i + 1, j + 1
			}
			if b != ' ' {
				break
			}
		}
	}
	return 0, 0
}

func firstNonBlank(l []byte) int {
	for j, b := range l {
		if b != ' ' && b != '\t' {
			return j + 1
		}
	}
	return 1
}

// shortestFailingPrefix finds the smallest k such that the first k lines
// fail to parse with the same message; that k-th line is where the parser
// gave up. It bisects, so an error costs a few extra parses of one file.
func shortestFailingPrefix(lines [][]byte, msg string) int {
	fails := func(k int) bool {
		src := bytes.Join(lines[:k], []byte("\n"))
		dec := yaml.NewDecoder(bytes.NewReader(src))
		for {
			var n yaml.Node
			err := dec.Decode(&n)
			if err == io.EOF {
				return false
			}
			if err != nil {
				m := yamlLine.ReplaceAllString(err.Error(), "")
				return strings.TrimPrefix(m, "yaml: ") == msg
			}
		}
	}
	k := sort.Search(len(lines)+1, fails)
	if k > len(lines) || k == 0 {
		return 0
	}
	return k
}

// firstControl finds the first character YAML does not allow in a file
// (yaml.v3 says only that there is one) and its line and column, counted
// in characters as yaml.v3 counts them. src is valid UTF-8.
func firstControl(src []byte) (line, col int, r rune) {
	line, col = 1, 1
	for _, r := range string(src) {
		switch {
		case r == '\n':
			line, col = line+1, 1
			continue
		case r == '\t', r == '\r', 0x20 <= r && r <= 0x7e, r == 0x85, 0xa0 <= r && r <= 0xd7ff,
			0xe000 <= r && r <= 0xfffd, 0x10000 <= r && r <= 0x10ffff:
		default:
			return line, col, r
		}
		col++
	}
	return 0, 0, 0
}
