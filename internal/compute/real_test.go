package compute

import (
	"slices"
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// OKR sets as people write them (SPEC §10): baselines not known yet,
// targets relative to the start, check-ins without a value, key-result
// scores, and objectives nobody measured. The expected numbers are worked
// out in the comments.

func changed(id string, start *float64, change okr.Change, checkIns ...*okr.CheckIn) *okr.KeyResult {
	return &okr.KeyResult{ID: id, Type: okr.TypeMetric, Start: start, Change: change, CheckIns: checkIns}
}

func note(date string, conf float64) *okr.CheckIn { return ci(date, okr.Value{}, conf) }

func TestRealKeyResults(t *testing.T) {
	tests := []struct {
		name          string
		kr            *okr.KeyResult
		start, target *float64
		progress      float64
		current       string
		confidence    *float64
		last          string
		hasData       bool
	}{
		{
			// "SPU increases by 0.25": 10 + 0.25 = 10.25; at 10.2,
			// (10.2 - 10) / (10.25 - 10) = 0.2 / 0.25 = 0.8.
			name:  "a number added to the start",
			kr:    changed("k", f(10), okr.ParseChange("0.25"), ci("2026-02-01", num(10.2), -1)),
			start: f(10), target: f(10.25), progress: 0.8, current: "10.2", last: "2026-02-01", hasData: true,
		},
		{
			// -5 from 40 is 35, lower is better; at 38, (38 - 40) / (35 - 40) = 0.4.
			name:  "a negative number",
			kr:    changed("k", f(40), okr.Change{Text: "-5", Number: true, Kind: okr.ChangeBy, Amount: -5}, ci("2026-02-01", num(38), -1)),
			start: f(40), target: f(35), progress: 0.4, current: "38", last: "2026-02-01", hasData: true,
		},
		{
			// "reduce by 20%": 200 - 20% of 200 = 160; at 180,
			// (180 - 200) / (160 - 200) = -20 / -40 = 0.5.
			name:  "a decrease in percent",
			kr:    changed("k", f(200), okr.ParseChange("-20%"), ci("2026-02-01", num(180), -1)),
			start: f(200), target: f(160), progress: 0.5, current: "180", last: "2026-02-01", hasData: true,
		},
		{
			// "double lead flow": 50 x 2 = 100; at 75, 25 / 50 = 0.5.
			name:  "a factor",
			kr:    changed("k", f(50), okr.ParseChange("x2"), ci("2026-02-01", num(75), -1)),
			start: f(50), target: f(100), progress: 0.5, current: "75", last: "2026-02-01", hasData: true,
		},
		{
			// "halve the build time": 30 x 0.5 = 15; at 27, -3 / -15 = 0.2.
			name:  "a factor below 1",
			kr:    changed("k", f(30), okr.ParseChange("x0.5"), ci("2026-02-01", num(27), -1)),
			start: f(30), target: f(15), progress: 0.2, current: "27", last: "2026-02-01", hasData: true,
		},
		{
			// "increase active contributors by 3%", baseline unknown: the
			// first check-in (1000, on 01-10; the later-listed 1015 is dated
			// 02-10) is the start, 1000 + 3% = 1030; at 1015, 15 / 30 = 0.5.
			name:  "a percentage of the start the first check-in gives",
			kr:    changed("k", nil, okr.ParseChange("+3%"), ci("2026-02-10", num(1015), 0.6), ci("2026-01-10", num(1000), -1)),
			start: f(1000), target: f(1030), progress: 0.5, current: "1015", confidence: f(0.6), last: "2026-02-10", hasData: true,
		},
		{
			// No start and no check-in with a value: start, target and
			// current unknown, progress 0, no data; the note still counts
			// as a check-in (confidence, last check-in).
			name:  "a baseline not known yet",
			kr:    changed("k", nil, okr.ParseChange("+3%"), note("2026-01-20", 0.5)),
			start: nil, target: nil, progress: 0, current: "none", confidence: f(0.5), last: "2026-01-20",
		},
		{
			// A target and no start: the first check-in, 8, is the start;
			// at 8, (8 - 8) / (4 - 8) = 0.
			name:  "a target without a start",
			kr:    &okr.KeyResult{ID: "k", Target: f(4), CheckIns: []*okr.CheckIn{ci("2026-01-05", num(8), -1)}},
			start: f(8), target: f(4), progress: 0, current: "8", last: "2026-01-05", hasData: true,
		},
		{
			// A note after 4 keeps 4: (4 - 0) / (10 - 0) = 0.4; the note's
			// date and confidence are the latest.
			name:  "a check-in without a value keeps the current value",
			kr:    metric("k", 0, 10, ci("2026-01-10", num(4), 0.3), note("2026-02-01", 0.6)),
			start: f(0), target: f(10), progress: 0.4, current: "4", confidence: f(0.6), last: "2026-02-01", hasData: true,
		},
		{
			// A note after true does not undo done.
			name:     "a note after true",
			kr:       boolean("k", ci("2026-01-10", yes(true), -1), note("2026-02-01", 0.9)),
			progress: 1, current: "true", confidence: f(0.9), last: "2026-02-01", hasData: true,
		},
		{
			// Only a confidence: no data, current false.
			name:     "a boolean with notes only",
			kr:       boolean("k", note("2026-02-01", 0.9)),
			progress: 0, current: "false", confidence: f(0.9), last: "2026-02-01",
		},
		{
			// A score alone is data, though progress stays 0.
			name:  "a score is data",
			kr:    &okr.KeyResult{ID: "k", Start: f(0), Target: f(10), Score: f(0.7)},
			start: f(0), target: f(10), progress: 0, current: "0", hasData: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := one(t, tt.kr, "2026-02-15")
			if !equalp(got.Start, tt.start) || !equalp(got.Target, tt.target) {
				t.Errorf("start, target = %v, %v; want %v, %v", fmtp(got.Start), fmtp(got.Target), fmtp(tt.start), fmtp(tt.target))
			}
			if !near(got.Progress, tt.progress) {
				t.Errorf("progress = %v, want %v", got.Progress, tt.progress)
			}
			if s := valueString(got.Current); s != tt.current {
				t.Errorf("current = %s, want %s", s, tt.current)
			}
			if !equalp(got.Confidence, tt.confidence) {
				t.Errorf("confidence = %v, want %v", fmtp(got.Confidence), fmtp(tt.confidence))
			}
			if s := got.LastCheckIn.String(); s != tt.last {
				t.Errorf("last check-in = %q, want %q", s, tt.last)
			}
			if got.HasData != tt.hasData {
				t.Errorf("has data = %v, want %v", got.HasData, tt.hasData)
			}
		})
	}
}

