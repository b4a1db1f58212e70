package compute

import (
	"math"
	"slices"

	"github.com/okrs-dev/okrs/internal/okr"
)

// tolerance absorbs float rounding where a number meets a band: 0.5 - 0.1
// is not exactly 0.4 in binary, and a progress of 0.4 must not fall below it.
const tolerance = 1e-9

// Lower bounds of the grade bands; green counts as achieved.
const (
	greenFrom  = 0.7
	yellowFrom = 0.4
)

// Margins below the expected progress within which a key result without a
// confidence is still on track, or at risk.
const (
	onTrackMargin = 0.1
	atRiskMargin  = 0.25
)

// rules are the settings and the as-of date the state rules apply with.
type rules struct {
	asOf            okr.Date
	cadence         int // check-in cadence in days
	onTrack, atRisk float64
}

func (ru rules) objective(o *Objective, c *Cycle) {
	if c != nil {
		o.Expected = c.Expected
	}
	stale := false
	var confidence mean
	for _, kr := range o.KeyResults {
		ru.keyResult(kr, c)
		stale = stale || kr.State == StateStale
		if kr.Confidence != nil {
			confidence.add(*kr.Confidence, kr.EffectiveWeight())
		}
	}
	o.Progress = ObjectiveProgressAt(o, ru.asOf)
	o.Confidence = confidence.value()
	o.HasData = slices.ContainsFunc(o.KeyResults, func(kr *KeyResult) bool { return kr.HasData })
	if o.Progress != nil {
		o.State = ru.state(*o.Progress, stale, o.Confidence, o.Expected)
	}
	if c == nil || c.Phase != PhaseEnded {
		return
	}
	switch g := o.Objective.Grade; {
	case g != nil:
		o.Grade = ptr(*g)
	case !o.HasData:
		// Nothing was measured: not graded, rather than graded 0.
		o.State = StateNoData
	default:
		o.Grade = gradeAt(o, c.End)
	}
	if o.Grade != nil {
		o.GradeBand = Band(*o.Grade)
	}
}

// gradeAt is the grade of an objective without an authored grade: the
// mean of its key results' scores weighted by their weight, a key result
// without a score counting with its progress on day end.
func gradeAt(o *Objective, end okr.Date) *float64 {
	var m mean
	for _, kr := range o.KeyResults {
		p, _ := KRProgressAt(kr, end)
		if kr.Score != nil {
			p = *kr.Score
		}
		m.add(p, kr.EffectiveWeight())
	}
	return m.value()
}

// teamCycle gives a team's OKRs for a cycle their state, one level up
// from objectives: from the rolled-up progress and the weighted mean of the
// objectives' confidences.
func (ru rules) teamCycle(tc *TeamCycle, c *Cycle) {
	if tc.Progress == nil || c == nil {
		return
	}
	stale := false
	var confidence mean
	for _, o := range tc.Objectives {
		if o.EffectiveStatus() == okr.StatusDropped {
			continue
		}
		stale = stale || o.State == StateStale
		if o.Confidence != nil {
			confidence.add(*o.Confidence, o.EffectiveWeight())
		}
	}
	tc.State = ru.state(*tc.Progress, stale, confidence.value(), c.Expected)
}

func (ru rules) keyResult(kr *KeyResult, c *Cycle) {
	m := measureAt(kr.KeyResult, kr.CheckIns, ru.asOf)
	kr.Current = m.current
	kr.Start, kr.Target = m.start, m.target
	kr.HasData = m.valued || kr.Score != nil
	kr.Progress, kr.ProgressRaw = m.progress, m.raw
	kr.Confidence = m.confidence
	kr.LastCheckIn = m.last
	if c != nil {
		kr.Expected = c.Expected
		// The cycle's start stands in for a first check-in, so a key
		// result is not stale in the first 2 x cadence days of its cycle.
		since := c.Start
		if m.last.After(since) {
			since = m.last
		}
		kr.Stale = c.Phase == PhaseRunning && ru.asOf.Sub(since) > 2*ru.cadence
	}
	kr.State = ru.state(kr.Progress, kr.Stale, kr.Confidence, kr.Expected)
	if c != nil && c.Phase == PhaseEnded && !kr.HasData {
		kr.State = StateNoData
	}
	kr.ConfidenceMismatch = c != nil && c.Phase == PhaseRunning && m.checkIns > 1 && gradual(kr) &&
		kr.Confidence != nil && *kr.Confidence >= ru.onTrack-tolerance && kr.Progress < kr.Expected-atRiskMargin-tolerance
}

