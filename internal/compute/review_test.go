package compute

import (
	"testing"

	"github.com/okrs-dev/okrs/internal/okr"
)

// TestReview grades a quarter by hand: committed objectives hit only at
// 1.0, the aspirational mean weighted by objective weight, dropped and
// ungraded objectives left out.
func TestReview(t *testing.T) {
	graded := func(id, commitment string, grade, weight float64) *okr.Objective {
		o := objective(id, boolean("k", ci("2026-02-01", yes(true), -1)))
		o.Commitment, o.Grade, o.Weight = commitment, f(grade), f(weight)
		return o
	}
	dropped := graded("gone", okr.Committed, 0, 1)
	dropped.Status, dropped.Reason = okr.StatusDropped, "no longer needed"
	nothing := objective("nothing", metric("m", 0, 10)) // no data: not graded
	org := &okr.Organization{Cycles: []*okr.Cycle{q1(), cycle("2026-Q2", "2026-04-01", "2026-06-30")}}
	m := model(org,
		doc("web", "2026-Q1",
			graded("a", okr.Committed, 1, 1), graded("b", okr.Committed, 0.9, 1),
			graded("c", "", 0.5, 1), graded("d", okr.Aspirational, 0.8, 3), dropped, nothing),
		doc("api", "2026-Q1", graded("e", okr.Committed, 1, 1)),
		doc("web", "2026-Q2", graded("f", okr.Committed, 1, 1)),
	)
	r := Compute(m, day("2026-05-01"))
	all := r.ReviewOf("2026-Q1")
	if all == nil {
		t.Fatal("no review of the ended 2026-Q1")
	}
	// c 0.5 (weight 1) and d 0.8 (weight 3): (0.5 + 2.4) / 4 = 0.725.
	if all.Graded != 5 || all.NotGraded != 1 || all.Committed != 3 || all.Hit != 2 || all.Missed != 1 || all.Aspirational != 2 ||
		all.AspirationalMean == nil || !near(*all.AspirationalMean, 0.725) || all.Spot != SpotAbove {
		t.Errorf("review = %+v, mean %v", all, all.AspirationalMean)
	}
	// a 1, b 0.9, e 1 in 0.9–1.0; c 0.5; d 0.8; the dropped 0 nowhere.
	want := map[int]int{5: 1, 8: 1, 9: 3}
	for i, b := range all.Distribution {
		if b.Objectives != want[i] || !near(b.From, float64(i)/10) || !near(b.To, float64(i+1)/10) || b.Band != Band(b.From) {
			t.Errorf("bin %d = %+v, want %d objectives from %.1f", i, b, want[i], float64(i)/10)
		}
	}
	if web := r.TeamReview("web", "2026-Q1"); web.Committed != 2 || web.Hit != 1 || web.Graded != 4 {
		t.Errorf("web's review = %+v", web)
	}
	if r.ReviewOf("2026-Q2") != nil || r.TeamReview("api", "2026-Q2") != nil {
		t.Error("a running cycle, or a team without OKRs in it, has no review")
	}

	trend := r.TeamTrend("web")
	if len(trend) != 2 || !trend[0].IsGrade || trend[1].IsGrade || trend[0].Cycle.ID != "2026-Q1" {
		t.Fatalf("web's trend = %+v", trend)
	}
	if g := trend[0].Value; g == nil || *g != *r.TeamCycle("web", "2026-Q1").Grade {
		t.Errorf("web's 2026-Q1 point = %v, want its grade", g)
	}
	if p := trend[1].Value; p == nil || *p != *r.TeamCycle("web", "2026-Q2").Progress {
		t.Errorf("web's 2026-Q2 point = %v, want its progress", p)
	}
	if trend := r.TeamTrend("api"); len(trend) != 1 {
		t.Errorf("api's trend = %+v, want its one cycle", trend)
	}
}

// TestGradeBin puts grades on a bin's edge in that bin, as Band puts them
// in its band, float rounding included.
func TestGradeBin(t *testing.T) {
	for _, tc := range []struct {
		grade float64
		want  int
	}{
		{grade: 0, want: 0},
		{grade: 0.05, want: 0},
		{grade: 0.1, want: 1},
		{grade: 0.1 * 3, want: 3}, // 0.30000000000000004
		{grade: 0.7 - 1e-12, want: 7},
		{grade: 0.69, want: 6},
		{grade: 0.99, want: 9},
		{grade: 1, want: 9},
		{grade: 1.2, want: 9},
		{grade: -0.1, want: 0},
	} {
		if got := gradeBin(tc.grade); got != tc.want {
			t.Errorf("gradeBin(%v) = %d, want %d", tc.grade, got, tc.want)
		}
	}
}
