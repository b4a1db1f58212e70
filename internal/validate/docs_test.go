package validate

import (
	"os"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/health"
)

// TestReadmeListsHealthRules keeps the documented rules and levels equal
// to the ones okrs runs.
func TestReadmeListsHealthRules(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, r := range health.Rules {
		row := "| `" + r.ID + "` | " + string(r.Default) + " | " + r.Summary + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README.md lacks the row %s", row)
		}
	}
}