// gradual tells whether a key result's progress moves step by step, so
// that it can lag behind the calendar: a boolean or threshold key result
// is at 0 until the day it is met, whatever the confidence, and a metric
// whose start equals its target, as resolved, has no progress at all
// (kr-measurable).
func gradual(k *KeyResult) bool {
	switch k.EffectiveType() {
	case okr.TypeMilestone:
		return true
	case okr.TypeMetric:
		return k.Start != nil && k.Target != nil && *k.Start != *k.Target
	}
	return false
}

// state is the first match of: done, stale, the confidence band, progress
// against expected. Stale comes before confidence so that neglect is never
// hidden behind green.
func (ru rules) state(progress float64, stale bool, confidence *float64, expected float64) string {
	switch {
	case progress >= 1:
		return StateDone
	case stale:
		return StateStale
	case confidence != nil:
		switch {
		case *confidence >= ru.onTrack-tolerance:
			return StateOnTrack
		case *confidence >= ru.atRisk-tolerance:
			return StateAtRisk
		}
		return StateOffTrack
	case progress >= expected-onTrackMargin-tolerance:
		return StateOnTrack
	case progress >= expected-atRiskMargin-tolerance:
		return StateAtRisk
	}
	return StateOffTrack
}

// Band is the grade band of a grade: green from 0.7, yellow from 0.4, else red.
func Band(grade float64) string {
	switch {
	case grade >= greenFrom-tolerance:
		return BandGreen
	case grade >= yellowFrom-tolerance:
		return BandYellow
	}
	return BandRed
}

// KRProgressAt is the key result's progress on day d, counting only the
// check-ins and done milestones on or before d; the site charts progress
// over time with it. The progress follows the rules either way (a metric
// without check-ins is at its start); ok tells whether anything measured
// by d backs it (a check-in, or a done milestone), so a chart can leave out
// the days before the first measurement.
func KRProgressAt(kr *KeyResult, d okr.Date) (progress float64, ok bool) {
	if kr == nil || kr.KeyResult == nil {
		return 0, false
	}
	m := measureAt(kr.KeyResult, kr.CheckIns, d)
	return m.progress, m.measured
}

// ObjectiveProgressAt is the objective's progress on day d: the mean of
// KRProgressAt weighted by key-result weight. Nil when no key result has a
// positive weight.
func ObjectiveProgressAt(o *Objective, d okr.Date) *float64 {
	if o == nil {
		return nil
	}
	var m mean
	for _, kr := range o.KeyResults {
		p, _ := KRProgressAt(kr, d)
		if kr != nil && kr.KeyResult != nil {
			m.add(p, kr.EffectiveWeight())
		}
	}
	return m.value()
}

// measure is what a key result's check-ins say on one day.
type measure struct {
	current       okr.Value
	start, target *float64 // as resolved: nil while unknown
	progress, raw float64
	confidence    *float64
	last          okr.Date
	measured      bool // any check-in, or a done milestone
	valued        bool // a check-in with a value, or a done milestone
	checkIns      int  // on or before the day
}

