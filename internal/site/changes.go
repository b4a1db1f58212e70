package site

import (
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
)

// changesView is the "what changed since" section of the dashboard, a
// team page and the report: each list cut to a few items and "and N more",
// so the report still prints on one page.
type changesView struct {
	Since    string
	CheckIns int
	Lists    []changeList
	Empty    bool   // nothing moved
	MoreWhat string // what "and N more" links to, when not the whole list
}

type changeList struct {
	Title string
	Items []changeItem
	More  int
	Href  string // the whole list, when More
}

// The report's lists of changes are the shortest; the lists longer than
// that are whole on pages of their own (lists.go).
const reportChanges = 2

// kindOfChanges is one list of changes: its name, title, items and how
// an item shows what happened to it.
type kindOfChanges struct {
	kind, title string
	list        []compute.Change
	how         int
}

func changeLists(ch compute.Changes) []kindOfChanges {
	return []kindOfChanges{
		{"moved", "Moved most", ch.Moved, withDelta},
		{"done", "Done", ch.Done, titleOnly},
		{"stale", "Went stale", ch.Stale, titleOnly},
		{"states", "Changed state", ch.States, withStates},
	}
}

// changeItem is one objective or key result that changed.
type changeItem struct {
	Title, Href string
	Context     string // the objective of a key result, or the team of an objective
	Delta       delta
	From, To    string // states, when the item is about a change of state
}

// changes lists what moved in the objectives since the comparison date,
// at most n items per list. The "and N more" of a list links to
// more(kind), an address relative to p: the whole list (wholeChanges),
// or a place that shows every objective's movement, which moreWhat then
// names. Nil without a comparison date.
func (s *site) changes(p *page, objs []*compute.Objective, n int, more func(kind string) string, moreWhat string) *changesView {
	if s.res.Previous == nil {
		return nil
	}
	ch := s.res.ChangesOf(objs)
	v := &changesView{Since: ch.Since.String(), CheckIns: ch.CheckIns, Empty: ch.Empty(), MoreWhat: moreWhat}
	for _, k := range changeLists(ch) {
		if len(k.list) == 0 {
			continue
		}
		l := changeList{Title: k.title, More: max(0, len(k.list)-n)}
		for _, c := range k.list[:min(n, len(k.list))] {
			l.Items = append(l.Items, s.changeItem(p, c, k.how))
		}
		if l.More > 0 {
			l.Href = more(k.kind)
		}
		v.Lists = append(v.Lists, l)
	}
	return v
}

// wholeChanges links each cut list of changes of the cycle to its whole
// list (lists.go).
func wholeChanges(p *page, c *compute.Cycle) func(kind string) string {
	return func(kind string) string { return p.href(listPath(c.ID, changesList(kind), 1)) }
}

// How an item of a list of changes shows what happened to it.
const (
	titleOnly  = iota // the list's title says it
	withDelta         // the change of progress
	withStates        // the state it changed from
)

func (s *site) changeItem(p *page, c compute.Change, how int) changeItem {
	o := c.Objective
	it := changeItem{Title: o.Title, Href: p.href(objectivePath(o.Objective)), Context: s.teamName(o.Team)}
	if kr := c.KeyResult; kr != nil {
		it.Title, it.Href, it.Context = kr.Title, it.Href+"#kr-"+kr.ID, o.Title
	}
	switch how {
	case withDelta:
		it.Delta = s.delta(c.Delta, c.HasDelta)
	case withStates:
		it.From, it.To = c.From, c.To
	}
	return it
}

// changeItems writes the items of one list of changes.
func changeItems(items []changeItem) string {
	var w htmlWriter
	for _, it := range items {
		w.Raw("\n<li>")
		w.changeItem(it)
		w.Raw("</li>")
	}
	return w.String()
}

// changeInline writes the items of one list of changes on one line, as
// the printed report has room for.
func changeInline(items []changeItem) string {
	var w htmlWriter
	for i, it := range items {
		if i > 0 {
			w.Raw("; ")
		}
		w.changeItem(it)
	}
	return w.String()
}

func (w *htmlWriter) changeItem(it changeItem) {
	if it.From != "" {
		w.state(it.To)
		w.Raw(` <span class="muted">from `)
		w.Text(strings.ToLower(stateOf(it.From).Label))
		w.Raw(`</span> `)
	} else if t := it.Delta.Text(); t != "" {
		w.Raw(`<span class="delta delta-`)
		w.Raw(it.Delta.Dir())
		w.Raw(`"><span aria-hidden="true">`)
		w.Text(t)
		w.Raw(`</span><span class="visually-hidden">`)
		w.Text(it.Delta.Label())
		w.Raw(`</span></span> `)
	}
	w.Raw(`<a href="`)
	w.Href(it.Href)
	w.Raw(`">`)
	w.Text(it.Title)
	w.Raw(`</a> <span class="muted">(`)
	w.Text(it.Context)
	w.Raw(`)</span>`)
}
