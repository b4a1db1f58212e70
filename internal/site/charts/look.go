package charts

import (
	"sync"

	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrs-dev/okrs/internal/okr"
)

// Colours beyond the states: ink for measured values, grey for the ideal
// line and for "expected".
const (
	ColorInk      = "#1F4E79"
	ColorIdeal    = "#8A8F98"
	ColorExpected = "#6B7280"
	ColorAsOf     = "#B42318"
	ColorGrid     = "#E5E7EB"
	ColorText     = "#1F2937"
	ColorAxis     = "#4B5563"
	FontFamily    = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
)

// Palette is for series that are not states: distinct in hue and
// lightness (Okabe–Ito, without the state colours first).
var Palette = []string{"#1F4E79", "#CC79A7", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#0072B2", "#6B7280"}

// DefaultColors is go-echarts' default palette, which key result charts
// keep: each colours its series itself.
var DefaultColors = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}

// TimeAxis is an x axis of days from first to last.
func TimeAxis(first, last okr.Date) opts.XAxis {
	a := timeLook()
	a.Min, a.Max = first.String(), last.String()
	return a
}

// timeLook is the look of a time axis: its labels keep a distance from
// the value axis's lowest label, and the first starts at the axis rather
// than centred on it.
func timeLook() opts.XAxis {
	return opts.XAxis{
		Type:      "time",
		SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
		AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), Color: ColorAxis, Margin: 12, AlignMinLabel: "left"},
	}
}

// Days is an x axis from first to last that takes its look from a base.
func Days(first, last okr.Date) opts.XAxis {
	return opts.XAxis{Min: first.String(), Max: last.String()}
}

// GanttAxis is the time axis of a timeline padded by a week on each side:
// the padded ends are no dates of their own, so they get no label
// (ECharts would write the day of the month, a stray "7").
func GanttAxis(first, last okr.Date) opts.XAxis {
	a := TimeAxis(first, last)
	a.AxisLabel.ShowMinLabel = opts.Bool(false)
	a.AxisLabel.ShowMaxLabel = opts.Bool(false)
	return a
}

// GridLines are the value axis's lines across the chart.
func GridLines() *opts.SplitLine {
	return &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: ColorGrid}}
}

// MarkAsOf marks the as-of date d on a time axis from first to last with
// a dashed line, labelled at the start or the end of the line (an
// inverted y axis has its end at the bottom). more are other lines of the
// same mark line.
func MarkAsOf(d, first, last okr.Date, position string, more ...any) *opts.MarkLines {
	at := 0.0
	if n := last.Sub(first); n > 0 {
		at = float64(d.Sub(first)) / float64(n)
	}
	asOf := MarkLineX{
		MarkLineNameXAxisItem: opts.MarkLineNameXAxisItem{Name: "as of " + d.String(), XAxis: d.String()},
		Label:                 &opts.Label{Align: AwayFromEdge(at)},
	}
	return &opts.MarkLines{
		Data: append([]any{asOf}, more...),
		MarkLineStyle: opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "as of " + d.String(), Color: ColorAsOf, Position: position, FontSize: 11},
			LineStyle: &opts.LineStyle{Color: ColorAsOf, Type: "dashed", Width: 1.5},
		},
	}
}

// AwayFromEdge aligns the label of a vertical mark line at the share at
// of its axis (0 at the start, 1 at the end) so that it runs from the line
// towards the middle of the chart. A label centred on a line near an end
// of the axis (the as-of date in a cycle's last days, the expected
// progress near 100 %) ran past the chart's edge and was cut, on screen
// and more so on paper, where charts are laid out narrower.
func AwayFromEdge(at float64) string {
	if at < 0.5 {
		return "left"
	}
	return "right"
}

// Point is a value on a day, as a line series' data item.
func Point(d okr.Date, v float64) opts.LineData {
	return opts.LineData{Value: []any{day(d), v}}
}

// days holds each day's text as an interface value: a build plots a
// few hundred days a quarter of a million times, and making the string
// and its interface each time was two of the four allocations of a point
// (BenchmarkCharts).
var days sync.Map // okr.Date -> any(string)

func day(d okr.Date) any {
	if v, ok := days.Load(d); ok {
		return v
	}
	v, _ := days.LoadOrStore(d, any(d.String()))
	return v
}
