package site

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Roadmap: cycles as columns, teams as rows.

type roadmapData struct {
	Cycles []link
	Rows   []roadmapRow
	Gantt  *chart
	Parts  []partSummary // the top-level teams, when the roadmap is split
	Pager  []link        // the pages of one top-level team, when it takes several
	IsPart bool
}

type roadmapRow struct {
	Name, Href string
	Depth      int
	Cells      [][]objRow
}

// roadmapCycles are the cycles the roadmap has a column for: those with
// objectives.
func (s *site) roadmapCycles() []*compute.Cycle {
	var cycles []*compute.Cycle
	for _, c := range s.res.Cycles {
		if len(c.Objectives) > 0 {
			cycles = append(cycles, c)
		}
	}
	return cycles
}

// roadmapWeight is how many objectives a team has on the roadmap.
func (s *site) roadmapWeight(cycles []*compute.Cycle) func(n *teamNode) int {
	return func(n *teamNode) int {
		w := 0
		for _, c := range cycles {
			w += len(s.res.ObjectivesOf(n.ID, c.ID))
		}
		return w
	}
}

func (s *site) roadmapSplit() split {
	return s.splitView("roadmap", roadmapPage, s.roadmapWeight(s.roadmapCycles()))
}

func (s *site) roadmap(sp split) *page {
	p := s.newPage("roadmap/index.html", "roadmap", "Roadmap", "roadmap")
	p.crumb("index.html", "Dashboard")
	cycles := s.roadmapCycles()
	teams := s.teamTree
	d := &roadmapData{}
	if !sp.whole {
		teams = sp.above
		d.Parts = s.summaries(p, sp, "objective", s.roadmapWeight(cycles))
	}
	s.roadmapRows(p, d, cycles, teams)
	d.Gantt = s.ganttChart(p, "gantt", s.res.Cycles)
	p.Data = d
	return p
}

// roadmapPart is the roadmap of one top-level team's subtree, or of part
// of it.
func (s *site) roadmapPart(sp split, pt part) *page {
	p := s.partPage(pt, "roadmap", "Roadmap", "Roadmap of")
	d := &roadmapData{IsPart: true, Pager: s.pager(p, sp, pt)}
	s.roadmapRows(p, d, s.roadmapCycles(), pt.teams)
	p.Data = d
	return p
}

func (s *site) roadmapRows(p *page, d *roadmapData, cycles []*compute.Cycle, teams []*teamNode) {
	for _, c := range cycles {
		d.Cycles = append(d.Cycles, link{Href: p.href(cyclePath(c.ID)), Text: c.Title(), Note: c.Phase, Current: c == s.current})
	}
	for _, n := range teams {
		row := roadmapRow{Name: n.Name, Href: p.href(teamPath(n.ID)), Depth: n.Depth}
		some := false
		for _, c := range cycles {
			var cell []objRow
			for _, o := range s.res.ObjectivesOf(n.ID, c.ID) {
				cell = append(cell, s.objRow(p, o))
				some = true
			}
			row.Cells = append(row.Cells, cell)
		}
		if some {
			d.Rows = append(d.Rows, row)
		}
	}
}

// Alignment: the tree from the root objectives down.

type alignmentData struct {
	Cycle     cycleSummary
	Roots     []*alignNode
	Chart     *chart
	Unaligned []objRow
	Count     int
	Parts     []partSummary // the top-level teams, when the tree is split
	Pager     []link
}

func (s *site) alignmentSplit(c *compute.Cycle) split {
	return s.splitView("alignment/"+c.ID, alignmentPage, s.cycleWeight(c))
}

func (s *site) alignmentPage(c *compute.Cycle, sp split) *page {
	p := s.newPage(alignmentPath(c.ID), "alignment", "Alignment · "+c.Title(), "alignment")
	p.Heading = "Alignment"
	p.Lead = c.Title()
	p.crumb("index.html", "Dashboard")
	p.crumb(cyclePath(c.ID), c.Title())
	s.switcher(p, c.ID, alignmentPath)
	d := &alignmentData{Cycle: s.cycleSummary(p, c)}
	var teams []*teamNode // all
	if !sp.whole {
		teams = sp.above
		d.Parts = s.summaries(p, sp, "objective", s.cycleWeight(c))
	}
	s.alignmentTree(p, d, c, teams)
	p.Data = d
	return p
}

// alignmentPart is the alignment tree of one top-level team's subtree, or
// of part of it: the objectives of its teams, each under the objectives of
// those teams it aligns to.
func (s *site) alignmentPart(c *compute.Cycle, sp split, pt part) *page {
	p := s.newPage(pt.path, "alignment", "Alignment · "+c.Title()+" · "+partTitle(pt), "alignment")
	p.Heading = "Alignment · " + partTitle(pt)
	p.Lead = c.Title() + " · " + pt.top.Name + " and the teams below it"
	p.crumb("index.html", "Dashboard")
	p.crumb(cyclePath(c.ID), c.Title())
	p.crumb(alignmentPath(c.ID), "Alignment")
	d := &alignmentData{Cycle: s.cycleSummary(p, c), Pager: s.pager(p, sp, pt)}
	s.alignmentTree(p, d, c, pt.teams)
	p.Data = d
	return p
}

