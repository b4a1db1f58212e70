package compute

import (
	"math"
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// Builders for models written directly as okr structs: no files needed.

func f(v float64) *float64 { return &v }

func day(s string) okr.Date { return okr.MustDate(s) }

func num(v float64) okr.Value { return okr.Value{Num: &v} }

func yes(b bool) okr.Value { return okr.Value{Bool: &b} }

// ci is a check-in; conf < 0 means none.
func ci(date string, v okr.Value, conf float64) *okr.CheckIn {
	c := &okr.CheckIn{Date: day(date), Value: v}
	if conf >= 0 {
		c.Confidence = f(conf)
	}
	return c
}

func cycle(id, start, end string) *okr.Cycle {
	return &okr.Cycle{ID: id, Start: day(start), End: day(end)}
}

// q1 is the running example: 2026-01-01 to 2026-03-31, 89 days apart.
func q1() *okr.Cycle { return cycle("2026-Q1", "2026-01-01", "2026-03-31") }

func metric(id string, start, target float64, checkIns ...*okr.CheckIn) *okr.KeyResult {
	return &okr.KeyResult{ID: id, Type: okr.TypeMetric, Start: f(start), Target: f(target), CheckIns: checkIns}
}

func threshold(id, keep string, target float64, checkIns ...*okr.CheckIn) *okr.KeyResult {
	return &okr.KeyResult{ID: id, Type: okr.TypeThreshold, Keep: keep, Target: f(target), CheckIns: checkIns}
}

func boolean(id string, checkIns ...*okr.CheckIn) *okr.KeyResult {
	return &okr.KeyResult{ID: id, Type: okr.TypeBoolean, CheckIns: checkIns}
}

func milestone(id string, ms ...*okr.Milestone) *okr.KeyResult {
	return &okr.KeyResult{ID: id, Type: okr.TypeMilestone, Milestones: ms}
}

func weighted(w float64, kr *okr.KeyResult) *okr.KeyResult {
	kr.Weight = f(w)
	return kr
}

func objective(id string, krs ...*okr.KeyResult) *okr.Objective {
	return &okr.Objective{ID: id, Title: "Objective " + id, Owner: "alice", KeyResults: krs}
}

// doc is an OKRs document; it links objectives and key results the way
// okr.Build does and numbers inline check-ins in file order.
func doc(team, cycle string, objectives ...*okr.Objective) *okr.OKRs {
	for _, o := range objectives {
		o.Team, o.Cycle = team, cycle
		for _, kr := range o.KeyResults {
			kr.Objective = o
			for _, c := range kr.CheckIns {
				c.Order = nextOrder
				nextOrder++
			}
		}
	}
	return &okr.OKRs{Team: team, Cycle: cycle, Objectives: objectives}
}

var nextOrder = 1

func model(org *okr.Organization, docs ...*okr.OKRs) *okr.Model {
	return &okr.Model{Org: org, OKRs: docs}
}

func org(cycles ...*okr.Cycle) *okr.Organization {
	return &okr.Organization{Name: "Acme", Cycles: cycles}
}

// one computes a model of a single key result in q1 and returns it.
func one(t *testing.T, kr *okr.KeyResult, asOf string) *KeyResult {
	t.Helper()
	r := Compute(model(org(q1()), doc("payments", "2026-Q1", objective("o", kr))), day(asOf))
	got := r.KeyResult("2026-Q1", "payments/o/"+kr.ID)
	if got == nil {
		t.Fatalf("key result %s not found", kr.ID)
	}
	return got
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func fmtp(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}

func equalp(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return near(*a, *b)
}
