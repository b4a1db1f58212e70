package compute

import (
	"fmt"

	"github.com/okrs-dev/okrs/internal/okr"
)

// DefaultSinceDays is how far before the as-of date the comparison date
// lies when --since is not given: a week, the span an executive asks about
// on a Monday.
const DefaultSinceDays = 7

// Since resolves the comparison date: the --since flag when given, else the
// as-of date minus DefaultSinceDays. A date after the as-of date is an
// error: "since" looks back.
func Since(flag string, asOf okr.Date) (okr.Date, error) {
	if flag == "" {
		return asOf.AddDays(-DefaultSinceDays), nil
	}
	d, err := okr.ParseDate(flag)
	if err != nil {
		return okr.Date{}, fmt.Errorf("--since: %w", err)
	}
	if d.After(asOf) {
		return okr.Date{}, fmt.Errorf("--since %s is after the as-of date %s; give an earlier date", d, asOf)
	}
	return d, nil
}

// ComputeSince derives every number on the as-of date and, by the same
// code, on the earlier date since, and links each cycle, team cycle,
// objective and key result to its own numbers on that date (Previous).
// Check-ins and milestones dated after since do not count for those. The
// two computations only read the model, so they run side by side: on a
// generated organization of 1,000 teams and 8 quarters each takes about a
// second.
func ComputeSince(m *okr.Model, asOf, since okr.Date) *Result {
	then := make(chan *Result, 1)
	go func() { then <- Compute(m, since) }()
	r := Compute(m, asOf)
	r.link(<-then)
	return r
}

// link makes then the numbers the result is compared with.
func (r *Result) link(then *Result) {
	r.Since = then.AsOf
	r.Previous = then
	for _, c := range r.Cycles {
		c.Previous = then.cycles[c.ID]
	}
	for _, tc := range r.TeamCycles {
		tc.Previous = then.teamCycles[[2]string{tc.Team, tc.Cycle}]
	}
	for _, o := range r.Objectives {
		o.Previous = then.Objective(o.Cycle, o.Ref())
		for _, kr := range o.KeyResults {
			kr.Previous = then.KeyResult(o.Cycle, o.Ref()+"/"+kr.ID)
		}
	}
}

// Moved is the change of progress since the comparison date, in 0..1
// units (0.06 is 6 points); ok is false without a comparison or when
// either date has no number. (Not "Change": a key result's change is its
// target relative to its start.)
func (c *Cycle) Moved() (delta float64, ok bool) {
	if c.Previous == nil {
		return 0, false
	}
	return progressChange(c.Progress, c.Previous.Progress)
}

func (tc *TeamCycle) Moved() (delta float64, ok bool) {
	if tc.Previous == nil {
		return 0, false
	}
	return progressChange(tc.Progress, tc.Previous.Progress)
}

func (o *Objective) Moved() (delta float64, ok bool) {
	if o.Previous == nil {
		return 0, false
	}
	return progressChange(o.Progress, o.Previous.Progress)
}

func (kr *KeyResult) Moved() (delta float64, ok bool) {
	if kr.Previous == nil {
		return 0, false
	}
	return kr.Progress - kr.Previous.Progress, true
}

func progressChange(now, then *float64) (float64, bool) {
	if now == nil || then == nil {
		return 0, false
	}
	return *now - *then, true
}
