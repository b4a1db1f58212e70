package compute

import (
	"fmt"
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

func valueString(v okr.Value) string {
	switch {
	case v.Num != nil:
		return fmt.Sprint(*v.Num)
	case v.Bool != nil:
		return fmt.Sprint(*v.Bool)
	}
	return "none"
}

func TestKRProgress(t *testing.T) {
	none := okr.Value{}
	tests := []struct {
		name          string
		kr            *okr.KeyResult
		asOf          string
		progress, raw float64
		current       string
		last          string
	}{
		{
			name: "metric, increasing",
			kr:   metric("k", 0, 100, ci("2026-01-14", num(50), -1)),
			asOf: "2026-02-15", progress: 0.5, raw: 0.5, current: "50", last: "2026-01-14",
		},
		{
			name: "metric, decreasing target",
			kr:   metric("k", 1200, 400, ci("2026-01-14", num(1000), -1)),
			asOf: "2026-02-15", progress: 0.25, raw: 0.25, current: "1000", last: "2026-01-14",
		},
		{
			name: "metric, decreasing target, worse than baseline",
			kr:   metric("k", 1200, 400, ci("2026-01-14", num(1300), -1)),
			asOf: "2026-02-15", progress: 0, raw: -0.125, current: "1300", last: "2026-01-14",
		},
		{
			name: "metric, overachieved",
			kr:   metric("k", 0, 10, ci("2026-01-14", num(15), -1)),
			asOf: "2026-02-15", progress: 1, raw: 1.5, current: "15", last: "2026-01-14",
		},
		{
			name: "metric without check-ins is at its start",
			kr:   metric("k", 1200, 400),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "1200",
		},
		{
			name: "metric, check-in after the as-of date is ignored",
			kr:   metric("k", 1200, 400, ci("2026-01-14", num(600), -1), ci("2026-03-01", num(400), -1)),
			asOf: "2026-02-15", progress: 0.75, raw: 0.75, current: "600", last: "2026-01-14",
		},
		{
			name: "metric, latest by date, not by file order",
			kr:   metric("k", 1200, 400, ci("2026-02-01", num(900), -1), ci("2026-01-14", num(800), -1)),
			asOf: "2026-02-15", progress: 0.375, raw: 0.375, current: "900", last: "2026-02-01",
		},
		{
			name: "metric, a check-in with only a confidence keeps the value",
			kr:   metric("k", 1200, 400, ci("2026-01-14", num(800), -1), ci("2026-02-01", none, 0.5)),
			asOf: "2026-02-15", progress: 0.5, raw: 0.5, current: "800", last: "2026-02-01",
		},
		{
			name: "metric with start equal to target has no progress",
			kr:   metric("k", 5, 5, ci("2026-01-14", num(5), -1)),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "5", last: "2026-01-14",
		},
		{
			name: "metric without target has no progress",
			kr:   &okr.KeyResult{ID: "k", Start: f(1), CheckIns: []*okr.CheckIn{ci("2026-01-14", num(5), -1)}},
			asOf: "2026-02-15", progress: 0, raw: 0, current: "5", last: "2026-01-14",
		},
		{
			name: "threshold above, kept",
			kr:   threshold("k", "above", 99.9, ci("2026-01-14", num(99.95), -1)),
			asOf: "2026-02-15", progress: 1, raw: 1, current: "99.95", last: "2026-01-14",
		},
		{
			name: "threshold above, exactly at the bound",
			kr:   threshold("k", "above", 99.9, ci("2026-01-14", num(99.9), -1)),
			asOf: "2026-02-15", progress: 1, raw: 1, current: "99.9", last: "2026-01-14",
		},
		{
			name: "threshold above, slipped",
			kr:   threshold("k", "above", 99.9, ci("2026-01-14", num(99.95), -1), ci("2026-02-10", num(99.5), -1)),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "99.5", last: "2026-02-10",
		},
		{
			name: "threshold below, kept",
			kr:   threshold("k", "below", 2, ci("2026-01-14", num(1.5), -1)),
			asOf: "2026-02-15", progress: 1, raw: 1, current: "1.5", last: "2026-01-14",
		},
		{
			name: "threshold below, broken",
			kr:   threshold("k", "below", 2, ci("2026-01-14", num(2.5), -1)),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "2.5", last: "2026-01-14",
		},
		{
			name: "threshold without check-ins",
			kr:   threshold("k", "above", 99.9),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "none",
		},
		{
			name: "boolean, true",
			kr:   boolean("k", ci("2026-01-14", yes(true), -1)),
			asOf: "2026-02-15", progress: 1, raw: 1, current: "true", last: "2026-01-14",
		},
		{
			name: "boolean, back to false",
			kr:   boolean("k", ci("2026-01-14", yes(true), -1), ci("2026-02-01", yes(false), -1)),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "false", last: "2026-02-01",
		},
		{
			name: "boolean without check-ins is false",
			kr:   boolean("k"),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "false",
		},
		{
			name: "milestone, done weight over total weight",
			kr: milestone("k",
				&okr.Milestone{Title: "design", Done: day("2026-01-20")},
				&okr.Milestone{Title: "beta", Weight: f(2)}),
			asOf: "2026-02-15", progress: 1.0 / 3, raw: 1.0 / 3, current: "none",
		},
		{
			name: "milestone finished after the as-of date does not count yet",
			kr: milestone("k",
				&okr.Milestone{Title: "design", Done: day("2026-01-20")},
				&okr.Milestone{Title: "beta", Weight: f(2), Done: day("2026-03-01")}),
			asOf: "2026-02-15", progress: 1.0 / 3, raw: 1.0 / 3, current: "none",
		},
		{
			name: "milestone done on the as-of date counts",
			kr: milestone("k",
				&okr.Milestone{Title: "design", Done: day("2026-01-20")},
				&okr.Milestone{Title: "beta", Weight: f(2), Done: day("2026-02-15")}),
			asOf: "2026-02-15", progress: 1, raw: 1, current: "none",
		},
		{
			name: "milestone of weight 0 counts nothing",
			kr: milestone("k",
				&okr.Milestone{Title: "design", Done: day("2026-01-20"), Weight: f(0)},
				&okr.Milestone{Title: "beta"}),
			asOf: "2026-02-15", progress: 0, raw: 0, current: "none",
		},
		{
			// Their sum, 2.7e308, is more than a float64 holds.
			name: "milestones weighted near the largest float64 do not overflow",
			kr: milestone("k",
				&okr.Milestone{Title: "design", Done: day("2026-01-20"), Weight: f(1e308)},
				&okr.Milestone{Title: "beta", Weight: f(1.7e308)}),
			asOf: "2026-02-15", progress: 1 / 2.7, raw: 1 / 2.7, current: "none",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := one(t, tt.kr, tt.asOf)
			if !near(got.Progress, tt.progress) || !near(got.ProgressRaw, tt.raw) {
				t.Errorf("progress = %v, raw %v; want %v, raw %v", got.Progress, got.ProgressRaw, tt.progress, tt.raw)
			}
			if s := valueString(got.Current); s != tt.current {
				t.Errorf("current = %s, want %s", s, tt.current)
			}
			if s := got.LastCheckIn.String(); s != tt.last {
				t.Errorf("last check-in = %q, want %q", s, tt.last)
			}
		})
	}
}

