package compute

import (
	"cmp"
	"slices"

	"github.com/okrs-dev/okrs/internal/okr"
)

// NeedsAttention lists the objectives of the cycle that need a look, the
// most urgent first. While the cycle runs (or before it starts), by state:
// off-track, then at-risk, then stale, the lowest progress first within
// each. Once it has ended, the state no longer says how it went, the
// grade does: red grades, then yellow, the lowest grade first. A green
// grade needs no attention, whatever the state its last check-in left
// (an objective graded 0.9 by hand can be off track by its unrecorded
// progress); nor does an objective nothing measured (not graded, which is
// no failure), a done one or a dropped one.
func (c *Cycle) NeedsAttention() []*Objective {
	if c == nil {
		return nil
	}
	ended := c.Phase == PhaseEnded
	rank := func(o *Objective) int {
		if ended {
			switch o.GradeBand {
			case BandRed:
				return 0
			case BandYellow:
				return 1
			}
			return -1
		}
		switch o.State {
		case StateOffTrack:
			return 0
		case StateAtRisk:
			return 1
		case StateStale:
			return 2
		}
		return -1
	}
	// The measure sorted on within a rank: the grade once ended, else the
	// progress; none sorts first.
	measure := func(o *Objective) float64 {
		if ended {
			return deref(o.Grade)
		}
		return deref(o.Progress)
	}
	var out []*Objective
	for _, o := range c.Objectives {
		if o.EffectiveStatus() != okr.StatusDropped && rank(o) >= 0 {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b *Objective) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(measure(a), measure(b)))
	})
	return out
}
