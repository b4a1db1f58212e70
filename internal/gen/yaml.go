package gen

import (
	"math"
	"strconv"
)

// buf builds one file. Output is written by hand rather than through a
// YAML library: it is several times faster, and the generator controls
// every scalar it writes, so the only care needed is quoting free text.
type buf struct{ b []byte }

func (w *buf) s(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

func (w *buf) indent(n int) {
	for range n {
		w.b = append(w.b, ' ')
	}
}

func (w *buf) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// num writes a number with prec decimals, never as -0.
func (w *buf) num(v float64, prec int) {
	v = round(v, prec)
	if v == 0 {
		v = 0 // turns -0 into 0
	}
	w.b = strconv.AppendFloat(w.b, v, 'f', prec, 64)
}

// text writes free text as a plain scalar when YAML reads it back as the
// same string, else double-quoted. flow is for text inside {...} or [...],
// where commas and brackets end a plain scalar.
func (w *buf) text(s string, flow bool) {
	if plain(s, flow) {
		w.b = append(w.b, s...)
		return
	}
	w.b = strconv.AppendQuote(w.b, s)
}

// block writes Markdown as a literal block scalar at the given indentation.
func (w *buf) block(s string, indent int) {
	w.b = append(w.b, "|\n"...)
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '\n' {
			if i > start {
				w.indent(indent)
				w.b = append(w.b, s[start:i]...)
			}
			w.b = append(w.b, '\n')
			start = i + 1
		}
	}
}

// plain is deliberately conservative: generated text starts with a letter
// and holds no YAML indicator that could change its meaning.
func plain(s string, flow bool) bool {
	if s == "" || !isLetter(s[0]) || s[len(s)-1] == ' ' {
		return false
	}
	switch s {
	case "true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "Yes", "No", "on", "off", "On", "Off", "null", "Null", "NULL", "y", "n", "Y", "N":
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':' || c == '#' || c == '"' || c == '\\' || c == '`' || c == '\n' || c == '\t':
			return false
		case flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}'):
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

var pow10 = [...]float64{1, 10, 100, 1000, 10000}

func round(v float64, prec int) float64 {
	p := pow10[prec]
	return math.Round(v*p) / p
}
