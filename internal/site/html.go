package site

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/site/html"
)

// Fragments of pages written in Go, with html.Writer: the small parts
// that pages repeat (a state, a progress bar, a link to a person, a row of
// a check-in table, a key result's card), printed by the templates as
// template.HTML. What a page holds and in which order stays in templates/.

// htmlWriter is html.Writer with the site's fragments as its methods;
// the fragments write with html.Writer's own (Raw, Text, Href, ...).
type htmlWriter struct{ html.Writer }

// markdown writes Markdown rendered as mdtext.HTML renders it.
func (w *htmlWriter) markdown(s string) {
	if t := strings.TrimSpace(s); t != "" && mdtext.NoMarkup(t) {
		// mdtext.HTML's own shortcut without building the string: plain text
		// holds no character that needs escaping in HTML text.
		w.Raw("<p>")
		w.Raw(t)
		w.Raw("</p>\n")
		return
	}
	w.HTML(mdtext.HTML(s, ""))
}

// fragment runs write on a new writer and returns what it wrote.
func fragment(write func(w *htmlWriter)) template.HTML {
	var w htmlWriter
	write(&w)
	return w.Fragment()
}

// The fragments; funcs makes template functions of those that templates
// print.

// badge shows a state with its icon and its word, never by colour alone.
func (w *htmlWriter) badge(st stateInfo) { w.stateSpan("state state-", st) }

// bandBadge shows a grade's band the same way.
func (w *htmlWriter) bandBadge(st stateInfo) { w.stateSpan("state band-", st) }

func (w *htmlWriter) stateSpan(class string, st stateInfo) {
	w.Raw(`<span class="`)
	w.Raw(class)
	w.Text(st.Key)
	w.Raw(`"><span class="state-icon" aria-hidden="true">`)
	w.Text(st.Icon)
	w.Raw(`</span> `)
	w.Text(st.Label)
	w.Raw(`</span>`)
}

// state is badge(stateOf(s)); the badges of the known states are written
// once.
func (w *htmlWriter) state(s string) {
	if h, ok := stateBadges[s]; ok {
		w.HTML(h)
		return
	}
	w.badge(stateOf(s))
}

var stateBadges = func() map[string]template.HTML {
	m := map[string]template.HTML{}
	for s, st := range states {
		m[s] = fragment(func(w *htmlWriter) { w.badge(st) })
	}
	return m
}()

// bar is a progress bar with the expected progress marked.
func (w *htmlWriter) bar(b bar) {
	w.Raw(`<span class="bar-wrap"><span class="bar" role="img" aria-label="`)
	w.Text(b.Label)
	w.Raw(`"><span class="bar-fill fill-`)
	w.Text(b.State.Key)
	w.Raw(`" style="width: `)
	w.Raw(width(b.Value))
	w.Raw(`%"></span>`)
	if b.Expected >= 0 {
		w.Raw(`<span class="bar-expected" style="left: `)
		w.Raw(width(b.Expected))
		w.Raw(`%"></span>`)
	}
	w.Raw(`</span><span class="bar-text" aria-hidden="true">`)
	w.Text(b.Text)
	w.Raw(`</span>`)
	w.delta(b.Delta)
	w.Raw(`</span>`)
}

// delta shows a change since the comparison date; the bar's label already
// says it to screen readers.
func (w *htmlWriter) delta(d delta) {
	if d.Known && d.Points == 0 {
		w.Raw(`<span class="delta"></span>`) // keeps the bars of a table aligned
		return
	}
	if t := d.Text(); t != "" {
		w.Raw(`<span class="delta delta-`)
		w.Raw(d.Dir())
		w.Raw(`" aria-hidden="true" title="since `)
		w.Text(d.Since)
		w.Raw(`">`)
		w.Text(t)
		w.Raw(`</span>`)
	}
}

// person links a person to their entry on the people page.
func (w *htmlWriter) person(p personRef) {
	switch {
	case p.Href != "":
		w.Raw(`<a href="`)
		w.Href(p.Href)
		w.Raw(`">`)
		w.Text(p.Name)
		w.Raw(`</a>`)
	case p.Name != "":
		w.Text(p.Name)
	default:
		w.Raw("–")
	}
}

// people is a list of persons, separated by commas.
func (w *htmlWriter) people(ps []personRef) {
	if len(ps) == 0 {
		w.Raw("–")
	}
	for i, p := range ps {
		if i > 0 {
			w.Raw(", ")
		}
		w.person(p)
	}
}

