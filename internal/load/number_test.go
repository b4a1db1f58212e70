package load

import (
	"regexp"
	"testing"
)

// The number checks say what these regular expressions say; they are
// written out because they run for every number of every file.
var (
	decimalIntRE = regexp.MustCompile(`^[-+]?[0-9]+$`)
	jsonNumberRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
)

func TestNumberChecks(t *testing.T) {
	cases := []string{"", "0", "00", "-0", "+0", "7", "017", "-12", "+12", "1.5", "0.5", "-0.5",
		"01.5", "1.", ".5", "1e5", "1E+5", "1e-5", "1.5e3", "1e", "1e+", "--1", "-", "+", "1_000",
		"0x1F", "1.2.3", "١", "1 ", " 1", "NaN", "-Inf", "1e05", "0e0", "9999999999999999999999"}
	check := func(s string) {
		if got, want := isDecimalInt(s), decimalIntRE.MatchString(s); got != want {
			t.Errorf("isDecimalInt(%q) = %v, want %v", s, got, want)
		}
		if got, want := isJSONNumber(s), jsonNumberRE.MatchString(s); got != want {
			t.Errorf("isJSONNumber(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range cases {
		check(s)
	}
	// Every string of up to four characters from the ones that matter.
	const alphabet = "0123-+.eE_x "
	var walk func(prefix string)
	walk = func(prefix string) {
		check(prefix)
		if len(prefix) == 4 {
			return
		}
		for i := range len(alphabet) {
			walk(prefix + alphabet[i:i+1])
		}
	}
	walk("")
}
