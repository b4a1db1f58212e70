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
	MoreHref string // where "and N more" leads
}

type changeList struct {
	Title string
	Items []changeItem
	More  int
}

// changeItem is one objective or key result that changed.
type changeItem struct {
	Title, Href string
	Context     string // the objective of a key result, or the team of an objective
	Delta       delta
	From, To    string // states, when the item is about a change of state
}

// changes lists what moved in the objectives since the comparison date,
// at most n items per list; "and N more" links to more, the objectives'
// list that shows each one's movement (an address already relative to
// p). Nil without a comparison date.
func (s *site) changes(p *page, objs []*compute.Objective, n int, more string) *changesView {
	if s.res.Previous == nil {
		return nil
	}
	ch := s.res.ChangesOf(objs)
	v := &changesView{Since: ch.Since.String(), CheckIns: ch.CheckIns, Empty: ch.Empty(), MoreHref: more}
	add := func(title string, list []compute.Change, how int) {
		if len(list) == 0 {
			return
		}
		l := changeList{Title: title, More: max(0, len(list)-n)}
		for _, c := range list[:min(n, len(list))] {
			l.Items = append(l.Items, s.changeItem(p, c, how))
		}
		v.Lists = append(v.Lists, l)
	}
	add("Moved most", ch.Moved, withDelta)
	add("Done", ch.Done, titleOnly)
	add("Went stale", ch.Stale, titleOnly)
	add("Changed state", ch.States, withStates)
	return v
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
		w.raw("\n<li>")
		w.changeItem(it)
		w.raw("</li>")
	}
	return w.String()
}

// changeInline writes the items of one list of changes on one line, as
// the printed report has room for.
func changeInline(items []changeItem) string {
	var w htmlWriter
	for i, it := range items {
		if i > 0 {
			w.raw("; ")
		}
		w.changeItem(it)
	}
	return w.String()
}

func (w *htmlWriter) changeItem(it changeItem) {
	if it.From != "" {
		w.state(it.To)
		w.raw(` <span class="muted">from `)
		w.text(strings.ToLower(stateOf(it.From).Label))
		w.raw(`</span> `)
	} else if t := it.Delta.Text(); t != "" {
		w.raw(`<span class="delta delta-`)
		w.raw(it.Delta.Dir())
		w.raw(`"><span aria-hidden="true">`)
		w.text(t)
		w.raw(`</span><span class="visually-hidden">`)
		w.text(it.Delta.Label())
		w.raw(`</span></span> `)
	}
	w.raw(`<a href="`)
	w.href(it.Href)
	w.raw(`">`)
	w.text(it.Title)
	w.raw(`</a> <span class="muted">(`)
	w.text(it.Context)
	w.raw(`)</span>`)
}
