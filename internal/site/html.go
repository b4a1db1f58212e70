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

// htmlWriter is html.Writer with the site's fragments as its methods. The
// lower-case names are html.Writer's own, kept so that the fragments read
// as they always did.
type htmlWriter struct{ html.Writer }

func (w *htmlWriter) raw(s string)            { w.Raw(s) }
func (w *htmlWriter) html(h template.HTML)    { w.HTML(h) }
func (w *htmlWriter) int(n int)               { w.Int(n) }
func (w *htmlWriter) text(s string)           { w.Text(s) }
func (w *htmlWriter) href(s string)           { w.Href(s) }
func (w *htmlWriter) urlPart(s string)        { w.URLPart(s) }
func (w *htmlWriter) fragment() template.HTML { return w.Fragment() }

// markdown writes Markdown rendered as mdtext.HTML renders it.
func (w *htmlWriter) markdown(s string) {
	if t := strings.TrimSpace(s); t != "" && mdtext.NoMarkup(t) {
		// mdtext.HTML's own shortcut without building the string: plain text
		// holds no character that needs escaping in HTML text.
		w.raw("<p>")
		w.raw(t)
		w.raw("</p>\n")
		return
	}
	w.html(mdtext.HTML(s, ""))
}

// fragment runs write on a new writer and returns what it wrote.
func fragment(write func(w *htmlWriter)) template.HTML {
	var w htmlWriter
	write(&w)
	return w.fragment()
}

// The fragments; funcs makes template functions of those that templates
// print.

// badge shows a state with its icon and its word, never by colour alone.
func (w *htmlWriter) badge(st stateInfo) { w.stateSpan("state state-", st) }

// bandBadge shows a grade's band the same way.
func (w *htmlWriter) bandBadge(st stateInfo) { w.stateSpan("state band-", st) }

func (w *htmlWriter) stateSpan(class string, st stateInfo) {
	w.raw(`<span class="`)
	w.raw(class)
	w.text(st.Key)
	w.raw(`"><span class="state-icon" aria-hidden="true">`)
	w.text(st.Icon)
	w.raw(`</span> `)
	w.text(st.Label)
	w.raw(`</span>`)
}