func TestKRState(t *testing.T) {
	short := func() *okr.Cycle { return cycle("2026-Q1", "2026-01-01", "2026-01-11") } // expected 0.5 on 01-06
	tests := []struct {
		name      string
		settings  okr.Settings
		cycle     func() *okr.Cycle
		kr        *okr.KeyResult
		asOf      string
		state     string
		stale     bool
		expected  float64
		confident *float64
	}{
		{
			name: "done wins over stale",
			kr:   metric("k", 0, 10, ci("2026-01-02", num(10), 0.2)),
			asOf: "2026-02-15", state: StateDone, stale: true, expected: 45.0 / 89,
		},
		{
			name: "stale wins over high confidence",
			kr:   metric("k", 0, 10, ci("2026-01-05", num(2), 0.9)),
			asOf: "2026-02-15", state: StateStale, stale: true, expected: 45.0 / 89,
		},
		{
			name: "no check-in in the first days of a cycle is not stale",
			kr:   metric("k", 0, 10),
			asOf: "2026-01-08", state: StateOnTrack, expected: 7.0 / 89,
		},
		{
			name: "no check-in 2 x cadence days after the start is not stale yet",
			kr:   metric("k", 0, 10),
			asOf: "2026-01-15", state: StateAtRisk, expected: 14.0 / 89,
		},
		{
			name: "no check-in more than 2 x cadence days after the start is stale",
			kr:   metric("k", 0, 10),
			asOf: "2026-01-16", state: StateStale, stale: true, expected: 15.0 / 89,
		},
		{
			name: "a check-in 2 x cadence days ago keeps it fresh",
			kr:   metric("k", 0, 10, ci("2026-02-01", num(1), 0.8)),
			asOf: "2026-02-15", state: StateOnTrack, expected: 45.0 / 89,
		},
		{
			name: "a check-in more than 2 x cadence days ago is stale",
			kr:   metric("k", 0, 10, ci("2026-01-31", num(1), 0.8)),
			asOf: "2026-02-15", state: StateStale, stale: true, expected: 45.0 / 89,
		},
		{
			name:     "biweekly cadence allows 28 days",
			settings: okr.Settings{CheckInCadence: "biweekly"},
			kr:       metric("k", 0, 10, ci("2026-01-20", num(1), 0.8)),
			asOf:     "2026-02-15", state: StateOnTrack, expected: 45.0 / 89,
		},
		{
			name:     "monthly cadence, 61 days without a check-in",
			settings: okr.Settings{CheckInCadence: "monthly"},
			kr:       metric("k", 0, 10, ci("2026-01-01", num(1), 0.8)),
			asOf:     "2026-03-03", state: StateStale, stale: true, expected: 61.0 / 89,
		},
		{
			name: "a check-in after the as-of date does not keep it fresh",
			kr:   metric("k", 0, 10, ci("2026-01-05", num(2), 0.9), ci("2026-02-16", num(3), 0.9)),
			asOf: "2026-02-15", state: StateStale, stale: true, expected: 45.0 / 89,
		},
		{
			name: "an ended cycle is never stale",
			kr:   metric("k", 0, 10, ci("2026-01-10", num(2), -1)),
			asOf: "2026-04-15", state: StateOffTrack, expected: 1,
		},
		{
			name: "an ended cycle without data has no data, not off-track",
			kr:   metric("k", 0, 10, ci("2026-03-01", okr.Value{}, 0.2)),
			asOf: "2026-04-15", state: StateNoData, expected: 1, confident: f(0.2),
		},
		{
			name: "an upcoming cycle is not stale",
			kr:   metric("k", 0, 10),
			asOf: "2025-12-01", state: StateOnTrack, expected: 0,
		},
		{
			name: "confidence at the on-track band",
			kr:   metric("k", 0, 10, ci("2026-02-10", num(0), 0.7)),
			asOf: "2026-02-15", state: StateOnTrack, expected: 45.0 / 89, confident: f(0.7),
		},
		{
			name: "confidence at the at-risk band",
			kr:   metric("k", 0, 10, ci("2026-02-10", num(9), 0.4)),
			asOf: "2026-02-15", state: StateAtRisk, expected: 45.0 / 89, confident: f(0.4),
		},
		{
			name: "confidence below the at-risk band",
			kr:   metric("k", 0, 10, ci("2026-02-10", num(9), 0.39)),
			asOf: "2026-02-15", state: StateOffTrack, expected: 45.0 / 89, confident: f(0.39),
		},
		{
			name:     "confidence bands from the settings",
			settings: okr.Settings{ConfidenceBands: okr.ConfidenceBands{OnTrack: f(0.8), AtRisk: f(0.5)}},
			kr:       metric("k", 0, 10, ci("2026-02-10", num(9), 0.7)),
			asOf:     "2026-02-15", state: StateAtRisk, expected: 45.0 / 89, confident: f(0.7),
		},
		{
			name: "only the latest check-in's confidence counts",
			kr:   metric("k", 0, 10, ci("2026-01-20", num(1), 0.9), ci("2026-02-10", num(1), -1)),
			asOf: "2026-02-15", state: StateOffTrack, expected: 45.0 / 89,
		},
		{
			name:  "progress at expected - 0.1 is on track",
			cycle: short,
			kr:    metric("k", 0, 100, ci("2026-01-05", num(40), -1)),
			asOf:  "2026-01-06", state: StateOnTrack, expected: 0.5,
		},
		{
			name:  "progress below expected - 0.1 is at risk",
			cycle: short,
			kr:    metric("k", 0, 100, ci("2026-01-05", num(39), -1)),
			asOf:  "2026-01-06", state: StateAtRisk, expected: 0.5,
		},
		{
			name:  "progress at expected - 0.25 is at risk",
			cycle: short,
			kr:    metric("k", 0, 100, ci("2026-01-05", num(25), -1)),
			asOf:  "2026-01-06", state: StateAtRisk, expected: 0.5,
		},
		{
			name:  "progress below expected - 0.25 is off track",
			cycle: short,
			kr:    metric("k", 0, 100, ci("2026-01-05", num(24), -1)),
			asOf:  "2026-01-06", state: StateOffTrack, expected: 0.5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := q1()
			if tt.cycle != nil {
				c = tt.cycle()
			}
			o := org(c)
			o.Settings = tt.settings
			r := Compute(model(o, doc("payments", c.ID, objective("o", tt.kr))), day(tt.asOf))
			got := r.KeyResult(c.ID, "payments/o/k")
			if got.State != tt.state || got.Stale != tt.stale {
				t.Errorf("state = %s, stale %v; want %s, stale %v", got.State, got.Stale, tt.state, tt.stale)
			}
			if !near(got.Expected, tt.expected) {
				t.Errorf("expected = %v, want %v", got.Expected, tt.expected)
			}
			if tt.confident != nil && !equalp(got.Confidence, tt.confident) {
				t.Errorf("confidence = %v, want %v", fmtp(got.Confidence), fmtp(tt.confident))
			}
		})
	}
}

