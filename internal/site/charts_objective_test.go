package site

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// jsonWriter writes strings and numbers as encoding/json does, so that the
// options of objective charts are the JSON the other charts get.
func TestJSONWriter(t *testing.T) {
	var all strings.Builder
	for b := range 256 {
		all.WriteByte(byte(b))
	}
	for _, s := range []string{
		"", "Check-ins", payload, all.String(), "k€ → 1 057 k€", "a\u2028b\u2029c", "\xed\xa0\x80", "tab\tnew\nline\r\b\f\\\"",
	} {
		want, _ := json.Marshal(s)
		var j jsonWriter
		j.str(s)
		if j.b.String() != string(want) {
			t.Errorf("str(%q) = %s, want %s", s, j.b.String(), want)
		}
	}
	for _, f := range []float64{
		0, 1, -1, 0.1, 2.5, 99.9, 1057, 1e-6, 1e-7, -3.2e-9, 123456789, 1e20, 1e21, 1.5e300, math.SmallestNonzeroFloat64, math.MaxFloat64, 1.0 / 3,
	} {
		want, _ := json.Marshal(f)
		var j jsonWriter
		j.num(f)
		if j.b.String() != string(want) {
			t.Errorf("num(%v) = %s, want %s", f, j.b.String(), want)
		}
	}
}
