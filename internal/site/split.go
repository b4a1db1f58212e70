package site

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"

	"github.com/okrs-dev/okrs/internal/compute"
)

// The views of the whole organization (the roadmap, RACI, a cycle and its
// alignment tree) list every team. While a view shows at most as many
// objectives as a page holds, it is one page. A larger one is split by
// team subtree: its page, at the public URL (roadmap/, cycles/<cycle>/,
// ...), shows the organization's root team and a summary of each
// top-level team (the root's children, or each root when there are
// several), linking to that team's page of the view, which lists it and
// every team below it. A subtree with more objectives than a page holds
// continues on further pages, cut between teams in tree order. The rule is
// the same for every view; only how many objectives a page holds differs,
// since a cycle page says more about each objective than the roadmap.
//
// The pages of a top-level team live in a folder named after it, so that
// no team id can collide with another page: roadmap/<team>/index.html,
// then roadmap/<team>/2.html, and so on.

// What a page of a view holds: about 300 KB at most, which a phone
// loads and lays out without a pause. Variables for the tests, which
// split a small organization.
var (
	roadmapPage   = 750 // objectives, ~370 bytes each
	cyclePage     = 200 // objectives, ~1.2 KB each
	alignmentPage = 250 // objectives, ~0.9 KB each
	raciPage      = 450 // objectives, ~0.6 KB each
	teamsPage     = 400 // teams, ~650 bytes each
	healthPage    = 800 // teams (~270 bytes each) and findings (~360 bytes each)
)

// split is how a view is laid out on pages.
type split struct {
	whole bool        // one page shows every team
	above []*teamNode // the teams on the view's own page when it is split: the root
	parts []part
}

// part is one page of a split view.
type part struct {
	path  string
	top   *teamNode   // the top-level team whose subtree it shows
	teams []*teamNode // the teams it shows, in tree order
	n, of int         // page n of the of pages of top's subtree
	// subtree is every team of top's subtree: what the pages of one
	// top-level team say about each other is made from them.
	subtree []*teamNode
}

// splitView lays out a view whose own page is at folder+"/index.html" (or
// at page, when the view is not a folder) over pages that hold at most
// budget objectives, weight giving how many objectives of a team it
// shows.
func (s *site) splitView(folder string, budget int, weight func(n *teamNode) int) split {
	return s.splitPages(func(team string, n int) string { return partPath(folder, team, n) }, budget, weight)
}

// splitPages is splitView for a view whose pages are named by pathOf:
// the path of page n of a top-level team's subtree.
func (s *site) splitPages(pathOf func(team string, n int) string, budget int, weight func(n *teamNode) int) split {
	total := 0
	for _, n := range s.teamTree {
		total += weight(n)
	}
	if total <= budget {
		return split{whole: true}
	}
	var sp split
	topDepth := 0
	if roots := s.roots(); len(roots) == 1 {
		topDepth = 1
		sp.above = roots
	}
	// The tree is depth-first, so a subtree is a run of teams.
	var run []*teamNode
	flush := func() {
		if len(run) == 0 {
			return
		}
		top := run[0]
		first := len(sp.parts)
		var teams []*teamNode
		w := 0
		cut := func() {
			n := len(sp.parts) - first + 1
			sp.parts = append(sp.parts, part{path: pathOf(top.ID, n), top: top, teams: teams, n: n, subtree: run})
			teams, w = nil, 0
		}
		for _, t := range run {
			if len(teams) > 0 && w+weight(t) > budget {
				cut()
			}
			teams = append(teams, t)
			w += weight(t)
		}
		cut()
		for i := first; i < len(sp.parts); i++ {
			sp.parts[i].of = len(sp.parts) - first
		}
		run = nil
	}
	for _, n := range s.teamTree {
		switch {
		case n.Depth < topDepth:
			flush()
		case n.Depth == topDepth:
			flush()
			run = append(run, n)
		default:
			run = append(run, n)
		}
	}
	flush()
	return sp
}

// shown are the teams a split view's own page shows: the root and the
// top-level teams, each of which has pages of its own.
func (sp split) shown() []*teamNode {
	out := slices.Clone(sp.above)
	for _, pt := range sp.parts {
		if pt.n == 1 {
			out = append(out, pt.top)
		}
	}
	return out
}

// roots are the teams at the top of the tree.
func (s *site) roots() []*teamNode {
	var out []*teamNode
	for _, n := range s.teamTree {
		if n.Depth == 0 {
			out = append(out, n)
		}
	}
	return out
}

func partPath(folder, team string, n int) string {
	if n == 1 {
		return folder + "/" + team + "/index.html"
	}
	return folder + "/" + team + "/" + strconv.Itoa(n) + ".html"
}

// objectivesOf are the objectives the teams have in the cycles.
func (s *site) objectivesOf(teams []*teamNode, cycles []*compute.Cycle) []*compute.Objective {
	var out []*compute.Objective
	for _, c := range cycles {
		for _, n := range teams {
			out = append(out, s.res.ObjectivesOf(n.ID, c.ID)...)
		}
	}
	return out
}

