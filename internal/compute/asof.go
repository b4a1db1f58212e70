package compute

import (
	"fmt"
	"strconv"
	"time"

	"github.com/okrs-dev/okrs/internal/okr"
)

// The seconds of SOURCE_DATE_EPOCH that make a date of the years 1 to 9999.
var (
	minEpoch = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxEpoch = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// AsOf resolves the as-of date: the --as-of flag when given, else
// SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC, as reproducible builds
// set it), else the day of now in UTC. A flag or variable that does not
// parse is an error, not a silent fallback to today: that would make the
// output depend on the day it ran.
func AsOf(flag string, getenv func(string) string, now time.Time) (okr.Date, error) {
	if flag != "" {
		d, err := okr.ParseDate(flag)
		if err != nil {
			return okr.Date{}, fmt.Errorf("--as-of: %w", err)
		}
		return d, nil
	}
	if getenv != nil {
		if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
			sec, err := strconv.ParseInt(s, 10, 64)
			if err != nil || sec < minEpoch || sec >= maxEpoch {
				return okr.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH: %q is not a whole number of seconds since 1970-01-01", s)
			}
			return okr.DateOf(time.Unix(sec, 0)), nil
		}
	}
	return okr.DateOf(now), nil
}
