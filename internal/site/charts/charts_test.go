package charts

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrs-dev/okrs/internal/okr"
)

// Each extension writes the ECharts key it exists for, and hides the
// go-echarts field it stands in for.
func TestExtensions(t *testing.T) {
	zero := 0
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"series z and layoutIterations", Series{SingleSeries: echarts.SingleSeries{Type: "sankey"}, Z: 5, LayoutIterations: &zero},
			`{"type":"sankey","z":5,"layoutIterations":0}`},
		{"series label with width and overflow", Series{SingleSeries: echarts.SingleSeries{Label: &opts.Label{Color: "hidden"}},
			Label: &Label{Label: opts.Label{Show: opts.Bool(true)}, Width: 310, Overflow: "truncate"}},
			`{"label":{"show":true,"width":310,"overflow":"truncate"}}`},
		{"y axis tick", YAxis{YAxis: opts.YAxis{Type: "category"}, AxisTick: &opts.AxisTick{Show: opts.Bool(false)}},
			`{"type":"category","axisTick":{"show":false}}`},
		{"legend item gap", Legend{Legend: opts.Legend{Show: opts.Bool(true)}, ItemGap: 8}, `{"show":true,"itemGap":8}`},
		{"mark line at a y value", MarkLineY{MarkLineNameYAxisItem: opts.MarkLineNameYAxisItem{Name: "bound", YAxis: 0.0},
			Label: &opts.Label{Formatter: "keep"}, LineStyle: &opts.LineStyle{Type: "solid"}},
			`{"name":"bound","yAxis":0,"label":{"formatter":"keep"},"lineStyle":{"type":"solid"}}`},
		{"band", Band("off track", 0, 0.4, "red"),
			`[{"name":"off track","yAxis":0,"itemStyle":{"color":"red"}},{"yAxis":0.4}]`},
		{"sankey node", SankeyNode{SankeyNode: opts.SankeyNode{Name: "a", Value: "hidden"}, Value: 1,
			Label: &opts.Label{Formatter: "A"}, Tooltip: &opts.Tooltip{Formatter: "A · 50%"}},
			`{"name":"a","value":1,"label":{"formatter":"A"},"tooltip":{"formatter":"A · 50%"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("got  %s\nwant %s", b, tc.want)
			}
		})
	}
}

// An option can sit in a <script> block whatever its titles say, and a
// number JSON cannot hold is an error, not a broken page.
func TestJS(t *testing.T) {
	o := &Option{Series: []Series{NewSeries("</script><script>alert(1)</script> & more", "line", nil)}}
	js, err := o.JS()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(js), "<>&") {
		t.Errorf("option not escaped for a script block: %s", js)
	}
	var back Option
	if err := json.Unmarshal([]byte(js), &back); err != nil || back.Series[0].Name != o.Series[0].Name {
		t.Errorf("option does not read back: %v", err)
	}
	bad := &Option{Series: []Series{NewSeries("x", "line", []opts.LineData{Point(okr.Date{}, math.NaN())})}}
	if _, err := bad.JS(); err == nil {
		t.Error("NaN written as an option")
	}
}

// A chart on its own gets the site's look, and every axis label the
// site's font unless it names one.
func TestStandalone(t *testing.T) {
	o := (&Option{
		XAxis: []opts.XAxis{{Type: "value"}},
		YAxis: []YAxis{{YAxis: opts.YAxis{AxisLabel: &opts.AxisLabel{FontFamily: "serif"}}}, {}},
	}).Standalone()
	if o.Animation == nil || *o.Animation || o.TextStyle.FontFamily != FontFamily {
		t.Errorf("no site look: %+v", o)
	}
	if o.XAxis[0].AxisLabel.FontFamily != FontFamily || o.YAxis[0].AxisLabel.FontFamily != "serif" || o.YAxis[1].AxisLabel.FontFamily != FontFamily {
		t.Error("axis label fonts not set as the site's, or a named one overwritten")
	}
}

// The bases are valid JSON for site.js, in a fixed order.
func TestBasesScript(t *testing.T) {
	a, err := BasesScript()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := BasesScript()
	if a != b {
		t.Fatal("two calls give different scripts")
	}
	body := strings.TrimSuffix(strings.TrimSpace(a[strings.Index(a, "=")+1:]), ";")
	var bases map[string]map[string]any
	if err := json.Unmarshal([]byte(body), &bases); err != nil {
		t.Fatalf("bases are not JSON: %v\n%s", err, a)
	}
	for _, kind := range []string{"kr", "confidence"} {
		if bases[kind]["animation"] != false || bases[kind]["xAxis"] == nil {
			t.Errorf("base %s lacks its look: %v", kind, bases[kind])
		}
	}
}
