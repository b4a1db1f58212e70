package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	echartsrender "github.com/go-echarts/go-echarts/v2/render"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/okr"
)

// chart is one chart on a page: the ECharts option go-echarts built, and
// the same information as text. The option is JSON in a
// <script type="application/json"> block that site.js hands to ECharts;
// the page never runs inline script.
type chart struct {
	ID     string
	Kind   string // the base in chartBases its option is laid over, if any
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

// echart is what every go-echarts chart type offers.
type echart interface {
	Validate()
	JSON() map[string]interface{}
}

// Colours beyond the states: ink for measured values, grey for the ideal
// line and for "expected".
const (
	colorInk      = "#1F4E79"
	colorIdeal    = "#8A8F98"
	colorExpected = "#6B7280"
	colorAsOf     = "#B42318"
	colorGrid     = "#E5E7EB"
	fontFamily    = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
)

// option turns a go-echarts chart into the JSON ECharts reads. go-echarts
// would write the option into a <script> without HTML escaping; here it is
// marshalled with encoding/json, which writes <, > and & as \u003c, \u003e
// and \u0026, so no title can close the script block it sits in.
func option(c echart, id string, patch func(map[string]any)) template.JS {
	c.Validate()
	obj := c.JSON()
	obj["animation"] = false
	obj["textStyle"] = map[string]any{"fontFamily": fontFamily, "color": "#1F2937"}
	// go-echarts always writes these; empty objects are noise in the page.
	for _, k := range []string{"toolbox", "title"} {
		if v, ok := obj[k]; ok && isEmpty(v) {
			delete(obj, k)
		}
	}
	if patch != nil {
		patch(obj)
	}
	// ECharts measures axis labels, to keep them inside the chart, with
	// the font the label names, not the inherited one; without a font
	// family of their own, long labels are cut off at the edge.
	for _, k := range []string{"xAxis", "yAxis"} {
		v, ok := obj[k]
		if !ok {
			continue
		}
		b, _ := json.Marshal(v)
		// Most charts share their axes (a cycle's time axis, a unit's
		// value axis), so the result is kept by the axes' JSON. It is
		// stored marshalled: json.Marshal writes a RawMessage as it is
		// (compacted, and it is compact already), so the bytes are the
		// same as marshalling the maps again.
		if done, ok := axisCache.Load(string(b)); ok {
			obj[k] = done.(json.RawMessage)
			continue
		}
		var axes []map[string]any
		if json.Unmarshal(b, &axes) != nil {
			continue
		}
		for _, a := range axes {
			label, _ := a["axisLabel"].(map[string]any)
			if label == nil {
				label = map[string]any{}
			}
			if _, set := label["fontFamily"]; !set {
				label["fontFamily"] = fontFamily
			}
			a["axisLabel"] = label
		}
		done, err := json.Marshal(axes)
		if err != nil {
			obj[k] = axes
			continue
		}
		axisCache.Store(string(b), json.RawMessage(done))
		obj[k] = json.RawMessage(done)
	}
	b, err := json.Marshal(obj)
	if err != nil {
		// Only unsupported values (NaN, channels) fail, and none are built.
		panic(fmt.Sprintf("chart %s: %v", id, err))
	}
	return template.JS(b)
}

// axisCache maps the JSON of a chart's x or y axes, as go-echarts
// writes them, to the JSON option writes for them.
var axisCache sync.Map

func isEmpty(v any) bool {
	b, err := json.Marshal(v)
	return err == nil && (string(b) == "{}" || string(b) == "null")
}

func init3(id, height string) charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{ChartID: id, Height: height, Width: "100%"})
}

// timeAxis is an x axis of days from first to last.
func timeAxis(first, last okr.Date) opts.XAxis {
	return opts.XAxis{
		Type:      "time",
		Min:       first.String(),
		Max:       last.String(),
		SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
		AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), Color: "#4B5563", Margin: 12, AlignMinLabel: "left"},
	}
}

