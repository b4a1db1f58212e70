package site

import (
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// stateInfo is how a computed state is shown: never by colour alone, so
// every state has an icon and a word, and the colours (Okabe–Ito) stay
// apart for readers with colour-blindness.
type stateInfo struct {
	Key, Icon, Label, Color string
}

var stateOrder = []string{compute.StateDone, compute.StateOnTrack, compute.StateAtRisk, compute.StateOffTrack, compute.StateStale, compute.StateNoData}

var states = map[string]stateInfo{
	compute.StateDone:     {"done", "✓", "Done", "#0072B2"},
	compute.StateOnTrack:  {"on-track", "●", "On track", "#009E73"},
	compute.StateAtRisk:   {"at-risk", "▲", "At risk", "#E69F00"},
	compute.StateOffTrack: {"off-track", "✕", "Off track", "#D55E00"},
	compute.StateStale:    {"stale", "◷", "Stale", "#6B7280"},
	compute.StateNoData:   {"no-data", "○", "No data", "#9CA3AF"},
	"":                    {"none", "–", "No data", "#9CA3AF"},
}

// notGraded is how an objective of an ended cycle that nothing measured
// is shown: beside the grades, not as a failed one.
var notGraded = stateInfo{"no-data", "○", "Not graded", "#9CA3AF"}

// objectiveStateOf is stateOf for objectives, which are graded.
func objectiveStateOf(s string) stateInfo {
	if s == compute.StateNoData {
		return notGraded
	}
	return stateOf(s)
}

func stateOf(s string) stateInfo {
	if i, ok := states[s]; ok {
		return i
	}
	return stateInfo{Key: "none", Icon: "–", Label: s, Color: "#9CA3AF"}
}

// bands of a grade, with the same care.
var bands = map[string]stateInfo{
	compute.BandGreen:  {"green", "✓", "Green", "#009E73"},
	compute.BandYellow: {"yellow", "◐", "Yellow", "#E69F00"},
	compute.BandRed:    {"red", "✕", "Red", "#D55E00"},
}

func bandOf(b string) stateInfo {
	if i, ok := bands[b]; ok {
		return i
	}
	return stateInfo{Key: "none", Icon: "–", Label: "Not graded", Color: "#9CA3AF"}
}

// funcs are the templates' functions. Most write a fragment of HTML in Go
// (html.go says why): the small parts that pages repeat, and the rows of
// their long lists.
var funcs = template.FuncMap{
	// Text.
	"md":    func(s string) template.HTML { return mdtext.HTML(s, "") },
	"pct":   pctOf,
	"num":   num,
	"conf":  confidence,
	"deref": deref,
	"count": count,
	"states": func() []stateInfo {
		var out []stateInfo
		for _, s := range stateOrder {
			out = append(out, objectiveStateOf(s))
		}
		return out
	},
	"objs": func(rows []objRow, grades bool) objTable { return objTable{rows, grades} },
	// Parts of any page: html.go.
	"state":    func(s string) template.HTML { return fragment(func(w *htmlWriter) { w.state(s) }) },
	"badge":    func(st stateInfo) template.HTML { return fragment(func(w *htmlWriter) { w.badge(st) }) },
	"band":     func(b string) template.HTML { return fragment(func(w *htmlWriter) { w.bandBadge(bandOf(b)) }) },
	"bar":      func(b bar) template.HTML { return fragment(func(w *htmlWriter) { w.bar(b) }) },
	"person":   func(p personRef) template.HTML { return fragment(func(w *htmlWriter) { w.person(p) }) },
	"people":   func(ps []personRef) template.HTML { return fragment(func(w *htmlWriter) { w.people(ps) }) },
	"objtitle": func(r *objRow) template.HTML { return fragment(func(w *htmlWriter) { w.objTitle(r) }) },
	"objstate": func(r *objRow) template.HTML { return fragment(func(w *htmlWriter) { w.objState(r) }) },
	"grading":  func(g grading) template.HTML { return fragment(func(w *htmlWriter) { w.grading(g) }) },
	"chart":    func(c *chart) template.HTML { return fragment(func(w *htmlWriter) { w.chart(c) }) },
	"objrows":  objRows,
	"navitems": navItems,
	"crumbs":   crumbItems,
	"switcher": switcherItems,
	// The label filter of team and cycle pages.
	"labelchips": labelChips,
	// Parts of one kind of page: pages.go, pages_org.go.
	"keyresult":    keyResultCard,
	"alignitems":   alignItems,
	"racirows":     raciRows,
	"roadmapcells": roadmapCells,
	"tree":         alignmentTree,
	"personmeta":   personMeta,
	"peoplelist":   peopleList,
	"parts":        partsSection,
	"pager":        pagerNav,
	"ownedobjs":    ownedObjectives,
	"ownedkrs":     ownedKRs,
	"letters":      letterItems,
	"changeitems":  func(items []changeItem) template.HTML { return template.HTML(changeItems(items)) },
	"changeinline": func(items []changeItem) template.HTML { return template.HTML(changeInline(items)) },
}

// count is a number with its noun, singular for one: "1 team", "3 teams".
// Every noun the pages count takes an s.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// codeSpans is plain text with `code` spans, such as a health rule's
// summary, as HTML.
func codeSpans(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(part))
		}
	}
	return template.HTML(b.String())
}

