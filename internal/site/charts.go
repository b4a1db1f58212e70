package site

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/site/charts"
)

// chart is one chart on a page: its ECharts option, built with go-echarts'
// option types (internal/site/charts), and the same information as text. The option is JSON in a
// <script type="application/json"> block that site.js hands to ECharts;
// the page never runs inline script.
type chart struct {
	ID     string
	Kind   string // the base in charts.Bases its option is laid over, if any
	Label  string // what the chart shows, in one or two sentences (aria-label)
	Height int    // px
	Option template.JS
	Table  *table
	Class  string
}

// table is the text equivalent of a chart.
type table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// finish writes the chart's option. A chart whose option cannot be
// written (only a number that is not finite can do that) is left out.
func finish(c *chart, o *charts.Option) *chart {
	js, err := o.JS()
	if err != nil {
		return nil
	}
	c.Option = js
	return c
}

func within(d, first, last okr.Date) bool { return !d.Before(first) && !d.After(last) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// progressChart plots progress over time against expected progress for
// one or more cycles: the organization's on the dashboard, a team's on its
// page. objectives returns the objectives that count in a cycle.
func (s *site) progressChart(p *page, name, what string, cycles []*compute.Cycle, objectives func(*compute.Cycle) []*compute.Objective) *chart {
	var shown []*compute.Cycle
	for _, c := range cycles {
		if c.Phase != compute.PhaseUpcoming && !c.Start.IsZero() && !c.End.IsZero() && len(objectives(c)) > 0 {
			shown = append(shown, c)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	id := p.chartID(name)
	first, last := shown[0].Start, shown[0].End
	for _, c := range shown {
		if c.Start.Before(first) {
			first = c.Start
		}
		if c.End.After(last) {
			last = c.End
		}
	}
	t := &table{Caption: "Progress of " + what + " against expected progress", Head: []string{"Cycle", "Date", "Progress", "Expected"}}
	var progress, expected []opts.LineData
	for i, c := range shown {
		if i > 0 { // a gap between cycles
			progress = append(progress, opts.LineData{Value: []any{c.Start.String(), "-"}})
			expected = append(expected, opts.LineData{Value: []any{c.Start.String(), "-"}})
		}
		expected = append(expected, charts.Point(c.Start, 0), charts.Point(c.End, 100))
		for _, d := range c.Weeks(s.asOf) {
			v := compute.ProgressOn(objectives(c), d)
			if v == nil {
				continue
			}
			progress = append(progress, charts.Point(d, round(*v*100, 1)))
			t.Rows = append(t.Rows, []string{c.ID, d.String(), pct(*v), pct(c.ExpectedOn(d))})
		}
	}
	ideal := charts.NewSeries("Expected", "line", expected)
	ideal.LineStyle = &opts.LineStyle{Color: charts.ColorIdeal, Type: "dashed", Width: 2}
	ideal.ItemStyle = &opts.ItemStyle{Color: charts.ColorIdeal}
	ideal.ShowSymbol = opts.Bool(false)
	line := charts.NewSeries("Progress", "line", progress)
	line.LineStyle = &opts.LineStyle{Color: charts.ColorInk, Width: 2.5}
	line.ItemStyle = &opts.ItemStyle{Color: charts.ColorInk}
	line.AreaStyle = &opts.AreaStyle{Color: "rgba(31,78,121,0.08)"}
	line.Symbol, line.SymbolSize = "circle", 6
	if within(s.asOf, first, last) {
		line.MarkLines = charts.MarkAsOf(s.asOf, first, last, "end")
	}
	o := &charts.Option{
		Tooltip: &opts.Tooltip{Trigger: "axis"},
		Legend:  &charts.Legend{Legend: opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}},
		Grid:    []opts.Grid{{Left: "8", Right: "24", Top: "28", Bottom: "36", ContainLabel: opts.Bool(true)}},
		XAxis:   []opts.XAxis{charts.TimeAxis(first, last)},
		YAxis: []charts.YAxis{{YAxis: opts.YAxis{Type: "value", Min: 0, Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}, SplitLine: charts.GridLines()}}},
		Series: []charts.Series{ideal, line},
	}
	label := fmt.Sprintf("Weekly progress of %s against expected progress, the elapsed share of each cycle.", what)
	if len(t.Rows) > 0 {
		r := t.Rows[len(t.Rows)-1]
		label += fmt.Sprintf(" On %s: %s, expected %s.", r[1], r[2], r[3])
	}
	return finish(&chart{ID: id, Label: label, Height: 280, Table: t}, o.Standalone())
}

// stateCount is how many objectives are in one state, or, once graded,
// in one grade band.
type stateCount struct {
	State stateInfo
	Count int
	Share float64
}

// stateMix counts the objectives, dropped ones left out, by state; a
// graded objective counts in its grade band, as the state its last
// check-in left no longer says how it went (an objective graded 0.9 by
// hand is not off track). So an ended cycle's mix is its grades beside
// the objectives not graded.
func stateMix(objs []*compute.Objective) (out []stateCount, total int) {
	const band = "band:"
	counts := map[string]int{}
	for _, o := range objs {
		if o.EffectiveStatus() == okr.StatusDropped {
			continue
		}
		if o.Grade != nil {
			counts[band+o.GradeBand]++
		} else {
			counts[o.State]++
		}
		total++
	}
	order := []string{band + compute.BandGreen, band + compute.BandYellow, band + compute.BandRed}
	for _, st := range append(append(order, stateOrder...), "") {
		if counts[st] == 0 {
			continue
		}
		info := objectiveStateOf(st)
		if b, ok := strings.CutPrefix(st, band); ok {
			info = bandOf(b)
		}
		out = append(out, stateCount{State: info, Count: counts[st], Share: float64(counts[st]) / float64(total)})
	}
	return out, total
}

// stateMixChart is a ring of the objectives' states, or of their grades
// once the cycle has ended.
func (s *site) stateMixChart(p *page, name string, mix []stateCount, total int, graded bool) *chart {
	if total == 0 {
		return nil
	}
	id := p.chartID(name)
	var data []opts.PieData
	var parts []string
	what := "state"
	if graded {
		what = "grade"
	}
	t := &table{Caption: "Objectives by " + what, Head: []string{strings.ToUpper(what[:1]) + what[1:], "Objectives", "Share"}}
	for _, m := range mix {
		data = append(data, opts.PieData{Name: m.State.Icon + " " + m.State.Label, Value: m.Count, ItemStyle: &opts.ItemStyle{Color: m.State.Color, BorderColor: "#fff", BorderWidth: 2}})
		parts = append(parts, fmt.Sprintf("%d %s", m.Count, strings.ToLower(m.State.Label)))
		t.Rows = append(t.Rows, []string{m.State.Label, fmt.Sprint(m.Count), pct(m.Share)})
	}
	// The counts are in the list beside the ring; its middle holds the total.
	ring := charts.NewSeries("Objectives", "pie", data)
	ring.Label = &charts.Label{Label: opts.Label{Show: opts.Bool(false)}}
	ring.Radius = []string{"58%", "84%"}
	ring.Center = []string{"50%", "50%"}
	o := &charts.Option{
		Title: &opts.Title{
			Title: fmt.Sprint(total), Subtitle: "objectives", Left: "center", Top: "38%",
			TitleStyle:    &opts.TextStyle{FontSize: 26, Color: charts.ColorText},
			SubtitleStyle: &opts.TextStyle{FontSize: 12, Color: "#5B6472"},
		},
		Tooltip: &opts.Tooltip{Trigger: "item", Formatter: "{b}: {c} ({d}%)"},
		Legend:  &charts.Legend{Legend: opts.Legend{Show: opts.Bool(false)}},
		Series:  []charts.Series{ring},
	}
	label := fmt.Sprintf("Objectives by %s, %s: %s.", what, count(total, "objective"), strings.Join(parts, ", "))
	if !graded {
		label = fmt.Sprintf("State mix of %s: %s.", count(total, "objective"), strings.Join(parts, ", "))
	}
	return finish(&chart{ID: id, Label: label, Height: 220, Table: t}, o.Standalone())
}

// teamBar is one team's progress for a bar chart.
type teamBar struct {
	Name     string
	Progress *float64
	State    string
}

// teamsChart is a horizontal bar per team with the cycle's expected
// progress marked.
func (s *site) teamsChart(p *page, name string, rows []teamBar, expected float64) *chart {
	var shown []teamBar
	for _, r := range rows {
		if r.Progress != nil {
			shown = append(shown, r)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	id := p.chartID(name)
	height := 60 + 30*len(shown)
	var names, values []string
	var data []opts.BarData
	t := &table{Caption: "Progress per team", Head: []string{"Team", "Progress", "State"}}
	for _, r := range shown {
		st := stateOf(r.State)
		names = append(names, r.Name)
		// Each team's percentage stands in a column right of the bars,
		// where the expected line cannot cross it.
		values = append(values, pct(*r.Progress))
		color := st.Color
		if r.State == "" {
			color = charts.ColorInk
		}
		data = append(data, opts.BarData{Value: math.Round(*r.Progress * 100), ItemStyle: &opts.ItemStyle{Color: color}})
		t.Rows = append(t.Rows, []string{r.Name, pct(*r.Progress), st.Label})
	}
	bars := charts.NewSeries("Progress", "bar", data)
	bars.BarMaxWidth = "18"
	if expected >= 0 {
		bars.MarkLines = &opts.MarkLines{
			Data: []any{charts.MarkLineX{
				MarkLineNameXAxisItem: opts.MarkLineNameXAxisItem{Name: "expected", XAxis: round(expected*100, 1)},
				Label:                 &opts.Label{Align: charts.AwayFromEdge(expected)},
			}},
			MarkLineStyle: opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "expected " + pct(expected), Color: charts.ColorExpected, Position: "start"},
				LineStyle: &opts.LineStyle{Color: charts.ColorExpected, Type: "dashed", Width: 1.5},
			},
		}
	}
	noTick := &opts.AxisTick{Show: opts.Bool(false)}
	o := &charts.Option{
		Tooltip: &opts.Tooltip{Trigger: "axis"},
		Legend:  &charts.Legend{Legend: opts.Legend{Show: opts.Bool(false)}},
		Grid:    []opts.Grid{{Left: "16", Right: "8", Top: "28", Bottom: "8", ContainLabel: opts.Bool(true)}},
		// In a narrow column (half a printed page) every other percentage
		// is left out rather than drawn over its neighbour.
		XAxis: []opts.XAxis{{Type: "value", Min: 0, Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%", HideOverlap: opts.Bool(true)}, SplitLine: charts.GridLines()}},
		// The teams down the y axis, top to bottom, and their
		// percentages on a second one at the right.
		YAxis: []charts.YAxis{
			{YAxis: opts.YAxis{Type: "category", Inverse: opts.Bool(true), Data: names}, AxisTick: noTick},
			{YAxis: opts.YAxis{Type: "category", Inverse: opts.Bool(true), Data: values, Position: "right",
				AxisLine:  &opts.AxisLine{Show: opts.Bool(false)},
				AxisLabel: &opts.AxisLabel{Color: charts.ColorText, FontWeight: "bold"}}, AxisTick: noTick},
		},
		Series: []charts.Series{bars},
	}
	label := fmt.Sprintf("Progress of %s", count(len(shown), "team"))
	if expected >= 0 {
		label += fmt.Sprintf(" against the expected %s", pct(expected))
	}
	label += "."
	return finish(&chart{ID: id, Label: label, Height: height, Table: t}, o.Standalone())
}

// gradeChart is the distribution of the grades of an ended cycle
// (compute.Review's bins, in tenths), each bar in its band's colour and
// named by its range, height pixels high.
func (s *site) gradeChart(p *page, name string, rv *compute.Review, height int) *chart {
	if rv == nil || rv.Graded == 0 {
		return nil
	}
	id := p.chartID(name)
	var cats []string
	var data []opts.BarData
	t := &table{Caption: "Grades of the cycle's objectives", Head: []string{"Grade", "Band", "Objectives"}}
	for _, bin := range rv.Distribution {
		cat := fmt.Sprintf("%.1f–%.1f", bin.From, bin.To)
		b := bandOf(bin.Band)
		cats = append(cats, cat)
		data = append(data, opts.BarData{Value: bin.Objectives, ItemStyle: &opts.ItemStyle{Color: b.Color}})
		if bin.Objectives > 0 {
			t.Rows = append(t.Rows, []string{cat, b.Label, fmt.Sprint(bin.Objectives)})
		}
	}
	bars := charts.NewSeries("Objectives", "bar", data)
	bars.Label = &charts.Label{Label: opts.Label{Show: opts.Bool(true), Position: "top"}}
	o := &charts.Option{
		Tooltip: &opts.Tooltip{Trigger: "axis"},
		Legend:  &charts.Legend{Legend: opts.Legend{Show: opts.Bool(false)}},
		Grid:    []opts.Grid{{Left: "8", Right: "16", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}},
		XAxis:   []opts.XAxis{{Type: "category", Data: cats}},
		YAxis:   []charts.YAxis{{YAxis: opts.YAxis{Type: "value", MinInterval: 1, SplitLine: charts.GridLines()}}},
		Series:  []charts.Series{bars},
	}
	label := fmt.Sprintf("Grades of %s in tenths from 0 to 1: red below 0.4, yellow from 0.4, green from 0.7.", count(rv.Graded, "objective"))
	return finish(&chart{ID: id, Label: label, Height: height, Table: t}, o.Standalone())
}

// alignNode is one objective in the alignment tree.
type alignNode struct {
	Obj      objRow
	Children []*alignNode
	Repeat   bool // shown in full elsewhere in the tree
}

// alignmentChart draws the alignment tree as a Sankey diagram: each
// objective a bar in the column of its depth, linked to the objectives
// that align to it. An objective that aligns to two others is one bar with
// two links, and no two labels share a row, which a tidy tree cannot
// promise.
func (s *site) alignmentChart(p *page, name string, roots []*alignNode) *chart {
	if len(roots) == 0 {
		return nil
	}
	id := p.chartID(name)
	type nodeInfo struct {
		row   objRow
		depth int
		order int
	}
	nodes := map[string]*nodeInfo{}
	var order []string
	type edge struct{ from, to string }
	var links []edge
	seenLink := map[edge]bool{}
	var walk func(n *alignNode, depth int)
	walk = func(n *alignNode, depth int) {
		key := n.Obj.Cycle + "/" + n.Obj.Team + "/" + n.Obj.ID
		if info, ok := nodes[key]; ok {
			info.depth = max(info.depth, depth)
		} else {
			nodes[key] = &nodeInfo{row: n.Obj, depth: depth, order: len(order)}
			order = append(order, key)
		}
		for _, c := range n.Children {
			ckey := c.Obj.Cycle + "/" + c.Obj.Team + "/" + c.Obj.ID
			if e := (edge{key, ckey}); !seenLink[e] {
				seenLink[e] = true
				links = append(links, e)
			}
			walk(c, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	if len(links) == 0 {
		// Nothing aligns to anything here (a page of a split tree can
		// hold single objectives): ECharts lays out a Sankey without links
		// at NaN, and the list below says all there is.
		return nil
	}
	perDepth := map[int]int{}
	for _, n := range nodes {
		perDepth[n.depth]++
	}
	rows := 1
	for _, n := range perDepth {
		rows = max(rows, n)
	}
	height := max(200, 34*rows+40)
	var data []charts.SankeyNode
	for _, key := range order {
		n := nodes[key]
		st := stateOf(n.row.State)
		if n.row.Dropped {
			st = stateInfo{Icon: "–", Label: "Dropped", Color: "#C7CCD4"}
		}
		text := st.Icon + " " + n.row.TeamName + ": " + n.row.Title
		data = append(data, charts.SankeyNode{
			SankeyNode: opts.SankeyNode{Name: key, Depth: &n.depth, ItemStyle: &opts.ItemStyle{Color: st.Color, BorderColor: st.Color}},
			Value:      1,
			Label:      &opts.Label{Formatter: text},
			Tooltip:    &opts.Tooltip{Formatter: types.FuncStr(text + " · " + st.Label + " · " + pctOf(n.row.Progress))},
		})
	}
	var linkData []opts.SankeyLink
	for _, e := range links {
		linkData = append(linkData, opts.SankeyLink{Source: e.from, Target: e.to, Value: 1})
	}
	sk := charts.NewSeries("Alignment", "sankey", data)
	sk.Links = linkData
	sk.NodeAlign = "left"
	sk.NodeWidth, sk.NodeGap = opts.Int(12), opts.Int(14)
	sk.Left, sk.Right, sk.Top, sk.Bottom = "8", "330", "12", "12"
	sk.Draggable = opts.Bool(false)
	noLayout := 0 // keep the order of the tree
	sk.LayoutIterations = &noLayout
	sk.Emphasis = &opts.Emphasis{Focus: "adjacency"}
	// Long titles end in an ellipsis before the next column; the tooltip
	// and the list below have them in full. This width (and the right
	// margin 20 px wider) is for a wide window: site.js narrows both to
	// what the columns leave at the chart's width, on paper too.
	sk.Label = &charts.Label{Label: opts.Label{Show: opts.Bool(true), Position: "right", FontSize: 12, Color: charts.ColorText}, Width: 310, Overflow: "truncate"}
	sk.LineStyle = &opts.LineStyle{Color: "#9CA3AF", Curveness: 0.5, Opacity: opts.Float(0.35)}
	o := &charts.Option{
		Tooltip: &opts.Tooltip{Trigger: "item"},
		Legend:  &charts.Legend{Legend: opts.Legend{Show: opts.Bool(false)}},
		Series:  []charts.Series{sk},
	}
	label := fmt.Sprintf("Alignment of %s: each column is one level, and every objective is linked to the objectives that align to it. The list below has the same tree as text.", count(len(nodes), "objective"))
	return finish(&chart{ID: id, Label: label, Height: height, Class: "chart-tree"}, o.Standalone())
}

// ganttChart is a timeline of cycles and their events with the as-of date
// marked; each cycle a bar, each event a symbol of its own shape.
func (s *site) ganttChart(p *page, name string, cycles []*compute.Cycle) *chart {
	var shown []*compute.Cycle
	for _, c := range cycles {
		if !c.Start.IsZero() && !c.End.IsZero() {
			shown = append(shown, c)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	id := p.chartID(name)
	first, last := shown[0].Start, shown[0].End
	grow := func(d okr.Date) {
		if d.IsZero() {
			return
		}
		if d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	for _, c := range shown {
		grow(c.Start)
		grow(c.End)
		for _, e := range events(c.Cycle) {
			grow(e.Date)
		}
	}
	grow(s.asOf)
	first, last = first.AddDays(-7), last.AddDays(7)
	// A cycle's row says its phase in words; the bar's colour repeats it.
	var cats []string
	row := map[string]string{}
	for _, c := range shown {
		row[c.ID] = c.ID + " · " + c.Phase
		cats = append(cats, row[c.ID])
	}
	height := 90 + 42*len(shown)
	t := &table{Caption: "Cycles and their events", Head: []string{"Cycle", "Phase", "Start", "End", "Drafting", "Alignment", "Review", "Retrospective"}}
	phaseColor := map[string]string{compute.PhaseEnded: "#9CA3AF", compute.PhaseRunning: charts.ColorInk, compute.PhaseUpcoming: "#56B4E9"}
	// Each cycle is a thick line from start to end on its row.
	var series []charts.Series
	for _, c := range shown {
		bar := charts.NewSeries(c.ID, "line", []opts.LineData{
			{Value: []any{c.Start.String(), row[c.ID]}, Name: c.Title() + " starts " + c.Start.String()},
			{Value: []any{c.End.String(), row[c.ID]}, Name: c.Title() + " ends " + c.End.String()},
		})
		bar.LineStyle = &opts.LineStyle{Color: phaseColor[c.Phase], Width: 14}
		bar.ItemStyle = &opts.ItemStyle{Color: phaseColor[c.Phase]}
		bar.Symbol = "none"
		series = append(series, bar)
		row := []string{c.Title(), c.Phase, c.Start.String(), c.End.String()}
		ev := c.Events
		for _, d := range []okr.Date{ev.Drafting, ev.Alignment, ev.Review, ev.Retrospective} {
			row = append(row, cmpOr(d.String(), "–"))
		}
		t.Rows = append(t.Rows, row)
	}
	// Only the events need a legend entry; the cycles are named on the axis.
	var legend []string
	for _, kind := range eventKinds {
		var data []opts.ScatterData
		for _, c := range shown {
			for _, e := range events(c.Cycle) {
				if e.Kind == kind.Key {
					data = append(data, opts.ScatterData{Value: []any{e.Date.String(), row[c.ID]}, Name: c.ID + " " + strings.ToLower(kind.Label) + " " + e.Date.String()})
				}
			}
		}
		marks := charts.NewSeries(kind.Label, "scatter", data)
		marks.ItemStyle = &opts.ItemStyle{Color: kind.Color, BorderColor: "#fff", BorderWidth: 1.5}
		marks.Symbol, marks.SymbolSize = kind.Symbol, 14
		marks.Z = 5 // on top of the bars of their cycles
		series = append(series, marks)
		legend = append(legend, kind.Label)
	}
	if within(s.asOf, first, last) {
		series[0].MarkLines = charts.MarkAsOf(s.asOf, first, last, "start")
	}
	o := &charts.Option{
		Tooltip: &opts.Tooltip{Trigger: "item", Formatter: "{a}: {b}"},
		// One line of legend, small enough for a phone and scrolling when
		// even narrower, so that it never wraps onto the axis labels.
		Legend: &charts.Legend{Legend: opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0", Data: legend,
			ItemWidth: 10, ItemHeight: 10, TextStyle: &opts.TextStyle{FontSize: 11}}, ItemGap: 8},
		Grid:  []opts.Grid{{Left: "8", Right: "24", Top: "28", Bottom: "36", ContainLabel: opts.Bool(true)}},
		XAxis: []opts.XAxis{charts.GanttAxis(first, last)},
		YAxis: []charts.YAxis{{YAxis: opts.YAxis{Type: "category", Data: cats, Inverse: opts.Bool(true), SplitLine: charts.GridLines()},
			AxisTick: &opts.AxisTick{Show: opts.Bool(false)}}},
		Series: series,
	}
	label := fmt.Sprintf("Timeline of %s from %s to %s with their drafting, alignment, review and retrospective events; the as-of date %s is marked.",
		count(len(shown), "cycle"), shown[0].Start, shown[len(shown)-1].End, s.asOf)
	return finish(&chart{ID: id, Label: label, Height: height, Table: t}, o.Standalone())
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// event is one dated event of a cycle.
type event struct {
	Kind, Label string
	Date        okr.Date
}

type eventKind struct {
	Key, Label, Symbol, Color string
}

var eventKinds = []eventKind{
	{"drafting", "Drafting", "diamond", "#CC79A7"},
	{"alignment", "Alignment", "triangle", "#E69F00"},
	{"review", "Review", "circle", "#009E73"},
	{"retrospective", "Retrospective", "rect", "#D55E00"},
}

func events(c *okr.Cycle) []event {
	var out []event
	ev := c.Events
	for i, d := range []okr.Date{ev.Drafting, ev.Alignment, ev.Review, ev.Retrospective} {
		if !d.IsZero() {
			out = append(out, event{Kind: eventKinds[i].Key, Label: eventKinds[i].Label, Date: d})
		}
	}
	return out
}