// partSummary is a top-level team on the page of a split view: how much
// its pages hold, and links to them.
type partSummary struct {
	Name, Href string
	Teams      int
	Count      int    // of Unit: what the view shows of the subtree's teams
	Unit       string // "objective", "finding"; none: the view shows teams only
	Pages      []link // when the subtree takes several pages
}

// summaries are the top-level teams of a split view, for its own page,
// counting what count gives of each team in unit.
func (s *site) summaries(p *page, sp split, unit string, count func(n *teamNode) int) []partSummary {
	var out []partSummary
	for _, pt := range sp.parts {
		if pt.n == 1 {
			ps := partSummary{Name: pt.top.Name, Href: p.href(pt.path), Teams: len(pt.subtree), Unit: unit}
			if count != nil {
				for _, t := range pt.subtree {
					ps.Count += count(t)
				}
			}
			out = append(out, ps)
		}
		if pt.of > 1 {
			ps := &out[len(out)-1]
			ps.Pages = append(ps.Pages, link{Href: p.href(pt.path), Text: strconv.Itoa(pt.n), Note: teamRange(pt.teams)})
		}
	}
	return out
}

// pager links the pages of one top-level team's subtree to each other.
func (s *site) pager(p *page, sp split, pt part) []link {
	if pt.of < 2 {
		return nil
	}
	var out []link
	for _, o := range sp.parts {
		if o.top == pt.top {
			out = append(out, link{Href: p.href(o.path), Text: strconv.Itoa(o.n), Note: teamRange(o.teams), Current: o.n == pt.n})
		}
	}
	return out
}

// teamRange names the first and last team of a page.
func teamRange(teams []*teamNode) string {
	if len(teams) == 1 {
		return teams[0].Name
	}
	return fmt.Sprintf("%s to %s", teams[0].Name, teams[len(teams)-1].Name)
}

// partPage starts the page of the view at section/index.html (the roadmap,
// RACI) for one top-level team's subtree, or part of it.
func (s *site) partPage(pt part, section, view, lead string) *page {
	p := s.newPage(pt.path, section, view+" · "+partTitle(pt), section)
	p.Heading = partTitle(pt)
	p.Lead = pt.top.Name + " and the teams below it"
	if lead != "" {
		p.Lead = lead + " " + p.Lead
	}
	p.crumb("index.html", "Dashboard")
	p.crumb(section+"/index.html", view)
	return p
}

// partTitle is how a page of a split view is titled.
func partTitle(pt part) string {
	if pt.of < 2 {
		return pt.top.Name
	}
	return fmt.Sprintf("%s (%d of %d)", pt.top.Name, pt.n, pt.of)
}

// partsSection is the section of a split view's own page that links to
// the pages of each top-level team.
func partsSection(parts []partSummary) template.HTML {
	if len(parts) == 0 {
		return ""
	}
	var w htmlWriter
	w.Raw("\n<section class=\"card\" aria-labelledby=\"parts-heading\">\n<h2 id=\"parts-heading\">By team</h2>\n" +
		"<p class=\"muted\">The organization is too large for one page: each top-level team and the teams below it have their own.</p>\n<ul class=\"list\">")
	for i := range parts {
		ps := &parts[i]
		w.Raw("\n<li><a href=\"")
		w.Href(ps.Href)
		w.Raw(`">`)
		w.Text(ps.Name)
		w.Raw(`</a> <span class="muted">· `)
		w.Text(count(ps.Teams, "team"))
		if ps.Unit != "" {
			w.Raw(" · ")
			w.Text(count(ps.Count, ps.Unit))
		}
		if len(ps.Pages) > 0 {
			w.Raw(" · pages ")
			for j, l := range ps.Pages {
				if j > 0 {
					w.Raw(", ")
				}
				w.Raw(`<a href="`)
				w.Href(l.Href)
				w.Raw(`" title="`)
				w.Text(l.Note)
				w.Raw(`">`)
				w.Text(l.Text)
				w.Raw("</a>")
			}
		}
		w.Raw("</span></li>")
	}
	w.Raw("\n</ul>\n</section>")
	return w.Fragment()
}

// pagerNav links the pages of one top-level team's subtree.
func pagerNav(pages []link) template.HTML {
	if len(pages) == 0 {
		return ""
	}
	var w htmlWriter
	w.Raw("\n<nav class=\"pager\" aria-label=\"Pages\"><ul>")
	for _, l := range pages {
		w.Raw("\n<li>")
		if l.Current {
			w.Raw(`<a href="`)
			w.Href(l.Href)
			w.Raw(`" aria-current="page">`)
		} else {
			w.Raw(`<a href="`)
			w.Href(l.Href)
			w.Raw(`">`)
		}
		w.Text(l.Text)
		w.Raw(`</a> <span class="muted">`)
		w.Text(l.Note)
		w.Raw("</span></li>")
	}
	w.Raw("\n</ul></nav>")
	return w.Fragment()
}
