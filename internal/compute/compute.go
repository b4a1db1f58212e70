// Package compute derives progress, state and grades from the model.
//
// Everything here is a pure function of the model and an as-of date, so the
// dashboard, the JSON export, the health rules and `okrs diff` show the same
// numbers, and the same inputs give byte-identical output. The model may be
// partially invalid (the validator reports why): missing values count as
// zero or absent, and nothing here panics on them.
package compute

import (
	"cmp"
	"slices"
	"strings"

	"github.com/okrs-dev/okrs/internal/okr"
)

// States of a key result or objective, computed on the as-of date. The
// authored status (draft, active, closed, dropped) is the workflow; the state
// is how it is going.
const (
	StateDone     = "done"
	StateStale    = "stale"
	StateOnTrack  = "on-track"
	StateAtRisk   = "at-risk"
	StateOffTrack = "off-track"
	// StateNoData is the state, in an ended cycle, of a key result with
	// no data at all (no check-in with a value, no milestone done, no
	// score) and of an objective with none on any key result and no grade:
	// not measured, which is not failed.
	StateNoData = "no-data"
)

// Phases of a cycle relative to the as-of date.
const (
	PhaseUpcoming = "upcoming"
	PhaseRunning  = "running"
	PhaseEnded    = "ended"
)

// Grade bands of an objective after its cycle.
const (
	BandGreen  = "green"
	BandYellow = "yellow"
	BandRed    = "red"
)

// Result is the computed model on one as-of date.
type Result struct {
	AsOf okr.Date
	// Since is the comparison date and Previous the numbers on it, when
	// the result came from ComputeSince (zero and nil otherwise).
	Since      okr.Date
	Previous   *Result
	Cycles     []*Cycle     // every org cycle, sorted by start, then id
	Objectives []*Objective // every objective, by cycle start, cycle id, team id, then file order
	TeamCycles []*TeamCycle // one per team and cycle with an OKRs document, by cycle start, cycle id, team id

	cycles     map[string]*Cycle
	objectives map[string]*Objective // cycle + "\x00" + team/objective
	keyResults map[string]*KeyResult // cycle + "\x00" + team/objective/kr
	teamCycles map[[2]string]*TeamCycle
}

// Cycle is an org cycle with its numbers.
type Cycle struct {
	*okr.Cycle
	// Expected is the elapsed share of the cycle on the as-of date: 0 on its
	// first day, 1 on its last day and after. A one-day cycle is 1 from its
	// day on.
	Expected float64
	// Progress is the weighted mean of the progress of the cycle's
	// objectives, by objective weight, leaving out dropped objectives,
	// objectives without a number and, once the cycle has ended, those
	// nothing measured (state no-data: counted in NotGraded, beside the
	// number, as for grades). It is the organization's progress for the
	// cycle. Nil when no objective counts.
	Progress   *float64
	Phase      string       // PhaseUpcoming, PhaseRunning or PhaseEnded
	Objectives []*Objective // the cycle's objectives, dropped ones included

	// Teams counts the teams with an OKRs document for the cycle.
	Teams int
	// The grade summary, for ended cycles only (zero otherwise), over the
	// objectives that have a grade, dropped ones left out.
	Graded             int
	Green, Yellow, Red int
	Achieved           int // grade >= 0.7
	// NotGraded counts the objectives of an ended cycle without a grade
	// (nothing measured), dropped ones left out: beside the grades, never
	// among them.
	NotGraded int
	// Grade is the weighted mean of the grades of the graded objectives,
	// by objective weight, dropped ones left out: the organization's grade
	// for the cycle. Nil before the cycle ends or when none is graded.
	Grade *float64

	// Previous is the cycle on the comparison date (ComputeSince), or nil.
	Previous *Cycle
}

