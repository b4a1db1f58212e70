package compute

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAsOf(t *testing.T) {
	epoch := func(y int, m time.Month, d, h int) string {
		return strconv.FormatInt(time.Date(y, m, d, h, 0, 0, 0, time.UTC).Unix(), 10)
	}
	now := time.Date(2026, 5, 15, 23, 30, 0, 0, time.FixedZone("UTC-3", -3*60*60)) // 2026-05-16 in UTC
	tests := []struct {
		name    string
		flag    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{name: "the flag", flag: "2026-02-15", want: "2026-02-15"},
		{name: "the flag wins over SOURCE_DATE_EPOCH", flag: "2026-02-15",
			env: map[string]string{"SOURCE_DATE_EPOCH": epoch(2026, 3, 1, 0)}, want: "2026-02-15"},
		{name: "a day that does not exist", flag: "2026-02-30", wantErr: `--as-of: "2026-02-30" is not a date`},
		{name: "not a date", flag: "15.05.2026", wantErr: `--as-of: "15.05.2026" is not a date of the form YYYY-MM-DD`},
		{name: "SOURCE_DATE_EPOCH", env: map[string]string{"SOURCE_DATE_EPOCH": epoch(2026, 3, 1, 23)}, want: "2026-03-01"},
		{name: "SOURCE_DATE_EPOCH before 1970", env: map[string]string{"SOURCE_DATE_EPOCH": "-86400"}, want: "1969-12-31"},
		{name: "SOURCE_DATE_EPOCH not an integer", env: map[string]string{"SOURCE_DATE_EPOCH": "1.5e9"},
			wantErr: `SOURCE_DATE_EPOCH: "1.5e9" is not a whole number of seconds`},
		{name: "SOURCE_DATE_EPOCH out of range", env: map[string]string{"SOURCE_DATE_EPOCH": "999999999999999"},
			wantErr: `SOURCE_DATE_EPOCH: "999999999999999" is not`},
		{name: "empty SOURCE_DATE_EPOCH: now", env: map[string]string{"SOURCE_DATE_EPOCH": ""}, want: "2026-05-16"},
		{name: "now, in UTC", want: "2026-05-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AsOf(tt.flag, func(k string) string { return tt.env[k] }, now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("AsOf error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Errorf("AsOf = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
	t.Run("no getenv", func(t *testing.T) {
		if got, err := AsOf("", nil, now); err != nil || got.String() != "2026-05-16" {
			t.Errorf("AsOf = %s, %v; want 2026-05-16", got, err)
		}
	})
}
