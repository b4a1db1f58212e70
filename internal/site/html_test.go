package site

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// The fragments of html.go escape as html/template would in the same
// place, for the payloads of the other tests and every byte.
func TestFragmentEscaping(t *testing.T) {
	inputs := []string{
		"", "plain text", payload, "a+b & 'c' \"d\" <e> \x00 é — \u2028 %41 %zz %4 \xff\xfe",
		"javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "vbscript:x", "data:text/html,x",
		"http://x.example/?a=1&b=2#f", "HTTPS://x", "mailto:a@b.c", "tel:123", "a/b:c", "a:b/c", "../x/y.html#kr-a\"b",
		"people/index.html#person-a b", "#frag", "?q=1", "x%", "%2G", "%2f%2F",
	}
	var all strings.Builder
	for b := range 256 {
		all.WriteByte(byte(b))
	}
	inputs = append(inputs, all.String())
	for _, tc := range []struct {
		name, tmpl string
		write      func(w *htmlWriter, s string)
	}{
		{"text", `{{.}}`, (*htmlWriter).text},
		{"attribute", `<p title="{{.}}">`, func(w *htmlWriter, s string) { w.raw(`<p title="`); w.text(s); w.raw(`">`) }},
		{"href", `<a href="{{.}}">`, func(w *htmlWriter, s string) { w.raw(`<a href="`); w.href(s); w.raw(`">`) }},
		{"mailto", `<a href="mailto:{{.}}">`, func(w *htmlWriter, s string) { w.raw(`<a href="mailto:`); w.urlPart(s); w.raw(`">`) }},
	} {
		tmpl := template.Must(template.New(tc.name).Parse(tc.tmpl))
		for _, in := range inputs {
			var want bytes.Buffer
			if err := tmpl.Execute(&want, in); err != nil {
				t.Fatal(err)
			}
			var w htmlWriter
			tc.write(&w, in)
			if got := string(w.fragment()); got != want.String() {
				t.Errorf("%s of %q:\n got %q\nwant %q", tc.name, in, got, want.String())
			}
		}
	}
}