// objTable is the argument of the objtable template.
type objTable struct {
	Rows   []objRow
	Grades bool
}

// width is a share (0..1) as a percentage of a bar's width.
func width(v float64) string {
	return strconv.FormatFloat(math.Round(math.Max(0, math.Min(1, v))*1000)/10, 'f', -1, 64)
}

// pctOf shows a share (0..1) as a whole percentage; nil is a dash. It takes
// float64 and *float64, so templates need not care which they hold.
func pctOf(v any) string {
	switch v := v.(type) {
	case float64:
		return pct(v)
	case *float64:
		if v == nil {
			return "–"
		}
		return pct(*v)
	}
	return "–"
}

func pct(v float64) string {
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}

// num shows a number without trailing zeros, with a thin grouping of
// thousands for large values.
func num(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if r := math.Round(v*1000) / 1000; r != v {
		s = strconv.FormatFloat(r, 'f', -1, 64)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) > 4 {
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteRune(',')
			}
			b.WriteRune(r)
		}
		intPart = b.String()
	}
	if hasFrac {
		intPart += "." + frac
	}
	if neg {
		intPart = "-" + intPart
	}
	return intPart
}

func confidence(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(math.Round(*v*100)/100, 'f', -1, 64)
}

// bar is a progress bar with the expected progress marked.
type bar struct {
	Value    float64 // 0..1, for the width
	Text     string
	Expected float64 // -1: none
	State    stateInfo
	Label    string // for screen readers
	Delta    delta  // the change since the comparison date
}

// delta is a change of progress since the comparison date, in whole
// percentage points as shown. A reader sees "▲ 6 pts" and hears "up 6
// points since 2026-05-08"; no change shows nothing and is heard as "no
// change since ...", so an unchanged row is not read out as a number.
type delta struct {
	Known  bool // both dates have a number
	Points int
	Since  string
}

// delta shows a change of progress computed since the comparison date.
func (s *site) delta(change float64, known bool) delta {
	if !known || s.res.Since.IsZero() {
		return delta{}
	}
	return delta{Known: true, Points: int(math.Round(change * 100)), Since: s.res.Since.String()}
}

// Text is what the page shows: "▲ 6 pts", "▼ 1 pt", or nothing.
func (d delta) Text() string {
	switch {
	case !d.Known || d.Points == 0:
		return ""
	case d.Points > 0:
		return "▲ " + points(d.Points)
	}
	return "▼ " + points(-d.Points)
}

// Label is what a screen reader says.
func (d delta) Label() string {
	switch {
	case !d.Known:
		return ""
	case d.Points > 0:
		return "up " + spoken(d.Points) + " since " + d.Since
	case d.Points < 0:
		return "down " + spoken(-d.Points) + " since " + d.Since
	}
	return "no change since " + d.Since
}

// Dir is "up", "down" or "same", for the class of the shown delta.
func (d delta) Dir() string {
	switch {
	case d.Points > 0:
		return "up"
	case d.Points < 0:
		return "down"
	}
	return "same"
}

// spoken is points as a screen reader should say them.
func spoken(n int) string {
	if n == 1 {
		return "1 point"
	}
	return strconv.Itoa(n) + " points"
}

func points(n int) string {
	if n == 1 {
		return "1 pt"
	}
	return strconv.Itoa(n) + " pts"
}

// moved adds the change since the comparison date to a bar.
func (b bar) moved(d delta) bar {
	b.Delta = d
	if l := d.Label(); l != "" {
		b.Label += ", " + l
	}
	return b
}

// newBar makes a bar from a progress (nil: no number), the expected progress
// (negative: none) and a state.
func newBar(progress *float64, expected float64, state string) bar {
	b := bar{Expected: expected, State: stateOf(state), Text: pctOf(progress)}
	if progress != nil {
		b.Value = math.Max(0, math.Min(1, *progress))
	}
	if state == compute.StateNoData {
		// Nothing measured in an ended cycle: no record, which an
		// empty bar and 0% would show as a failure.
		b.Value, b.Text, b.Label = 0, "no data", "Progress: no data, nothing was measured"
		return b
	}
	b.Label = "Progress " + b.Text
	if expected >= 0 {
		b.Label += ", expected " + pct(expected)
	}
	if state != "" {
		b.Label += ", " + b.State.Label
	}
	return b
}