func measureAt(k *okr.KeyResult, checkIns []*okr.CheckIn, d okr.Date) measure {
	var m measure
	// The latest check-in; the first and the latest with a value of the
	// KR's kind. A check-in without one (a note, a confidence) counts for
	// staleness and confidence but leaves the current value as it was.
	var latest, first, valued *okr.CheckIn
	typ := k.EffectiveType()
	for _, ci := range checkIns {
		if ci == nil || ci.Date.After(d) {
			continue
		}
		m.checkIns++
		if latest == nil || !earlier(ci, latest) {
			latest = ci
		}
		if !hasValue(typ, ci.Value) {
			continue
		}
		if valued == nil || !earlier(ci, valued) {
			valued = ci
		}
		if first == nil || earlier(ci, first) {
			first = ci
		}
	}
	m.valued = valued != nil
	if latest != nil {
		m.measured = true
		m.last = latest.Date
		if latest.Confidence != nil {
			m.confidence = ptr(*latest.Confidence)
		}
	}
	switch typ {
	case okr.TypeMetric:
		// Without a start, the first check-in's value is the start;
		// until there is one, nothing is known.
		switch {
		case k.Start != nil:
			m.start = ptr(*k.Start)
		case first != nil:
			m.start = ptr(*first.Value.Num)
		}
		m.target = targetOf(k, m.start)
		start := deref(m.start)
		if m.start != nil {
			m.current.Num = ptr(start)
		}
		current := start
		if valued != nil {
			current = *valued.Value.Num
			m.current.Num = ptr(current)
		}
		if m.target != nil && *m.target != start {
			m.raw = (current - start) / (*m.target - start)
		}
		if math.IsNaN(m.raw) {
			m.raw = 0
		}
		m.progress = clamp01(m.raw)
		return m
	case okr.TypeThreshold:
		if k.Target != nil {
			m.target = ptr(*k.Target)
		}
		if valued != nil {
			v := *valued.Value.Num
			m.current.Num = ptr(v)
			if k.Target != nil && keeps(k.Keep, v, *k.Target) {
				m.progress = 1
			}
		}
	case okr.TypeBoolean:
		done := valued != nil && *valued.Value.Bool
		m.current.Bool = ptr(done)
		if done {
			m.progress = 1
		}
	case okr.TypeMilestone:
		// The done weight over the total weight: the mean of 1 (done) and
		// 0 weighted by the milestones' weights.
		var done mean
		for _, ms := range k.Milestones {
			if ms == nil {
				continue
			}
			w := ms.EffectiveWeight()
			if !(w > 0) || math.IsInf(w, 0) {
				continue
			}
			if !ms.Done.IsZero() && !ms.Done.After(d) {
				done.add(1, w)
				m.measured, m.valued = true, true
			} else {
				done.add(0, w)
			}
		}
		m.progress = clamp01(deref(done.value()))
	}
	m.raw = m.progress
	return m
}

// targetOf is a metric key result's target: as written, or its change
// applied to the start; nil while the start is unknown or when the change
// is unreadable (the schema reports it).
func targetOf(k *okr.KeyResult, start *float64) *float64 {
	if k.Target != nil {
		return ptr(*k.Target)
	}
	if start == nil || k.Change.IsZero() {
		return nil
	}
	t, ok := k.Change.Target(*start)
	if !ok || math.IsNaN(t) || math.IsInf(t, 0) {
		return nil
	}
	return &t
}

// earlier orders check-ins by date, then by their place across files.
func earlier(a, b *okr.CheckIn) bool {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c < 0
	}
	return a.Order < b.Order
}

// hasValue tells whether a check-in value is of the kind the KR type reads.
func hasValue(typ string, v okr.Value) bool {
	switch typ {
	case okr.TypeMetric, okr.TypeThreshold:
		return v.Num != nil
	case okr.TypeBoolean:
		return v.Bool != nil
	}
	return false
}

// keeps tells whether v keeps the bound: at or above it, or at or below it.
func keeps(keep string, v, bound float64) bool {
	if keep == "below" {
		return v <= bound
	}
	return v >= bound
}

// mean is a weighted mean that stays within the range of its parts even
// where float rounding would step outside it, and that does not overflow:
// weights are relative, and two of 1e308 and 1.7e308 sum to more than a
// float64 holds. Sums are kept in units of 2^shift; shift stays 0, and the
// arithmetic exactly that of a plain sum, until a sum would overflow.
type mean struct {
	sum, weight, lo, hi float64
	shift               int
}

// add counts v with weight w; weights that are not positive and finite count
// nothing (the schema allows 0 to leave a part out).
func (m *mean) add(v, w float64) {
	if !(w > 0) || math.IsInf(w, 0) || math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	if m.weight == 0 {
		m.lo, m.hi = v, v
	}
	m.lo, m.hi = min(m.lo, v), max(m.hi, v)
	ws := math.Ldexp(w, -m.shift)
	for math.IsInf(m.weight+ws, 0) || math.IsInf(m.sum+v*ws, 0) {
		// Scaling by a power of two is exact; one step brings any
		// finite weight down to 1e154 at most.
		m.shift += 512
		m.sum, m.weight = math.Ldexp(m.sum, -512), math.Ldexp(m.weight, -512)
		ws = math.Ldexp(w, -m.shift)
	}
	m.sum += v * ws
	m.weight += ws
}

func (m *mean) value() *float64 {
	if m.weight == 0 {
		return nil
	}
	v := m.sum / m.weight
	if math.IsNaN(v) {
		v = m.lo
	}
	return ptr(min(max(v, m.lo), m.hi))
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return min(max(x, 0), 1)
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
