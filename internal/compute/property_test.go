package compute

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// The property tests draw many random models from a fixed seed, so a
// failure is reproducible: the message names the round.

const rounds = 500

// gen draws random models around q1.
type gen struct{ r *rand.Rand }

func newGen() gen { return gen{rand.New(rand.NewPCG(1, 2))} }

func (g gen) value() float64 { return math.Round(g.r.Float64()*2000-1000) / 4 } // -250..250 in quarters

// date is a day from a month before q1 to a month after it.
func (g gen) date() okr.Date { return day("2025-12-01").AddDays(g.r.IntN(150)) }

func (g gen) weight() *float64 {
	switch g.r.IntN(4) {
	case 0:
		return nil
	case 1:
		return f(0)
	}
	return f(float64(1 + g.r.IntN(5)))
}

func (g gen) confidence() *float64 {
	if g.r.IntN(3) == 0 {
		return nil
	}
	return f(math.Round(g.r.Float64()*100) / 100)
}

func (g gen) keyResult(id string) *okr.KeyResult {
	types := []string{okr.TypeMetric, okr.TypeThreshold, okr.TypeBoolean, okr.TypeMilestone}
	kr := &okr.KeyResult{ID: id, Type: types[g.r.IntN(len(types))], Weight: g.weight()}
	switch kr.Type {
	case okr.TypeMetric:
		kr.Start, kr.Target = f(g.value()), f(g.value())
	case okr.TypeThreshold:
		kr.Target, kr.Keep = f(g.value()), []string{"above", "below"}[g.r.IntN(2)]
	case okr.TypeMilestone:
		for range 1 + g.r.IntN(4) {
			ms := &okr.Milestone{Title: "m", Weight: g.weight()}
			if g.r.IntN(2) == 0 {
				ms.Done = g.date()
			}
			kr.Milestones = append(kr.Milestones, ms)
		}
	}
	for range g.r.IntN(6) {
		c := &okr.CheckIn{Date: g.date(), Confidence: g.confidence()}
		switch kr.Type {
		case okr.TypeMetric, okr.TypeThreshold:
			c.Value = num(g.value())
		case okr.TypeBoolean:
			c.Value = yes(g.r.IntN(2) == 0)
		}
		kr.CheckIns = append(kr.CheckIns, c)
	}
	return kr
}

func (g gen) model() *okr.Model {
	var docs []*okr.OKRs
	for _, team := range []string{"a", "b", "c"} {
		var objectives []*okr.Objective
		for i := range g.r.IntN(4) {
			o := objective(fmt.Sprint("o", i))
			o.Weight = g.weight()
			if g.r.IntN(5) == 0 {
				o.Status = okr.StatusDropped
			}
			for j := range g.r.IntN(5) {
				o.KeyResults = append(o.KeyResults, g.keyResult(fmt.Sprint("k", j)))
			}
			objectives = append(objectives, o)
		}
		docs = append(docs, doc(team, "2026-Q1", objectives...))
	}
	return model(org(q1()), docs...)
}

// bounds collects the range of the parts a rollup is made of.
type bounds struct {
	lo, hi float64
	n      int
}

func (b *bounds) add(v float64) {
	if b.n == 0 || v < b.lo {
		b.lo = v
	}
	if b.n == 0 || v > b.hi {
		b.hi = v
	}
	b.n++
}

// check reports a rollup outside its parts' range, or a missing or
// unexpected number.
func (b bounds) check(t *testing.T, what string, got *float64) {
	t.Helper()
	switch {
	case b.n == 0 && got != nil:
		t.Errorf("%s = %v without parts", what, *got)
	case b.n > 0 && got == nil:
		t.Errorf("%s = nil with %d parts", what, b.n)
	case got != nil && (*got < b.lo || *got > b.hi):
		t.Errorf("%s = %v outside its parts' range %v..%v", what, *got, b.lo, b.hi)
	}
}

func TestProgressIsAFraction(t *testing.T) {
	g := newGen()
	for round := range rounds {
		asOf := g.date()
		r := Compute(g.model(), asOf)
		for _, o := range r.Objectives {
			if o.Progress != nil && (*o.Progress < 0 || *o.Progress > 1) {
				t.Errorf("round %d: objective %s progress %v", round, o.ID, *o.Progress)
			}
			for _, kr := range o.KeyResults {
				if kr.Progress < 0 || kr.Progress > 1 {
					t.Errorf("round %d: %s %s progress %v", round, kr.Type, kr.ID, kr.Progress)
				}
				if kr.Type != okr.TypeMetric && kr.ProgressRaw != kr.Progress {
					t.Errorf("round %d: %s raw %v differs from progress %v", round, kr.Type, kr.ProgressRaw, kr.Progress)
				}
				if p, _ := KRProgressAt(kr, g.date()); p < 0 || p > 1 {
					t.Errorf("round %d: %s KRProgressAt = %v", round, kr.Type, p)
				}
			}
		}
	}
}

func TestRollUpsStayWithinTheirParts(t *testing.T) {
	g := newGen()
	for round := range rounds {
		r := Compute(g.model(), g.date())
		for _, o := range r.Objectives {
			var progress, confidence bounds
			for _, kr := range o.KeyResults {
				if kr.EffectiveWeight() > 0 {
					progress.add(kr.Progress)
					if kr.Confidence != nil {
						confidence.add(*kr.Confidence)
					}
				}
			}
			progress.check(t, fmt.Sprintf("round %d: objective %s progress", round, o.Ref()), o.Progress)
			confidence.check(t, fmt.Sprintf("round %d: objective %s confidence", round, o.Ref()), o.Confidence)
		}
		var cycle, teams bounds
		for _, tc := range r.TeamCycles {
			var team bounds
			for _, o := range tc.Objectives {
				// Objectives of an ended cycle nothing measured (no-data)
				// are not parts of a roll-up (SPEC §10).
				if o.Progress != nil && o.EffectiveStatus() != okr.StatusDropped && o.EffectiveWeight() > 0 && o.State != StateNoData {
					team.add(*o.Progress)
					cycle.add(*o.Progress)
				}
			}
			team.check(t, fmt.Sprintf("round %d: team %s progress", round, tc.Team), tc.Progress)
			if tc.Progress != nil {
				teams.add(*tc.Progress)
			}
		}
		c := r.Cycle("2026-Q1")
		cycle.check(t, fmt.Sprintf("round %d: cycle progress over objectives", round), c.Progress)
		teams.check(t, fmt.Sprintf("round %d: cycle progress over teams", round), c.Progress)
	}
}

func TestMirroredMetricMirrorsProgress(t *testing.T) {
	g := newGen()
	progress := func(start, target, current float64) KeyResult {
		return *one(t, metric("k", start, target, ci("2026-01-10", num(current), -1)), "2026-02-15")
	}
	for round := range rounds {
		start, target, current := g.value(), g.value(), g.value()
		if math.Abs(target-start) < 1 {
			continue
		}
		p := progress(start, target, current)
		tests := []struct {
			name string
			kr   KeyResult
		}{
			{"start and target swapped", progress(target, start, current)},
			{"value mirrored between start and target", progress(start, target, start+target-current)},
		}
		for _, tt := range tests {
			if !near(tt.kr.Progress, 1-p.Progress) || !near(tt.kr.ProgressRaw, 1-p.ProgressRaw) {
				t.Errorf("round %d, %s: start %v, target %v, value %v: progress %v (raw %v), mirrored %v (raw %v)",
					round, tt.name, start, target, current, p.Progress, p.ProgressRaw, tt.kr.Progress, tt.kr.ProgressRaw)
			}
		}
	}
}