func TestObjective(t *testing.T) {
	tests := []struct {
		name       string
		objective  *okr.Objective
		progress   *float64
		confidence *float64
		state      string
	}{
		{
			name:      "without key results: no number, no state",
			objective: objective("o"),
			progress:  nil, state: "",
		},
		{
			name: "progress weighted by key-result weight",
			objective: objective("o",
				weighted(3, metric("a", 0, 100, ci("2026-02-10", num(100), -1))),
				metric("b", 0, 100, ci("2026-02-10", num(0), -1))),
			progress: f(0.75), state: StateOnTrack,
		},
		{
			name: "key results of weight 0 are left out",
			objective: objective("o",
				weighted(0, metric("a", 0, 100, ci("2026-02-10", num(0), 0.1))),
				metric("b", 0, 100, ci("2026-02-10", num(50), 0.9))),
			progress: f(0.5), confidence: f(0.9), state: StateOnTrack,
		},
		{
			// Their sum, 2.7e308, is more than a float64 holds: summed
			// plainly, progress and confidence came out as 0.5 and 0.4
			// (the sums' Inf/Inf held to the lowest part), silently.
			name: "weights near the largest float64 do not overflow",
			objective: objective("o",
				weighted(1e308, metric("a", 0, 100, ci("2026-02-10", num(100), 0.9))),
				weighted(1.7e308, metric("b", 0, 100, ci("2026-02-10", num(50), 0.4)))),
			progress: f((1 + 1.7*0.5) / 2.7), confidence: f((0.9 + 1.7*0.4) / 2.7), state: StateAtRisk,
		},
		{
			name: "all key results of weight 0: no number",
			objective: objective("o",
				weighted(0, metric("a", 0, 100, ci("2026-02-10", num(50), -1)))),
			progress: nil, state: "",
		},
		{
			name: "confidence weighted over the key results that have one",
			objective: objective("o",
				metric("a", 0, 100, ci("2026-02-10", num(50), 0.9)),
				weighted(3, metric("b", 0, 100, ci("2026-02-10", num(50), 0.5))),
				metric("c", 0, 100, ci("2026-02-10", num(50), -1))),
			progress: f(0.5), confidence: f(0.6), state: StateAtRisk,
		},
		{
			name: "stale when any key result is stale",
			objective: objective("o",
				metric("a", 0, 100, ci("2026-02-10", num(90), 0.9)),
				metric("b", 0, 100, ci("2026-01-05", num(90), 0.9))),
			progress: f(0.9), confidence: f(0.9), state: StateStale,
		},
		{
			name: "done when every key result is done",
			objective: objective("o",
				metric("a", 0, 100, ci("2026-01-05", num(120), 0.9)),
				milestone("b", &okr.Milestone{Title: "x", Done: day("2026-01-10")})),
			progress: f(1), confidence: f(0.9), state: StateDone,
		},
		{
			name: "without confidence: from progress against expected",
			objective: objective("o",
				metric("a", 0, 100, ci("2026-02-10", num(20), -1)),
				boolean("b", ci("2026-02-10", yes(false), -1))),
			progress: f(0.1), state: StateOffTrack,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(model(org(q1()), doc("payments", "2026-Q1", tt.objective)), day("2026-02-15"))
			got := r.Objective("2026-Q1", "payments/o")
			if !equalp(got.Progress, tt.progress) {
				t.Errorf("progress = %v, want %v", fmtp(got.Progress), fmtp(tt.progress))
			}
			if !equalp(got.Confidence, tt.confidence) {
				t.Errorf("confidence = %v, want %v", fmtp(got.Confidence), fmtp(tt.confidence))
			}
			if got.State != tt.state {
				t.Errorf("state = %q, want %q", got.State, tt.state)
			}
			if !near(got.Expected, 45.0/89) {
				t.Errorf("expected = %v, want %v", got.Expected, 45.0/89)
			}
		})
	}
}

