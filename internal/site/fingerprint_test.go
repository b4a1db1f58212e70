package site

import (
	"reflect"
	"slices"
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// TestCheckInKey checks that the hand-written hash of a check-in covers
// what a page can show of it: every field but where it is written and its
// place across files, so that a field added to CheckIn or Value fails
// here until fingerprint.checkIn hashes it.
func TestCheckInKey(t *testing.T) {
	for typ, want := range map[reflect.Type][]string{
		reflect.TypeFor[okr.CheckIn](): {"Source", "KR", "Date", "Value", "Confidence", "By", "Note", "Order"},
		reflect.TypeFor[okr.Value]():   {"Num", "Bool"},
	} {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s has the fields %v, not %v: hash the new ones in fingerprint.checkIn, then list them here", typ, got, want)
		}
	}
	num := func(v float64) *float64 { return &v }
	yes := true
	base := func() *okr.CheckIn {
		return &okr.CheckIn{KR: "o/k", Date: okr.MustDate("2026-05-01"), Value: okr.Value{Num: num(3)},
			Confidence: num(0.5), By: "ann", Note: "on track", Order: 7}
	}
	key := func(c *okr.CheckIn) Key { return newFingerprint().add(c).key() }
	want := key(base())
	if key(base()) != want {
		t.Fatal("the same check-in gives two keys")
	}
	for name, change := range map[string]func(c *okr.CheckIn){
		"kr":               func(c *okr.CheckIn) { c.KR = "o/l" },
		"date":             func(c *okr.CheckIn) { c.Date = c.Date.AddDays(1) },
		"value":            func(c *okr.CheckIn) { c.Value.Num = num(4) },
		"no value":         func(c *okr.CheckIn) { c.Value.Num = nil },
		"boolean value":    func(c *okr.CheckIn) { c.Value = okr.Value{Bool: &yes} },
		"confidence":       func(c *okr.CheckIn) { c.Confidence = num(0.6) },
		"no confidence":    func(c *okr.CheckIn) { c.Confidence = nil },
		"by":               func(c *okr.CheckIn) { c.By = "bob" },
		"note":             func(c *okr.CheckIn) { c.Note = "slipping" },
		"note moved to by": func(c *okr.CheckIn) { c.By, c.Note = "ann on track", "" },
	} {
		c := base()
		change(c)
		if key(c) == want {
			t.Errorf("%s: the key did not change", name)
		}
	}
	c := base()
	c.Order = 8
	if key(c) != want {
		t.Error("order: the key changed, but pages do not show a check-in's place across files")
	}
	no := false
	c, d := base(), base()
	c.Value, d.Value = okr.Value{Bool: &yes}, okr.Value{Bool: &no}
	if key(c) == key(d) {
		t.Error("true and false give the same key")
	}
}
