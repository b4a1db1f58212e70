package okr

import (
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"0001-01-01", "1970-01-01", "2026-02-28", "2028-02-29", "9999-12-31"} {
		d := MustDate(s)
		if d.IsZero() || d.String() != s {
			t.Errorf("%s: got %q (zero %v)", s, d, d.IsZero())
		}
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("2026-02-30 parsed")
	}
	a, b := MustDate("2026-01-01"), MustDate("2026-03-01")
	if got := b.Sub(a); got != 59 {
		t.Errorf("days from Jan 1 to Mar 1 2026: %d, want 59", got)
	}
	if got := DateOf(time.Date(2026, 5, 27, 23, 59, 0, 0, time.FixedZone("x", -3600))); got.String() != "2026-05-28" {
		t.Errorf("DateOf takes the UTC day: got %s", got)
	}
}

// TestDateStringAndTime checks the hand-written String and Time against
// the time package over years 1 to 10100 (past 9999, String falls back to
// Format).
func TestDateStringAndTime(t *testing.T) {
	for n := int32(1); n < 3_690_000; n += 7 {
		d := Date{n}
		want := epoch.AddDate(0, 0, int(n-1))
		if got := d.Time(); !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("Date{%d}.Time() = %v, want %v", n, got, want)
		}
		if got := d.String(); got != want.Format(time.DateOnly) {
			t.Fatalf("Date{%d}.String() = %q, want %q", n, got, want.Format(time.DateOnly))
		}
	}
}