func TestRollUps(t *testing.T) {
	half := func(id string) *okr.KeyResult { return metric(id, 0, 100, ci("2026-02-10", num(50), -1)) }
	full := func(id string) *okr.KeyResult { return metric(id, 0, 100, ci("2026-02-10", num(100), -1)) }
	fifth := func(id string) *okr.KeyResult { return metric(id, 0, 100, ci("2026-02-10", num(20), -1)) }
	heavy := objective("a", half("k"))
	heavy.Weight = f(2)
	dropped := objective("c", metric("k", 0, 100))
	dropped.Status = okr.StatusDropped
	onlyDropped := objective("d", metric("k", 0, 100))
	onlyDropped.Status = okr.StatusDropped
	draft := objective("e", fifth("k"))
	draft.Status = okr.StatusDraft
	zero := objective("z", fifth("k"))
	zero.Weight = f(0)
	huge1 := objective("h1", full("k"))
	huge1.Weight = f(1e308)
	huge2 := objective("h2", half("k"))
	huge2.Weight = f(1.7e308)

	m := model(org(q1(), cycle("2026-Q2", "2026-04-01", "2026-06-30"), cycle("2026-Q3", "2026-07-01", "2026-09-30")),
		doc("payments", "2026-Q1", heavy, objective("b", full("k")), dropped, objective("empty"), zero),
		doc("search", "2026-Q1", draft),
		doc("legal", "2026-Q1", onlyDropped),
		doc("idle", "2026-Q1"),
		doc("huge", "2026-Q3", huge1, huge2),
	)
	r := Compute(m, day("2026-02-15"))

	tests := []struct {
		name string
		got  *float64
		want *float64
	}{
		{"team: weighted by objective weight, dropped, weight 0 and no-number objectives left out", r.TeamCycle("payments", "2026-Q1").Progress, f(2.0 / 3)},
		{"team: a draft objective counts", r.TeamCycle("search", "2026-Q1").Progress, f(0.2)},
		{"team: only dropped objectives, no number", r.TeamCycle("legal", "2026-Q1").Progress, nil},
		{"team: no objectives, no number", r.TeamCycle("idle", "2026-Q1").Progress, nil},
		{"cycle: every team's objectives by weight", r.Cycle("2026-Q1").Progress, f((2*0.5 + 1 + 0.2) / 4)},
		{"cycle: no objectives, no number", r.Cycle("2026-Q2").Progress, nil},
		{"team: objective weights near the largest float64 do not overflow", r.TeamCycle("huge", "2026-Q3").Progress, f((1 + 1.7*0.5) / 2.7)},
		{"a dropped objective still has its own progress", r.Objective("2026-Q1", "payments/c").Progress, f(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !equalp(tt.got, tt.want) {
				t.Errorf("progress = %v, want %v", fmtp(tt.got), fmtp(tt.want))
			}
		})
	}
	t.Run("a dropped objective still has a state", func(t *testing.T) {
		if s := r.Objective("2026-Q1", "payments/c").State; s != StateStale {
			t.Errorf("state = %q, want %q", s, StateStale)
		}
	})
	t.Run("teams with OKRs", func(t *testing.T) {
		if n := r.Cycle("2026-Q1").Teams; n != 4 {
			t.Errorf("teams = %d, want 4", n)
		}
	})
}