// TeamCycle is one team's OKRs for one cycle.
type TeamCycle struct {
	Team, Cycle string
	// Progress is the weighted mean of the team's objectives in the cycle,
	// as Cycle.Progress: once the cycle has ended, objectives nothing
	// measured are left out and counted in NotGraded. Nil when no
	// objective counts.
	Progress *float64
	// Grade and NotGraded are the team's, as Cycle's.
	Grade      *float64
	NotGraded  int
	Objectives []*Objective
	// State is computed as an objective's, from Progress and the weighted
	// mean of its objectives' confidences, dropped objectives left out;
	// stale when one of them is stale. Empty when Progress is nil. Badges
	// show it.
	State string
	// Sandbagged, for an ended cycle: the team has aspirational objectives
	// (dropped ones left out) and every one of them is graded 1.0 or more,
	// so its stretch goals were not stretching.
	Sandbagged bool
	// Previous is the team cycle on the comparison date (ComputeSince), or nil.
	Previous *TeamCycle
}

// Objective is an objective with its numbers.
type Objective struct {
	*okr.Objective
	// Progress is the mean of its key results' progress weighted by their
	// weight; nil when it has no key result of positive weight (no number,
	// not 0).
	Progress *float64
	// Confidence is the weighted mean of its key results' latest
	// confidences, over those that have one; nil when none has.
	Confidence *float64
	// State is computed as a key result's, from Progress and Confidence;
	// stale when any key result's State is stale (a done key result needs
	// no more check-ins). Empty when Progress is nil: no number, no state.
	State    string
	Expected float64 // the cycle's expected progress
	// Grade, once the cycle has ended: the authored grade when given, else
	// the mean of its key results' scores weighted by their weight, a key
	// result without a score counting with its progress at the cycle's
	// end. Nil before, without a number, or when nothing was measured
	// (HasData false: not graded). It shadows the authored grade, which is
	// Objective.Objective.Grade.
	Grade *float64
	// HasData tells whether any of its key results has data.
	HasData    bool
	GradeBand  string // BandGreen, BandYellow, BandRed, or "" without a grade
	KeyResults []*KeyResult
	// Previous is the objective on the comparison date (ComputeSince), or nil.
	Previous *Objective
}

// KeyResult is a key result with its numbers.
type KeyResult struct {
	*okr.KeyResult
	// CheckIns are the inline and logged check-ins, by date, then file order.
	// Check-ins after the as-of date are kept (for charts and diffs) but do
	// not count for the numbers below.
	CheckIns []*okr.CheckIn
	// Current is the value of the latest check-in that has one; without
	// one, start (metric) or false (boolean), and no value otherwise.
	Current okr.Value
	// Start and Target are a metric key result's as resolved: the start as
	// written, else the first check-in's value; the target as written,
	// else the change applied to the start. Nil while unknown. They shadow
	// the authored ones (a threshold's Target is its bound).
	Start, Target *float64
	// HasData tells whether anything was measured by the as-of date: a
	// check-in with a value, a done milestone, or a score.
	HasData bool
	// Progress is 0..1. ProgressRaw is unclamped for metric key results
	// (> 1 over target, < 0 below baseline) and equals Progress otherwise.
	Progress    float64
	ProgressRaw float64
	// Confidence is the latest check-in's confidence, if that check-in has one.
	Confidence  *float64
	LastCheckIn okr.Date // zero when none
	// Stale tells whether check-ins are overdue: the cycle is running and
	// more than 2 x cadence days passed since the later of the cycle's start
	// and the last check-in. State says stale only when the key result is
	// not done; the health rule may read either.
	Stale    bool
	State    string
	Expected float64 // the cycle's expected progress
	// ConfidenceMismatch: a metric or milestone key result of a running
	// cycle whose latest confidence is in the on-track band while its
	// progress is more than 0.25 below the expected progress ("green but
	// behind"). From the second check-in on: the first records a baseline,
	// and a key result written in the middle of its cycle starts behind
	// the calendar.
	ConfidenceMismatch bool
	// Previous is the key result on the comparison date (ComputeSince), or nil.
	Previous *KeyResult
}

// Cycle returns the cycle with the id, or nil.
func (r *Result) Cycle(id string) *Cycle {
	if r == nil {
		return nil
	}
	return r.cycles[id]
}

// Objective returns the objective of the cycle with the reference
// team/objective, or nil.
func (r *Result) Objective(cycle, ref string) *Objective {
	if r == nil {
		return nil
	}
	return r.objectives[cycle+"\x00"+ref]
}

// KeyResult returns the key result of the cycle with the reference
// team/objective/kr, or nil.
func (r *Result) KeyResult(cycle, ref string) *KeyResult {
	if r == nil {
		return nil
	}
	return r.keyResults[cycle+"\x00"+ref]
}

