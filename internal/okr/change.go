package okr

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Kinds of a key result's change.
const (
	ChangeBy      = "by"      // a number added to the start: 0.25, -5
	ChangePercent = "percent" // a percentage of the start: +3%, -20%
	ChangeFactor  = "factor"  // a multiple of the start: x2
)

// Change is a metric key result's target relative to its start, as
// people write it ("increase by 3%", "double it"): a number, a percentage
// or a factor. The zero Change is none.
type Change struct {
	Text   string  // as written: 0.25, +3%, x2
	Number bool    // written as a number, not as text
	Kind   string  // ChangeBy, ChangePercent, ChangeFactor; "" when the text is not one (the schema says why)
	Amount float64 // the number, the percentage (3 for +3%) or the factor
}

// IsZero tells whether no change was given.
func (c Change) IsZero() bool { return c.Text == "" }

// Target is the target the change makes of a start; ok is false when the
// change is unreadable.
func (c Change) Target(start float64) (target float64, ok bool) {
	switch c.Kind {
	case ChangeBy:
		return start + c.Amount, true
	case ChangePercent:
		return start + start*c.Amount/100, true
	case ChangeFactor:
		return start * c.Amount, true
	}
	return 0, false
}

// ParseChange reads a change written as text: +3%, -20%, x2, or a number
// in quotes. An unreadable text gives a Change with no Kind.
func ParseChange(s string) Change {
	c := Change{Text: s}
	t := strings.TrimSpace(s)
	kind := ChangeBy
	switch {
	case strings.HasSuffix(t, "%"):
		kind, t = ChangePercent, strings.TrimSuffix(t, "%")
	case strings.HasPrefix(t, "x"):
		kind, t = ChangeFactor, strings.TrimPrefix(t, "x")
		if t == "" || t[0] == '+' || t[0] == '-' {
			return c
		}
	}
	if t == "" || strings.ContainsAny(t, "eEnN_") { // no exponents, NaN, Inf or 1_000
		return c
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return c
	}
	c.Kind, c.Amount = kind, f
	return c
}

// numberChange is a change written as a number.
func numberChange(text string) Change {
	c := Change{Text: text, Number: true}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		c.Kind, c.Amount = ChangeBy, f
	}
	return c
}

func (c *Change) UnmarshalJSON(b []byte) error {
	var x any
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if d.Decode(&x) != nil {
		return nil
	}
	switch x := x.(type) {
	case json.Number:
		*c = numberChange(string(x))
	case string:
		*c = ParseChange(x)
	}
	return nil
}