func TestGrades(t *testing.T) {
	given := objective("given", metric("k", 0, 100, ci("2026-03-20", num(20), -1)))
	given.Grade = f(0.9)
	late := objective("late", metric("k", 0, 100, ci("2026-03-20", num(50), -1), ci("2026-04-05", num(100), -1)))
	steps := objective("steps", milestone("k",
		&okr.Milestone{Title: "a", Done: day("2026-03-01")},
		&okr.Milestone{Title: "b", Done: day("2026-04-02")}))
	low := objective("low", metric("k", 0, 100, ci("2026-03-20", num(10), -1)))
	dropped := objective("dropped", metric("k", 0, 100, ci("2026-03-20", num(10), -1)))
	dropped.Status = okr.StatusDropped
	empty := objective("empty")
	running := objective("running", metric("k", 0, 100))
	running.Grade = f(0.8)

	m := model(org(q1(), cycle("2026-Q2", "2026-04-01", "2026-06-30"), cycle("2026-Q3", "2026-07-01", "2026-09-30")),
		doc("payments", "2026-Q1", given, late, steps, low, dropped, empty),
		doc("payments", "2026-Q2", running))
	r := Compute(m, day("2026-04-10"))

	tests := []struct {
		name  string
		ref   string
		cycle string
		grade *float64
		band  string
	}{
		{"a given grade wins over progress", "payments/given", "2026-Q1", f(0.9), BandGreen},
		{"progress at the cycle's end, not a later check-in", "payments/late", "2026-Q1", f(0.5), BandYellow},
		{"a milestone done after the cycle's end does not count", "payments/steps", "2026-Q1", f(0.5), BandYellow},
		{"below 0.4 is red", "payments/low", "2026-Q1", f(0.1), BandRed},
		{"a dropped objective is graded too", "payments/dropped", "2026-Q1", f(0.1), BandRed},
		{"no number, no grade", "payments/empty", "2026-Q1", nil, ""},
		{"no grade before the cycle ends", "payments/running", "2026-Q2", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := r.Objective(tt.cycle, tt.ref)
			if !equalp(o.Grade, tt.grade) || o.GradeBand != tt.band {
				t.Errorf("grade = %v %q, want %v %q", fmtp(o.Grade), o.GradeBand, fmtp(tt.grade), tt.band)
			}
		})
	}
	t.Run("the progress now is not the grade", func(t *testing.T) {
		if p := r.Objective("2026-Q1", "payments/late").Progress; !equalp(p, f(1)) {
			t.Errorf("progress = %v, want 1", fmtp(p))
		}
	})
	t.Run("summary of an ended cycle, dropped left out", func(t *testing.T) {
		c := r.Cycle("2026-Q1")
		got := [5]int{c.Graded, c.Green, c.Yellow, c.Red, c.Achieved}
		if want := [5]int{4, 1, 2, 1, 1}; got != want {
			t.Errorf("graded, green, yellow, red, achieved = %v, want %v", got, want)
		}
	})
	t.Run("no summary for a running cycle", func(t *testing.T) {
		c := r.Cycle("2026-Q2")
		if got := [5]int{c.Graded, c.Green, c.Yellow, c.Red, c.Achieved}; got != [5]int{} {
			t.Errorf("graded, green, yellow, red, achieved = %v, want zeros", got)
		}
	})
}

func TestBand(t *testing.T) {
	tests := []struct {
		grade float64
		band  string
	}{{1, BandGreen}, {0.7, BandGreen}, {0.69, BandYellow}, {0.4, BandYellow}, {0.39, BandRed}, {0, BandRed}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.grade), func(t *testing.T) {
			if got := Band(tt.grade); got != tt.band {
				t.Errorf("Band(%v) = %q, want %q", tt.grade, got, tt.band)
			}
		})
	}
}