// TeamCycle returns the team's OKRs for the cycle, or nil.
func (r *Result) TeamCycle(team, cycle string) *TeamCycle {
	if r == nil {
		return nil
	}
	return r.teamCycles[[2]string{team, cycle}]
}

// ObjectivesOf returns the team's objectives in the cycle.
func (r *Result) ObjectivesOf(team, cycle string) []*Objective {
	if tc := r.TeamCycle(team, cycle); tc != nil {
		return tc.Objectives
	}
	return nil
}

// Running returns the cycle the dashboard opens on: the shortest cycle
// running on the as-of date that has objectives (a quarter rather than
// its year; ties: the earlier start), else the one with objectives that
// ended last. When no cycle has objectives, the same without them, or the
// next to start. Ties between ended or upcoming cycles go to the shorter
// one. Nil without cycles.
func (r *Result) Running() *Cycle {
	if r == nil {
		return nil
	}
	hasObjectives := func(c *Cycle) bool { return len(c.Objectives) > 0 }
	if running, ended, _ := r.pick(hasObjectives); running != nil || ended != nil {
		return cmp.Or(running, ended)
	}
	running, ended, upcoming := r.pick(func(*Cycle) bool { return true })
	return cmp.Or(running, ended, upcoming)
}

// pick finds, among the cycles for which ok is true, the shortest
// running one, the one that ended last and the next to start.
func (r *Result) pick(ok func(*Cycle) bool) (running, ended, upcoming *Cycle) {
	length := func(c *Cycle) int { return c.End.Sub(c.Start) }
	for _, c := range r.Cycles { // by start, so ties keep the earlier start
		if !ok(c) {
			continue
		}
		switch c.Phase {
		case PhaseRunning:
			if running == nil || length(c) < length(running) {
				running = c
			}
		case PhaseEnded:
			if ended == nil || c.End.After(ended.End) || c.End == ended.End && length(c) < length(ended) {
				ended = c
			}
		case PhaseUpcoming:
			if upcoming == nil || c.Start == upcoming.Start && length(c) < length(upcoming) {
				upcoming = c
			}
		}
	}
	return running, ended, upcoming
}

// Compute derives every number of the model on the as-of date.
func Compute(m *okr.Model, asOf okr.Date) *Result {
	r := &Result{
		AsOf:       asOf,
		Cycles:     []*Cycle{},
		Objectives: []*Objective{},
		TeamCycles: []*TeamCycle{},
		cycles:     map[string]*Cycle{},
		objectives: map[string]*Objective{},
		keyResults: map[string]*KeyResult{},
		teamCycles: map[[2]string]*TeamCycle{},
	}
	if m == nil {
		return r
	}
	var settings okr.Settings
	if m.Org != nil {
		settings = m.Org.Settings
	}
	r.addCycles(m.Org, asOf)
	r.addObjectives(m.OKRs)
	r.mergeCheckIns(m.CheckIns)
	rules := rules{cadence: settings.CadenceDays(), asOf: asOf}
	rules.onTrack, rules.atRisk = settings.Bands()
	for _, o := range r.Objectives {
		rules.objective(o, r.cycles[o.Cycle])
	}
	r.sortAndGroup()
	r.rollUp()
	for _, tc := range r.TeamCycles {
		rules.teamCycle(tc, r.cycles[tc.Cycle])
	}
	return r
}

