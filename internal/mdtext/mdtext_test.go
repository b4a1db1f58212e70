package mdtext

import "testing"

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"Grow revenue": "Grow revenue",
		"[Ensure enterprise grade readiness](/handbook/ceo/#e)":               "Ensure enterprise grade readiness",
		"Make [GitLab.com](https://gitlab.example.com) **boringly** reliable": "Make GitLab.com boringly reliable",
		"Raise `MR` throughput":             "Raise MR throughput",
		"Grow usage of the *whole* product": "Grow usage of the whole product",
		"Cut ~~costs~~ waste":               "Cut costs waste",
		"Ship 1\\*2 and AT&amp;T":           "Ship 1*2 and AT&T",
		"See https://example.com now":       "See https://example.com now",
		"<b>bold</b> words":                 "<b>bold</b> words",
		"  two\nlines ":                     "two lines",
		"<script>x()</script> Ship it":      "<script>x()</script> Ship it",
		"# Not a heading":                   "# Not a heading",
		"50% of p95 < 400 ms":               "50% of p95 < 400 ms",
	} {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
}