func TestRealGrades(t *testing.T) {
	// Q1 has ended on 2026-04-15.
	scored := objective("scored",
		// Score 0.8, weight 1.
		&okr.KeyResult{ID: "a", Start: f(0), Target: f(10), Score: f(0.8), CheckIns: []*okr.CheckIn{ci("2026-02-01", num(2), -1)}},
		// No score: its progress on 03-31, (5 - 0) / (10 - 0) = 0.5, weight 2.
		weighted(2, metric("b", 0, 10, ci("2026-03-01", num(5), -1))),
	) // grade (0.8 x 1 + 0.5 x 2) / 3 = 1.8 / 3 = 0.6: yellow
	unmeasured := objective("unmeasured",
		metric("a", 0, 10, note("2026-02-01", 0.4)), // a note is no data
		boolean("b"),
		milestone("c", &okr.Milestone{Title: "m"}),
	) // no data and no grade: not graded, state no-data
	authored := objective("authored", metric("a", 0, 10))
	authored.Grade, authored.Weight = f(0.9), f(2) // no data, but graded 0.9 by hand, weight 2
	dropped := objective("dropped", metric("a", 0, 10))
	dropped.Status = okr.StatusDropped // counted nowhere
	low := objective("low", milestone("a", &okr.Milestone{Title: "m", Done: day("2026-02-01")}, &okr.Milestone{Title: "n", Weight: f(2)}))
	// low: one of 3 milestone weights done by 03-31: 1/3, red.

	r := Compute(model(org(q1()),
		doc("payments", "2026-Q1", scored, unmeasured, authored),
		doc("growth", "2026-Q1", dropped, low),
	), day("2026-04-15"))

	objectives := []struct {
		ref   string
		grade *float64
		band  string
		state string
	}{
		{"payments/scored", f(0.6), BandYellow, StateOffTrack}, // progress (0.2 + 2 x 0.5) / 3 = 0.4 against 1 expected
		{"payments/unmeasured", nil, "", StateNoData},
		{"payments/authored", f(0.9), BandGreen, StateOffTrack}, // graded by hand: its state stays §3's
		{"growth/low", f(1.0 / 3), BandRed, StateOffTrack},
	}
	for _, tt := range objectives {
		o := r.Objective("2026-Q1", tt.ref)
		if !equalp(o.Grade, tt.grade) || o.GradeBand != tt.band || o.State != tt.state {
			t.Errorf("%s: grade %v %q, state %s; want %v %q, %s", tt.ref, fmtp(o.Grade), o.GradeBand, o.State, fmtp(tt.grade), tt.band, tt.state)
		}
	}
	for _, kr := range r.Objective("2026-Q1", "payments/unmeasured").KeyResults {
		if kr.State != StateNoData {
			t.Errorf("unmeasured/%s: state %s, want no-data", kr.ID, kr.State)
		}
	}

	// payments: (0.6 x 1 + 0.9 x 2) / 3 = 2.4 / 3 = 0.8, one not graded.
	if tc := r.TeamCycle("payments", "2026-Q1"); !equalp(tc.Grade, f(0.8)) || tc.NotGraded != 1 {
		t.Errorf("payments: grade %v, not graded %d; want 0.8, 1", fmtp(tc.Grade), tc.NotGraded)
	}
	// growth: only low, 1/3; the dropped one is not "not graded".
	if tc := r.TeamCycle("growth", "2026-Q1"); !equalp(tc.Grade, f(1.0/3)) || tc.NotGraded != 0 {
		t.Errorf("growth: grade %v, not graded %d; want 0.3333, 0", fmtp(tc.Grade), tc.NotGraded)
	}
	// The cycle: (0.6 x 1 + 0.9 x 2 + 1/3 x 1) / 4 = (2.4 + 0.3333) / 4 = 0.6833;
	// 3 graded (green 1, yellow 1, red 1), 1 not graded beside them.
	c := r.Cycle("2026-Q1")
	if !equalp(c.Grade, f((2.4+1.0/3)/4)) || c.NotGraded != 1 || c.Graded != 3 || c.Green != 1 || c.Yellow != 1 || c.Red != 1 {
		t.Errorf("cycle: grade %v, not graded %d, graded %d (%d/%d/%d); want 0.6833, 1, 3 (1/1/1)",
			fmtp(c.Grade), c.NotGraded, c.Graded, c.Green, c.Yellow, c.Red)
	}

	// While the cycle runs, nothing is graded and §3 holds: no no-data.
	r = Compute(model(org(q1()), doc("payments", "2026-Q1", objective("unmeasured", metric("a", 0, 10)))), day("2026-02-15"))
	if o := r.Objective("2026-Q1", "payments/unmeasured"); o.Grade != nil || o.State != StateStale {
		t.Errorf("running: grade %v, state %s; want nil, stale", fmtp(o.Grade), o.State)
	}
	if c := r.Cycle("2026-Q1"); c.Grade != nil || c.NotGraded != 0 {
		t.Errorf("running cycle: grade %v, not graded %d; want nil, 0", fmtp(c.Grade), c.NotGraded)
	}
}