func (r *Result) addCycles(org *okr.Organization, asOf okr.Date) {
	if org == nil {
		return
	}
	for _, c := range org.Cycles {
		if c == nil {
			continue
		}
		r.Cycles = append(r.Cycles, &Cycle{
			Cycle:      c,
			Expected:   expected(c, asOf),
			Phase:      phase(c, asOf),
			Objectives: []*Objective{},
		})
	}
	slices.SortStableFunc(r.Cycles, func(a, b *Cycle) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	for _, c := range r.Cycles {
		if _, dup := r.cycles[c.ID]; !dup {
			r.cycles[c.ID] = c
		}
	}
}

// expected is the elapsed share of the cycle on day d.
func expected(c *okr.Cycle, d okr.Date) float64 {
	if d.Before(c.Start) {
		return 0
	}
	span := c.End.Sub(c.Start)
	if span <= 0 {
		return 1
	}
	return clamp01(float64(d.Sub(c.Start)) / float64(span))
}

func phase(c *okr.Cycle, d okr.Date) string {
	switch {
	case d.Before(c.Start):
		return PhaseUpcoming
	case d.After(c.End):
		return PhaseEnded
	}
	return PhaseRunning
}

// addObjectives wraps every objective and key result, with their inline
// check-ins, and indexes them; the first of duplicate ids wins (the
// validator reports the others).
func (r *Result) addObjectives(docs []*okr.OKRs) {
	for _, doc := range docs {
		if doc == nil {
			continue
		}
		key := [2]string{doc.Team, doc.Cycle}
		if r.teamCycles[key] == nil {
			tc := &TeamCycle{Team: doc.Team, Cycle: doc.Cycle, Objectives: []*Objective{}}
			r.teamCycles[key] = tc
			r.TeamCycles = append(r.TeamCycles, tc)
		}
		for _, o := range doc.Objectives {
			if o == nil {
				continue
			}
			obj := &Objective{Objective: o, KeyResults: []*KeyResult{}}
			for _, k := range o.KeyResults {
				if k == nil {
					continue
				}
				kr := &KeyResult{KeyResult: k, CheckIns: compact(k.CheckIns)}
				obj.KeyResults = append(obj.KeyResults, kr)
				putFirst(r.keyResults, o.Cycle+"\x00"+o.Team+"/"+o.ID+"/"+k.ID, kr)
			}
			r.Objectives = append(r.Objectives, obj)
			putFirst(r.objectives, o.Cycle+"\x00"+o.Ref(), obj)
		}
	}
}

// mergeCheckIns adds the check-ins of CheckIns documents to their key
// results, then sorts every key result's check-ins. Check-ins whose key
// result does not resolve are left out; the validator reports them.
func (r *Result) mergeCheckIns(logs []*okr.CheckIns) {
	for _, log := range logs {
		if log == nil {
			continue
		}
		for _, ci := range log.CheckIns {
			if ci == nil {
				continue
			}
			if strings.Count(ci.KR, "/") != 1 {
				continue
			}
			if kr := r.keyResults[log.Cycle+"\x00"+log.Team+"/"+ci.KR]; kr != nil {
				kr.CheckIns = append(kr.CheckIns, ci)
			}
		}
	}
	for _, o := range r.Objectives {
		for _, kr := range o.KeyResults {
			slices.SortStableFunc(kr.CheckIns, func(a, b *okr.CheckIn) int {
				return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Order, b.Order))
			})
		}
	}
}

func (r *Result) sortAndGroup() {
	start := func(id string) okr.Date {
		if c := r.cycles[id]; c != nil {
			return c.Start
		}
		return okr.Date{}
	}
	slices.SortStableFunc(r.Objectives, func(a, b *Objective) int {
		return cmp.Or(
			start(a.Cycle).Compare(start(b.Cycle)),
			cmp.Compare(a.Cycle, b.Cycle),
			cmp.Compare(a.Team, b.Team),
		)
	})
	slices.SortStableFunc(r.TeamCycles, func(a, b *TeamCycle) int {
		return cmp.Or(
			start(a.Cycle).Compare(start(b.Cycle)),
			cmp.Compare(a.Cycle, b.Cycle),
			cmp.Compare(a.Team, b.Team),
		)
	})
	for _, o := range r.Objectives {
		if tc := r.teamCycles[[2]string{o.Team, o.Cycle}]; tc != nil {
			tc.Objectives = append(tc.Objectives, o)
		}
		if c := r.cycles[o.Cycle]; c != nil {
			c.Objectives = append(c.Objectives, o)
		}
	}
	for _, tc := range r.TeamCycles {
		if c := r.cycles[tc.Cycle]; c != nil {
			c.Teams++
		}
	}
}

