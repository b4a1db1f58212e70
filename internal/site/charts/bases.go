package charts

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// Bases are what every chart of a kind shares: its look, legend, axes. A
// chart names its kind (data-chart="kr") and site.js lays the option the
// page gives over its kind's base, object by object and list item by list
// item. An objective page has a chart per key result, a medium
// organization ten thousand of them, and written into each this was half
// of its option.
func Bases() map[string]*Option {
	// What both kinds share: text, tooltip and the time axis.
	shared := func(o *Option) *Option {
		o.Tooltip = &opts.Tooltip{Trigger: "axis"}
		o.XAxis = []opts.XAxis{timeLook()}
		return o.Standalone()
	}
	return map[string]*Option{
		"kr": shared(&Option{
			Color:  DefaultColors,
			Grid:   []opts.Grid{{Left: "8", Top: "28", Right: "24", Bottom: "36", ContainLabel: opts.Bool(true)}},
			Legend: &Legend{Legend: opts.Legend{Show: opts.Bool(true), Bottom: "0"}},
			YAxis:  []YAxis{{YAxis: opts.YAxis{Type: "value", SplitLine: GridLines()}}},
		}),
		"confidence": shared(&Option{
			Color: Palette,
			Grid:  []opts.Grid{{Left: "8", Top: "16", Right: "72", Bottom: "40", ContainLabel: opts.Bool(true)}},
			Legend: &Legend{Legend: opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0",
				TextStyle: &opts.TextStyle{Width: 150, Overflow: "truncate"}}},
			YAxis: []YAxis{{YAxis: opts.YAxis{Type: "value", Min: 0, Max: 1, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}}}},
		}),
	}
}

// BasesScript sets the bases for site.js, which it is put before.
func BasesScript() (string, error) {
	bases := Bases()
	var b strings.Builder
	b.WriteString("// The shared parts of the charts of each kind, from okrs (internal/site/charts).\nvar OKRS_CHART_BASES = {")
	for i, k := range slices.Sorted(maps.Keys(bases)) {
		if i > 0 {
			b.WriteString(",")
		}
		js, err := json.Marshal(bases[k])
		if err != nil {
			return "", err
		}
		b.WriteString("\n  " + strconv.Quote(k) + ": " + string(js))
	}
	b.WriteString("\n};\n")
	return b.String(), nil
}