// state is badge(stateOf(s)); the badges of the known states are written
// once.
func (w *htmlWriter) state(s string) {
	if h, ok := stateBadges[s]; ok {
		w.html(h)
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
	w.raw(`<span class="bar-wrap"><span class="bar" role="img" aria-label="`)
	w.text(b.Label)
	w.raw(`"><span class="bar-fill fill-`)
	w.text(b.State.Key)
	w.raw(`" style="width: `)
	w.raw(width(b.Value))
	w.raw(`%"></span>`)
	if b.Expected >= 0 {
		w.raw(`<span class="bar-expected" style="left: `)
		w.raw(width(b.Expected))
		w.raw(`%"></span>`)
	}
	w.raw(`</span><span class="bar-text" aria-hidden="true">`)
	w.text(b.Text)
	w.raw(`</span>`)
	w.delta(b.Delta)
	w.raw(`</span>`)
}

// delta shows a change since the comparison date; the bar's label already
// says it to screen readers.
func (w *htmlWriter) delta(d delta) {
	if d.Known && d.Points == 0 {
		w.raw(`<span class="delta"></span>`) // keeps the bars of a table aligned
		return
	}
	if t := d.Text(); t != "" {
		w.raw(`<span class="delta delta-`)
		w.raw(d.Dir())
		w.raw(`" aria-hidden="true" title="since `)
		w.text(d.Since)
		w.raw(`">`)
		w.text(t)
		w.raw(`</span>`)
	}
}

// person links a person to their entry on the people page.
func (w *htmlWriter) person(p personRef) {
	switch {
	case p.Href != "":
		w.raw(`<a href="`)
		w.href(p.Href)
		w.raw(`">`)
		w.text(p.Name)
		w.raw(`</a>`)
	case p.Name != "":
		w.text(p.Name)
	default:
		w.raw("–")
	}
}

// people is a list of persons, separated by commas.
func (w *htmlWriter) people(ps []personRef) {
	if len(ps) == 0 {
		w.raw("–")
	}
	for i, p := range ps {
		if i > 0 {
			w.raw(", ")
		}
		w.person(p)
	}
}

// objTitle is an objective's title as a link, with tags for its status
// and commitment.
func (w *htmlWriter) objTitle(r *objRow) {
	w.raw(`<a href="`)
	w.href(r.Href)
	w.raw(`">`)
	w.html(r.TitleHTML)
	w.raw(`</a>`)
	switch {
	case r.Dropped:
		w.raw(` <span class="tag tag-dropped">dropped</span>`)
	case r.Status == okr.StatusDraft:
		w.raw(` <span class="tag">draft</span>`)
	case r.Status == okr.StatusClosed:
		w.raw(` <span class="tag">closed</span>`)
	}
	if r.Commitment == okr.Committed {
		w.raw(` <span class="tag tag-committed" title="Committed: expected to reach 100%">committed</span>`)
	}
	w.labels(r.Labels)
}

// labels are an objective's or key result's labels, as chips.
func (w *htmlWriter) labels(list []string) {
	for _, l := range list {
		w.raw(` <span class="tag tag-label">`)
		w.text(l)
		w.raw(`</span>`)
	}
}

// labelChips are the buttons of a label filter, one per label, each a
// toggle whose state screen readers hear (aria-pressed). site.js makes
// them work; without it the filter is hidden and every objective shown.
func labelChips(labels []string) template.HTML {
	var w htmlWriter
	w.raw(`<div class="filter-labels" role="group" aria-labelledby="filter-labels-name"><span class="filter-labels-name" id="filter-labels-name">Labels</span>`)
	for _, l := range labels {
		w.raw(`<button type="button" class="chip" aria-pressed="false" data-label="`)
		w.text(l)
		w.raw(`">`)
		w.text(l)
		w.raw(`</button>`)
	}
	w.raw(`</div>`)
	return w.fragment()
}

// objState is an objective's state, or its grade once it has one.
// objItem starts the list item of an objective: its state and title,
// then the muted details, which the caller writes and closes with
// </span></li>.
func (w *htmlWriter) objItem(r *objRow) {
	w.raw("<li>")
	w.objState(r)
	w.raw(" ")
	w.objTitle(r)
	w.raw(` <span class="muted">· `)
}

func (w *htmlWriter) objState(r *objRow) {
	switch {
	case r.Dropped:
		w.raw(`<span class="state state-none"><span class="state-icon" aria-hidden="true">–</span> Dropped</span>`)
	case r.Grade != nil:
		w.bandBadge(bandOf(r.Band))
		w.raw(` <span class="muted">graded `)
		w.text(num(*r.Grade))
		w.raw(`</span>`)
	case r.Upcoming:
		w.raw(`<span class="state state-none"><span class="state-icon" aria-hidden="true">○</span> Not started</span>`)
	case r.State == compute.StateNoData:
		w.badge(notGraded)
	default:
		w.state(r.State)
		if r.WasState != "" {
			w.raw(` <span class="was muted">(was `)
			w.text(strings.ToLower(stateOf(r.WasState).Label))
			w.raw(`)</span>`)
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
	w.raw(`<span class="grading">`)
	if g.Grade != nil {
		w.bandBadge(bandOf(g.Band))
		w.raw(` <span class="muted">graded `)
		w.text(num(*g.Grade))
		w.raw(`</span>`)
		if g.NotGraded > 0 {
			w.raw(` <span class="muted">· `)
			w.text(strconv.Itoa(g.NotGraded))
			w.raw(` not graded</span>`)
		}
	} else {
		w.badge(notGraded)
	}
	w.raw(`</span>`)
}

// teamLink links an objective's team.
func (w *htmlWriter) teamLink(r *objRow) {
	w.raw(`<a href="`)
	w.href(r.TeamHref)
	w.raw(`">`)
	w.text(r.TeamName)
	w.raw(`</a>`)
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
	w.raw(`<figure class="chart`)
	if c.Class != "" {
		w.raw(" ")
		w.text(c.Class)
	}
	w.raw("\">\n<div class=\"chart-canvas\" id=\"")
	w.text(c.ID)
	w.raw(`" data-chart`)
	if c.Kind != "" {
		w.raw(`="`)
		w.text(c.Kind)
		w.raw(`"`)
	}
	w.raw(` role="img" aria-label="`)
	w.text(c.Label)
	w.raw(`" style="height: `)
	w.int(c.Height)
	w.raw("px\"></div>\n<script type=\"application/json\" id=\"")
	w.text(c.ID)
	// The option is JSON from encoding/json (charts.Option.JS): <, > and &
	// are written as \u003c, \u003e and \u0026, so it cannot end the
	// script.
	w.raw(`-option">`)
	w.raw(string(c.Option))
	w.raw(`</script>`)
	if t := c.Table; t != nil {
		w.raw("\n<details class=\"chart-data\">\n<summary>Data table</summary>\n<div class=\"table-scroll\"><table>\n<caption>")
		w.text(t.Caption)
		w.raw("</caption>\n<thead><tr>")
		for _, h := range t.Head {
			w.raw(`<th scope="col">`)
			w.text(h)
			w.raw(`</th>`)
		}
		w.raw("</tr></thead>\n<tbody>")
		for _, row := range t.Rows {
			w.raw("\n<tr>")
			for i, c := range row {
				if i == 0 {
					w.raw(`<th scope="row">`)
					w.text(c)
					w.raw(`</th>`)
				} else {
					w.raw(`<td>`)
					w.text(c)
					w.raw(`</td>`)
				}
			}
			w.raw("</tr>")
		}
		if len(t.Rows) == 0 {
			w.raw("\n<tr><td colspan=\"")
			w.int(len(t.Head))
			w.raw("\">No data yet.</td></tr>")
		}
		w.raw("\n</tbody>\n</table></div>\n</details>")
	}
	w.raw("\n</figure>")
}

// objRows are the rows of an objectives table (the objtable template),
// with a column for the grade when grades is set.
func objRows(rows []objRow, grades bool) template.HTML {
	var w htmlWriter
	for i := range rows {
		r := &rows[i]
		w.raw("\n<tr data-row data-search=\"")
		w.text(r.search())
		w.raw(`" data-state="`)
		if r.Dropped {
			w.raw("dropped")
		} else {
			w.text(stateOf(r.State).Key)
		}
		w.raw(`" data-team="`)
		w.text(r.TeamName)
		if len(r.FilterLabels) > 0 {
			// A JSON list: a label may hold spaces.
			b, _ := json.Marshal(r.FilterLabels)
			w.raw(`" data-labels="`)
			w.text(string(b))
		}
		w.raw("\">\n<th scope=\"row\">")
		w.objTitle(r)
		w.raw("</th>\n<td>")
		w.person(r.Owner)
		w.raw("</td>\n<td>")
		w.objState(r)
		w.raw("</td>\n<td class=\"col-bar\">")
		w.bar(newBar(r.Progress, r.Expected, r.State).moved(r.Delta))
		w.raw("</td>")
		if grades {
			w.raw("\n<td>")
			if r.Grade != nil {
				w.text(num(*r.Grade))
				w.raw(" ")
				w.bandBadge(bandOf(r.Band))
			} else {
				w.raw("–")
			}
			w.raw("</td>")
		}
		w.raw("\n</tr>")
	}
	return w.fragment()
}

// navItems are the entries of the main navigation.
func navItems(links []link) template.HTML {
	var w htmlWriter
	w.Grow(1024)
	for _, l := range links {
		w.raw("\n")
		w.linkItem(l, false)
	}
	return w.fragment()
}

// crumbItems are the breadcrumbs before the page's own.
func crumbItems(links []link) template.HTML {
	var w htmlWriter
	for _, l := range links {
		w.linkItem(l, false)
	}
	return w.fragment()
}

// switcherItems are the cycles of the cycle switcher, each with its phase
// for screen readers.
func switcherItems(links []link) template.HTML {
	var w htmlWriter
	for _, l := range links {
		w.linkItem(l, true)
	}
	return w.fragment()
}

// linkItem writes a list item holding one link, marked as the current page
// where it is one, with its note for screen readers when note is set.
func (w *htmlWriter) linkItem(l link, note bool) {
	w.raw(`<li><a href="`)
	w.href(l.Href)
	w.raw(`"`)
	if l.Current {
		w.raw(` aria-current="page"`)
	}
	w.raw(">")
	w.text(l.Text)
	if note {
		w.raw(`<span class="visually-hidden"> (`)
		w.text(l.Note)
		w.raw(")</span>")
	}
	w.raw("</a></li>")
}