func (r *Result) rollUp() {
	for _, tc := range r.TeamCycles {
		tc.Progress = rollUp(tc.Objectives)
		if c := r.cycles[tc.Cycle]; c != nil && c.Phase == PhaseEnded {
			tc.Sandbagged = sandbagged(tc.Objectives)
			tc.Grade, tc.NotGraded = gradeRollUp(tc.Objectives)
		}
	}
	for _, c := range r.Cycles {
		c.Progress = rollUp(c.Objectives)
		if c.Phase != PhaseEnded {
			continue
		}
		c.Grade, c.NotGraded = gradeRollUp(c.Objectives)
		for _, o := range c.Objectives {
			if o.Grade == nil || o.EffectiveStatus() == okr.StatusDropped {
				continue
			}
			c.Graded++
			switch o.GradeBand {
			case BandGreen:
				c.Green++
				c.Achieved++
			case BandYellow:
				c.Yellow++
			case BandRed:
				c.Red++
			}
		}
	}
}

// sandbagged tells whether there are aspirational objectives, dropped ones
// left out, and all of them are graded 1.0 or more.
func sandbagged(objectives []*Objective) bool {
	n := 0
	for _, o := range objectives {
		if o.EffectiveCommitment() != okr.Aspirational || o.EffectiveStatus() == okr.StatusDropped {
			continue
		}
		if o.Grade == nil || *o.Grade < 1-tolerance {
			return false
		}
		n++
	}
	return n > 0
}

// rollUp is the weighted mean of the objectives' progress by objective
// weight, dropped objectives, those without a number and those nothing
// measured in an ended cycle left out.
func rollUp(objectives []*Objective) *float64 {
	return rollUpBy(objectives, func(o *Objective) *float64 { return o.Progress })
}

// rollUpBy is the roll-up of objectives to a team cycle, a cycle or the
// organization: the mean of progress(o) weighted by objective weight,
// dropped objectives and objectives without a number left out. So are
// the objectives of an ended cycle that nothing measured (state no-data):
// their 0 is no record, not a failure (SPEC §10), so they stand beside
// the number as "not graded" rather than pull it down. In a running cycle
// an unmeasured objective still counts with its progress, and stale says
// why (SPEC §3).
func rollUpBy(objectives []*Objective, progress func(*Objective) *float64) *float64 {
	var m mean
	for _, o := range objectives {
		if o.EffectiveStatus() == okr.StatusDropped || o.State == StateNoData {
			continue
		}
		if p := progress(o); p != nil {
			m.add(*p, o.EffectiveWeight())
		}
	}
	return m.value()
}

// ProgressOn is the roll-up of objectives as it stood on day d, counting
// only the check-ins and done milestones on or before d: what the progress
// charts draw week by week. An objective left out of the roll-up on the
// as-of date (no-data) is left out on every day, so the line ends at the
// number the pages show.
func ProgressOn(objectives []*Objective, d okr.Date) *float64 {
	return rollUpBy(objectives, func(o *Objective) *float64 { return ObjectiveProgressAt(o, d) })
}

// ExpectedOn is the cycle's expected progress on day d, as Expected is on
// the as-of date.
func (c *Cycle) ExpectedOn(d okr.Date) float64 { return expected(c.Cycle, d) }

// Weeks are the days a progress line is drawn at: the cycle's first day,
// every seventh day after it, and the last day shown (the cycle's end, or
// until when that is earlier).
func (c *Cycle) Weeks(until okr.Date) []okr.Date {
	last := c.End
	if until.Before(last) {
		last = until
	}
	var out []okr.Date
	for d := c.Start; !d.After(last); d = d.AddDays(7) {
		out = append(out, d)
	}
	if len(out) > 0 && out[len(out)-1] != last {
		out = append(out, last)
	}
	return out
}

// gradeRollUp is the weighted mean of the objectives' grades by objective
// weight, and how many are not graded; dropped objectives count in neither.
func gradeRollUp(objectives []*Objective) (grade *float64, notGraded int) {
	var m mean
	for _, o := range objectives {
		switch {
		case o.EffectiveStatus() == okr.StatusDropped:
		case o.Grade == nil:
			notGraded++
		default:
			m.add(*o.Grade, o.EffectiveWeight())
		}
	}
	return m.value(), notGraded
}

func putFirst[T any](m map[string]*T, key string, v *T) {
	if _, dup := m[key]; !dup {
		m[key] = v
	}
}

func compact[T any](list []*T) []*T {
	out := make([]*T, 0, len(list))
	for _, v := range list {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}
