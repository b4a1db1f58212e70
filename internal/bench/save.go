package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/okrs-dev/okrs/internal/okr"
)

// checkInValue is a check-in value as the generator writes it.
var checkInValue = regexp.MustCompile(`value: -?[0-9]+(\.[0-9]+)?`)

// SavedFile picks the file that the save benchmarks edit, as a person
// checking in would: the first data file of the cycle running on asOf
// (the generator names cycle folders YYYY-Qn) that has a check-in value.
func SavedFile(paths []string, asOf okr.Date) (int, []byte, error) {
	t := asOf.Time()
	cycle := fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
	for i, p := range paths {
		if filepath.Base(filepath.Dir(p)) != cycle {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return 0, nil, err
		}
		if checkInValue.Match(src) {
			return i, src, nil
		}
	}
	return 0, nil, fmt.Errorf("no file of cycle %s has a check-in value", cycle)
}

// Save returns src with its first check-in value changed to n.5: a
// one-line edit that changes the numbers of one key result. Saves with
// different n differ.
func Save(src []byte, n int) []byte {
	at := checkInValue.FindIndex(src)
	if at == nil {
		return src
	}
	return slices.Concat(src[:at[0]], fmt.Appendf(nil, "value: %d.5", n), src[at[1]:])
}
