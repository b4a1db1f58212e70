package site

import (
	"reflect"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/util"
)

// TestSeriesHasNoDefaults guards addLine, which skips the
// util.SetDefaultValue call of (*charts.Line).AddSeries: if a go-echarts
// upgrade gives SingleSeries defaults, addLine must go back to AddSeries.
func TestSeriesHasNoDefaults(t *testing.T) {
	var s charts.SingleSeries
	util.SetDefaultValue(&s)
	if !reflect.DeepEqual(s, charts.SingleSeries{}) {
		t.Fatalf("util.SetDefaultValue now fills charts.SingleSeries: addLine no longer matches AddSeries")
	}
	// And addLine builds the very series AddSeries builds.
	data := []opts.LineData{{Value: []any{"2025-01-01", 1.5}}}
	so := []charts.SeriesOpts{
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorInk, Width: 2.5}),
		charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 7}),
	}
	a, b := charts.NewLine(), charts.NewLine()
	a.AddSeries("x", data, so...)
	addLine(b, "x", data, so...)
	if !reflect.DeepEqual(a.MultiSeries, b.MultiSeries) {
		t.Fatalf("addLine and AddSeries differ:\n%#v\n%#v", a.MultiSeries, b.MultiSeries)
	}
}

// TestNewLineIsNewLine checks that newLine's copy of a prototype is the
// chart charts.NewLine makes (but for the random chart ID, which every
// chart replaces, and the renderer, a closure over the chart itself).
func TestNewLineIsNewLine(t *testing.T) {
	a, b := charts.NewLine(), newLine()
	if a.Renderer == nil || b.Renderer == nil {
		t.Fatal("no renderer")
	}
	a.Renderer, b.Renderer = nil, nil
	a.ChartID = b.ChartID
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("newLine differs from charts.NewLine:\n%#v\n%#v", a, b)
	}
	// The copy shares nothing the chart changes in place with the prototype.
	b.XAxisList[0].Name = "changed"
	b.YAxisList[0].Name = "changed"
	b.Colors[0] = "changed"
	b.JSAssets.Add("changed.js")
	if lineProto.XAxisList[0].Name != "" || lineProto.YAxisList[0].Name != "" || lineProto.Colors[0] == "changed" || len(lineProto.JSAssets.Values) != 1 {
		t.Fatal("newLine shares state with its prototype")
	}
}
