package site

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// cycleSummary is the head of every page about a cycle.
type cycleSummary struct {
	ID, Title, Href, Phase    string
	Start, End                string
	Progress                  *float64
	Expected                  float64
	Bar                       bar
	Objectives, Teams         int
	DaysLeft, Days            int
	ReportHref, AlignmentHref string
	CSVHref                   string
	Parent                    string
	Grading                   grading
	Delta                     delta // progress since the comparison date
}

func (s *site) cycleSummary(p *page, c *compute.Cycle) cycleSummary {
	cs := cycleSummary{
		ID: c.ID, Title: c.Title(), Href: p.href(cyclePath(c.ID)), Phase: c.Phase,
		Start: c.Start.String(), End: c.End.String(),
		Progress: c.Progress, Expected: c.Expected,
		Teams:         c.Teams,
		ReportHref:    p.href(reportPath(c.ID)),
		AlignmentHref: p.href(alignmentPath(c.ID)),
		CSVHref:       p.href("data/" + c.ID + ".csv"),
		Days:          c.End.Sub(c.Start) + 1,
		Parent:        c.Parent,
		Grading:       gradingOf(c, c.Grade, c.NotGraded),
	}
	for _, o := range c.Objectives {
		if o.EffectiveStatus() != okr.StatusDropped {
			cs.Objectives++
		}
	}
	exp := c.Expected
	if c.Phase != compute.PhaseRunning {
		exp = -1
	}
	if c.Phase == compute.PhaseRunning {
		cs.Delta = s.delta(c.Moved()) // an ended cycle seldom moves: no "no change" figure
	}
	cs.Bar = newBar(c.Progress, exp, "").moved(cs.Delta)
	if c.Phase == compute.PhaseRunning {
		cs.DaysLeft = c.End.Sub(s.asOf)
	}
	return cs
}

// teamProgress is a team's progress in one cycle, for lists with bars.
type teamProgress struct {
	Name, Href string
	Depth      int
	Bar        bar
	Progress   *float64
	Objectives int
	Mix        []stateCount
	Grading    grading
}

// teamsOf lists the teams with OKRs in the cycle, in tree order.
func (s *site) teamsOf(p *page, c *compute.Cycle) []teamProgress {
	var out []teamProgress
	exp := c.Expected
	if c.Phase != compute.PhaseRunning {
		exp = -1
	}
	for _, n := range s.teamTree {
		tc := s.res.TeamCycle(n.ID, c.ID)
		if tc == nil {
			continue
		}
		mix, total := stateMix(tc.Objectives)
		out = append(out, teamProgress{
			Name: n.Name, Href: p.href(teamPath(n.ID)), Depth: n.Depth,
			Bar: newBar(tc.Progress, exp, "").moved(s.delta(tc.Moved())), Progress: tc.Progress, Objectives: total, Mix: mix,
			Grading: gradingOf(c, tc.Grade, tc.NotGraded),
		})
	}
	return out
}

func teamBars(rows []teamProgress) []teamBar {
	var out []teamBar
	for _, r := range rows {
		out = append(out, teamBar{Name: r.Name, Progress: r.Progress})
	}
	return out
}

// checkInRow is one check-in in the dashboard's list of latest check-ins.
type checkInRow struct {
	Date, Value, Confidence string
	KR, KRHref              string
	Objective               string
	Team, TeamHref          string
	By                      personRef
	Note                    string
	State                   string
}

// timelineItem is one date on a cycle's event timeline.
type timelineItem struct {
	Date, Label string
	Past, Today bool
}

type dashboardData struct {
	Mission       string
	Cycle         *cycleSummary
	Running       bool
	Teams         []teamProgress
	Mix           []stateCount
	MixTotal      int
	MixChart      *chart
	ProgressChart *chart
	TimelineChart *chart
	Timeline      []timelineItem
	CheckIns      []checkInRow
	Attention     []objRow
	MoreAttention int    // objectives that need attention beyond those listed
	AttentionHref string // where they all are
	Health        healthSummary
	HiddenTeams   int // teams below the levels listed
	TeamsHref     string
	Changes       *changesView
	Trend         []trendRow
	// Top are the root teams' objectives under TopHeading, as on the report.
	Top        []objRow
	TopHeading string
	Ended      bool
}

// The dashboard of an organization with more teams than dashboardTeams
// lists the top two levels of the team tree; each team's page lists its
// sub-teams. It lists the first dashboardAttention objectives that need
// attention; the cycle page has them all.
const (
	dashboardTeams     = 40
	dashboardAttention = 12
)