func TestCycleExpectedAndPhase(t *testing.T) {
	oneDay := func() *okr.Cycle { return cycle("day", "2026-02-02", "2026-02-02") }
	tests := []struct {
		name     string
		cycle    *okr.Cycle
		asOf     string
		expected float64
		phase    string
	}{
		{"before the start", q1(), "2025-12-31", 0, PhaseUpcoming},
		{"on the first day", q1(), "2026-01-01", 0, PhaseRunning},
		{"in the middle", q1(), "2026-02-15", 45.0 / 89, PhaseRunning},
		{"on the last day", q1(), "2026-03-31", 1, PhaseRunning},
		{"after the end", q1(), "2026-04-01", 1, PhaseEnded},
		{"a cycle of one day, before", oneDay(), "2026-02-01", 0, PhaseUpcoming},
		{"a cycle of one day, on its day", oneDay(), "2026-02-02", 1, PhaseRunning},
		{"a cycle of one day, after", oneDay(), "2026-02-03", 1, PhaseEnded},
		{"end before start (invalid)", cycle("bad", "2026-02-02", "2026-01-01"), "2026-01-15", 0, PhaseUpcoming},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compute(model(org(tt.cycle)), day(tt.asOf)).Cycle(tt.cycle.ID)
			if !near(c.Expected, tt.expected) || c.Phase != tt.phase {
				t.Errorf("expected, phase = %v, %s; want %v, %s", c.Expected, c.Phase, tt.expected, tt.phase)
			}
		})
	}
	t.Run("a KR of a one-day cycle is not stale and expects everything", func(t *testing.T) {
		r := Compute(model(org(oneDay()), doc("payments", "day", objective("o", metric("k", 0, 10)))), day("2026-02-02"))
		kr := r.KeyResult("day", "payments/o/k")
		if kr.Stale || kr.Expected != 1 || kr.State != StateOffTrack {
			t.Errorf("stale %v, expected %v, state %s; want false, 1, off-track", kr.Stale, kr.Expected, kr.State)
		}
	})
}

func TestRunning(t *testing.T) {
	fy := func() *okr.Cycle { return cycle("FY2026", "2026-01-01", "2026-12-31") }
	q2 := func() *okr.Cycle { return cycle("2026-Q2", "2026-04-01", "2026-06-30") }
	tests := []struct {
		name   string
		cycles []*okr.Cycle
		asOf   string
		want   string
	}{
		{"the shortest running cycle", []*okr.Cycle{fy(), q1(), q2()}, "2026-02-15", "2026-Q1"},
		{"a year between its quarters", []*okr.Cycle{fy(), q1(), q2()}, "2026-08-01", "FY2026"},
		{"equal lengths: the earlier start", []*okr.Cycle{
			cycle("b", "2026-01-15", "2026-02-14"), cycle("a", "2026-01-01", "2026-01-31"),
		}, "2026-01-20", "a"},
		{"none running: the one that ended last", []*okr.Cycle{q1(), q2()}, "2026-08-01", "2026-Q2"},
		{"ended together: the shorter", []*okr.Cycle{
			cycle("a-year", "2026-01-01", "2026-12-31"), cycle("b-q4", "2026-10-01", "2026-12-31"),
		}, "2027-02-01", "b-q4"},
		{"none started: the next to start", []*okr.Cycle{q2(), q1()}, "2025-06-01", "2026-Q1"},
		{"starting together: the shorter", []*okr.Cycle{
			cycle("a-year", "2026-01-01", "2026-12-31"), cycle("b-q1", "2026-01-01", "2026-03-31"),
		}, "2025-06-01", "b-q1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compute(model(org(tt.cycles...)), day(tt.asOf)).Running()
			if got == nil || got.ID != tt.want {
				t.Errorf("Running() = %v, want %s", got, tt.want)
			}
		})
	}
	// With objectives (SPEC §10): the dashboard opens on a cycle that has them.
	withOKRs := []struct {
		name   string
		cycles []*okr.Cycle
		okrs   []string // cycles with an objective
		asOf   string
		want   string
	}{
		{"the year runs, its ended quarter has the OKRs", []*okr.Cycle{fy(), q1(), q2()}, []string{"2026-Q1"}, "2026-04-15", "2026-Q1"},
		{"the running quarter has OKRs, and the year", []*okr.Cycle{fy(), q1(), q2()}, []string{"FY2026", "2026-Q2"}, "2026-05-01", "2026-Q2"},
		{"the running quarter has none, the year has", []*okr.Cycle{fy(), q1(), q2()}, []string{"FY2026", "2026-Q1"}, "2026-05-01", "FY2026"},
		{"the latest ended cycle with OKRs", []*okr.Cycle{q1(), q2()}, []string{"2026-Q1"}, "2026-08-01", "2026-Q1"},
		{"only an upcoming cycle has OKRs: as without", []*okr.Cycle{q1(), q2()}, []string{"2026-Q2"}, "2026-02-01", "2026-Q1"},
	}
	for _, tt := range withOKRs {
		t.Run(tt.name, func(t *testing.T) {
			var docs []*okr.OKRs
			for _, c := range tt.okrs {
				docs = append(docs, doc("payments", c, objective("o", metric("k", 0, 1))))
			}
			got := Compute(model(org(tt.cycles...), docs...), day(tt.asOf)).Running()
			if got == nil || got.ID != tt.want {
				t.Errorf("Running() = %v, want %s", got, tt.want)
			}
		})
	}
	t.Run("no cycles", func(t *testing.T) {
		if got := Compute(model(nil), day("2026-01-01")).Running(); got != nil {
			t.Errorf("Running() = %v, want nil", got.ID)
		}
	})
}

