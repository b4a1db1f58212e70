package compute

import (
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// TestConfidenceMismatch: on 2026-02-15, 45 of q1's 89 days have passed
// (expected 0.506), so progress below 0.256 with a confidence of at least
// 0.7 is "green but behind".
func TestConfidenceMismatch(t *testing.T) {
	two := func(value float64, conf float64) []*okr.CheckIn {
		return []*okr.CheckIn{ci("2026-02-01", num(value/2), 0.9), ci("2026-02-10", num(value), conf)}
	}
	tests := []struct {
		name string
		kr   *okr.KeyResult
		asOf string
		want bool
	}{
		{"on-track confidence, far behind", metric("k", 0, 100, two(25, 0.7)...), "2026-02-15", true},
		{"just within 0.25 of expected", metric("k", 0, 100, two(26, 0.7)...), "2026-02-15", false},
		{"confidence below the on-track band", metric("k", 0, 100, two(10, 0.69)...), "2026-02-15", false},
		{"lower is better works the same", metric("k", 100, 0, ci("2026-02-01", num(95), 0.8), ci("2026-02-10", num(90), 0.8)), "2026-02-15", true},
		{"a first check-in is a baseline", metric("k", 0, 100, ci("2026-02-10", num(0), 0.9)), "2026-02-15", false},
		{"the latest confidence counts, not an earlier one", metric("k", 0, 100, ci("2026-02-01", num(5), 0.9), ci("2026-02-10", num(10), 0.5)), "2026-02-15", false},
		{"without a confidence there is nothing to mismatch", metric("k", 0, 100, ci("2026-02-01", num(5), -1), ci("2026-02-10", num(10), -1)), "2026-02-15", false},
		{"milestones lag too", withCheckIns(milestone("k",
			&okr.Milestone{Title: "a", Done: day("2026-01-20")},
			&okr.Milestone{Title: "b"}, &okr.Milestone{Title: "c"}, &okr.Milestone{Title: "d"}),
			ci("2026-01-20", okr.Value{}, 0.8), ci("2026-02-10", okr.Value{}, 0.8)), "2026-02-15", true},
		{"a boolean is at 0 until it is met", boolean("k", ci("2026-02-01", yes(false), 0.9), ci("2026-02-10", yes(false), 0.9)), "2026-02-15", false},
		{"a threshold is at 0 until it is kept", threshold("k", "above", 99.9, ci("2026-02-01", num(99), 0.9), ci("2026-02-10", num(99.5), 0.9)), "2026-02-15", false},
		{"start equal to target has no progress to lag", metric("k", 5, 5, two(5, 0.9)...), "2026-02-15", false},
		{"an ended cycle is for grades", metric("k", 0, 100, two(10, 0.9)...), "2026-04-15", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := one(t, tt.kr, tt.asOf).ConfidenceMismatch; got != tt.want {
				t.Errorf("ConfidenceMismatch = %v, want %v", got, tt.want)
			}
		})
	}
}

func withCheckIns(kr *okr.KeyResult, checkIns ...*okr.CheckIn) *okr.KeyResult {
	kr.CheckIns = checkIns
	return kr
}

// TestSandbagged: a team whose aspirational objectives of an ended cycle
// all reached 1.0 was not stretching.
func TestSandbagged(t *testing.T) {
	graded := func(id, commitment, status string, grade float64) *okr.Objective {
		o := objective(id, metric("k", 0, 100, ci("2026-03-20", num(20), -1)))
		o.Commitment, o.Status, o.Grade = commitment, status, f(grade)
		return o
	}
	full := func(id string) *okr.Objective { // graded 1.0 by its progress at the cycle's end
		return objective(id, metric("k", 0, 100, ci("2026-03-20", num(120), -1)))
	}
	tests := []struct {
		name       string
		objectives []*okr.Objective
		asOf       string
		want       bool
	}{
		{"every aspirational objective at 1.0", []*okr.Objective{graded("a", okr.Aspirational, "", 1), full("b")}, "2026-04-10", true},
		{"aspirational is the default commitment", []*okr.Objective{full("a")}, "2026-04-10", true},
		{"one fell short", []*okr.Objective{graded("a", okr.Aspirational, "", 1), graded("b", "", "", 0.7)}, "2026-04-10", false},
		{"committed objectives are meant to reach 1.0", []*okr.Objective{graded("a", okr.Committed, "", 1), graded("b", "", "", 0.6)}, "2026-04-10", false},
		{"only committed objectives", []*okr.Objective{graded("a", okr.Committed, "", 1)}, "2026-04-10", false},
		{"a dropped one is left out", []*okr.Objective{full("a"), graded("b", "", okr.StatusDropped, 0)}, "2026-04-10", true},
		{"not before the cycle ends", []*okr.Objective{full("a")}, "2026-03-25", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(model(org(q1()), doc("payments", "2026-Q1", tt.objectives...)), day(tt.asOf))
			if got := r.TeamCycle("payments", "2026-Q1").Sandbagged; got != tt.want {
				t.Errorf("Sandbagged = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTeamCycleState: a team's state is an objective's state one level up.
func TestTeamCycleState(t *testing.T) {
	confident := objective("a", metric("k", 0, 100, ci("2026-02-10", num(10), 0.9)))
	unsure := objective("b", metric("k", 0, 100, ci("2026-02-10", num(60), 0.2)))
	heavy := objective("c", metric("k", 0, 100, ci("2026-02-10", num(60), 0.2)))
	heavy.Weight = f(3)
	neglected := objective("d", metric("k", 0, 100, ci("2026-01-02", num(90), 0.9)))
	dropped := objective("e", metric("k", 0, 100, ci("2026-01-02", num(0), 0.1)))
	dropped.Status = okr.StatusDropped
	tests := []struct {
		name       string
		objectives []*okr.Objective
		want       string
	}{
		{"mean confidence 0.55 is at risk", []*okr.Objective{confident, unsure}, StateAtRisk},
		{"weighted by objective weight", []*okr.Objective{confident, heavy}, StateOffTrack},
		{"a stale objective makes the team stale", []*okr.Objective{confident, neglected}, StateStale},
		{"dropped objectives are left out", []*okr.Objective{confident, dropped}, StateOnTrack},
		{"no objectives, no state", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(model(org(q1()), doc("payments", "2026-Q1", tt.objectives...)), day("2026-02-15"))
			if got := r.TeamCycle("payments", "2026-Q1").State; got != tt.want {
				t.Errorf("State = %q, want %q", got, tt.want)
			}
		})
	}
}