func (s *site) dashboard() *page {
	p := s.newPage("index.html", "index", s.org.Name, "dashboard")
	p.Heading = s.org.Name
	d := &dashboardData{Mission: s.org.Mission}
	p.Data = d
	d.Health = s.healthSummary(p)
	c := s.current
	if c == nil {
		return p
	}
	s.switcher(p, c.ID, cyclePath)
	cs := s.cycleSummary(p, c)
	d.Cycle = &cs
	d.Running = c.Phase == compute.PhaseRunning
	d.Ended = c.Phase == compute.PhaseEnded
	d.TopHeading, d.Top = s.topObjectives(p, c)
	d.Teams = s.teamsOf(p, c)
	d.TeamsHref = p.href("teams/index.html")
	if len(s.teamTree) > dashboardTeams {
		n := len(d.Teams)
		d.Teams = slices.DeleteFunc(d.Teams, func(t teamProgress) bool { return t.Depth > 1 })
		d.HiddenTeams = n - len(d.Teams)
	}
	d.Mix, d.MixTotal = stateMix(c.Objectives)
	d.MixChart = s.stateMixChart(p, "state_mix", d.Mix, d.MixTotal, c.Phase == compute.PhaseEnded)
	d.ProgressChart = s.progressChart(p, "org_progress", s.org.Name, []*compute.Cycle{c}, func(c *compute.Cycle) []*compute.Objective { return c.Objectives })
	d.TimelineChart = s.ganttChart(p, "timeline", []*compute.Cycle{c})
	d.Timeline = s.timeline(c)
	d.CheckIns = s.latestCheckIns(p, c, 8)
	d.Attention = s.rowsOf(p, c.NeedsAttention())
	if len(d.Attention) > dashboardAttention {
		d.MoreAttention = len(d.Attention) - dashboardAttention
		d.Attention = d.Attention[:dashboardAttention]
		d.AttentionHref = p.href(listPath(c.ID, listAttention, 1))
	}
	d.Changes = s.changes(p, c.Objectives, 5, wholeChanges(p, c), "")
	d.Trend = s.trendRows(p, s.res.Trend())
	return p
}