// TestNoDataLeftOutOfProgress: once a cycle has ended, an objective that
// nothing measured (no-data, not graded) is left out of its team's and
// its cycle's progress, and counted beside as not graded; while the cycle
// runs it counts with its progress (SPEC §3: stale shows the neglect).
func TestNoDataLeftOutOfProgress(t *testing.T) {
	measured := func() *okr.Objective {
		// (6 - 0) / (10 - 0) = 0.6 from 02-01 on.
		return objective("measured", metric("a", 0, 10, ci("2026-02-01", num(6), -1)))
	}
	unmeasured := func() *okr.Objective {
		o := objective("unmeasured", metric("a", 0, 10), boolean("b"))
		o.Weight = f(2)
		return o
	}
	byHand := func() *okr.Objective {
		// Graded 0.9 by hand, nothing measured: graded, so it keeps §3's
		// progress, 0, in the roll-ups.
		o := objective("by-hand", metric("a", 0, 10))
		o.Grade = f(0.9)
		return o
	}
	half := func() *okr.Objective {
		return objective("half", metric("a", 0, 10, ci("2026-03-01", num(5), -1))) // 0.5
	}
	m := func() *okr.Model {
		return model(org(q1()),
			doc("payments", "2026-Q1", measured(), unmeasured()),
			doc("growth", "2026-Q1", byHand(), half()),
			doc("idle", "2026-Q1", unmeasured()),
		)
	}

	tests := []struct {
		name       string
		asOf       string
		team       string // "" for the cycle
		progress   *float64
		notGraded  int
		state      string // the team's
		progressOn *float64
	}{
		{
			// 0.6 alone; not (0.6 x 1 + 0 x 2) / 3 = 0.2.
			name: "ended: the unmeasured objective left out", asOf: "2026-04-15", team: "payments",
			progress: f(0.6), notGraded: 1, state: StateOffTrack, progressOn: f(0.6),
		},
		{
			// (0 + 0.5) / 2 = 0.25: a grade by hand is not no-data.
			name: "ended: a grade by hand counts its progress", asOf: "2026-04-15", team: "growth",
			progress: f(0.25), notGraded: 0, state: StateOffTrack, progressOn: f(0.25),
		},
		{
			// Nothing measured at all: no number, no state (not 0, not off track).
			name: "ended: a team nothing measured has no number", asOf: "2026-04-15", team: "idle",
			progress: nil, notGraded: 1, state: "", progressOn: nil,
		},
		{
			// measured 0.6 x 1, by-hand 0 x 1, half 0.5 x 1: 1.1 / 3 = 0.3667;
			// the two unmeasured (weight 2 each) beside it.
			name: "ended: the cycle", asOf: "2026-04-15",
			progress: f(1.1 / 3), notGraded: 2, progressOn: f(1.1 / 3),
		},
		{
			// Running: (0.6 x 1 + 0 x 2) / 3 = 0.2, §3 unchanged.
			name: "running: the unmeasured objective counts 0", asOf: "2026-03-15", team: "payments",
			progress: f(0.2), state: StateStale, progressOn: f(0.2),
		},
		{
			// Running: 0 x 2 = 0, stale.
			name: "running: a team nothing measured is at 0", asOf: "2026-03-15", team: "idle",
			progress: f(0), state: StateStale, progressOn: f(0),
		},
		{
			// Running: (0.6 + 0 x 2 + 0 + 0.5 + 0 x 2) / 7 = 1.1 / 7.
			name: "running: the cycle", asOf: "2026-03-15",
			progress: f(1.1 / 7), progressOn: f(1.1 / 7),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(m(), day(tt.asOf))
			c := r.Cycle("2026-Q1")
			progress, notGraded, state, objectives := c.Progress, c.NotGraded, "", c.Objectives
			if tt.team != "" {
				tc := r.TeamCycle(tt.team, "2026-Q1")
				progress, notGraded, state, objectives = tc.Progress, tc.NotGraded, tc.State, tc.Objectives
			}
			if !equalp(progress, tt.progress) || notGraded != tt.notGraded || state != tt.state {
				t.Errorf("progress %v, not graded %d, state %q; want %v, %d, %q",
					fmtp(progress), notGraded, state, fmtp(tt.progress), tt.notGraded, tt.state)
			}
			// The progress chart's line ends at the same number.
			if got := ProgressOn(objectives, day(tt.asOf)); !equalp(got, tt.progressOn) {
				t.Errorf("progress on %s = %v, want %v", tt.asOf, fmtp(got), fmtp(tt.progressOn))
			}
		})
	}
}