// alignmentTree is the tree of the cycle's objectives of the teams, or of
// every team when teams is nil.
func (s *site) alignmentTree(p *page, d *alignmentData, c *compute.Cycle, teams []*teamNode) {
	var onPage map[string]bool // nil: every objective
	if teams != nil {
		onPage = map[string]bool{}
		for _, n := range teams {
			onPage[n.ID] = true
		}
	}
	// The tree holds the cycle's objectives and, above them, the objectives
	// of enclosing cycles (a year) that they align to.
	inScope := map[string]bool{}
	for cy := c; cy != nil && !inScope[cy.ID]; cy = s.res.Cycle(cy.Parent) {
		inScope[cy.ID] = true
	}
	member := map[*compute.Objective]bool{}
	var up func(o *compute.Objective)
	up = func(o *compute.Objective) {
		if member[o] || onPage != nil && !onPage[o.Team] {
			return
		}
		member[o] = true
		for _, t := range s.alignsTo[o] {
			if inScope[t.Cycle] {
				up(t)
			}
		}
	}
	for _, o := range c.Objectives {
		up(o)
	}
	isRoot := func(o *compute.Objective) bool {
		for _, t := range s.alignsTo[o] {
			if member[t] {
				return false
			}
		}
		return true
	}
	shown := map[*compute.Objective]bool{}
	var build func(o *compute.Objective, path map[*compute.Objective]bool) *alignNode
	build = func(o *compute.Objective, path map[*compute.Objective]bool) *alignNode {
		n := &alignNode{Obj: s.objRow(p, o)}
		if shown[o] {
			n.Repeat = true
			return n
		}
		shown[o] = true
		path[o] = true
		defer delete(path, o)
		for _, k := range s.alignedBy[o] {
			if member[k] && !path[k] {
				n.Children = append(n.Children, build(k, path))
			}
		}
		return n
	}
	var ordered []*compute.Objective
	for o := range member {
		ordered = append(ordered, o)
	}
	s.sortObjectives(ordered)
	rootTeams := map[string]bool{}
	for _, n := range s.teamTree {
		if n.Depth == 0 {
			rootTeams[n.ID] = true
		}
	}
	for _, o := range ordered {
		if !isRoot(o) {
			continue
		}
		d.Roots = append(d.Roots, build(o, map[*compute.Objective]bool{}))
		if !rootTeams[o.Team] && len(o.AlignsTo) == 0 && o.Cycle == c.ID && o.EffectiveStatus() != okr.StatusDropped {
			d.Unaligned = append(d.Unaligned, s.objRow(p, o))
		}
	}
	d.Count = len(c.Objectives)
	d.Chart = s.alignmentChart(p, "alignment", d.Roots)
}

// sortObjectives orders objectives by cycle start, team tree order, then id.
func (s *site) sortObjectives(list []*compute.Objective) {
	pos := map[string]int{}
	for i, n := range s.teamTree {
		pos[n.ID] = i
	}
	start := func(id string) okr.Date {
		if c := s.res.Cycle(id); c != nil {
			return c.Start
		}
		return okr.Date{}
	}
	slices.SortStableFunc(list, func(a, b *compute.Objective) int {
		return cmp.Or(start(a.Cycle).Compare(start(b.Cycle)), cmp.Compare(a.Cycle, b.Cycle),
			cmp.Compare(pos[a.Team], pos[b.Team]), cmp.Compare(a.Team, b.Team), cmp.Compare(a.ID, b.ID))
	})
}

// RACI: the process matrices and the letters on objectives.

type raciData struct {
	Matrices []raciMatrix
	Cycles   []raciCycle
	Parts    []partSummary // the top-level teams, when the page is split
	Pager    []link
	IsPart   bool
}

type raciMatrix struct {
	ID, Title, Description string
	Parties                []personRef
	Rows                   []raciActivity
}

type raciActivity struct {
	Title, Phase, Description string
	Cells                     []string
}

type raciCycle struct {
	Title, Href, Phase string
	Rows               []raciObjective
}

type raciObjective struct {
	Obj     objRow
	R, C, I []personRef
	A       personRef
}

func letters(a okr.Assignment, party string) string {
	var out []string
	if slices.Contains(a.Responsible, party) {
		out = append(out, "R")
	}
	if a.Accountable == party {
		out = append(out, "A")
	}
	if slices.Contains(a.Consulted, party) {
		out = append(out, "C")
	}
	if slices.Contains(a.Informed, party) {
		out = append(out, "I")
	}
	return strings.Join(out, " ")
}

func parties(a okr.Assignment) []string {
	out := append(slices.Clone(a.Responsible), a.Accountable)
	out = append(out, a.Consulted...)
	return append(out, a.Informed...)
}

// raciWeight is how many objectives of a team have a RACI.
func (s *site) raciWeight(n *teamNode) int {
	w := 0
	for _, c := range s.res.Cycles {
		for _, o := range s.res.ObjectivesOf(n.ID, c.ID) {
			if o.RACI != nil {
				w++
			}
		}
	}
	return w
}

func (s *site) raciSplit() split {
	return s.splitView("raci", raciPage, s.raciWeight)
}

func (s *site) raci(sp split) *page {
	p := s.newPage("raci/index.html", "raci", "RACI", "raci")
	p.crumb("index.html", "Dashboard")
	d := &raciData{}
	teams := s.teamTree
	if !sp.whole {
		teams = sp.above
		d.Parts = s.summaries(p, sp, "objective", s.raciWeight)
	}
	for _, r := range s.model.RACIs {
		m := raciMatrix{ID: r.ID, Title: cmpOr(r.Title, r.ID), Description: r.Description}
		seen := map[string]bool{}
		var ps []string
		for _, a := range r.Activities {
			for _, id := range parties(a.Assignment) {
				if id != "" && !seen[id] {
					seen[id] = true
					ps = append(ps, id)
				}
			}
		}
		// The rollout roles first, in their usual order, then people and
		// teams by name.
		rolePos := func(id string) int {
			if i := slices.Index(okr.Roles, id); i >= 0 {
				return i
			}
			return len(okr.Roles)
		}
		slices.SortFunc(ps, func(a, b string) int {
			return cmp.Or(cmp.Compare(rolePos(a), rolePos(b)), cmp.Compare(s.name(a), s.name(b)), cmp.Compare(a, b))
		})
		m.Parties = s.personRefs(p, ps)
		for _, a := range r.Activities {
			row := raciActivity{Title: cmpOr(a.Title, a.ID), Phase: a.Phase, Description: a.Description}
			for _, id := range ps {
				row.Cells = append(row.Cells, letters(a.Assignment, id))
			}
			m.Rows = append(m.Rows, row)
		}
		d.Matrices = append(d.Matrices, m)
	}
	s.raciCycles(p, d, teams)
	p.Data = d
	return p
}

