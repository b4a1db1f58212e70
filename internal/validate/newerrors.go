package validate

import (
	"regexp"

	"github.com/okrs-dev/okrs/internal/finding"
)

var lineNumbers = regexp.MustCompile(`\blines? \d+`)

// NewErrors are the error findings of after that before does not have,
// compared without line numbers (an added entry moves the lines below it).
func NewErrors(before, after []finding.Finding) []finding.Finding {
	key := func(f finding.Finding) string {
		return f.Rule + "\x00" + f.File + "\x00" + lineNumbers.ReplaceAllString(f.Message, "#")
	}
	had := map[string]int{}
	for _, f := range before {
		if f.Severity == finding.Error {
			had[key(f)]++
		}
	}
	var out []finding.Finding
	for _, f := range after {
		if f.Severity != finding.Error {
			continue
		}
		if k := key(f); had[k] > 0 {
			had[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}
