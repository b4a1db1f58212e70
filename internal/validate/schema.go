package validate

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/schema"
)

// RuleSchema is the rule id of every schema finding.
const RuleSchema = "schema"

// checkSchema validates one document and places every problem the schema
// reports at the key or value in the file it is about. It also returns the
// JSON pointer of every problem: later stages leave out what they touch.
func checkSchema(d *load.Document) ([]finding.Finding, []string) {
	problems, err := schema.ValidateTree(schema.Document(d))
	if err != nil {
		return []finding.Finding{{Pos: d.Start(), Severity: finding.Error, Rule: RuleSchema, Message: err.Error()}}, []string{""}
	}
	out := make([]finding.Finding, 0, len(problems))
	var pointers []string
	for _, p := range problems {
		pointers = append(pointers, p.Pointer)
	}
	meant := typos(problems)
	problems = mostSpecificType(problems)
	for _, p := range problems {
		if p.Keyword == "required" && meant[p.Pointer+"\x00"+missingName(p.Message)] {
			continue // the misspelt field next to it is the one error to report
		}
		pos := d.Pos(p.Pointer)
		if p.Key {
			pos = d.KeyPos(p.Pointer)
		}
		out = append(out, finding.Finding{Pos: pos, Severity: finding.Error, Rule: RuleSchema, Message: message(d, p)})
	}
	return out, pointers
}

// message names the field a problem is about and, where YAML read a plain
// value as a number or boolean but text was expected, says to quote it.
func message(d *load.Document, p schema.Problem) string {
	field := finding.Cut(fieldName(p.Pointer))
	if p.Key && strings.HasPrefix(p.Message, "unknown field") {
		if where := misplaced(d, p.Pointer); where != "" {
			return fmt.Sprintf("unknown field %q here: %s", field, where)
		}
	}
	switch {
	case p.Keyword == "type" && strings.HasSuffix(p.Message, "but got null") || p.Keyword == "type" && strings.Contains(p.Message, "but got null:"):
		return fmt.Sprintf("%s is empty; give it a value or remove the line", field)
	case p.Keyword == "type":
		if lit := finding.Cut(d.Literal(p.Pointer)); lit != "" && strings.HasPrefix(p.Message, "expected string") {
			return fmt.Sprintf("%s: YAML reads %s as %s, but text is expected; quote it: '%s'", field, lit, yamlTypeName(lit), lit)
		}
		if m := libType.FindStringSubmatch(p.Message); m != nil {
			found := article(m[2])
			if v, ok := scalar(d, p.Pointer); ok {
				found = v
			}
			msg := fmt.Sprintf("%s: expected %s, found %s", field, articles(m[1]), found)
			if hint := strings.TrimPrefix(p.Message[len(m[0]):], ": "); hint != "" && !strings.HasPrefix(hint, "an id is") {
				msg += "; " + hint
			}
			return msg
		}
	case p.Key && !strings.Contains(p.Message, fmt.Sprintf("%q", field)):
		return fmt.Sprintf("%q: %s", field, p.Message)
	case p.Key || p.Keyword == "required":
		return p.Message // these already name the field
	}
	if p.Pointer == "" {
		return p.Message
	}
	if v, ok := scalar(d, p.Pointer); ok && p.Keyword != "type" {
		return fmt.Sprintf("%s %s: %s", field, v, p.Message)
	}
	return fmt.Sprintf("%s: %s", field, p.Message)
}

// fieldName is the last name in a pointer, skipping list indexes, with
// the index kept for context: "check_ins[2].value" reads better than "value".
func fieldName(ptr string) string {
	toks := load.SplitPointer(ptr)
	if len(toks) == 0 {
		return "document"
	}
	last := toks[len(toks)-1]
	if isIndex(last) && len(toks) > 1 {
		return fmt.Sprintf("%s[%s]", toks[len(toks)-2], last)
	}
	return last
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func yamlTypeName(lit string) string {
	switch strings.ToLower(lit) {
	case "true", "false":
		return "a boolean"
	case "null", "~", "":
		return "null"
	}
	if _, err := json.Number(lit).Float64(); err == nil || strings.ContainsAny(lit, "0123456789") {
		return "a number"
	}
	return "a non-text value"
}

// scalar is the value at ptr as the user wrote it, when it is a scalar.
func scalar(d *load.Document, ptr string) (string, bool) {
	if lit := finding.Cut(d.Literal(ptr)); lit != "" {
		return lit, true
	}
	// Only the value itself: a file of thousands of wrong values asks for
	// each of them.
	n, ok := d.Find(ptr)
	if !ok {
		return "", false
	}
	v := d.JSON(n)
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", finding.Cut(v)), true
	case json.Number:
		return finding.Cut(v.String()), true
	case bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

var (
	libType     = regexp.MustCompile(`^expected (.+?), but got (\w+)`)
	unknownTypo = regexp.MustCompile(`^unknown field "(.*)" \(did you mean "(.*)"\?\)`)
	missing     = regexp.MustCompile(`^missing required field "(.*?)"`)
)

// typos finds unknown fields that are a likely misspelling of a field the
// object lacks, keyed by the object's pointer and the meant name.
func typos(problems []schema.Problem) map[string]bool {
	meant := map[string]bool{}
	for _, p := range problems {
		if m := unknownTypo.FindStringSubmatch(p.Message); m != nil && p.Key {
			parent := p.Pointer[:strings.LastIndex(p.Pointer, "/")]
			meant[parent+"\x00"+m[2]] = true
		}
	}
	return meant
}

func missingName(msg string) string {
	if m := missing.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// article names a JSON type the way a YAML author thinks of it.
func article(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "string":
		return "text"
	case "number":
		return "a number"
	case "integer":
		return "a whole number"
	case "boolean":
		return "true or false"
	case "null":
		return "nothing"
	}
	return t
}

func articles(list string) string {
	parts := strings.Split(list, " or ")
	for i, p := range parts {
		parts[i] = article(p)
	}
	return strings.Join(parts, " or ")
}

// mostSpecificType keeps one type error per value: a check-in value is
// checked as "a number or a boolean" and again as its key result's type
// demands, and only the second says what to write.
func mostSpecificType(problems []schema.Problem) []schema.Problem {
	best := map[string]int{}
	for i, p := range problems {
		if p.Keyword != "type" {
			continue
		}
		if j, ok := best[p.Pointer]; !ok || len(p.Message) > len(problems[j].Message) {
			best[p.Pointer] = i
		}
	}
	out := problems[:0:0]
	for i, p := range problems {
		if p.Keyword == "type" && best[p.Pointer] != i {
			continue
		}
		out = append(out, p)
	}
	return out
}
