package mdtext

import (
	"html/template"
	"strings"
	"testing"
	"time"
)

// TestMarkdownBombs renders texts whose goldmark time grows with the
// square of their length. Before the limits, "[a](" x 20,000 took 1.6 s
// (7 s on a loaded machine) and ">" x 200,000 took 16 s (35 s); the
// schema now refuses Markdown over 10,000 characters, and md shows a text
// past the limits escaped. Each case must render in well under a second
// even at its original size, and the worst text within the limits at the
// schema's maximum too (the bound is loose for a loaded machine).
func TestMarkdownBombs(t *testing.T) {
	pad := func(s string) string { return s + strings.Repeat("a", max(0, 10000-len(s))) }
	for _, tc := range []struct {
		name, text string
		escaped    bool
	}{
		{"unclosed links, the issue's size", strings.Repeat("[a](", 20000), true},
		{"nested quotes, the issue's size", strings.Repeat(">", 200000), true},
		{"unclosed links at the limit", pad(strings.Repeat("[a](", mdMaxLinks)), false},
		{"unclosed angle links at the limit", pad(strings.Repeat("[a](<", mdMaxLinks)), false},
		{"unclosed titles at the limit", pad(strings.Repeat(`[a]("`, mdMaxLinks)), false},
		{"nested lists and quotes", strings.Repeat("1. > ", 2000), true},
		{"nested lists at the limit", pad(strings.Repeat("- > ", mdMaxNesting/2)), false},
		{"unmatched brackets", strings.Repeat("[a", 5000), true},
		{"unmatched brackets at the limit", pad(strings.Repeat("[a", mdMaxBrackets)), false},
		{"emphasis delimiters", strings.Repeat("_a", 5000), true},
		{"emphasis delimiters at the limit", pad(strings.Repeat("_a", mdMaxEmphasis)), false},
		{"a table", strings.Repeat("| a |\n", 1666), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			h := md(tc.text)
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %s", took)
			}
			if got := tooComplex(tc.text); got != tc.escaped {
				t.Errorf("past the limits: %v, want %v", got, tc.escaped)
			}
			if tc.escaped && h != template.HTML("<p>"+template.HTMLEscapeString(strings.TrimSpace(tc.text))+"</p>\n") {
				t.Errorf("not shown escaped: %.80s", h)
			}
		})
	}
	if h := md("See [the plan](https://example.com/plan) and **do it**.\n\n> quoted\n> - item"); !strings.Contains(string(h), `<a href="https://example.com/plan"`) || !strings.Contains(string(h), "<blockquote>") {
		t.Errorf("ordinary Markdown is no longer rendered: %s", h)
	}
}

// md renders Markdown without a link base.
func md(s string) template.HTML { return HTML(s, "") }
