package html

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// Each way Writer writes a value escapes it as html/template would in the
// same place: text, a double-quoted attribute, a URL attribute, and a URL
// after its scheme; for hostile payloads, URLs of every scheme and every
// byte.
func TestEscaping(t *testing.T) {
	inputs := []string{
		"", "plain text", "a+b & 'c' \"d\" <e> \x00 é — \u2028 %41 %zz %4 \xff\xfe",
		`</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`,
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
		write      func(w *Writer, s string)
	}{
		{"text", `<p>{{.}}</p>`, func(w *Writer, s string) { w.Raw(`<p>`); w.Text(s); w.Raw(`</p>`) }},
		{"attribute", `<p title="{{.}}">`, func(w *Writer, s string) { w.Raw(`<p title="`); w.Text(s); w.Raw(`">`) }},
		{"url", `<a href="{{.}}">`, func(w *Writer, s string) { w.Raw(`<a href="`); w.Href(s); w.Raw(`">`) }},
		{"url after its scheme", `<a href="mailto:{{.}}">`, func(w *Writer, s string) { w.Raw(`<a href="mailto:`); w.URLPart(s); w.Raw(`">`) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New(tc.name).Parse(tc.tmpl))
			for _, in := range inputs {
				var want bytes.Buffer
				if err := tmpl.Execute(&want, in); err != nil {
					t.Fatal(err)
				}
				var w Writer
				tc.write(&w, in)
				if got := string(w.Fragment()); got != want.String() {
					t.Errorf("%q:\n got %q\nwant %q", in, got, want.String())
				}
			}
		})
	}
}
