package load

import (
	"bytes"
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
	f.Message = "YAML syntax error: " + msg
	if line := shortestFailingPrefix(lines, msg); line > 0 {
		f.Line = line
		f.Col = firstNonBlank(lines[line-1])
	}
	return f
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