// rowsOf are the objectives as rows of a list.
func (s *site) rowsOf(p *page, objs []*compute.Objective) []objRow {
	var out []objRow
	for _, o := range objs {
		out = append(out, s.objRow(p, o))
	}
	return out
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func (s *site) timeline(c *compute.Cycle) []timelineItem {
	var items []timelineItem
	for _, e := range events(c.Cycle) {
		items = append(items, timelineItem{Date: e.Date.String(), Label: e.Label})
	}
	items = append(items,
		timelineItem{Date: c.Start.String(), Label: "Cycle starts"},
		timelineItem{Date: c.End.String(), Label: "Cycle ends"})
	slices.SortStableFunc(items, func(a, b timelineItem) int { return cmp.Compare(a.Date, b.Date) })
	today := s.asOf.String()
	var out []timelineItem
	placed := false
	for _, it := range items {
		if !placed && it.Date > today {
			out = append(out, timelineItem{Date: today, Label: "Today (as of)", Today: true})
			placed = true
		}
		it.Past = it.Date <= today
		out = append(out, it)
	}
	if !placed {
		out = append(out, timelineItem{Date: today, Label: "Today (as of)", Today: true})
	}
	return out
}

func (s *site) latestCheckIns(p *page, c *compute.Cycle, n int) []checkInRow {
	type entry struct {
		ci *okr.CheckIn
		kr *compute.KeyResult
		o  *compute.Objective
	}
	// The n latest, newest first, ties in the order of the cycle: a stable
	// sort of every check-in, kept to its first n as they come. A large
	// cycle has a hundred thousand check-ins and the page shows eight.
	newer := func(a, b entry) bool {
		return cmp.Or(b.ci.Date.Compare(a.ci.Date), cmp.Compare(b.ci.Order, a.ci.Order)) < 0
	}
	latest := make([]entry, 0, n+1)
	for _, o := range c.Objectives {
		for _, kr := range o.KeyResults {
			for _, ci := range kr.CheckIns {
				if ci.Date.After(s.asOf) {
					continue
				}
				e := entry{ci, kr, o}
				i := len(latest)
				for i > 0 && newer(e, latest[i-1]) {
					i--
				}
				if i < n {
					latest = slices.Insert(latest, i, e)[:min(n, len(latest)+1)]
				}
			}
		}
	}
	var out []checkInRow
	for _, e := range latest {
		out = append(out, checkInRow{
			Date:       e.ci.Date.String(),
			Value:      checkInValue(e.kr, e.ci),
			Confidence: confidence(e.ci.Confidence),
			KR:         mdtext.Plain(e.kr.Title),
			KRHref:     p.href(objectivePath(e.o.Objective)) + "#kr-" + e.kr.ID,
			Objective:  mdtext.Plain(e.o.Title),
			Team:       s.teamName(e.o.Team),
			TeamHref:   p.href(teamPath(e.o.Team)),
			By:         s.personRef(p, e.ci.By),
			Note:       e.ci.Note,
			State:      e.kr.State,
		})
	}
	return out
}

func checkInValue(kr *compute.KeyResult, ci *okr.CheckIn) string {
	if ci.Value.IsZero() {
		return "–"
	}
	return valueOf(ci.Value, kr.Unit)
}

// cyclesIndex lists every cycle.
type cycleListData struct {
	Cycles []cycleSummary
}

func (s *site) cyclesIndex() *page {
	p := s.newPage("cycles/index.html", "cycles", "Cycles", "cycles")
	p.crumb("index.html", "Dashboard")
	d := &cycleListData{}
	for i := len(s.res.Cycles) - 1; i >= 0; i-- {
		d.Cycles = append(d.Cycles, s.cycleSummary(p, s.res.Cycles[i]))
	}
	p.Data = d
	return p
}

type teamGroup struct {
	Name, Href string
	Depth      int
	Bar        bar
	Rows       []objRow
}

type cycleData struct {
	Cycle                            cycleSummary
	Mix                              []stateCount
	MixTotal                         int
	MixChart, TeamsChart, GradeChart *chart
	Ended                            bool
	Graded, Achieved                 int
	Green, Yellow, Red               int
	Groups                           []teamGroup
	Teams                            []string
	Sub                              []cycleSummary // cycles inside this one
	Parts                            []partSummary  // the top-level teams, when the cycle is split
	Pager                            []link
	IsPart                           bool
	Review                           []reviewRow
	Labels                           []string // the label filter's chips
}

// cycleWeight is how many objectives a team has in the cycle.
func (s *site) cycleWeight(c *compute.Cycle) func(n *teamNode) int {
	return func(n *teamNode) int { return len(s.res.ObjectivesOf(n.ID, c.ID)) }
}

func (s *site) cycleSplit(c *compute.Cycle) split {
	return s.splitView("cycles/"+c.ID, cyclePage, s.cycleWeight(c))
}

func (s *site) cyclePage(c *compute.Cycle, sp split) *page {
	p := s.newPage(cyclePath(c.ID), "cycle", c.Title(), "cycles")
	p.crumb("index.html", "Dashboard")
	p.crumb("cycles/index.html", "Cycles")
	s.switcher(p, c.ID, cyclePath)
	d := &cycleData{Cycle: s.cycleSummary(p, c), Ended: c.Phase == compute.PhaseEnded,
		Graded: c.Graded, Achieved: c.Achieved, Green: c.Green, Yellow: c.Yellow, Red: c.Red}
	p.Lead = fmt.Sprintf("%s to %s · %s", c.Start, c.End, c.Phase)
	d.Mix, d.MixTotal = stateMix(c.Objectives)
	d.MixChart = s.stateMixChart(p, "state_mix", d.Mix, d.MixTotal, c.Phase == compute.PhaseEnded)
	teams := s.teamsOf(p, c)
	groups, reviewed := s.teamTree, s.teamTree
	if !sp.whole {
		// The chart and the review have the root and the top-level teams;
		// each has a page.
		reviewed = sp.shown()
		top := map[string]bool{}
		for _, n := range reviewed {
			top[p.href(teamPath(n.ID))] = true
		}
		teams = slices.DeleteFunc(teams, func(tp teamProgress) bool { return !top[tp.Href] })
		groups = sp.above
		d.Parts = s.summaries(p, sp, "objective", s.cycleWeight(c))
	}
	d.Review = s.reviewRows(p, c, reviewed)
	exp := c.Expected
	if c.Phase != compute.PhaseRunning {
		exp = -1
	}
	d.TeamsChart = s.teamsChart(p, "teams", teamBars(teams), exp)
	if d.Ended {
		d.GradeChart = s.gradeChart(p, "grades", s.res.ReviewOf(c.ID), 240)
	}
	s.cycleGroups(p, d, c, groups)
	for _, sub := range s.res.Cycles {
		if sub.Parent == c.ID {
			d.Sub = append(d.Sub, s.cycleSummary(p, sub))
		}
	}
	p.Data = d
	return p
}

// cyclePart is a cycle's objectives of one top-level team's subtree, or
// of part of it.
func (s *site) cyclePart(c *compute.Cycle, sp split, pt part) *page {
	p := s.newPage(pt.path, "cycle", c.Title()+" · "+partTitle(pt), "cycles")
	p.crumb("index.html", "Dashboard")
	p.crumb("cycles/index.html", "Cycles")
	p.crumb(cyclePath(c.ID), c.Title())
	p.Lead = fmt.Sprintf("%s to %s · %s · %s and the teams below it", c.Start, c.End, c.Phase, pt.top.Name)
	d := &cycleData{Cycle: s.cycleSummary(p, c), Ended: c.Phase == compute.PhaseEnded, IsPart: true, Pager: s.pager(p, sp, pt)}
	d.Review = s.reviewRows(p, c, pt.teams)
	s.cycleGroups(p, d, c, pt.teams)
	p.Data = d
	return p
}

// cycleGroups are the teams' objectives in the cycle, a group per team.
func (s *site) cycleGroups(p *page, d *cycleData, c *compute.Cycle, teams []*teamNode) {
	exp := c.Expected
	if c.Phase != compute.PhaseRunning {
		exp = -1
	}
	for _, n := range teams {
		tc := s.res.TeamCycle(n.ID, c.ID)
		if tc == nil {
			continue
		}
		g := teamGroup{Name: n.Name, Href: p.href(teamPath(n.ID)), Depth: n.Depth, Bar: newBar(tc.Progress, exp, "").moved(s.delta(tc.Moved()))}
		for _, o := range tc.Objectives {
			g.Rows = append(g.Rows, s.objRow(p, o))
		}
		d.Groups = append(d.Groups, g)
		d.Teams = append(d.Teams, n.Name)
	}
	var rows [][]objRow
	for _, g := range d.Groups {
		rows = append(rows, g.Rows)
	}
	d.Labels = filterLabels(rows...)
}

// teamsIndex is the team tree. A large one is split by top-level team like
// the views of split.go, the subtree pages named teams/<team>.html (no
// team id has a dot, so none is a team's folder).
type teamsIndexData struct {
	Teams  []teamRow
	Parts  []partSummary // the top-level teams, when the tree is split
	Pager  []link
	IsPart bool
}

type teamRow struct {
	Name, Href  string
	Depth       int
	Lead, Coach personRef
	Members     int
	Current     *teamProgress
}

func (s *site) teamsSplit() split {
	return s.splitPages(func(team string, n int) string {
		if n == 1 {
			return "teams/" + team + ".html"
		}
		return "teams/" + team + "." + strconv.Itoa(n) + ".html"
	}, teamsPage, func(*teamNode) int { return 1 })
}

func (s *site) teamsIndex(sp split) *page {
	p := s.newPage("teams/index.html", "teams", "Teams", "teams")
	p.crumb("index.html", "Dashboard")
	d := &teamsIndexData{}
	teams := s.teamTree
	if !sp.whole {
		teams = sp.shown()
		d.Parts = s.summaries(p, sp, "", nil)
	}
	s.teamRows(p, d, teams)
	p.Data = d
	return p
}

// teamsPart is the teams of one top-level team's subtree, or part of it.
func (s *site) teamsPart(sp split, pt part) *page {
	p := s.partPage(pt, "teams", "Teams", "")
	d := &teamsIndexData{IsPart: true, Pager: s.pager(p, sp, pt)}
	s.teamRows(p, d, pt.teams)
	p.Data = d
	return p
}

func (s *site) teamRows(p *page, d *teamsIndexData, teams []*teamNode) {
	var current map[string]teamProgress
	if s.current != nil {
		current = map[string]teamProgress{}
		for _, tp := range s.teamsOf(p, s.current) {
			current[tp.Href] = tp
		}
		if d.IsPart {
			p.Lead += " · progress in " + s.current.Title()
		} else {
			p.Lead = "Progress in " + s.current.Title()
		}
	}
	for _, n := range teams {
		r := teamRow{Name: n.Name, Href: p.href(teamPath(n.ID)), Depth: n.Depth,
			Lead: s.personRef(p, n.Lead), Coach: s.personRef(p, n.Coach), Members: len(n.Members)}
		if tp, ok := current[r.Href]; ok {
			r.Current = &tp
		}
		d.Teams = append(d.Teams, r)
	}
}

type teamData struct {
	Description   string
	Lead, Coach   personRef
	Members       []personRef
	Parent        *link
	Children      []link
	ProgressChart *chart
	Cycles        []teamCycleSection
	Badge         badgeEmbed
	Changes       *changesView // in the cycle the dashboard shows
	Trend         []trendRow
	Labels        []string // the label filter's chips
}

// badgeEmbed is a badge as a team page shows it: the image, and the
// Markdown that embeds it elsewhere, with the site's address when the
// build knows it.
type badgeEmbed struct {
	Src, Alt, Markdown, Feed string
	Absolute                 bool
}

type teamCycleSection struct {
	ID, Title, Href, Phase string
	Bar                    bar
	Grading                grading
	Rows                   []objRow
}

func (s *site) teamPage(n *teamNode) *page {
	t := n.Team
	p := s.newPage(teamPath(t.ID), "team", cmpOr(t.Name, t.ID), "teams")
	p.crumb("index.html", "Dashboard")
	p.crumb("teams/index.html", "Teams")
	d := &teamData{Description: t.Description, Lead: s.personRef(p, t.Lead), Coach: s.personRef(p, t.Coach), Members: s.personRefs(p, t.Members)}
	if par := s.teams[t.Parent]; par != nil {
		d.Parent = &link{Href: p.href(teamPath(par.ID)), Text: cmpOr(par.Name, par.ID)}
	}
	for _, c := range n.Children {
		d.Children = append(d.Children, link{Href: p.href(teamPath(c.ID)), Text: cmpOr(c.Name, c.ID)})
	}
	var cycles []*compute.Cycle
	for i := len(s.res.Cycles) - 1; i >= 0; i-- {
		c := s.res.Cycles[i]
		tc := s.res.TeamCycle(t.ID, c.ID)
		if tc == nil {
			continue
		}
		cycles = append(cycles, c)
		exp := c.Expected
		if c.Phase != compute.PhaseRunning {
			exp = -1
		}
		sec := teamCycleSection{ID: c.ID, Title: c.Title(), Href: p.href(cyclePath(c.ID)), Phase: c.Phase, Bar: newBar(tc.Progress, exp, "").moved(s.delta(tc.Moved())), Grading: gradingOf(c, tc.Grade, tc.NotGraded)}
		for _, o := range tc.Objectives {
			sec.Rows = append(sec.Rows, s.objRow(p, o))
		}
		d.Cycles = append(d.Cycles, sec)
	}
	var rows [][]objRow
	for _, sec := range d.Cycles {
		rows = append(rows, sec.Rows)
	}
	d.Labels = filterLabels(rows...)
	slices.Reverse(cycles)
	d.Badge = s.teamBadgeEmbed(p, t.ID, cmpOr(t.Name, t.ID))
	p.Feeds = append(p.Feeds, link{Href: p.href("teams/" + t.ID + "/feed.xml"), Text: "Check-ins · " + cmpOr(t.Name, t.ID)})
	if c := s.current; c != nil && s.res.TeamCycle(t.ID, c.ID) != nil {
		// The team's objectives of the cycle, further down this page,
		// each with its movement.
		d.Changes = s.changes(p, s.res.ObjectivesOf(t.ID, c.ID), 5, func(string) string { return "#cycle-" + c.ID }, "every objective with its movement")
	}
	d.Trend = s.trendRows(p, s.res.TeamTrend(t.ID))
	d.ProgressChart = s.progressChart(p, "team_progress", "team "+cmpOr(t.Name, t.ID), cycles, func(c *compute.Cycle) []*compute.Objective {
		return s.res.ObjectivesOf(t.ID, c.ID)
	})
	p.Data = d
	return p
}

// The objective page.

type objectiveData struct {
	Obj             objRow
	Description     string
	Reason          string
	Retrospective   string
	Confidence      *float64
	Weight          string
	Bar             bar
	CycleTitle      string
	Phase           string
	RACI            []raciLine
	Up, Down        []objRow
	KRs             []krView
	ConfidenceChart *chart
	Committed       bool
}

// alignItems are the items of an objective's alignment up or down: each
// objective with its state and team, and for the ones it aligns to
// (withCycle) their cycle, which may be an enclosing one.
func alignItems(rows []objRow, withCycle bool) template.HTML {
	var w htmlWriter
	for i := range rows {
		r := &rows[i]
		w.objItem(r)
		w.Raw(`<a href="`)
		w.Href(r.TeamHref)
		w.Raw(`">`)
		w.Text(r.TeamName)
		w.Raw("</a>")
		if withCycle {
			w.Raw(" · ")
			w.Text(r.Cycle)
		}
		w.Raw("</span></li>")
	}
	return w.Fragment()
}

// raciRows are the rows of an objective's RACI table.
func raciRows(lines []raciLine) template.HTML {
	var w htmlWriter
	for i := range lines {
		l := &lines[i]
		w.Raw("\n<tr><th scope=\"row\"><abbr title=\"")
		w.Text(l.Role)
		w.Raw(`">`)
		w.Text(l.Letter)
		w.Raw("</abbr> ")
		w.Text(l.Role)
		w.Raw("</th><td>")
		w.people(l.Parties)
		w.Raw("</td></tr>")
	}
	return w.Fragment()
}

type raciLine struct {
	Letter, Role string
	Parties      []personRef
}

type krView struct {
	Anchor, Title, Type    string
	TitleHTML              template.HTML
	Labels                 []string
	Owner                  personRef
	Weight                 string
	Start, Target, Current string
	Keep                   string
	Bar                    bar
	Over                   string // "over target" / "below baseline"
	State                  string
	Confidence             string
	LastCheckIn            string
	Chart                  *chart
	CheckIns               []checkInView
	Milestones             []milestoneView
}

type checkInView struct {
	Date, Value, Confidence string
	By                      personRef
	Note                    string
	Later                   bool // after the as-of date
}

type milestoneView struct {
	Title, Done, Weight string
	IsDone              bool
}

func (s *site) objectivePage(o *compute.Objective) *page {
	c := s.res.Cycle(o.Cycle)
	p := s.newPage(objectivePath(o.Objective), "objective", mdtext.Plain(o.Title), "teams")
	p.HeadingHTML = mdtext.Title(o.Title, true, s.linkBase())
	p.crumb("index.html", "Dashboard")
	p.crumb("teams/index.html", "Teams")
	p.crumb(teamPath(o.Team), s.teamName(o.Team))
	if c != nil {
		p.crumb(cyclePath(c.ID), c.Title())
	}
	d := &objectiveData{
		Obj:           s.objRow(p, o),
		Description:   o.Description,
		Reason:        o.Reason,
		Retrospective: o.Retrospective,
		Confidence:    o.Confidence,
		Weight:        num(o.EffectiveWeight()),
		Committed:     o.EffectiveCommitment() == okr.Committed,
	}
	d.Bar = newBar(o.Progress, d.Obj.Expected, o.State).moved(d.Obj.Delta)
	if c != nil {
		d.CycleTitle, d.Phase = c.Title(), c.Phase
	}
	if a := o.RACI; a != nil {
		d.RACI = []raciLine{
			{"R", "Responsible", s.personRefs(p, a.Responsible)},
			{"A", "Accountable", s.personRefs(p, nonEmpty(a.Accountable))},
			{"C", "Consulted", s.personRefs(p, a.Consulted)},
			{"I", "Informed", s.personRefs(p, a.Informed)},
		}
	}
	for _, t := range s.alignsTo[o] {
		d.Up = append(d.Up, s.objRow(p, t))
	}
	for _, t := range s.alignedBy[o] {
		d.Down = append(d.Down, s.objRow(p, t))
	}
	for _, kr := range o.KeyResults {
		d.KRs = append(d.KRs, s.krView(p, kr, c))
	}
	d.ConfidenceChart = s.confidenceChart(p, o, c)
	p.Data = d
	return p
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func (s *site) krView(p *page, kr *compute.KeyResult, c *compute.Cycle) krView {
	v := krView{
		Anchor:      "kr-" + kr.ID,
		Title:       kr.Title,
		TitleHTML:   mdtext.Title(kr.Title, true, s.linkBase()),
		Labels:      kr.Labels,
		Type:        kr.EffectiveType(),
		Owner:       s.personRef(p, kr.EffectiveOwner()),
		Weight:      num(kr.EffectiveWeight()),
		State:       kr.State,
		Confidence:  confidence(kr.Confidence),
		LastCheckIn: cmpOr(kr.LastCheckIn.String(), "none yet"),
		Current:     s.krCurrent(kr),
	}
	exp := kr.Expected
	if c == nil || c.Phase != compute.PhaseRunning {
		exp = -1
	}
	prog := kr.Progress
	v.Bar = newBar(&prog, exp, kr.State).moved(s.delta(kr.Moved()))
	switch v.Type {
	case okr.TypeMetric:
		v.Start, v.Target = numPtr(kr.Start, kr.Unit), numPtr(kr.Target, kr.Unit)
		switch {
		case kr.ProgressRaw > 1:
			v.Over = "over target: " + pct(kr.ProgressRaw)
		case kr.ProgressRaw < 0:
			v.Over = "below baseline: " + pct(kr.ProgressRaw)
		}
	case okr.TypeThreshold:
		v.Target = numPtr(kr.Target, kr.Unit)
		v.Keep = "at or above"
		if kr.Keep == "below" {
			v.Keep = "at or below"
		}
	}
	v.CheckIns = make([]checkInView, 0, len(kr.CheckIns))
	for _, ci := range kr.CheckIns {
		v.CheckIns = append(v.CheckIns, checkInView{
			Date: ci.Date.String(), Value: checkInValue(kr, ci), Confidence: confidence(ci.Confidence),
			By: s.personRef(p, ci.By), Note: ci.Note, Later: ci.Date.After(s.asOf),
		})
	}
	slices.Reverse(v.CheckIns) // the latest first
	for _, m := range kr.Milestones {
		mv := milestoneView{Title: m.Title, Weight: num(m.EffectiveWeight())}
		if !m.Done.IsZero() {
			mv.Done = m.Done.String()
			mv.IsDone = !m.Done.After(s.asOf)
		}
		v.Milestones = append(v.Milestones, mv)
	}
	v.Chart = s.krChart(p, kr, c)
	return v
}

// krCurrent shows a key result's current value.
func (s *site) krCurrent(kr *compute.KeyResult) string {
	switch kr.EffectiveType() {
	case okr.TypeMilestone:
		done, all := 0, 0
		for _, m := range kr.Milestones {
			all++
			if !m.Done.IsZero() && !m.Done.After(s.asOf) {
				done++
			}
		}
		return fmt.Sprintf("%d of %d milestones done", done, all)
	case okr.TypeBoolean:
		if kr.Current.Bool != nil && *kr.Current.Bool {
			return "yes"
		}
		return "not yet"
	}
	return valueOf(kr.Current, kr.Unit)
}

// 404

func (s *site) notFound() *page {
	p := s.newPage("404.html", "404", "Page not found", "")
	if s.opt.BaseURL != "" {
		// A host serves 404.html for any missing path, at any depth, so
		// relative links only work from the root; with a base URL they
		// can be absolute.
		base := strings.TrimRight(s.opt.BaseURL, "/") + "/"
		p.Root = base
		p.Nav = nil
		p2 := s.newPage("404.html", "404", "Page not found", "")
		for _, n := range p2.Nav {
			n.Href = base + n.Href
			p.Nav = append(p.Nav, n)
		}
	}
	return p
}

// keyResultCard is a key result's card on its objective's page: what it
// measures, where it stands, its milestones, its chart and its check-ins.
// An objective page shows several, each with a row per check-in, so the
// card is written in Go (html.go says why).
func keyResultCard(v *krView) template.HTML {
	var w htmlWriter
	// A little more than a card takes, so that it is written without
	// growing the buffer.
	size := 1500 + 400*len(v.CheckIns) + 200*len(v.Milestones)
	if v.Chart != nil {
		size += v.Chart.size()
	}
	w.Grow(size)
	w.Raw(`<article class="card kr" id="`)
	w.Text(v.Anchor)
	w.Raw(`" aria-labelledby="`)
	w.Text(v.Anchor)
	w.Raw("-title\">\n<header class=\"kr-head\">\n<h3 id=\"")
	w.Text(v.Anchor)
	w.Raw(`-title">`)
	w.HTML(v.TitleHTML)
	w.labels(v.Labels)
	w.Raw("</h3>\n<p class=\"kr-meta\">")
	w.state(v.State)
	w.Raw(" · ")
	w.Text(v.Type)
	w.Raw(" · owner ")
	w.person(v.Owner)
	w.Raw(" · weight ")
	w.Text(v.Weight)
	w.Raw("</p>\n</header>\n<div class=\"kr-body\">\n<dl class=\"kpis kpis-small\">")
	kpi := func(dt, dd string) {
		w.Raw("\n<div class=\"kpi\"><dt>")
		w.Raw(dt)
		w.Raw("</dt><dd>")
		w.Text(dd)
		w.Raw("</dd></div>")
	}
	switch v.Type {
	case okr.TypeMetric:
		kpi("Start", v.Start)
		kpi("Target", v.Target)
	case okr.TypeThreshold:
		w.Raw("\n<div class=\"kpi\"><dt>Keep</dt><dd>")
		w.Text(v.Keep)
		w.Raw(" ")
		w.Text(v.Target)
		w.Raw("</dd></div>")
	}
	w.Raw("\n<div class=\"kpi\"><dt>Current</dt><dd><strong>")
	w.Text(v.Current)
	w.Raw("</strong></dd></div>")
	kpi("Confidence", v.Confidence)
	kpi("Last check-in", v.LastCheckIn)
	w.Raw("\n</dl>\n<div class=\"kr-bar\">")
	w.bar(v.Bar)
	if v.Over != "" {
		w.Raw(` <span class="tag">`)
		w.Text(v.Over)
		w.Raw(`</span>`)
	}
	w.Raw("</div>")
	if len(v.Milestones) > 0 {
		w.Raw("\n<h4>Milestones</h4>\n<ol class=\"milestones\">")
		w.milestones(v.Milestones)
		w.Raw("\n</ol>")
	}
	w.Raw("\n")
	w.chart(v.Chart)
	if len(v.CheckIns) > 0 {
		w.Raw("\n<details class=\"checkin-log\" open>\n<summary>Check-ins (")
		w.Int(len(v.CheckIns))
		w.Raw(")</summary>\n<div class=\"table-scroll\"><table>\n" +
			`<thead><tr><th scope="col">Date</th><th scope="col">Value</th><th scope="col">Confidence</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>` +
			"\n<tbody>")
		w.checkIns(v.CheckIns)
		w.Raw("\n</tbody></table></div>\n</details>")
	} else {
		w.Raw("\n<p class=\"muted\">No check-ins yet.</p>")
	}
	w.Raw("\n</div>\n</article>")
	return w.Fragment()
}

// checkIns are the rows of a key result's check-in table, the latest
// first.
func (w *htmlWriter) checkIns(rows []checkInView) {
	for i := range rows {
		c := &rows[i]
		w.Raw("\n<tr")
		if c.Later {
			w.Raw(` class="is-later"`)
		}
		// The date is written as HTML reads it (YYYY-MM-DD), so <time>
		// needs no datetime; on narrow screens the stylesheet labels the
		// cells by their column. A medium organization has 100,000 rows.
		w.Raw(`><th scope="row"><time>`)
		w.Text(c.Date)
		w.Raw(`</time>`)
		if c.Later {
			w.Raw(` <span class="tag">after as-of</span>`)
		}
		w.Raw(`</th><td>`)
		w.Text(c.Value)
		w.Raw(`</td><td>`)
		w.Text(c.Confidence)
		w.Raw(`</td><td>`)
		w.person(c.By)
		if c.Note == "" {
			w.Raw(`</td><td></td></tr>`)
			continue
		}
		w.Raw(`</td><td class="prose note">`)
		w.markdown(c.Note)
		w.Raw(`</td></tr>`)
	}
}

// milestones are the items of a key result's list of milestones.
func (w *htmlWriter) milestones(ms []milestoneView) {
	for i := range ms {
		m := &ms[i]
		if m.IsDone {
			w.Raw("\n<li class=\"is-done\"><span aria-hidden=\"true\">✓</span> ")
		} else {
			w.Raw("\n<li class=\"\"><span aria-hidden=\"true\">○</span> ")
		}
		w.Text(m.Title)
		w.Raw(` <span class="muted">`)
		switch {
		case m.IsDone:
			w.Raw("done ")
			w.Text(m.Done)
		case m.Done != "":
			w.Raw("planned done ")
			w.Text(m.Done)
		default:
			w.Raw("open")
		}
		w.Raw(" · weight ")
		w.Text(m.Weight)
		w.Raw("</span></li>")
	}
}