// personRef is a person as a link to the people page.
type personRef struct {
	ID, Name, Href string
}

func (s *site) personRef(p *page, id string) personRef {
	if id == "" {
		return personRef{}
	}
	if pt, ok := s.parties[id]; ok {
		return personRef{ID: id, Name: pt.name, Href: p.href(pt.path)}
	}
	return personRef{ID: id, Name: s.name(id), Href: p.href(s.partyHref(id))}
}

// party is how a person, team or role is shown and where it links to.
type party struct{ name, path string }

// ownerRef is an objective's owner, a person or a team, or "no owner".
func (s *site) ownerRef(p *page, id string) personRef {
	if id == "" {
		return personRef{Name: "no owner"}
	}
	return s.personRef(p, id)
}

func (s *site) personRefs(p *page, ids []string) []personRef {
	var out []personRef
	for _, id := range ids {
		out = append(out, s.personRef(p, id))
	}
	return out
}

// objRow is an objective as one line of a list or table.
type objRow struct {
	ID, Href, Title          string        // Title as plain text
	TitleHTML                template.HTML // with its inline Markdown, links as text
	Team, TeamName, TeamHref string
	Cycle, CycleHref         string
	Owner                    personRef
	Commitment, Status       string
	State                    string
	Progress                 *float64
	Expected                 float64
	Grade                    *float64
	Band                     string
	KRs                      int
	Dropped                  bool
	Upcoming                 bool // its cycle has not started: no state to show yet
	Labels                   []string
	Delta                    delta  // progress since the comparison date
	WasState                 string // the state on the comparison date, when it differs

	// FilterLabels are the labels the label filter matches: the
	// objective's and its key results', each once.
	FilterLabels []string
}

// search is the lower-case text the filter of an objectives table matches.
func (r *objRow) search() string {
	return strings.ToLower(strings.Join(append([]string{r.Title, r.ID, r.TeamName, r.Team, r.Owner.Name, r.Cycle}, r.Labels...), " "))
}

func (s *site) objRow(p *page, o *compute.Objective) objRow {
	r := objRow{
		ID:         o.ID,
		Href:       p.href(objectivePath(o.Objective)),
		Title:      mdtext.Plain(o.Title),
		TitleHTML:  mdtext.Title(o.Title, false, s.linkBase()),
		Team:       o.Team,
		TeamName:   s.teamName(o.Team),
		TeamHref:   p.href(teamPath(o.Team)),
		Cycle:      o.Cycle,
		CycleHref:  p.href(cyclePath(o.Cycle)),
		Owner:      s.ownerRef(p, o.Owner),
		Labels:     o.Labels,
		Commitment: o.EffectiveCommitment(),
		Status:     o.EffectiveStatus(),
		State:      o.State,
		Progress:   o.Progress,
		Expected:   o.Expected,
		Grade:      o.Grade,
		Band:       o.GradeBand,
		KRs:        len(o.KeyResults),
		Dropped:    o.EffectiveStatus() == okr.StatusDropped,
	}
	for _, l := range o.Labels {
		r.FilterLabels = appendNew(r.FilterLabels, l)
	}
	for _, kr := range o.KeyResults {
		for _, l := range kr.Labels {
			r.FilterLabels = appendNew(r.FilterLabels, l)
		}
	}
	if c := s.res.Cycle(o.Cycle); c == nil || c.Phase != compute.PhaseRunning {
		r.Expected = -1
		r.Upcoming = c != nil && c.Phase == compute.PhaseUpcoming
	}
	if was := o.Previous; was != nil {
		r.Delta = s.delta(o.Moved())
		if was.State != o.State && was.State != "" && o.State != "" {
			r.WasState = was.State
		}
	}
	return r
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// filterLabels are the labels of the rows' objectives and key results,
// sorted, for the chips of a label filter; none when no row has one.
func filterLabels(rows ...[]objRow) []string {
	var out []string
	for _, rs := range rows {
		for _, r := range rs {
			for _, l := range r.FilterLabels {
				out = appendNew(out, l)
			}
		}
	}
	slices.Sort(out)
	return out
}

func valueOf(v okr.Value, unit string) string {
	switch {
	case v.Num != nil:
		return withUnit(num(*v.Num), unit)
	case v.Bool != nil:
		if *v.Bool {
			return "yes"
		}
		return "no"
	}
	return "–"
}

func withUnit(s, unit string) string {
	switch {
	case unit == "":
		return s
	case unit == "%":
		return s + "\u00a0%"
	}
	return s + "\u00a0" + unit
}

func numPtr(p *float64, unit string) string {
	if p == nil {
		return "–"
	}
	return withUnit(num(*p), unit)
}