// ganttAxis is the time axis of a timeline padded by a week on each
// side: the padded ends are no dates of their own, so they get no label
// (ECharts would write the day of the month, a stray "7").
func ganttAxis(first, last okr.Date) opts.XAxis {
	a := timeAxis(first, last)
	a.AxisLabel.ShowMinLabel = opts.Bool(false)
	a.AxisLabel.ShowMaxLabel = opts.Bool(false)
	return a
}

// asOfLine marks the as-of date on a time axis, labelled at the top.
func asOfLine(d okr.Date) []charts.SeriesOpts { return asOfLineAt(d, "end") }

// asOfLineAt puts the label at the start or end of the line; an inverted
// y axis has its end at the bottom.
func asOfLineAt(d okr.Date, position string) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "as of " + d.String(), XAxis: d.String()}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "as of " + d.String(), Color: colorAsOf, Position: position, FontSize: 11},
			LineStyle: &opts.LineStyle{Color: colorAsOf, Type: "dashed", Width: 1.5},
		}),
	}
}

func within(d, first, last okr.Date) bool { return !d.Before(first) && !d.After(last) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// palette is for series that are not states: distinct in hue and
// lightness (Okabe–Ito, without the state colours first).
var palette = opts.Colors{"#1F4E79", "#CC79A7", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#0072B2", "#6B7280"}

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
	line := newLine()
	line.SetGlobalOptions(
		init3(id, "280px"),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "28", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(timeAxis(first, last)),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorGrid}}}),
	)
	t := &table{Caption: "Progress of " + what + " against expected progress", Head: []string{"Cycle", "Date", "Progress", "Expected"}}
	var progress, expected []opts.LineData
	for i, c := range shown {
		if i > 0 { // a gap between cycles
			progress = append(progress, opts.LineData{Value: []any{c.Start.String(), "-"}})
			expected = append(expected, opts.LineData{Value: []any{c.Start.String(), "-"}})
		}
		expected = append(expected,
			opts.LineData{Value: []any{c.Start.String(), 0}},
			opts.LineData{Value: []any{c.End.String(), 100}})
		for _, d := range c.Weeks(s.asOf) {
			v := compute.ProgressOn(objectives(c), d)
			if v == nil {
				continue
			}
			progress = append(progress, opts.LineData{Value: []any{d.String(), round(*v*100, 1)}})
			t.Rows = append(t.Rows, []string{c.ID, d.String(), pct(*v), pct(c.ExpectedOn(d))})
		}
	}
	addLine(line, "Expected", expected,
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorIdeal, Type: "dashed", Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorIdeal}),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
	)
	so := []charts.SeriesOpts{
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorInk, Width: 2.5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorInk}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: "rgba(31,78,121,0.08)"}),
		charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 6}),
	}
	if within(s.asOf, first, last) {
		so = append(so, asOfLine(s.asOf)...)
	}
	addLine(line, "Progress", progress, so...)
	label := fmt.Sprintf("Weekly progress of %s against expected progress, the elapsed share of each cycle.", what)
	if len(t.Rows) > 0 {
		r := t.Rows[len(t.Rows)-1]
		label += fmt.Sprintf(" On %s: %s, expected %s.", r[1], r[2], r[3])
	}
	return &chart{ID: id, Label: label, Height: 280, Option: option(line, id, nil), Table: t}
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
	pie := charts.NewPie()
	pie.SetGlobalOptions(
		init3(id, "220px"),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item", Formatter: "{b}: {c} ({d}%)"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
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
	pie.AddSeries("Objectives", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(false)}))
	pie.MultiSeries[0].Radius = []string{"58%", "84%"}
	pie.MultiSeries[0].Center = []string{"50%", "50%"}
	pie.SetGlobalOptions(charts.WithTitleOpts(opts.Title{
		Title: fmt.Sprint(total), Subtitle: "objectives", Left: "center", Top: "38%",
		TitleStyle:    &opts.TextStyle{FontSize: 26, Color: "#1F2937"},
		SubtitleStyle: &opts.TextStyle{FontSize: 12, Color: "#5B6472"},
	}))
	label := fmt.Sprintf("Objectives by %s, %s: %s.", what, count(total, "objective"), strings.Join(parts, ", "))
	if !graded {
		label = fmt.Sprintf("State mix of %s: %s.", count(total, "objective"), strings.Join(parts, ", "))
	}
	return &chart{ID: id, Label: label, Height: 220, Option: option(pie, id, nil), Table: t}
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
	bar := charts.NewBar()
	height := 60 + 30*len(shown)
	bar.SetGlobalOptions(
		init3(id, fmt.Sprintf("%dpx", height)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "16", Right: "8", Top: "28", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorGrid}}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	var names []string
	var data []opts.BarData
	t := &table{Caption: "Progress per team", Head: []string{"Team", "Progress", "State"}}
	for _, r := range shown {
		st := stateOf(r.State)
		names = append(names, r.Name)
		color := st.Color
		if r.State == "" {
			color = colorInk
		}
		data = append(data, opts.BarData{Value: math.Round(*r.Progress * 100), ItemStyle: &opts.ItemStyle{Color: color}})
		t.Rows = append(t.Rows, []string{r.Name, pct(*r.Progress), st.Label})
	}
	bar.SetXAxis(names)
	// Each team's percentage stands in a column right of the bars, where
	// the expected line cannot cross it.
	var values []string
	for _, r := range shown {
		values = append(values, pct(*r.Progress))
	}
	var so []charts.SeriesOpts
	if expected >= 0 {
		so = append(so,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "expected", XAxis: round(expected*100, 1)}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "expected " + pct(expected), Color: colorExpected, Position: "start"},
				LineStyle: &opts.LineStyle{Color: colorExpected, Type: "dashed", Width: 1.5},
			}))
	}
	bar.AddSeries("Progress", data, so...)
	bar.MultiSeries[0].BarMaxWidth = "18"
	// go-echarts puts the categories on the x axis; a horizontal bar needs
	// them on y.
	label := fmt.Sprintf("Progress of %s", count(len(shown), "team"))
	if expected >= 0 {
		label += fmt.Sprintf(" against the expected %s", pct(expected))
	}
	label += "."
	return &chart{ID: id, Label: label, Height: height, Option: option(bar, id, func(obj map[string]any) {
		obj["yAxis"] = []any{
			map[string]any{"type": "category", "inverse": true, "data": names, "axisTick": map[string]any{"show": false}},
			map[string]any{"type": "category", "inverse": true, "data": values, "position": "right", "axisTick": map[string]any{"show": false},
				"axisLine": map[string]any{"show": false}, "axisLabel": map[string]any{"color": "#1F2937", "fontWeight": "bold"}},
		}
		obj["xAxis"] = []any{map[string]any{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}, "splitLine": map[string]any{"lineStyle": map[string]any{"color": colorGrid}}}}
	}), Table: t}
}