// objTitle is an objective's title as a link, with tags for its status
// and commitment.
func (w *htmlWriter) objTitle(r *objRow) {
	w.Raw(`<a href="`)
	w.Href(r.Href)
	w.Raw(`">`)
	w.HTML(r.TitleHTML)
	w.Raw(`</a>`)
	switch {
	case r.Dropped:
		w.Raw(` <span class="tag tag-dropped">dropped</span>`)
	case r.Status == okr.StatusDraft:
		w.Raw(` <span class="tag">draft</span>`)
	case r.Status == okr.StatusClosed:
		w.Raw(` <span class="tag">closed</span>`)
	}
	if r.Commitment == okr.Committed {
		w.Raw(` <span class="tag tag-committed" title="Committed: expected to reach 100%">committed</span>`)
	}
	w.labels(r.Labels)
}

// labels are an objective's or key result's labels, as chips.
func (w *htmlWriter) labels(list []string) {
	for _, l := range list {
		w.Raw(` <span class="tag tag-label">`)
		w.Text(l)
		w.Raw(`</span>`)
	}
}

// labelChips are the buttons of a label filter, one per label, each a
// toggle whose state screen readers hear (aria-pressed). site.js makes
// them work; without it the filter is hidden and every objective shown.
func labelChips(labels []string) template.HTML {
	var w htmlWriter
	w.Raw(`<div class="filter-labels" role="group" aria-labelledby="filter-labels-name"><span class="filter-labels-name" id="filter-labels-name">Labels</span>`)
	for _, l := range labels {
		w.Raw(`<button type="button" class="chip" aria-pressed="false" data-label="`)
		w.Text(l)
		w.Raw(`">`)
		w.Text(l)
		w.Raw(`</button>`)
	}
	w.Raw(`</div>`)
	return w.Fragment()
}

// objState is an objective's state, or its grade once it has one.
// objItem starts the list item of an objective: its state and title,
// then the muted details, which the caller writes and closes with
// </span></li>.
func (w *htmlWriter) objItem(r *objRow) {
	w.Raw("<li>")
	w.objState(r)
	w.Raw(" ")
	w.objTitle(r)
	w.Raw(` <span class="muted">· `)
}

func (w *htmlWriter) objState(r *objRow) {
	switch {
	case r.Dropped:
		w.Raw(`<span class="state state-none"><span class="state-icon" aria-hidden="true">–</span> Dropped</span>`)
	case r.Grade != nil:
		w.bandBadge(bandOf(r.Band))
		w.Raw(` <span class="muted">graded `)
		w.Text(num(*r.Grade))
		w.Raw(`</span>`)
	case r.Upcoming:
		w.Raw(`<span class="state state-none"><span class="state-icon" aria-hidden="true">○</span> Not started</span>`)
	case r.State == compute.StateNoData:
		w.badge(notGraded)
	default:
		w.state(r.State)
		if r.WasState != "" {
			w.Raw(` <span class="was muted">(was `)
			w.Text(strings.ToLower(stateOf(r.WasState).Label))
			w.Raw(`)</span>`)
		}
	}
}

// grading is the grade of a cycle or of a team's cycle once the cycle has
// ended, with the objectives not graded counted beside it.
type grading struct {
	Ended     bool
	Grade     *float64
	Band      string // "" without a grade
	NotGraded int
}

func gradingOf(c *compute.Cycle, grade *float64, notGraded int) grading {
	g := grading{Ended: c != nil && c.Phase == compute.PhaseEnded, Grade: grade, NotGraded: notGraded}
	if grade != nil {
		g.Band = compute.Band(*grade)
	}
	return g
}

// grading shows a grading: its band and grade, or "not graded" when no
// objective was graded, and how many were not.
func (w *htmlWriter) grading(g grading) {
	if !g.Ended {
		return
	}
	w.Raw(`<span class="grading">`)
	if g.Grade != nil {
		w.bandBadge(bandOf(g.Band))
		w.Raw(` <span class="muted">graded `)
		w.Text(num(*g.Grade))
		w.Raw(`</span>`)
		if g.NotGraded > 0 {
			w.Raw(` <span class="muted">· `)
			w.Text(strconv.Itoa(g.NotGraded))
			w.Raw(` not graded</span>`)
		}
	} else {
		w.badge(notGraded)
	}
	w.Raw(`</span>`)
}

// teamLink links an objective's team.
func (w *htmlWriter) teamLink(r *objRow) {
	w.Raw(`<a href="`)
	w.Href(r.TeamHref)
	w.Raw(`">`)
	w.Text(r.TeamName)
	w.Raw(`</a>`)
}

// size is about the length of a chart's HTML, or a little more.
func (c *chart) size() int {
	n := 300 + len(c.Label) + len(c.Option)
	if c.Table != nil {
		n += 300
		for _, row := range c.Table.Rows {
			for _, cell := range row {
				n += 20 + len(cell)
			}
		}
	}
	return n
}

