package compute

import (
	"math"

	"github.com/okrs-dev/okrs/internal/okr"
)

// The sweet spot of an aspirational objective's grade: below it the goals
// were too far, above it not stretching (Google's 0.6 to 0.7).
const (
	SweetSpotFrom = 0.6
	SweetSpotTo   = 0.7
)

// Where a mean of aspirational grades falls against the sweet spot.
const (
	SpotBelow  = "below"
	SpotWithin = "within"
	SpotAbove  = "above"
)

// Review is how an ended cycle went, for the organization or one team:
// committed objectives hit (graded 1.0) or missed, the mean grade of the
// aspirational ones against the sweet spot. Dropped objectives and those
// without a grade are left out and counted.
type Review struct {
	Team      string // "" for the whole cycle
	Graded    int
	NotGraded int // objectives (not dropped) without a grade
	Committed int // committed objectives with a grade
	Hit       int // of those, graded 1.0
	Missed    int
	// Aspirational counts the aspirational objectives with a grade;
	// AspirationalMean is their mean grade weighted by objective weight,
	// nil when none, and Spot where it falls against the sweet spot.
	Aspirational     int
	AspirationalMean *float64
	Spot             string
	// Distribution bins the grades of the graded objectives in tenths,
	// from 0.0–0.1 to 0.9–1.0.
	Distribution [GradeBins]GradeBin
}

// GradeBins is the number of bins of a grade distribution: tenths.
const GradeBins = 10

// GradeBin is one tenth of the grade scale and how many graded objectives
// fall in it: From <= grade < To, the last bin holding 1.0 (and a grade
// over it) too.
type GradeBin struct {
	From, To   float64
	Band       string // the band of every grade in the bin
	Objectives int
}

// gradeBin is the bin of a grade; a grade a hair under a tenth, from float
// rounding, counts as that tenth, as Band counts it.
func gradeBin(grade float64) int {
	return max(0, min(int(math.Floor(grade*GradeBins+tolerance)), GradeBins-1))
}

// ReviewOf reviews the cycle's objectives, all teams together; nil unless
// the cycle has ended.
func (r *Result) ReviewOf(cycle string) *Review {
	c := r.Cycle(cycle)
	if c == nil || c.Phase != PhaseEnded {
		return nil
	}
	return review("", c.Objectives)
}

// TeamReview reviews the team's objectives in the cycle; nil unless the
// cycle has ended and the team has OKRs in it.
func (r *Result) TeamReview(team, cycle string) *Review {
	c, tc := r.Cycle(cycle), r.TeamCycle(team, cycle)
	if c == nil || c.Phase != PhaseEnded || tc == nil {
		return nil
	}
	return review(team, tc.Objectives)
}

func review(team string, objectives []*Objective) *Review {
	rv := &Review{Team: team}
	for i := range rv.Distribution {
		from := float64(i) / GradeBins
		rv.Distribution[i] = GradeBin{From: from, To: float64(i+1) / GradeBins, Band: Band(from)}
	}
	var aspirational mean
	for _, o := range objectives {
		if o.EffectiveStatus() == okr.StatusDropped {
			continue
		}
		if o.Grade == nil {
			rv.NotGraded++
			continue
		}
		rv.Graded++
		rv.Distribution[gradeBin(*o.Grade)].Objectives++
		if o.EffectiveCommitment() == okr.Committed {
			rv.Committed++
			if *o.Grade >= 1-tolerance {
				rv.Hit++
			} else {
				rv.Missed++
			}
			continue
		}
		rv.Aspirational++
		aspirational.add(*o.Grade, o.EffectiveWeight())
	}
	rv.AspirationalMean = aspirational.value()
	if m := rv.AspirationalMean; m != nil {
		switch {
		case *m < SweetSpotFrom-tolerance:
			rv.Spot = SpotBelow
		case *m > SweetSpotTo+tolerance:
			rv.Spot = SpotAbove
		default:
			rv.Spot = SpotWithin
		}
	}
	return rv
}

// TrendPoint is one cycle of a trend: the progress of a running cycle or
// the grade of an ended one.
type TrendPoint struct {
	Cycle *Cycle
	// Value is the grade once the cycle has ended, else the progress; nil
	// without a number (nothing graded, no objective).
	Value   *float64
	IsGrade bool
}

// Trend is the organization's progress or grade per cycle, for the cycles
// that have started and have OKRs, by start. Only cycles as long as the
// one the dashboard shows, give or take a week, are compared: quarters
// with quarters, not with their year.
func (r *Result) Trend() []TrendPoint {
	return r.trend(func(c *Cycle) (*float64, *float64, bool) { return c.Progress, c.Grade, c.Teams > 0 })
}

// TeamTrend is the team's progress or grade per cycle, as Trend, for the
// cycles the team has OKRs in.
func (r *Result) TeamTrend(team string) []TrendPoint {
	return r.trend(func(c *Cycle) (*float64, *float64, bool) {
		tc := r.TeamCycle(team, c.ID)
		if tc == nil {
			return nil, nil, false
		}
		return tc.Progress, tc.Grade, true
	})
}

func (r *Result) trend(of func(*Cycle) (progress, grade *float64, ok bool)) []TrendPoint {
	shown := r.Running()
	if shown == nil {
		return nil
	}
	length := shown.End.Sub(shown.Start)
	var out []TrendPoint
	for _, c := range r.Cycles { // by start
		if c.Phase == PhaseUpcoming || abs(c.End.Sub(c.Start)-length) > 7 {
			continue
		}
		progress, grade, ok := of(c)
		if !ok {
			continue
		}
		p := TrendPoint{Cycle: c, Value: progress}
		if c.Phase == PhaseEnded {
			p.Value, p.IsGrade = grade, true
		}
		out = append(out, p)
	}
	return out
}

func abs(n int) int { return max(n, -n) }