// raciPart is the RACI on the objectives of one top-level team's subtree,
// or of part of it.
func (s *site) raciPart(sp split, pt part) *page {
	p := s.partPage(pt, "raci", "RACI", "RACI on the objectives of")
	d := &raciData{IsPart: true, Pager: s.pager(p, sp, pt)}
	s.raciCycles(p, d, pt.teams)
	p.Data = d
	return p
}

// raciCycles are the letters on the teams' objectives, the latest cycle
// first.
func (s *site) raciCycles(p *page, d *raciData, teams []*teamNode) {
	for i := len(s.res.Cycles) - 1; i >= 0; i-- {
		c := s.res.Cycles[i]
		rc := raciCycle{Title: c.Title(), Href: p.href(cyclePath(c.ID)), Phase: c.Phase}
		for _, n := range teams {
			for _, o := range s.res.ObjectivesOf(n.ID, c.ID) {
				if o.RACI == nil {
					continue
				}
				rc.Rows = append(rc.Rows, raciObjective{
					Obj: s.objRow(p, o),
					R:   s.personRefs(p, o.RACI.Responsible),
					A:   s.personRef(p, o.RACI.Accountable),
					C:   s.personRefs(p, o.RACI.Consulted),
					I:   s.personRefs(p, o.RACI.Informed),
				})
			}
		}
		if len(rc.Rows) > 0 {
			d.Cycles = append(d.Cycles, rc)
		}
	}
}

// Health: findings by rule and by team, and a score per team.

type healthSummary struct {
	Count finding.Count
	Total int
	Rules []ruleCount
	Href  string
	Worst []teamScore
}

type ruleCount struct {
	Rule     string
	Severity string
	Count    int
	Findings []findingRow
}

type findingRow struct {
	Pos, Severity, Message, Rule string
	Team, TeamHref               string
}

type teamScore struct {
	Name, Href              string
	Depth                   int
	Score                   int
	State                   stateInfo // the score as a state: Healthy, Needs attention, Unhealthy
	Errors, Warnings, Infos int
}

func (s *site) findingRow(p *page, f finding.Finding) findingRow {
	r := findingRow{Pos: f.Pos.String(), Severity: string(f.Severity), Message: f.Message, Rule: f.Rule}
	if t := s.teamOfFinding(f); t != "" {
		r.Team, r.TeamHref = s.teamName(t), p.href(teamPath(t))
	}
	return r
}