// chart is a chart's canvas, its ECharts option and, unless the page has
// it in another form, its data as a table.
func (w *htmlWriter) chart(c *chart) {
	if c == nil {
		return
	}
	w.Grow(c.size())
	w.Raw(`<figure class="chart`)
	if c.Class != "" {
		w.Raw(" ")
		w.Text(c.Class)
	}
	w.Raw("\">\n<div class=\"chart-canvas\" id=\"")
	w.Text(c.ID)
	w.Raw(`" data-chart`)
	if c.Kind != "" {
		w.Raw(`="`)
		w.Text(c.Kind)
		w.Raw(`"`)
	}
	w.Raw(` role="img" aria-label="`)
	w.Text(c.Label)
	w.Raw(`" style="height: `)
	w.Int(c.Height)
	w.Raw("px\"></div>\n<script type=\"application/json\" id=\"")
	w.Text(c.ID)
	// The option is JSON from encoding/json (charts.Option.JS): <, > and &
	// are written as \u003c, \u003e and \u0026, so it cannot end the
	// script.
	w.Raw(`-option">`)
	w.Raw(string(c.Option))
	w.Raw(`</script>`)
	if t := c.Table; t != nil {
		w.Raw("\n<details class=\"chart-data\">\n<summary>Data table</summary>\n<div class=\"table-scroll\"><table>\n<caption>")
		w.Text(t.Caption)
		w.Raw("</caption>\n<thead><tr>")
		for _, h := range t.Head {
			w.Raw(`<th scope="col">`)
			w.Text(h)
			w.Raw(`</th>`)
		}
		w.Raw("</tr></thead>\n<tbody>")
		for _, row := range t.Rows {
			w.Raw("\n<tr>")
			for i, c := range row {
				if i == 0 {
					w.Raw(`<th scope="row">`)
					w.Text(c)
					w.Raw(`</th>`)
				} else {
					w.Raw(`<td>`)
					w.Text(c)
					w.Raw(`</td>`)
				}
			}
			w.Raw("</tr>")
		}
		if len(t.Rows) == 0 {
			w.Raw("\n<tr><td colspan=\"")
			w.Int(len(t.Head))
			w.Raw("\">No data yet.</td></tr>")
		}
		w.Raw("\n</tbody>\n</table></div>\n</details>")
	}
	w.Raw("\n</figure>")
}

// objRows are the rows of an objectives table (the objtable template),
// with a column for the grade when grades is set.
func objRows(rows []objRow, grades bool) template.HTML {
	var w htmlWriter
	for i := range rows {
		r := &rows[i]
		w.Raw("\n<tr data-row data-search=\"")
		w.Text(r.search())
		w.Raw(`" data-state="`)
		if r.Dropped {
			w.Raw("dropped")
		} else {
			w.Text(stateOf(r.State).Key)
		}
		w.Raw(`" data-team="`)
		w.Text(r.TeamName)
		if len(r.FilterLabels) > 0 {
			// A JSON list: a label may hold spaces.
			b, _ := json.Marshal(r.FilterLabels)
			w.Raw(`" data-labels="`)
			w.Text(string(b))
		}
		w.Raw("\">\n<th scope=\"row\">")
		w.objTitle(r)
		w.Raw("</th>\n<td>")
		w.person(r.Owner)
		w.Raw("</td>\n<td>")
		w.objState(r)
		w.Raw("</td>\n<td class=\"col-bar\">")
		w.bar(newBar(r.Progress, r.Expected, r.State).moved(r.Delta))
		w.Raw("</td>")
		if grades {
			w.Raw("\n<td>")
			if r.Grade != nil {
				w.Text(num(*r.Grade))
				w.Raw(" ")
				w.bandBadge(bandOf(r.Band))
			} else {
				w.Raw("–")
			}
			w.Raw("</td>")
		}
		w.Raw("\n</tr>")
	}
	return w.Fragment()
}

// navItems are the entries of the main navigation.
func navItems(links []link) template.HTML {
	var w htmlWriter
	w.Grow(1024)
	for _, l := range links {
		w.Raw("\n")
		w.linkItem(l, false)
	}
	return w.Fragment()
}

// crumbItems are the breadcrumbs before the page's own.
func crumbItems(links []link) template.HTML {
	var w htmlWriter
	for _, l := range links {
		w.linkItem(l, false)
	}
	return w.Fragment()
}

// switcherItems are the cycles of the cycle switcher, each with its phase
// for screen readers.
func switcherItems(links []link) template.HTML {
	var w htmlWriter
	for _, l := range links {
		w.linkItem(l, true)
	}
	return w.Fragment()
}

// linkItem writes a list item holding one link, marked as the current page
// where it is one, with its note for screen readers when note is set.
func (w *htmlWriter) linkItem(l link, note bool) {
	w.Raw(`<li><a href="`)
	w.Href(l.Href)
	w.Raw(`"`)
	if l.Current {
		w.Raw(` aria-current="page"`)
	}
	w.Raw(">")
	w.Text(l.Text)
	if note {
		w.Raw(`<span class="visually-hidden"> (`)
		w.Text(l.Note)
		w.Raw(")</span>")
	}
	w.Raw("</a></li>")
}
