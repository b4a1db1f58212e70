package mdtext

import (
	"bytes"
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct {
		name, in   string
		want, deny []string
	}{
		{name: "bold", in: "**x**", want: []string{"<strong>x</strong>"}},
		{name: "raw html", in: "<script>alert(1)</script>", deny: []string{"<script"}},
		{name: "javascript link", in: "[x](javascript:alert(1))", want: []string{"x"}, deny: []string{"href", "javascript"}},
		{name: "entity scheme", in: "[x](&#106;avascript:alert(1))", deny: []string{"href"}},
		{name: "tab in scheme", in: "[x](java\tscript:alert(1))", deny: []string{`href="java`}},
		{name: "data link", in: "[x](data:text/html;base64,PHNjcmlwdD4=)", deny: []string{"href"}},
		{name: "vbscript link", in: "[x](VBScript:msgbox)", deny: []string{"href"}},
		{name: "autolink", in: "<javascript:alert(1)>", deny: []string{"href"}},
		{name: "web link", in: "[x](https://example.com/a?b=1)", want: []string{`href="https://example.com/a?b=1"`}},
		{name: "relative link", in: "[x](../index.html)", want: []string{`href="../index.html"`}},
		{name: "mail", in: "<a@example.com>", want: []string{`href="mailto:a@example.com"`}},
		{name: "image becomes a link", in: "![chart](https://tracker.example/p.png)", want: []string{`<a href="https://tracker.example/p.png">chart</a>`}, deny: []string{"<img"}},
		{name: "data image dropped", in: "![x](data:image/png;base64,AAAA)", deny: []string{"<img", "data:"}},
		{name: "headings start at h3", in: "# Big", want: []string{"<h3>Big</h3>"}},
		{name: "table", in: "| a |\n| - |\n| 1 |", want: []string{"<table>", "<td>1</td>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(md(tc.in))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("md(%q) = %q, want it to contain %q", tc.in, got, w)
				}
			}
			for _, d := range tc.deny {
				if strings.Contains(strings.ToLower(got), strings.ToLower(d)) {
					t.Errorf("md(%q) = %q, must not contain %q", tc.in, got, d)
				}
			}
		})
	}
}

// The shortcut for plain notes gives exactly what goldmark gives.
func TestPlainMarkdown(t *testing.T) {
	for _, s := range []string{
		"Beta is live", "Moved to Q3 after the redesign.", "p95 down to 780 ms; pooling next (about 100 ms)",
		"Partner confirmed the API slips to Q2 2027. Proposing to drop.", "50% done, 3/4 teams", "it's fine",
		"1. not plain", "- not plain", "see www.example.com", "a  b", "x.", "A-B c-d", "end:", "rate 0.5",
	} {
		var buf bytes.Buffer
		if err := markdown.Convert([]byte(s), &buf); err != nil {
			t.Fatal(err)
		}
		if NoMarkup(s) && string(md(s)) != buf.String() {
			t.Errorf("md(%q) = %q, goldmark gives %q", s, md(s), buf.String())
		}
	}
	for _, s := range []string{"Beta is live", "Moved to Q3 after the redesign.", "50% done, 3/4 teams"} {
		if !NoMarkup(s) {
			t.Errorf("NoMarkup(%q) = false; the shortcut is never taken", s)
		}
	}
}
