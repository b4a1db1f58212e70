// Package charts is how the site's charts are made: ECharts options built
// from go-echarts' option types (charts.SingleSeries and the opts
// package) and marshalled once by encoding/json, the site's look
// (colours, font, axes, the as-of line), and the shared bases that the
// many charts of objective pages are laid over.
//
// go-echarts' chart types (charts.NewLine and the like) are not used:
// their constructors fill defaults by reflection and their JSON goes
// through maps, which cost more than the rest of an objective page when a
// site has thousands of charts (make bench, BenchmarkCharts). Option
// is the top level of an ECharts option with go-echarts' types in it.
// Where go-echarts v2.6.7 lacks an option ECharts reads, a type here
// embeds go-echarts' type and adds the field; each says which.
package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"sync"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Option is an ECharts option: what go-echarts' BaseConfiguration.JSON
// writes for the components the site uses, as a struct.
type Option struct {
	Animation types.Bool      `json:"animation,omitempty"`
	Color     []string        `json:"color,omitempty"`
	TextStyle *opts.TextStyle `json:"textStyle,omitempty"`
	Title     *opts.Title     `json:"title,omitempty"`
	Tooltip   *opts.Tooltip   `json:"tooltip,omitempty"`
	Legend    *Legend         `json:"legend,omitempty"`
	Grid      []opts.Grid     `json:"grid,omitempty"`
	XAxis     []opts.XAxis    `json:"xAxis,omitempty"`
	YAxis     []YAxis         `json:"yAxis,omitempty"`
	Series    []Series        `json:"series,omitempty"`
}

// JS is the option as JSON for a <script type="application/json">
// block: encoding/json writes <, > and & as \u003c, \u003e and \u0026,
// so no title can close the block it sits in. Only a number that is not
// finite fails; the site plots none.
//
// The JSON is written into a buffer kept for the next chart and copied
// once, into the string: json.Marshal would copy it twice, and a build
// writes tens of thousands of options.
func (o *Option) JS() (template.JS, error) {
	buf := jsBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledJS {
			jsBuffers.Put(buf)
		}
	}()
	buf.Reset()
	// Encode writes what json.Marshal gives, and a newline.
	if err := json.NewEncoder(buf).Encode(o); err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	return template.JS(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

var jsBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledJS bounds the buffers kept: most options are a few KB, and a
// rare large one is not held for the rest of the build.
const maxPooledJS = 64 << 10

// Standalone gives a chart that is not laid over a base the site's look:
// no animation, the site's text, and its font on every axis label (ECharts
// measures axis labels, to keep them inside the chart, with the font the
// label names rather than the inherited one; without it long labels are
// cut off at the edge).
func (o *Option) Standalone() *Option {
	o.Animation = opts.Bool(false)
	o.TextStyle = &opts.TextStyle{FontFamily: FontFamily, Color: ColorText}
	for i := range o.XAxis {
		o.XAxis[i].AxisLabel = withFont(o.XAxis[i].AxisLabel)
	}
	for i := range o.YAxis {
		o.YAxis[i].AxisLabel = withFont(o.YAxis[i].AxisLabel)
	}
	return o
}

func withFont(l *opts.AxisLabel) *opts.AxisLabel {
	if l == nil {
		return &opts.AxisLabel{FontFamily: FontFamily}
	}
	if l.FontFamily == "" {
		l.FontFamily = FontFamily
	}
	return l
}

// Series is go-echarts' series with what ECharts reads and
// charts.SingleSeries (v2.6.7) lacks: z (what is drawn on top), a Sankey's
// layoutIterations, and a label with a width and overflow (Label hides
// SingleSeries' own label field from encoding/json).
type Series struct {
	echarts.SingleSeries
	Z                int    `json:"z,omitempty"`
	LayoutIterations *int   `json:"layoutIterations,omitempty"`
	Label            *Label `json:"label,omitempty"`
}

// NewSeries is a series of type typ ("line", "bar", ...) named name.
func NewSeries(name, typ string, data any) Series {
	return Series{SingleSeries: echarts.SingleSeries{Name: name, Type: typ, Data: data}}
}

// Label is opts.Label with the width and overflow that opts.Label lacks.
type Label struct {
	opts.Label
	Width    int    `json:"width,omitempty"`
	Overflow string `json:"overflow,omitempty"`
}

// YAxis is opts.YAxis with the axisTick that opts.XAxis has and opts.YAxis
// lacks.
type YAxis struct {
	opts.YAxis
	AxisTick *opts.AxisTick `json:"axisTick,omitempty"`
}

// Legend is opts.Legend with the itemGap it lacks.
type Legend struct {
	opts.Legend
	ItemGap int `json:"itemGap,omitempty"`
}

// MarkLineY is a mark line across the chart at a y value with a label and
// line of its own: opts.MarkLineNameYAxisItem has neither.
type MarkLineY struct {
	opts.MarkLineNameYAxisItem
	Label     *opts.Label     `json:"label,omitempty"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
}

// MarkLineX is a mark line at an x value with a label of its own:
// opts.MarkLineNameXAxisItem has none.
type MarkLineX struct {
	opts.MarkLineNameXAxisItem
	Label *opts.Label `json:"label,omitempty"`
}

// BandEdge is one edge of a mark area across the whole x axis, from one y
// value to the next. opts.MarkAreaNameYAxisItem has no colour of its own,
// and opts.MarkAreaData writes its y as "YAxis", which ECharts does not
// read.
type BandEdge struct {
	opts.MarkAreaNameYAxisItem
	ItemStyle *opts.ItemStyle `json:"itemStyle,omitempty"`
}

// Band is a mark area from one y value to another, named and coloured.
func Band(name string, from, to float64, color string) []BandEdge {
	return []BandEdge{
		{MarkAreaNameYAxisItem: opts.MarkAreaNameYAxisItem{Name: name, YAxis: from}, ItemStyle: &opts.ItemStyle{Color: color}},
		{MarkAreaNameYAxisItem: opts.MarkAreaNameYAxisItem{YAxis: to}},
	}
}

// SankeyNode is opts.SankeyNode with what ECharts reads of a node and
// go-echarts lacks: a label and a tooltip of its own, and a number for a
// value (opts.SankeyNode's Value is a string; this one hides it).
type SankeyNode struct {
	opts.SankeyNode
	Value   float64       `json:"value"`
	Label   *opts.Label   `json:"label,omitempty"`
	Tooltip *opts.Tooltip `json:"tooltip,omitempty"`
}
