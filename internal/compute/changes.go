package compute

import (
	"cmp"
	"math"
	"slices"

	"github.com/okrs-dev/okrs/internal/okr"
)

// Change is how one objective or key result moved between the comparison
// date and the as-of date.
type Change struct {
	Objective *Objective
	KeyResult *KeyResult // nil when the change is the objective's
	// Delta is the progress now minus the progress then (0.06: 6 points);
	// HasDelta is false when either has no number.
	Delta    float64
	HasDelta bool
	From, To string // the states then and now; "" for none
}

// Changes is what moved in a set of objectives since the comparison date.
type Changes struct {
	Since, AsOf okr.Date
	// Moved are the objectives and key results whose progress changed,
	// the largest change (up or down) first.
	Moved []Change
	// Done are those that became done, Stale those that went stale, and
	// States the objectives whose state changed otherwise (at-risk to
	// on-track), each in the order of the objectives.
	Done, Stale, States []Change
	// CheckIns counts the check-ins dated after since and on or before
	// the as-of date.
	CheckIns int
}

// Empty tells whether nothing moved.
func (c Changes) Empty() bool {
	return len(c.Moved)+len(c.Done)+len(c.Stale)+len(c.States)+c.CheckIns == 0
}

// ChangesOf is what moved in the objectives since the result's comparison
// date; nothing when the result has none (Compute rather than
// ComputeSince). Dropped objectives are left out, as from every rollup.
func (r *Result) ChangesOf(objectives []*Objective) Changes {
	out := Changes{Since: r.Since, AsOf: r.AsOf}
	if r.Previous == nil {
		return out
	}
	for _, o := range objectives {
		if o.EffectiveStatus() == okr.StatusDropped || o.Previous == nil {
			continue
		}
		was := o.Previous
		oc := Change{Objective: o, From: was.State, To: o.State}
		oc.Delta, oc.HasDelta = o.Moved()
		out.add(oc)
		if oc.From != oc.To && oc.To != StateDone && oc.To != StateStale && oc.From != "" && oc.To != "" {
			out.States = append(out.States, oc)
		}
		for _, kr := range o.KeyResults {
			for _, ci := range kr.CheckIns {
				if ci.Date.After(r.Since) && !ci.Date.After(r.AsOf) {
					out.CheckIns++
				}
			}
			if kr.Previous == nil {
				continue
			}
			kc := Change{Objective: o, KeyResult: kr, From: kr.Previous.State, To: kr.State}
			kc.Delta, kc.HasDelta = kr.Moved()
			out.add(kc)
		}
	}
	slices.SortStableFunc(out.Moved, func(a, b Change) int {
		return cmp.Compare(math.Abs(b.Delta), math.Abs(a.Delta))
	})
	return out
}

func (c *Changes) add(ch Change) {
	if ch.HasDelta && math.Abs(ch.Delta) > tolerance {
		c.Moved = append(c.Moved, ch)
	}
	if ch.From == ch.To {
		return
	}
	switch ch.To {
	case StateDone:
		c.Done = append(c.Done, ch)
	case StateStale:
		c.Stale = append(c.Stale, ch)
	}
}