// ruleCounts counts the findings by rule, the most severe rule first, with
// a row for each finding that list selects (nil: none).
func (s *site) ruleCounts(p *page, list func(f finding.Finding) bool) []ruleCount {
	byRule := map[string]*ruleCount{}
	var order []string
	for _, f := range s.findings {
		rc := byRule[f.Rule]
		if rc == nil {
			rc = &ruleCount{Rule: f.Rule, Severity: string(f.Severity)}
			byRule[f.Rule] = rc
			order = append(order, f.Rule)
		}
		if f.Severity.Rank() < finding.Severity(rc.Severity).Rank() {
			rc.Severity = string(f.Severity)
		}
		rc.Count++
		if list != nil && list(f) {
			rc.Findings = append(rc.Findings, s.findingRow(p, f))
		}
	}
	var out []ruleCount
	for _, r := range order {
		out = append(out, *byRule[r])
	}
	slices.SortStableFunc(out, func(a, b ruleCount) int {
		return cmp.Or(cmp.Compare(finding.Severity(a.Severity).Rank(), finding.Severity(b.Severity).Rank()),
			cmp.Compare(b.Count, a.Count), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

// teamScores are the health scores of the teams, in the order given.
func (s *site) teamScores(p *page, teams []*teamNode) []teamScore {
	var list []teamScore
	for _, n := range teams {
		h := s.scores[n.ID]
		ts := teamScore{Name: n.Name, Href: p.href(teamPath(n.ID)), Depth: n.Depth,
			Score: h.Score, Errors: h.Errors, Warnings: h.Warnings, Infos: h.Infos}
		switch h.Level {
		case health.LevelHealthy:
			ts.State = stateOf(compute.StateOnTrack)
			ts.State.Label = "Healthy"
		case health.LevelNeedsAttention:
			ts.State = stateOf(compute.StateAtRisk)
			ts.State.Label = "Needs attention"
		default:
			ts.State = stateOf(compute.StateOffTrack)
			ts.State.Label = "Unhealthy"
		}
		list = append(list, ts)
	}
	return list
}

func (s *site) healthSummary(p *page) healthSummary {
	h := healthSummary{Count: finding.Tally(s.findings), Total: len(s.findings), Href: p.href("health/index.html")}
	h.Rules = s.ruleCounts(p, nil)
	scores := s.teamScores(p, s.teamTree)
	slices.SortStableFunc(scores, func(a, b teamScore) int { return cmp.Compare(a.Score, b.Score) })
	for _, ts := range scores {
		if ts.Score < 100 && len(h.Worst) < 3 {
			h.Worst = append(h.Worst, ts)
		}
	}
	return h
}

type healthData struct {
	Summary healthSummary
	Teams   []teamScore
	Rules   []ruleView
	Costs   [3]int
	Parts   []partSummary // the top-level teams, when the page is split
	Pager   []link
	IsPart  bool
}

// ruleView is a health rule with its configured level and its findings.
type ruleView struct {
	ID, Level string
	Summary   template.HTML
	Count     int
	Findings  []findingRow
	// On a split page: the rule's findings listed on the pages of the
	// top-level teams, how many, and a link to each team's (Note: how many
	// there).
	More      int
	Elsewhere []link
}

// healthFindings is how many findings are in a team's files: what the
// health page lists of it besides its score.
func (s *site) healthFindings(n *teamNode) int {
	h := s.scores[n.ID]
	return h.Errors + h.Warnings + h.Infos
}

// healthSplit lays the health page out by team subtree (split.go): the
// organization's page keeps the summary, the findings of no team and of
// the root, and the top-level teams' scores; each top-level team's page
// has the scores and findings of its subtree.
func (s *site) healthSplit() split {
	return s.splitView("health", healthPage, func(n *teamNode) int { return 1 + s.healthFindings(n) })
}

func (s *site) health(sp split) *page {
	p := s.newPage("health/index.html", "health", "OKR health", "health")
	p.crumb("index.html", "Dashboard")
	d := &healthData{Summary: s.healthSummary(p), Costs: [3]int{health.CostError, health.CostWarning, health.CostInfo}}
	p.Data = d
	if sp.whole {
		d.Teams = s.teamScores(p, s.teamTree)
		d.Rules = s.ruleViews(s.ruleCounts(p, func(finding.Finding) bool { return true }), true)
		return p
	}
	partOf := map[string]int{} // team id -> the page that lists it
	for i, pt := range sp.parts {
		for _, n := range pt.teams {
			partOf[n.ID] = i
		}
	}
	d.Teams = s.teamScores(p, sp.shown())
	d.Parts = s.summaries(p, sp, "finding", s.healthFindings)
	elsewhere := func(f finding.Finding) (int, bool) {
		i, ok := partOf[s.teamOfFinding(f)]
		return i, ok
	}
	d.Rules = s.ruleViews(s.ruleCounts(p, func(f finding.Finding) bool { _, ok := elsewhere(f); return !ok }), true)
	// Where the others are: per rule, each top-level team's first page
	// with a finding of it, and how many its pages have.
	type where struct{ first, count int }
	at := map[string]map[*teamNode]*where{}
	for _, f := range s.findings {
		i, ok := elsewhere(f)
		if !ok {
			continue
		}
		if at[f.Rule] == nil {
			at[f.Rule] = map[*teamNode]*where{}
		}
		top := sp.parts[i].top
		w := at[f.Rule][top]
		if w == nil {
			w = &where{first: i}
			at[f.Rule][top] = w
		}
		w.first, w.count = min(w.first, i), w.count+1
	}
	for i := range d.Rules {
		r := &d.Rules[i]
		r.More = r.Count - len(r.Findings)
		for _, pt := range sp.parts {
			if w := at[r.ID][pt.top]; w != nil && pt.n == 1 {
				r.Elsewhere = append(r.Elsewhere, link{Href: p.href(sp.parts[w.first].path) + "#rule-" + r.ID, Text: pt.top.Name, Note: strconv.Itoa(w.count)})
			}
		}
	}
	return p
}

// healthPart is the health of one top-level team's subtree, or of part of
// it: the teams' scores and the findings in their files.
func (s *site) healthPart(sp split, pt part) *page {
	p := s.partPage(pt, "health", "OKR health", "Health of")
	d := &healthData{IsPart: true, Pager: s.pager(p, sp, pt), Teams: s.teamScores(p, pt.teams), Costs: [3]int{health.CostError, health.CostWarning, health.CostInfo}}
	on := map[string]bool{}
	for _, n := range pt.teams {
		on[n.ID] = true
	}
	rules := s.ruleCounts(p, func(f finding.Finding) bool { return on[s.teamOfFinding(f)] })
	for i := range rules {
		rules[i].Count = len(rules[i].Findings)
	}
	d.Rules = s.ruleViews(rules, false)
	p.Data = d
	return p
}

// ruleViews are the rules with their findings: every health rule when all
// is set, else those with findings listed.
func (s *site) ruleViews(counts []ruleCount, all bool) []ruleView {
	found := map[string]ruleCount{}
	for _, rc := range counts {
		found[rc.Rule] = rc
	}
	levels := health.LevelsOf(s.model)
	known := map[string]bool{}
	var out []ruleView
	for _, r := range health.Rules {
		known[r.ID] = true
		rc := found[r.ID]
		if all || rc.Count > 0 {
			out = append(out, ruleView{ID: r.ID, Level: string(levels[r.ID]), Summary: codeSpans(r.Summary), Count: rc.Count, Findings: rc.Findings})
		}
	}
	// Findings of other checks (a loader warning, say) are listed too.
	for _, rc := range counts {
		if !known[rc.Rule] && (all || rc.Count > 0) {
			out = append(out, ruleView{ID: rc.Rule, Level: rc.Severity, Summary: "data file checks", Count: rc.Count, Findings: rc.Findings})
		}
	}
	return out
}

// People: the rollout roles, the coach community, everyone by name, and a
// page per person with their OKRs. A large organization has thousands of
// people: one page holding every person's OKRs was tens of MB.

type peopleData struct {
	PLO        []personRef
	Sponsor    personRef
	Leadership []personRef
	Coaches    []coachRow
	People     []personEntry
	Letters    []link // the first letters of the names, to jump to
}

type coachRow struct {
	Person personRef
	Teams  []link
}

// personEntry is a person in the index of everyone.
type personEntry struct {
	ID, Name, Title string
	Href            string // from people/, where the index and the person pages are
	Letter          string // the first letter of the name, on the first of its names
	Here            bool   // no page of its own: links to the person lead to this entry
}

type personCard struct {
	ID, Name, Email, Title string
	Roles                  []string
	Teams                  []link
	Objectives             []objRow
	KRs                    []personKR
	Letters                []letterRow
	Cycles                 []string // the cycles whose OKRs are shown
}

type personKR struct {
	Title, Href, Objective, Cycle, State string
	Progress                             float64
}

type letterRow struct {
	Letters, What, Href, Cycle, Via string
	slot                            int
}

// directory is every person's card, made once for all the person pages,
// which sit side by side in people/ and so link alike, and what each card
// shows, for its page's key.
type directory struct {
	people []*okr.Person // by name, each id once
	cards  map[string]*personCard
	objs   map[string][]*compute.Objective
}

func (s *site) peoplePage() *page {
	p := s.newPage("people/index.html", "people", "People", "people")
	p.crumb("index.html", "Dashboard")
	roles := s.org.Roles
	d := &peopleData{
		PLO:        s.personRefs(p, roles.ProgramLeadOffice),
		Sponsor:    s.personRef(p, roles.ExecutiveSponsor),
		Leadership: s.personRefs(p, roles.Leadership),
	}
	coached := map[string][]link{}
	for _, n := range s.teamTree {
		if n.Coach != "" {
			coached[n.Coach] = append(coached[n.Coach], link{Href: p.href(teamPath(n.ID)), Text: n.Name})
		}
	}
	for _, id := range roles.Coaches {
		d.Coaches = append(d.Coaches, coachRow{Person: s.personRef(p, id), Teams: coached[id]})
	}
	last := ""
	for _, per := range s.directory().people {
		// The index and the person pages sit side by side in people/: a
		// link from one to the other needs no folder, and only an entry
		// that stands in for a page needs an id (a large organization has
		// thousands of entries; both took 100 KB of 382 on okrs-gen -size
		// large).
		path := personPath(per.ID)
		e := personEntry{ID: per.ID, Name: cmpOr(per.Name, per.ID), Title: per.Title, Href: strings.TrimPrefix(path, "people/"), Here: strings.Contains(path, "#")}
		if l := firstLetter(e.Name); l != last {
			e.Letter, last = l, l
			d.Letters = append(d.Letters, link{Href: "#letter-" + l, Text: l})
		}
		d.People = append(d.People, e)
	}
	p.Data = d
	return p
}

// firstLetter is the upper-case first letter of a name, or "#" for a name
// that starts with something else.
func firstLetter(name string) string {
	for _, r := range name {
		if unicode.IsLetter(r) {
			return string(unicode.ToUpper(r))
		}
		return "#"
	}
	return "#"
}

func (s *site) personPage(id string) *page {
	c := s.directory().cards[id]
	p := s.newPage(personPath(id), "person", c.Name, "people")
	p.crumb("index.html", "Dashboard")
	p.crumb("people/index.html", "People")
	if c.Title != "" {
		p.Lead = c.Title
	}
	p.Data = c
	return p
}

// directory makes every person's card once. The cards link as the pages
// in people/ do.
func (s *site) makeDirectory() *directory {
	p := &page{Root: "../"}
	roles := s.org.Roles
	// Who is in each role and team, for RACI letters given to a role or a
	// team. Letters given to all teams are left out: they are everybody's,
	// and the RACI page shows them.
	members := map[string][]string{
		okr.RoleProgramLeadOffice: roles.ProgramLeadOffice,
		okr.RoleExecutiveSponsor:  nonEmpty(roles.ExecutiveSponsor),
		okr.RoleCoaches:           roles.Coaches,
		okr.RoleLeadership:        roles.Leadership,
	}
	for _, n := range s.teamTree {
		m := slices.Clone(n.Members)
		if n.Lead != "" && !slices.Contains(m, n.Lead) {
			m = append(m, n.Lead)
		}
		members[n.ID] = m
	}
	dir := &directory{cards: map[string]*personCard{}, objs: map[string][]*compute.Objective{}}
	people := slices.Clone(s.org.People)
	slices.SortFunc(people, func(a, b *okr.Person) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	cards := dir.cards
	for _, per := range people {
		if cards[per.ID] != nil {
			continue // a duplicate id, which the validator reports
		}
		dir.people = append(dir.people, per)
		card := &personCard{ID: per.ID, Name: cmpOr(per.Name, per.ID), Email: per.Email, Title: per.Title}
		for _, r := range []struct {
			in   bool
			name string
		}{
			{slices.Contains(roles.ProgramLeadOffice, per.ID), "Program lead office"},
			{roles.ExecutiveSponsor == per.ID, "Executive sponsor"},
			{slices.Contains(roles.Leadership, per.ID), "Leadership"},
			{slices.Contains(roles.Coaches, per.ID), "Coach"},
		} {
			if r.in {
				card.Roles = append(card.Roles, r.name)
			}
		}
		cards[per.ID] = card
	}
	for _, n := range s.teamTree {
		href := p.href(teamPath(n.ID))
		if c := cards[n.Lead]; c != nil {
			c.Teams = append(c.Teams, link{Href: href, Text: n.Name, Note: "lead"})
		}
		for _, m := range n.Members {
			if c := cards[m]; c != nil && m != n.Lead {
				c.Teams = append(c.Teams, link{Href: href, Text: n.Name, Note: "member"})
			}
		}
		if c := cards[n.Coach]; c != nil {
			c.Teams = append(c.Teams, link{Href: href, Text: n.Name, Note: "coach"})
		}
	}
	// shows records that a person's card shows an objective, once.
	shows := func(person string, o *compute.Objective) {
		if list := dir.objs[person]; len(list) == 0 || list[len(list)-1] != o {
			dir.objs[person] = append(list, o)
		}
	}
	// Letters on one objective or activity, held directly or through a
	// role or team, are one line per person.
	type letterKey struct{ person, href string }
	lines := map[letterKey]*letterRow{}
	give := func(a okr.Assignment, what, href, cycle string, o *compute.Objective) {
		for _, party := range parties(a) {
			l := letters(a, party)
			if l == "" || party == okr.RoleTeams {
				continue
			}
			holders := members[party]
			if cards[party] != nil {
				holders = []string{party}
			}
			for _, person := range holders {
				c := cards[person]
				if c == nil {
					continue
				}
				if o != nil {
					shows(person, o)
				}
				k := letterKey{person, href}
				row := lines[k]
				if row == nil {
					row = &letterRow{What: what, Href: href, Cycle: cycle}
					lines[k] = row
					c.Letters = append(c.Letters, letterRow{}) // a slot, filled below
					row.slot = len(c.Letters) - 1
				}
				row.Letters = orderLetters(row.Letters + " " + l)
				if v := via(s, party, person); v != "" && !strings.Contains(row.Via, v) {
					row.Via = strings.TrimPrefix(row.Via+", "+v, ", ")
				}
				c.Letters[row.slot] = *row
			}
		}
	}
	// The running and later cycles, and the one that ended last: the
	// person pages are about now. Team pages keep the history.
	shown := s.peopleCycles()
	objs := slices.Clone(s.res.Objectives)
	slices.Reverse(objs) // the latest cycle first
	for _, o := range objs {
		if !shown[o.Cycle] {
			continue
		}
		href := p.href(objectivePath(o.Objective))
		if c := cards[o.Owner]; c != nil {
			c.Objectives = append(c.Objectives, s.objRow(p, o))
			shows(o.Owner, o)
		}
		for _, kr := range o.KeyResults {
			if c := cards[kr.EffectiveOwner()]; c != nil {
				c.KRs = append(c.KRs, personKR{Title: mdtext.Plain(kr.Title), Href: href + "#kr-" + kr.ID,
					Objective: mdtext.Plain(o.Title), Cycle: o.Cycle, State: kr.State, Progress: kr.Progress})
				shows(kr.EffectiveOwner(), o)
			}
		}
		if o.RACI != nil {
			give(*o.RACI, mdtext.Plain(o.Title), href, o.Cycle, o)
		}
	}
	for _, r := range s.model.RACIs {
		for _, a := range r.Activities {
			give(a.Assignment, cmpOr(a.Title, a.ID), p.href("raci/index.html#raci-"+r.ID)+"?"+a.ID, cmpOr(r.Title, r.ID), nil)
		}
	}
	var cycles []string
	for id := range shown {
		cycles = append(cycles, id)
	}
	slices.SortFunc(cycles, func(a, b string) int { return s.res.Cycle(a).Start.Compare(s.res.Cycle(b).Start) })
	for _, c := range cards {
		for i := range c.Letters {
			c.Letters[i].Href, _, _ = strings.Cut(c.Letters[i].Href, "?")
		}
		c.Cycles = cycles
	}
	return dir
}

// peopleCycles are the cycles the people page shows: those running or to
// come, and the one that ended last.
func (s *site) peopleCycles() map[string]bool {
	shown := map[string]bool{}
	var last *compute.Cycle
	for _, c := range s.res.Cycles {
		switch c.Phase {
		case compute.PhaseEnded:
			if last == nil || c.End.After(last.End) {
				last = c
			}
		default:
			shown[c.ID] = true
		}
	}
	if last != nil {
		shown[last.ID] = true
	}
	return shown
}

func via(s *site, group, person string) string {
	if group == person {
		return ""
	}
	if s.teams[group] != nil {
		return "as " + s.name(group) + " team"
	}
	return "as " + s.name(group)
}

// orderLetters writes letters in RACI order.
func orderLetters(l string) string {
	var out []string
	for _, x := range []string{"R", "A", "C", "I"} {
		if strings.Contains(l, x) {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// Report: the executive one-pager.

type reportData struct {
	Cycle                                cycleSummary
	Mix                                  []stateCount
	MixTotal                             int
	TeamsChart                           *chart
	GradeChart                           *chart
	Top                                  []objRow
	TopHeading                           string
	Attention                            []objRow
	Done                                 []personKR
	Teams                                []teamProgress
	Health                               healthSummary
	Ended                                bool
	Graded, Achieved, Green, Yellow, Red int
	KRs, KRsDone                         int
	// AttentionMore, DoneMore and TeamsMore are how many the lists and
	// the Teams chart leave out, and the hrefs where they all are.
	AttentionMore, DoneMore, TeamsMore int
	AttentionHref, DoneHref, TeamsHref string
	Changes                            *changesView
	Review                             *reviewRow // the organization's, once the cycle ended
}

// topObjectives are the objectives of the root teams in the cycle, dropped
// ones left out, for the top of the dashboard and the report, and their
// heading: "Company objectives" under one root, "Top-level objectives"
// when independent groups stand side by side with no company above them
// (SPEC §10).
func (s *site) topObjectives(p *page, c *compute.Cycle) (heading string, rows []objRow) {
	roots := map[string]bool{}
	for _, n := range s.teamTree {
		if n.Depth == 0 {
			roots[n.ID] = true
		}
	}
	heading = "Company objectives"
	if len(roots) > 1 {
		heading = "Top-level objectives"
	}
	for _, o := range c.Objectives {
		if roots[o.Team] && o.EffectiveStatus() != okr.StatusDropped {
			rows = append(rows, s.objRow(p, o))
		}
	}
	return heading, rows
}

// reportList is how long a list of the report is, and reportTeams how
// many teams its Teams chart has at most.
const (
	reportList  = 6
	reportTeams = 12
)

func (s *site) reportPage(c *compute.Cycle) *page {
	p := s.newPage(reportPath(c.ID), "report", "Executive report · "+c.Title(), "report")
	p.Heading = c.Title() + ": executive report"
	p.Class = "report"
	p.crumb("index.html", "Dashboard")
	p.crumb(cyclePath(c.ID), c.Title())
	s.switcher(p, c.ID, reportPath)
	d := &reportData{Cycle: s.cycleSummary(p, c), Ended: c.Phase == compute.PhaseEnded,
		Graded: c.Graded, Achieved: c.Achieved, Green: c.Green, Yellow: c.Yellow, Red: c.Red, Health: s.healthSummary(p)}
	p.Lead = fmt.Sprintf("%s, %s to %s, as of %s", s.org.Name, c.Start, c.End, s.asOf)
	d.Mix, d.MixTotal = stateMix(c.Objectives)
	// The Teams chart fits the printed page: on a large organization it
	// has the top two levels of the team tree, at most reportTeams teams,
	// and says how many more the cycle's page has.
	d.Teams = s.teamsOf(p, c)
	if n := len(d.Teams); n > reportTeams {
		d.Teams = slices.DeleteFunc(d.Teams, func(t teamProgress) bool { return t.Depth > 1 })
		d.Teams = d.Teams[:min(len(d.Teams), reportTeams)]
		d.TeamsMore, d.TeamsHref = n-len(d.Teams), p.href(cyclePath(c.ID))
	}
	exp := c.Expected
	if c.Phase != compute.PhaseRunning {
		exp = -1
	}
	d.TeamsChart = s.teamsChart(p, "teams", teamBars(d.Teams), exp)
	if d.Ended {
		// Shorter than on the cycle page: the report is one printed page,
		// and a chart drawn for a phone prints as high as it is drawn.
		d.GradeChart = s.gradeChart(p, "grades", s.res.ReviewOf(c.ID), 180)
	}
	d.TopHeading, d.Top = s.topObjectives(p, c)
	for _, o := range c.Objectives {
		if o.EffectiveStatus() == okr.StatusDropped {
			continue
		}
		d.KRs += len(o.KeyResults)
	}
	// The one page keeps its lists short; each says how many it leaves
	// out and links to the whole list (lists.go).
	attention := c.NeedsAttention()
	d.Attention = s.rowsOf(p, attention[:min(len(attention), reportList)])
	if len(attention) > reportList {
		d.AttentionMore, d.AttentionHref = len(attention)-reportList, p.href(listPath(c.ID, listAttention, 1))
	}
	done := doneKRs(c)
	d.KRsDone = len(done)
	for _, kr := range done[:min(len(done), reportList)] {
		d.Done = append(d.Done, s.doneKRRow(p, kr))
	}
	if len(done) > reportList {
		d.DoneMore, d.DoneHref = len(done)-reportList, p.href(listPath(c.ID, listDone, 1))
	}
	d.Changes = s.changes(p, c.Objectives, reportChanges, wholeChanges(p, c), "")
	if d.Ended && d.Changes != nil && d.Changes.Empty && d.Changes.CheckIns == 0 {
		// An ended cycle's one page is its review's; "nothing moved" is
		// the rule after the end, and cost it a second printed page.
		d.Changes = nil
	}
	if rows := s.reviewRows(p, c, nil); rows != nil {
		d.Review = &rows[0]
	}
	p.Data = d
	return p
}

// searchIndex is the objectives as scripts that add to a global, so that
// the header search works from file:// where fetch() of a JSON file does
// not. The index of a large organization is megabytes, so it is split into
// parts: a cycle's objectives, the latest cycle first, at most
// searchPartSize to a part. Each part is named by its content's hash, so a
// host that caches never serves a stale one; the manifest, which pages
// link by a name that does not change, lists them. Pages load the manifest
// and the parts when the reader first searches.
func (s *site) searchIndex() (manifest []byte, parts map[string][]byte, err error) {
	type entry struct {
		Title string `json:"t"`
		Team  string `json:"m"`
		Cycle string `json:"c"`
		State string `json:"s"`
		Icon  string `json:"i"`
		Owner string `json:"o"`
		URL   string `json:"u"`
	}
	parts = map[string][]byte{}
	var names []string
	for i := len(s.res.Cycles) - 1; i >= 0; i-- {
		c := s.res.Cycles[i]
		var list []entry
		for _, o := range c.Objectives {
			if s.teams[o.Team] == nil {
				continue
			}
			st := stateOf(o.State)
			label := st.Label
			if o.EffectiveStatus() == okr.StatusDropped {
				label = "Dropped"
			}
			list = append(list, entry{Title: mdtext.Plain(o.Title), Team: s.teamName(o.Team), Cycle: o.Cycle, State: label, Icon: st.Icon,
				Owner: s.name(o.Owner), URL: objectivePath(o.Objective)})
		}
		for n := 0; len(list) > 0; n++ {
			part := list[:min(len(list), searchPartSize)]
			list = list[len(part):]
			b, err := json.Marshal(part)
			if err != nil {
				return nil, nil, fmt.Errorf("search index: %w", err)
			}
			data := []byte("window.OKRS_SEARCH = (window.OKRS_SEARCH || []).concat(" + string(b) + ");\n")
			name := fmt.Sprintf("assets/search/%s.%d.%s.js", c.ID, n+1, shortHash(data))
			parts[name] = data
			names = append(names, name)
		}
	}
	b, err := json.Marshal(names)
	if err != nil {
		return nil, nil, fmt.Errorf("search index: %w", err)
	}
	return []byte("window.OKRS_SEARCH_PARTS = " + string(b) + ";\n"), parts, nil
}

// searchPartSize is how many objectives a part of the search index holds
// at most: about 350 KB. A variable for the tests.
var searchPartSize = 2000

// The lists of the organization's pages, written in Go (html.go says why).

// roadmapCells are a team's cells of the roadmap, one per cycle. A cell
// with objectives names its cycle for phones, where the cells stack.
func roadmapCells(cells [][]objRow, cycles []link) template.HTML {
	var w htmlWriter
	for i, cell := range cells {
		if len(cell) == 0 {
			w.Raw("\n<td class=\"is-empty\">")
			w.Raw(`<span class="muted" aria-hidden="true">–</span><span class="visually-hidden">none</span></td>`)
			continue
		}
		w.Raw("\n<td")
		if i < len(cycles) {
			w.Raw(` data-label="`)
			w.Text(cycles[i].Text)
			w.Raw(`"`)
		}
		w.Raw(">")
		w.Raw(`<ul class="cell-list">`)
		for i := range cell {
			r := &cell[i]
			if r.Dropped {
				w.Raw(`<li class="is-dropped">`)
			} else {
				w.Raw(`<li class="">`)
			}
			w.objState(r)
			w.Raw("<br>")
			w.objTitle(r)
			w.Raw(` <span class="muted">`)
			w.Text(pctOf(r.Progress))
			w.Raw("</span></li>")
		}
		w.Raw("</ul></td>")
	}
	return w.Fragment()
}

// alignmentTree is the alignment tree as nested lists.
func alignmentTree(roots []*alignNode) template.HTML {
	var w htmlWriter
	var node func(n *alignNode)
	node = func(n *alignNode) {
		w.Raw(`<li><span class="node">`)
		w.objState(&n.Obj)
		w.Raw(" ")
		w.objTitle(&n.Obj)
		w.Raw(` <span class="muted">· `)
		w.teamLink(&n.Obj)
		w.Raw(" · ")
		w.Text(pctOf(n.Obj.Progress))
		if n.Repeat {
			w.Raw(" · also above")
		}
		w.Raw("</span></span>")
		if len(n.Children) > 0 {
			w.Raw("<ul>")
			for _, c := range n.Children {
				node(c)
			}
			w.Raw("</ul>")
		}
		w.Raw("</li>")
	}
	for _, r := range roots {
		node(r)
	}
	return w.Fragment()
}

// peopleList are the items of the index of everyone: a link to each
// person's page, with their title. A large organization has thousands.
func peopleList(people []personEntry) template.HTML {
	var w htmlWriter
	for i := range people {
		e := &people[i]
		if e.Letter != "" {
			if i > 0 {
				w.Raw("\n</ul>")
			}
			w.Raw("\n<h3 id=\"letter-")
			w.Text(e.Letter)
			w.Raw(`">`)
			w.Text(e.Letter)
			w.Raw("</h3>\n<ul class=\"people-list\">")
		}
		w.Raw("\n<li")
		if e.Here {
			w.Raw(` id="person-`)
			w.Text(e.ID)
			w.Raw(`"`)
		}
		w.Raw(`><a href="`)
		w.Href(e.Href)
		w.Raw(`">`)
		w.Text(e.Name)
		w.Raw("</a>")
		if e.Title != "" {
			w.Raw(` <span class="muted">· `)
			w.Text(e.Title)
			w.Raw("</span>")
		}
		w.Raw("</li>")
	}
	if len(people) > 0 {
		w.Raw("\n</ul>")
	}
	return w.Fragment()
}

// personMeta is the line under a person's name: roles, teams, email.
func personMeta(c *personCard) template.HTML {
	var w htmlWriter
	for _, r := range c.Roles {
		w.Raw(`<span class="tag tag-role">`)
		w.Text(r)
		w.Raw("</span> ")
	}
	for _, t := range c.Teams {
		w.Raw(`<a href="`)
		w.Href(t.Href)
		w.Raw(`">`)
		w.Text(t.Text)
		w.Raw(`</a> <span class="muted">(`)
		w.Text(t.Note)
		w.Raw(")</span> ")
	}
	if c.Email != "" {
		w.Raw(`<a href="mailto:`)
		w.URLPart(c.Email)
		w.Raw(`">`)
		w.Text(c.Email)
		w.Raw("</a>")
	}
	return w.Fragment()
}

// ownedObjectives are the items of a person's objectives.
func ownedObjectives(rows []objRow) template.HTML {
	var w htmlWriter
	for i := range rows {
		r := &rows[i]
		w.objItem(r)
		w.Text(r.Cycle)
		w.Raw(" · ")
		w.Text(pctOf(r.Progress))
		w.Raw("</span></li>")
	}
	return w.Fragment()
}

// ownedKRs are the items of a person's key results.
func ownedKRs(krs []personKR) template.HTML {
	var w htmlWriter
	for i := range krs {
		k := &krs[i]
		w.Raw("<li>")
		w.state(k.State)
		w.Raw(` <a href="`)
		w.Href(k.Href)
		w.Raw(`">`)
		w.Text(k.Title)
		w.Raw(`</a> <span class="muted">· `)
		w.Text(k.Cycle)
		w.Raw(" · ")
		w.Text(pct(k.Progress))
		w.Raw("</span></li>")
	}
	return w.Fragment()
}

// letterItems are the items of a person's RACI letters.
func letterItems(rows []letterRow) template.HTML {
	var w htmlWriter
	for i := range rows {
		l := &rows[i]
		w.Raw(`<li><strong class="letter" title="`)
		w.Text(l.Letters)
		w.Raw(`">`)
		w.Text(l.Letters)
		w.Raw(`</strong> <a href="`)
		w.Href(l.Href)
		w.Raw(`">`)
		w.Text(l.What)
		w.Raw(`</a> <span class="muted">· `)
		w.Text(l.Cycle)
		if l.Via != "" {
			w.Raw(" · ")
			w.Text(l.Via)
		}
		w.Raw("</span></li>")
	}
	return w.Fragment()
}