// gradeChart is the distribution of the grades of an ended cycle
// (compute.Review's bins, in tenths), each bar in its band's colour and
// named by its range, height pixels high.
func (s *site) gradeChart(p *page, name string, rv *compute.Review, height int) *chart {
	if rv == nil || rv.Graded == 0 {
		return nil
	}
	id := p.chartID(name)
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		init3(id, fmt.Sprintf("%dpx", height)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1,
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colorGrid}}}),
	)
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
	bar.SetXAxis(cats)
	bar.AddSeries("Objectives", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	label := fmt.Sprintf("Grades of %s in tenths from 0 to 1: red below 0.4, yellow from 0.4, green from 0.7.", count(rv.Graded, "objective"))
	return &chart{ID: id, Label: label, Height: height, Option: option(bar, id, nil), Table: t}
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
	var data []any
	for _, key := range order {
		n := nodes[key]
		st := stateOf(n.row.State)
		if n.row.Dropped {
			st = stateInfo{Icon: "–", Label: "Dropped", Color: "#C7CCD4"}
		}
		text := st.Icon + " " + n.row.TeamName + ": " + n.row.Title
		data = append(data, map[string]any{
			"name":      key,
			"depth":     n.depth,
			"value":     1,
			"itemStyle": map[string]any{"color": st.Color, "borderColor": st.Color},
			"label":     map[string]any{"formatter": text},
			"tooltip":   map[string]any{"formatter": text + " · " + st.Label + " · " + pctOf(n.row.Progress)},
		})
	}
	var linkData []any
	for _, e := range links {
		linkData = append(linkData, map[string]any{"source": e.from, "target": e.to, "value": 1})
	}
	sk := charts.NewSankey()
	sk.SetGlobalOptions(
		init3(id, fmt.Sprintf("%dpx", height)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	sk.AddSeries("Alignment", nil, nil)
	ser := &sk.MultiSeries[0]
	ser.Data = data
	ser.Links = linkData
	ser.NodeAlign = "left"
	ser.NodeWidth = opts.Int(12)
	ser.NodeGap = opts.Int(14)
	ser.Left, ser.Right, ser.Top, ser.Bottom = "8", "330", "12", "12"
	ser.Label = &opts.Label{Show: opts.Bool(true), Position: "right", FontSize: 12, Color: "#1F2937"}
	ser.LineStyle = &opts.LineStyle{Color: "#9CA3AF", Curveness: 0.5, Opacity: opts.Float(0.35)}
	label := fmt.Sprintf("Alignment of %s: each column is one level, and every objective is linked to the objectives that align to it. The list below has the same tree as text.", count(len(nodes), "objective"))
	return &chart{ID: id, Label: label, Height: height, Option: option(sk, id, func(obj map[string]any) {
		series := obj["series"]
		b, _ := json.Marshal(series)
		var list []map[string]any
		_ = json.Unmarshal(b, &list)
		for _, sr := range list {
			sr["draggable"] = false
			sr["layoutIterations"] = 0 // keep the order of the tree
			sr["emphasis"] = map[string]any{"focus": "adjacency"}
			// Long titles end in an ellipsis before the next column; the
			// tooltip and the list below have them in full.
			label := sr["label"].(map[string]any)
			label["width"] = 310
			label["overflow"] = "truncate"
		}
		obj["series"] = list
	}), Class: "chart-tree"}
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
	sc := charts.NewScatter()
	sc.SetGlobalOptions(
		init3(id, fmt.Sprintf("%dpx", height)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item", Formatter: "{a}: {b}"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "28", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(ganttAxis(first, last)),
	)
	t := &table{Caption: "Cycles and their events", Head: []string{"Cycle", "Phase", "Start", "End", "Drafting", "Alignment", "Review", "Retrospective"}}
	phaseColor := map[string]string{compute.PhaseEnded: "#9CA3AF", compute.PhaseRunning: colorInk, compute.PhaseUpcoming: "#56B4E9"}
	// Each cycle is a thick line from start to end on its row.
	for _, c := range shown {
		sc.AddSeries(c.ID, []opts.ScatterData{})
		ser := &sc.MultiSeries[len(sc.MultiSeries)-1]
		ser.Type = "line"
		ser.Data = []any{
			map[string]any{"value": []any{c.Start.String(), row[c.ID]}, "name": c.Title() + " starts " + c.Start.String()},
			map[string]any{"value": []any{c.End.String(), row[c.ID]}, "name": c.Title() + " ends " + c.End.String()},
		}
		ser.LineStyle = &opts.LineStyle{Color: phaseColor[c.Phase], Width: 14}
		ser.ItemStyle = &opts.ItemStyle{Color: phaseColor[c.Phase]}
		ser.Symbol = "none"
		row := []string{c.Title(), c.Phase, c.Start.String(), c.End.String()}
		ev := c.Events
		for _, d := range []okr.Date{ev.Drafting, ev.Alignment, ev.Review, ev.Retrospective} {
			row = append(row, cmpOr(d.String(), "–"))
		}
		t.Rows = append(t.Rows, row)
	}
	for _, kind := range eventKinds {
		var data []opts.ScatterData
		for _, c := range shown {
			for _, e := range events(c.Cycle) {
				if e.Kind == kind.Key {
					data = append(data, opts.ScatterData{Value: []any{e.Date.String(), row[c.ID]}, Name: c.ID + " " + strings.ToLower(kind.Label) + " " + e.Date.String()})
				}
			}
		}
		sc.AddSeries(kind.Label, data,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: kind.Color, BorderColor: "#fff", BorderWidth: 1.5}),
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: kind.Symbol, SymbolSize: 14}),
		)
	}
	if len(sc.MultiSeries) > 0 && within(s.asOf, first, last) {
		sc.MultiSeries[0].ConfigureSeriesOpts(asOfLineAt(s.asOf, "start")...)
	}
	// Only the events need a legend entry; the cycles are named on the axis.
	var legend []string
	for _, k := range eventKinds {
		legend = append(legend, k.Label)
	}
	label := fmt.Sprintf("Timeline of %s from %s to %s with their drafting, alignment, review and retrospective events; the as-of date %s is marked.",
		count(len(shown), "cycle"), shown[0].Start, shown[len(shown)-1].End, s.asOf)
	return &chart{ID: id, Label: label, Height: height, Option: option(sc, id, func(obj map[string]any) {
		obj["yAxis"] = []any{map[string]any{"type": "category", "data": cats, "inverse": true, "axisTick": map[string]any{"show": false},
			"splitLine": map[string]any{"show": true, "lineStyle": map[string]any{"color": colorGrid}}}}
		// One line of legend, small enough for a phone and scrolling when
		// even narrower, so that it never wraps onto the axis labels.
		obj["legend"] = map[string]any{"show": true, "type": "scroll", "bottom": 0, "data": legend,
			"itemWidth": 10, "itemHeight": 10, "itemGap": 8, "textStyle": map[string]any{"fontSize": 11}}
		// Events on top of the bars of their cycles.
		b, _ := json.Marshal(obj["series"])
		var list []map[string]any
		_ = json.Unmarshal(b, &list)
		for _, sr := range list {
			if sr["type"] == "scatter" {
				sr["z"] = 5
			}
		}
		obj["series"] = list
	}), Table: t}
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

