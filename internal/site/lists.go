package site

import (
	"strconv"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// The dashboard and the report cut their lists of a cycle (what needs
// attention, key results done, what changed) to a few items and say how
// many they leave out; each such list is whole on pages of its own in the
// cycle's folder, cycles/<cycle>/<list>.html, continued on
// <list>.2.html and so on at listPage items a page (a large organization
// has thousands). No team id has a dot, so none of these names is a
// team's folder of a split cycle page.

// listPage is how many items a page of a full list holds: about 150 KB.
var listPage = 500

// fullList is one list of a cycle, whole.
type fullList struct {
	name, title string
	n           int    // items
	noun        string // what an item is, for count
	page        func(p *page, d *listData, from, to int)
}

type listData struct {
	Objectives []objRow
	KRs        []personKR
	Changes    []changeItem
	Pager      []link
}

// The lists, by name.
const (
	listAttention = "attention"
	listDone      = "done"
)

// changesList is the name of the full list of one list of changes.
func changesList(kind string) string { return "changes-" + kind }

// listPath is page n of the full list name of the cycle.
func listPath(cycle, name string, n int) string {
	if n == 1 {
		return "cycles/" + cycle + "/" + name + ".html"
	}
	return "cycles/" + cycle + "/" + name + "." + strconv.Itoa(n) + ".html"
}

// fullLists are the lists of the cycle that a page cuts: those longer than
// the shortest cut of them (the report's).
func (s *site) fullLists(c *compute.Cycle) []fullList {
	var out []fullList
	if objs := c.NeedsAttention(); len(objs) > reportList {
		out = append(out, fullList{name: listAttention, title: "Needs attention", n: len(objs), noun: "objective", page: func(p *page, d *listData, from, to int) {
			for _, o := range objs[from:to] {
				d.Objectives = append(d.Objectives, s.objRow(p, o))
			}
		}})
	}
	if krs := doneKRs(c); len(krs) > reportList {
		out = append(out, fullList{name: listDone, title: "Key results done", n: len(krs), noun: "key result", page: func(p *page, d *listData, from, to int) {
			for _, kr := range krs[from:to] {
				d.KRs = append(d.KRs, s.doneKRRow(p, kr))
			}
		}})
	}
	if s.res.Previous != nil {
		ch := s.res.ChangesOf(c.Objectives)
		for _, l := range changeLists(ch) {
			if len(l.list) > reportChanges {
				out = append(out, fullList{name: changesList(l.kind), title: l.title + " since " + ch.Since.String(), n: len(l.list), noun: "item", page: func(p *page, d *listData, from, to int) {
					for _, ch := range l.list[from:to] {
						d.Changes = append(d.Changes, s.changeItem(p, ch, l.how))
					}
				}})
			}
		}
	}
	return out
}

// listPages are the pages of a full list.
func (s *site) listPages(c *compute.Cycle, l fullList) []pageJob {
	of := (l.n + listPage - 1) / listPage
	var jobs []pageJob
	for n := 1; n <= of; n++ {
		jobs = append(jobs, pageJob{path: listPath(c.ID, l.name, n), build: func() *page {
			title := l.title
			if of > 1 {
				title += " (" + strconv.Itoa(n) + " of " + strconv.Itoa(of) + ")"
			}
			p := s.newPage(listPath(c.ID, l.name, n), "list", title+" · "+c.Title(), "cycles")
			p.Heading = title
			p.Lead = c.Title() + " · " + count(l.n, l.noun) + ", as of " + s.asOf.String()
			p.crumb("index.html", "Dashboard")
			p.crumb("cycles/index.html", "Cycles")
			p.crumb(cyclePath(c.ID), c.Title())
			d := &listData{}
			if of > 1 {
				for i := 1; i <= of; i++ {
					d.Pager = append(d.Pager, link{Href: p.href(listPath(c.ID, l.name, i)), Text: strconv.Itoa(i),
						Note: "items " + strconv.Itoa((i-1)*listPage+1) + " to " + strconv.Itoa(min(i*listPage, l.n)), Current: i == n})
				}
			}
			l.page(p, d, (n-1)*listPage, min(n*listPage, l.n))
			p.Data = d
			return p
		}})
	}
	return jobs
}

// doneKR is a key result that is done, with its objective.
type doneKR struct {
	o  *compute.Objective
	kr *compute.KeyResult
}

// doneKRs are the key results of the cycle's objectives that are done,
// dropped objectives left out.
func doneKRs(c *compute.Cycle) []doneKR {
	var out []doneKR
	for _, o := range c.Objectives {
		if o.EffectiveStatus() == okr.StatusDropped {
			continue
		}
		for _, kr := range o.KeyResults {
			if kr.State == compute.StateDone {
				out = append(out, doneKR{o, kr})
			}
		}
	}
	return out
}

func (s *site) doneKRRow(p *page, d doneKR) personKR {
	return personKR{Title: mdtext.Plain(d.kr.Title), Href: p.href(objectivePath(d.o.Objective)) + "#kr-" + d.kr.ID,
		Objective: mdtext.Plain(d.o.Title), Cycle: s.teamName(d.o.Team), State: d.kr.State, Progress: d.kr.Progress}
}