func TestCheckInMerge(t *testing.T) {
	kr := metric("k", 0, 100, ci("2026-01-10", num(10), -1))
	m := model(org(q1()), doc("payments", "2026-Q1", objective("o", kr)))
	logged := func(ref, date string, v float64, order int) *okr.CheckIn {
		c := ci(date, num(v), -1)
		c.KR, c.Order = ref, order
		return c
	}
	m.CheckIns = []*okr.CheckIns{
		{Team: "payments", Cycle: "2026-Q1", CheckIns: []*okr.CheckIn{
			logged("o/k", "2026-01-20", 30, 200),
			logged("o/k", "2026-03-01", 99, 201), // after the as-of date: kept, not counted
			logged("o/missing", "2026-01-25", 70, 202),
			logged("k", "2026-01-25", 70, 203),
			nil,
		}},
		{Team: "payments", Cycle: "2026-Q1", CheckIns: []*okr.CheckIn{
			logged("o/k", "2026-01-20", 20, 100), // same date, earlier in file order: loses
		}},
		{Team: "search", Cycle: "2026-Q1", CheckIns: []*okr.CheckIn{logged("o/k", "2026-01-25", 90, 300)}},
		{Team: "payments", Cycle: "2026-Q2", CheckIns: []*okr.CheckIn{logged("o/k", "2026-01-25", 90, 301)}},
		nil,
	}
	r := Compute(m, day("2026-02-15"))
	got := r.KeyResult("2026-Q1", "payments/o/k")

	t.Run("equal dates across two files: the higher order wins", func(t *testing.T) {
		if s := valueString(got.Current); s != "30" {
			t.Errorf("current = %s, want 30", s)
		}
	})
	t.Run("merged and sorted by date, then order", func(t *testing.T) {
		var values []string
		for _, c := range got.CheckIns {
			values = append(values, c.Date.String()+"="+valueString(c.Value))
		}
		want := "[2026-01-10=10 2026-01-20=20 2026-01-20=30 2026-03-01=99]"
		if s := fmt.Sprint(values); s != want {
			t.Errorf("check-ins = %s, want %s", s, want)
		}
	})
	t.Run("the model is left as it was", func(t *testing.T) {
		if n := len(kr.CheckIns); n != 1 {
			t.Errorf("the model's key result has %d check-ins, want 1", n)
		}
	})
}

func TestKRProgressAt(t *testing.T) {
	r := Compute(model(org(q1()), doc("payments", "2026-Q1", objective("o",
		metric("m", 0, 100, ci("2026-01-10", num(20), -1), ci("2026-02-01", num(60), -1), ci("2026-03-01", num(90), -1)),
		milestone("s", &okr.Milestone{Title: "a", Done: day("2026-02-01")}, &okr.Milestone{Title: "b"}),
	))), day("2026-02-15"))
	m := r.KeyResult("2026-Q1", "payments/o/m")
	s := r.KeyResult("2026-Q1", "payments/o/s")
	tests := []struct {
		name     string
		kr       *KeyResult
		date     string
		progress float64
		ok       bool
	}{
		{"before the first check-in", m, "2026-01-05", 0, false},
		{"on the first check-in", m, "2026-01-10", 0.2, true},
		{"between check-ins", m, "2026-02-15", 0.6, true},
		{"after the as-of date, later check-ins count", m, "2026-03-31", 0.9, true},
		{"milestone before it is done", s, "2026-01-31", 0, false},
		{"milestone once done", s, "2026-02-01", 0.5, true},
		{"nil key result", nil, "2026-02-01", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := KRProgressAt(tt.kr, day(tt.date))
			if !near(p, tt.progress) || ok != tt.ok {
				t.Errorf("KRProgressAt = %v, %v; want %v, %v", p, ok, tt.progress, tt.ok)
			}
		})
	}
	t.Run("objective over time", func(t *testing.T) {
		o := r.Objective("2026-Q1", "payments/o")
		if p := ObjectiveProgressAt(o, day("2026-03-31")); !equalp(p, f((0.9+0.5)/2)) {
			t.Errorf("ObjectiveProgressAt = %v, want 0.7", fmtp(p))
		}
		if p := ObjectiveProgressAt(nil, day("2026-03-31")); p != nil {
			t.Errorf("ObjectiveProgressAt(nil) = %v, want nil", *p)
		}
	})
}