// addLine is (*charts.Line).AddSeries without its util.SetDefaultValue
// call: that reflective walk of the large SingleSeries struct sets
// nothing (no field of it has a default tag; TestSeriesHasNoDefaults
// checks), yet it cost a measurable share of a build, which adds a few
// series to each of thousands of charts.
func addLine(c *charts.Line, name string, data []opts.LineData, options ...charts.SeriesOpts) {
	series := charts.SingleSeries{Name: name, Type: types.ChartLine, Data: data}
	// AddSeries also inherits the chart's animation setting.
	series.Animation = c.Animation
	series.ConfigureSeriesOpts(options...)
	c.MultiSeries = append(c.MultiSeries, series)
}

// lineProto is a line chart as charts.NewLine makes it.
var lineProto = charts.NewLine()

// newLine is charts.NewLine without its reflective default filling
// (util.SetDefaultValue over the whole configuration), which showed up
// in profiles: a build makes a line chart per key result. It copies a
// chart NewLine made once and gives the copy its own versions of what
// the chart changes in place: the asset sets, the axis lists and the
// colours. TestNewLineIsNewLine checks the copy equals a new chart.
func newLine() *charts.Line {
	l := new(charts.Line)
	*l = *lineProto
	l.Assets = opts.Assets{}
	l.InitAssets()
	l.XAxisList = slices.Clone(lineProto.XAxisList)
	l.YAxisList = slices.Clone(lineProto.YAxisList)
	l.Colors = slices.Clone(lineProto.Colors)
	l.Renderer = echartsrender.NewChartRender(l, l.Validate)
	return l
}
