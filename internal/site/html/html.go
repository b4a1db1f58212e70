// Package html writes HTML fragments in Go, with the escaping
// html/template applies to a value in the same place, byte for byte
// (TestEscaping holds it to that, for each place: text, a double-quoted
// attribute value, a URL attribute and the part of a URL after its
// scheme).
//
// html/template spends about a microsecond on every value it prints: a
// reflective call to each escaper of the value's context (three for a
// link), and one more for each template function. The small parts that
// pages repeat by the thousand (a state, a progress bar, a link to a
// person, a row of a check-in table) are written with a Writer and printed
// by the templates as template.HTML. Raw is only given markup written in
// Go, numbers, dates and JSON from encoding/json, never text from the data
// files.
package html

import (
	"html/template"
	"strconv"
	"strings"
)

// Writer builds a fragment.
type Writer struct{ b strings.Builder }

// Raw writes markup as it is.
func (w *Writer) Raw(s string) { w.b.WriteString(s) }

// HTML writes HTML that is safe already: another fragment, or rendered
// Markdown.
func (w *Writer) HTML(h template.HTML) { w.b.WriteString(string(h)) }

// Int writes a number.
func (w *Writer) Int(n int) { w.b.WriteString(strconv.Itoa(n)) }

// Text writes s as text or as a double-quoted attribute value, escaped as
// html/template escapes a string in either place.
func (w *Writer) Text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case 0:
			esc = "\uFFFD"
		case '"':
			esc = "&#34;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '+':
			esc = "&#43;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		w.b.WriteString(s[last:i])
		w.b.WriteString(esc)
		last = i + 1
	}
	w.b.WriteString(s[last:])
}

// Href writes s as the whole value of a double-quoted URL attribute, as
// html/template does: a URL with a scheme other than http, https and mailto
// becomes #ZgotmplZ, and the rest is percent-encoded where a URL may not
// hold the byte, then escaped for the attribute.
func (w *Writer) Href(s string) {
	if !isSafeURL(s) {
		s = "#ZgotmplZ"
	}
	w.URLPart(s)
}

// URLPart writes s as part of a URL attribute after its scheme, as in
// href="mailto:{{.}}": percent-encoded and escaped, not filtered.
func (w *Writer) URLPart(s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			w.b.WriteString("&amp;")
		case c == '+':
			w.b.WriteString("&#43;")
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0,
			c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			w.b.WriteByte(c)
		default:
			w.b.WriteByte('%')
			w.b.WriteByte(hex[c>>4])
			w.b.WriteByte(hex[c&15])
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isSafeURL is html/template's test: no scheme, or http, https or mailto.
func isSafeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// Fragment returns what w holds.
func (w *Writer) Fragment() template.HTML { return template.HTML(w.b.String()) }

// String returns what w holds as a string.
func (w *Writer) String() string { return w.b.String() }

// Grow makes room for n more bytes.
func (w *Writer) Grow(n int) { w.b.Grow(n) }