// TestNeedsAttention: while a cycle runs, states decide; once it has
// ended, grades do, so a green grade is never listed, whatever the state
// its last check-in left.
func TestNeedsAttention(t *testing.T) {
	offTrack := objective("off-track", metric("a", 0, 10, ci("2026-03-10", num(1), -1)))         // 0.1
	lower := objective("lower", metric("a", 0, 10, ci("2026-03-10", num(0), -1)))                // 0
	atRisk := objective("at-risk", metric("a", 0, 10, ci("2026-03-10", num(9), 0.5)))            // 0.9 at confidence 0.5
	onTrack := objective("on-track", metric("a", 0, 10, ci("2026-03-10", num(9), 0.9)))          // 0.9 at confidence 0.9
	greenByHand := objective("green-by-hand", metric("a", 0, 10, ci("2026-03-10", num(1), 0.1))) // off track, graded 0.9
	greenByHand.Grade = f(0.9)
	yellow := objective("yellow", metric("a", 0, 10, ci("2026-03-01", num(5), -1))) // graded 0.5
	unmeasured := objective("unmeasured", metric("a", 0, 10))
	dropped := objective("dropped", metric("a", 0, 10))
	dropped.Status = okr.StatusDropped
	m := model(org(q1()), doc("payments", "2026-Q1", offTrack, lower, atRisk, onTrack, greenByHand, yellow, unmeasured, dropped))

	tests := []struct {
		name, asOf string
		want       []string
	}{
		{
			// 03-15, expected 73 / 89 = 0.82: off-track (0, 0.1 and 0.5 are
			// below 0.82 - 0.25 = 0.57; green-by-hand's confidence 0.1)
			// lowest progress first, then at-risk by its confidence 0.5,
			// then the unmeasured one, stale (no check-in for 73 days, over
			// 2 x 7); on-track and dropped are left out.
			name: "running", asOf: "2026-03-15",
			want: []string{"lower", "off-track", "green-by-hand", "yellow", "at-risk", "unmeasured"},
		},
		{
			// Ended: red grades 0 and 0.1 (their progress on 03-31), then
			// yellow 0.5; at-risk graded 0.9, green-by-hand 0.9 and on-track
			// 0.9 are green; unmeasured is not graded.
			name: "ended", asOf: "2026-04-15",
			want: []string{"lower", "off-track", "yellow"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, o := range Compute(m, day(tt.asOf)).Cycle("2026-Q1").NeedsAttention() {
				got = append(got, o.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("needs attention %v, want %v", got, tt.want)
			}
		})
	}
}
