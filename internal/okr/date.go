package okr

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day. The zero Date means "not given".
type Date struct{ days int32 } // days since 0001-01-01, plus one

var epoch = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// ParseDate reads YYYY-MM-DD and refuses days that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for constants in tests and examples.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf is the calendar day of t in UTC.
func DateOf(t time.Time) Date {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	// Seconds, not time.Sub: a Duration overflows after 292 years.
	return Date{int32((day.Unix()-epoch.Unix())/86400) + 1}
}

// IsZero tells whether the date was not given.
func (d Date) IsZero() bool { return d.days == 0 }

// Time is midnight UTC of the day.
// Days are counted in seconds from the epoch rather than with AddDate,
// which normalises a calendar date each call; in UTC both are the same.
func (d Date) Time() time.Time {
	return time.Unix(epoch.Unix()+int64(d.days-1)*86400, 0).UTC()
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	// Written by hand, not with Time().Format: pages print many dates
	// and Format is measurably slower. Years outside 0..9999 (never
	// parsed from YYYY-MM-DD) still go through Format.
	t := d.Time()
	y, m, day := t.Date()
	if y < 0 || y > 9999 {
		return t.Format(time.DateOnly)
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-',
		byte('0' + day/10), byte('0' + day%10),
	}
	return string(b[:])
}

// AddDays is the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.days + int32(n)} }

// Sub is the number of days from e to d.
func (d Date) Sub(e Date) int { return int(d.days - e.days) }

// Before, After and Compare order dates.
func (d Date) Before(e Date) bool { return d.days < e.days }
func (d Date) After(e Date) bool  { return d.days > e.days }
func (d Date) Compare(e Date) int {
	switch {
	case d.days < e.days:
		return -1
	case d.days > e.days:
		return 1
	}
	return 0
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts the schema's date strings. Anything else leaves
// the zero Date: the schema reports it with its place.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		return nil
	}
	if v, err := ParseDate(s); err == nil {
		*d = v
	}
	return nil
}

// Value is a check-in value: a number (metric, threshold) or a boolean.
type Value struct {
	Num  *float64
	Bool *bool
}

// IsZero tells whether no value was given.
func (v Value) IsZero() bool { return v.Num == nil && v.Bool == nil }

func (v Value) MarshalJSON() ([]byte, error) {
	switch {
	case v.Num != nil:
		return json.Marshal(*v.Num)
	case v.Bool != nil:
		return json.Marshal(*v.Bool)
	}
	return []byte("null"), nil
}

func (v *Value) UnmarshalJSON(b []byte) error {
	var x any
	if json.Unmarshal(b, &x) != nil {
		return nil
	}
	switch x := x.(type) {
	case float64:
		v.Num = &x
	case bool:
		v.Bool = &x
	}
	return nil
}
