package compute

import (
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// TestChangesOf checks the "what changed" list against a week of a
// quarter written out by hand: one key result moves, one is finished, one
// is forgotten, and a dropped objective moves but is left out.
func TestChangesOf(t *testing.T) {
	org := &okr.Organization{Cycles: []*okr.Cycle{q1()}}
	grow := objective("grow",
		metric("signups", 0, 100, ci("2026-02-02", num(20), 0.5), ci("2026-02-10", num(50), 0.8)),
		boolean("launch", ci("2026-02-09", yes(true), -1)),
	)
	quiet := objective("quiet", metric("tickets", 10, 0, ci("2026-01-20", num(8), 0.8)))
	gone := objective("gone", metric("x", 0, 10, ci("2026-02-10", num(5), -1)))
	gone.Status, gone.Reason = okr.StatusDropped, "no longer needed"
	m := model(org, doc("web", "2026-Q1", grow, quiet, gone))
	r := ComputeSince(m, day("2026-02-12"), day("2026-02-05"))
	ch := r.ChangesOf(r.Cycle("2026-Q1").Objectives)

	if ch.Since != day("2026-02-05") || ch.AsOf != day("2026-02-12") {
		t.Errorf("dates = %s, %s", ch.Since, ch.AsOf)
	}
	if ch.CheckIns != 2 {
		t.Errorf("CheckIns = %d, want 2 (2026-02-09 and 2026-02-10; not the dropped objective's)", ch.CheckIns)
	}
	type row struct {
		what  string
		delta float64
	}
	var moved []row
	for _, c := range ch.Moved {
		what := c.Objective.ID
		if c.KeyResult != nil {
			what += "/" + c.KeyResult.ID
		}
		moved = append(moved, row{what, c.Delta})
	}
	// launch: 0 -> 1; grow: (0.2 + 0) / 2 -> (0.5 + 1) / 2; signups: 0.2 -> 0.5.
	want := []row{{"grow/launch", 1}, {"grow", 0.65}, {"grow/signups", 0.3}}
	if len(moved) != len(want) {
		t.Fatalf("Moved = %v, want %v", moved, want)
	}
	for i := range want {
		if moved[i].what != want[i].what || !near(moved[i].delta, want[i].delta) {
			t.Errorf("Moved[%d] = %v, want %v", i, moved[i], want[i])
		}
	}
	if len(ch.Done) != 1 || ch.Done[0].KeyResult == nil || ch.Done[0].KeyResult.ID != "launch" {
		t.Errorf("Done = %v, want the launch key result", ch.Done)
	}
	// tickets' last check-in is 2026-01-20: stale after 14 days, so on
	// 2026-02-05 already; nothing went stale this week.
	if len(ch.Stale) != 0 {
		t.Errorf("Stale = %v, want none", ch.Stale)
	}
	if len(ch.States) != 1 || ch.States[0].Objective.ID != "grow" || ch.States[0].From != StateStale || ch.States[0].To != StateOnTrack {
		t.Errorf("States = %+v, want grow stale -> on-track (launch had no check-in for 35 days)", ch.States)
	}

	// A week later quiet is still stale and grow went stale.
	r = ComputeSince(m, day("2026-02-26"), day("2026-02-19"))
	ch = r.ChangesOf(r.Cycle("2026-Q1").Objectives)
	var stale []string
	for _, c := range ch.Stale {
		s := c.Objective.ID
		if c.KeyResult != nil {
			s += "/" + c.KeyResult.ID
		}
		stale = append(stale, s)
	}
	if len(stale) != 2 || stale[0] != "grow" || stale[1] != "grow/signups" {
		t.Errorf("Stale = %v, want [grow grow/signups]", stale)
	}

	// Without a comparison date nothing moved.
	if ch := Compute(m, day("2026-02-12")).ChangesOf(nil); !ch.Empty() {
		t.Errorf("Changes without ComputeSince = %+v, want empty", ch)
	}
}
