package site

import (
	"github.com/okrs-dev/okrs/internal/compute"
)

// reviewRow is how an ended cycle went for the organization or one team:
// committed objectives hit or missed, the aspirational ones' mean grade
// against the sweet spot (compute.Review).
type reviewRow struct {
	Name, Href string
	Org        bool
	Grading    grading
	Review     *compute.Review
}

// Spot says where the aspirational mean falls, in words.
func (r reviewRow) Spot() string {
	switch r.Review.Spot {
	case compute.SpotBelow:
		return "below the 0.6–0.7 band"
	case compute.SpotAbove:
		return "above the 0.6–0.7 band"
	case compute.SpotWithin:
		return "within the 0.6–0.7 band"
	}
	return ""
}

// reviewRows are the review of an ended cycle: the organization, then each
// of the teams with OKRs in it, in the order given. Nil before the cycle ends.
func (s *site) reviewRows(p *page, c *compute.Cycle, teams []*teamNode) []reviewRow {
	all := s.res.ReviewOf(c.ID)
	if all == nil {
		return nil
	}
	rows := []reviewRow{{Name: "All teams", Org: true, Grading: gradingOf(c, c.Grade, c.NotGraded), Review: all}}
	for _, n := range teams {
		tc := s.res.TeamCycle(n.ID, c.ID)
		if tc == nil {
			continue
		}
		rows = append(rows, reviewRow{Name: n.Name, Href: p.href(teamPath(n.ID)),
			Grading: gradingOf(c, tc.Grade, tc.NotGraded), Review: s.res.TeamReview(n.ID, c.ID)})
	}
	return rows
}

// trendRow is one cycle of a trend: a running cycle's progress or an
// ended one's grade, as a bar.
type trendRow struct {
	Title, Href, Phase string
	Bar                bar
}

// trendRows shows a trend (compute.Trend, compute.TeamTrend).
func (s *site) trendRows(p *page, points []compute.TrendPoint) []trendRow {
	if len(points) < 2 {
		return nil // one cycle is not a trend
	}
	var out []trendRow
	for _, t := range points {
		r := trendRow{Title: t.Cycle.Title(), Href: p.href(cyclePath(t.Cycle.ID)), Phase: t.Cycle.Phase}
		if t.IsGrade {
			r.Bar = gradeBar(t.Value)
		} else {
			r.Bar = newBar(t.Value, -1, "")
		}
		out = append(out, r)
	}
	return out
}

// gradeBar is a grade (0..1) as a bar in its band's colour.
func gradeBar(grade *float64) bar {
	b := bar{Expected: -1, Text: "not graded", State: stateOf(""), Label: "Not graded"}
	if grade != nil {
		g := *grade
		b.Value = max(0, min(1, g))
		b.Text = "grade " + num(g)
		b.Label = "Grade " + num(g)
		b.State = stateOf(gradeState[compute.Band(g)])
	}
	return b
}

// gradeState colours a grade band's bar as the state of the same colour.
var gradeState = map[string]string{
	compute.BandGreen:  compute.StateOnTrack,
	compute.BandYellow: compute.StateAtRisk,
	compute.BandRed:    compute.StateOffTrack,
}
