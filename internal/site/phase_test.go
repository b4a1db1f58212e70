package site

import (
	"regexp"
	"strings"
	"testing"
)

// TestStateByPhase checks what the roadmap says of an objective in each
// phase of its cycle, on the sample organization: an ended cycle shows the
// grade band, a running one the live state, one not started yet no state
// at all (an "on track" at 0 % before the start would say nothing).
func TestStateByPhase(t *testing.T) {
	files := render(t, fixture(t, "../../okrs", "2026-11-20"), Options{})
	b, ok := files.Get("roadmap/index.html")
	if !ok {
		t.Fatal("no roadmap/index.html")
	}
	page := string(b)
	cell := func(title string) string {
		t.Helper()
		i := strings.Index(page, title)
		if i < 0 {
			t.Fatalf("roadmap has no objective %q", title)
		}
		start := strings.LastIndex(page[:i], "<li")
		return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(page[start:i], "")
	}
	for title, want := range map[string]string{
		"Make payments boringly reliable":      "Green graded 1", // 2026-Q3, ended
		"Be the most reliable way to get paid": "On track",       // 2026-Q4, running
		"Catch fraud with a model, not rules":  "Not started",    // 2027-Q1, upcoming
	} {
		if got := cell(title); !strings.Contains(got, want) {
			t.Errorf("%q: roadmap cell says %q, want %q", title, strings.TrimSpace(got), want)
		}
	}
}