func TestOrderAndLookups(t *testing.T) {
	m := model(org(
		cycle("2026-Q2", "2026-04-01", "2026-06-30"),
		cycle("FY2026", "2026-01-01", "2026-12-31"),
		q1(),
	),
		doc("search", "2026-Q2", objective("x")),
		doc("payments", "2026-Q1", objective("b", metric("k", 0, 1)), objective("a")),
		doc("search", "2026-Q1", objective("c")),
		doc("payments", "FY2026", objective("f")),
		doc("ghost", "2030", objective("g")), // a cycle the organization does not have
	)
	r := Compute(m, day("2026-02-15"))

	var cycles, objectives, teamCycles []string
	for _, c := range r.Cycles {
		cycles = append(cycles, c.ID)
	}
	for _, o := range r.Objectives {
		objectives = append(objectives, o.Cycle+":"+o.Ref())
	}
	for _, tc := range r.TeamCycles {
		teamCycles = append(teamCycles, tc.Cycle+":"+tc.Team)
	}
	tests := []struct {
		name      string
		got, want string
	}{
		{"cycles by start, then id", fmt.Sprint(cycles), "[2026-Q1 FY2026 2026-Q2]"},
		{"objectives by cycle start, cycle, team, file order", fmt.Sprint(objectives),
			"[2030:ghost/g 2026-Q1:payments/b 2026-Q1:payments/a 2026-Q1:search/c FY2026:payments/f 2026-Q2:search/x]"},
		{"team cycles by cycle start, cycle, team", fmt.Sprint(teamCycles),
			"[2030:ghost 2026-Q1:payments 2026-Q1:search FY2026:payments 2026-Q2:search]"},
		{"Cycle", r.Cycle("FY2026").ID, "FY2026"},
		{"Objective", r.Objective("2026-Q1", "payments/a").ID, "a"},
		{"KeyResult", r.KeyResult("2026-Q1", "payments/b/k").Ref(), "payments/b/k"},
		{"TeamCycle", r.TeamCycle("search", "2026-Q2").Team, "search"},
		{"ObjectivesOf", fmt.Sprint(len(r.ObjectivesOf("payments", "2026-Q1"))), "2"},
		{"Cycle.Objectives", fmt.Sprint(len(r.Cycle("2026-Q1").Objectives)), "3"},
		{"unknown cycle", fmt.Sprint(r.Cycle("nope") == nil, r.Objective("nope", "payments/a") == nil,
			r.KeyResult("2026-Q1", "payments/b/nope") == nil, r.TeamCycle("payments", "nope") == nil,
			r.ObjectivesOf("payments", "nope") == nil), "true true true true true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %s, want %s", tt.got, tt.want)
			}
		})
	}
}

// TestPartialModels feeds models the validator would refuse: nothing may
// panic, and what can be computed is.
func TestPartialModels(t *testing.T) {
	broken := func() *okr.Model {
		weird := &okr.KeyResult{ID: "w", Type: "weird", CheckIns: []*okr.CheckIn{nil, {Value: num(3)}}}
		bare := &okr.KeyResult{ID: "bare"}
		wrongValue := threshold("t", "", 1, ci("2026-01-10", yes(true), 0.5))
		boolNum := boolean("b", ci("2026-01-10", num(1), -1))
		steps := &okr.KeyResult{ID: "s", Type: okr.TypeMilestone, Milestones: []*okr.Milestone{nil, {Weight: f(-1)}}}
		o := objective("o", nil, weird, bare, wrongValue, boolNum, steps)
		return &okr.Model{
			Org: &okr.Organization{Cycles: []*okr.Cycle{nil, {ID: "zero"}, q1(), q1()}},
			OKRs: []*okr.OKRs{nil,
				{Team: "payments", Cycle: "2026-Q1", Objectives: []*okr.Objective{nil, o}},
				{Team: "payments", Cycle: "zero", Objectives: []*okr.Objective{{ID: "z", KeyResults: []*okr.KeyResult{{ID: "k"}}}}},
				{},
			},
			CheckIns: []*okr.CheckIns{nil, {CheckIns: []*okr.CheckIn{nil, {KR: "o/w"}}}},
		}
	}
	tests := []struct {
		name string
		m    *okr.Model
		asOf okr.Date
	}{
		{"nil model", nil, day("2026-02-15")},
		{"empty model", &okr.Model{}, day("2026-02-15")},
		{"zero as-of date", broken(), okr.Date{}},
		{"broken entries", broken(), day("2026-02-15")},
		{"broken entries, ended", broken(), day("2027-01-01")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(tt.m, tt.asOf)
			if r == nil || r.Cycles == nil || r.Objectives == nil || r.TeamCycles == nil {
				t.Fatalf("Compute = %+v, want empty lists rather than nil", r)
			}
			r.Running()
			for _, o := range r.Objectives {
				for _, kr := range o.KeyResults {
					if kr.Progress < 0 || kr.Progress > 1 || kr.State == "" {
						t.Errorf("%s: progress %v, state %q", kr.ID, kr.Progress, kr.State)
					}
					KRProgressAt(kr, tt.asOf)
				}
			}
		})
	}
	t.Run("without an organization: default settings, no cycles", func(t *testing.T) {
		r := Compute(model(nil, doc("payments", "2026-Q1", objective("o", metric("k", 0, 10, ci("2026-01-01", num(5), 0.5))))), day("2026-06-01"))
		o := r.Objective("2026-Q1", "payments/o")
		if len(r.Cycles) != 0 || !equalp(o.Progress, f(0.5)) || o.State != StateAtRisk || o.KeyResults[0].Stale {
			t.Errorf("cycles %d, progress %v, state %s; want 0, 0.5, at-risk", len(r.Cycles), fmtp(o.Progress), o.State)
		}
	})
	t.Run("nil result lookups", func(t *testing.T) {
		var r *Result
		if r.Cycle("x") != nil || r.Objective("x", "y") != nil || r.KeyResult("x", "y") != nil ||
			r.TeamCycle("x", "y") != nil || r.ObjectivesOf("x", "y") != nil || r.Running() != nil {
			t.Error("lookups on a nil result found something")
		}
	})
}
