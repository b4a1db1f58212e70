package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// The charts of an objective's page: one per key result and the
// confidence of all of them. A large organization has thousands of
// objective pages, and building these options with go-echarts and
// encoding/json (maps, and reflection over go-echarts' large series type)
// cost more than the rest of the page. So they are written directly, with
// the keys in the order go-echarts and option gave them, down to the nulls
// go-echarts writes for label options it does not set; the golden files
// pin the bytes. The other charts, a few per site, are still go-echarts'.

// The parts every line chart of an objective page shares.
var (
	fontJSON = jsonOf(fontFamily)
	// echartsColors is go-echarts' default palette, which key result
	// charts keep: each colours its series itself.
	echartsColors = jsonOf(lineProto.Colors)
	paletteJSON   = jsonOf(palette)
	idealStyle    = `"itemStyle":{"color":"` + colorIdeal + `"},"lineStyle":{"color":"` + colorIdeal + `","width":2,"type":"dashed"}`
)

// chartBases are what every chart of a kind shares: its look, legend,
// axes. A chart names its kind (data-chart="kr") and site.js lays the
// option the page gives over its kind's base. An objective page has a
// chart per key result, a medium organization ten thousand of them, and
// written into each this was half of its option.
var chartBases = map[string]string{
	"kr": `{"animation":false,"color":` + echartsColors + `,"grid":[{"left":"8","top":"28","right":"24","bottom":"36","containLabel":true}],` +
		`"legend":{"show":true,"bottom":"0"},` + lineShared +
		`"yAxis":[{"axisLabel":{"fontFamily":` + fontJSON + `},"splitLine":{"lineStyle":{"color":"` + colorGrid + `"},"show":true},"type":"value"}]}`,
	"confidence": `{"animation":false,"color":` + paletteJSON + `,"grid":[{"left":"8","top":"16","right":"72","bottom":"40","containLabel":true}],` +
		`"legend":{"type":"scroll","show":true,"bottom":"0","textStyle":{"width":150,"overflow":"truncate"}},` + lineShared +
		`"yAxis":[{"axisLabel":{"fontFamily":` + fontJSON + `},"max":1,"min":0,"splitLine":{"show":false},"type":"value"}]}`,
}

// lineShared is what both kinds share: text, tooltip and the time axis,
// whose labels keep a distance from the value axis's lowest label, and
// whose first label starts at the axis rather than centred on it.
var lineShared = `"textStyle":{"color":"#1F2937","fontFamily":` + fontJSON + `},"tooltip":{"trigger":"axis"},` +
	`"xAxis":[{"axisLabel":{"color":"#4B5563","fontFamily":` + fontJSON + `,"hideOverlap":true,"margin":12,"alignMinLabel":"left","showMaxLabel":null,"showMinLabel":null},"splitLine":{"show":false},"type":"time"}],`

// chartBasesScript sets the bases for site.js, which it is put before.
func chartBasesScript() string {
	kinds := slices.Sorted(maps.Keys(chartBases))
	var b strings.Builder
	b.WriteString("// The shared parts of the charts of each kind, from okrs (charts_objective.go).\nvar OKRS_CHART_BASES = {")
	for i, k := range kinds {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  " + strconv.Quote(k) + ": " + chartBases[k])
	}
	b.WriteString("\n};\n")
	return b.String()
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// point is a value on a day.
type point struct {
	date string
	v    float64
}

// krChart plots a key result's check-ins against the ideal line from its
// start to its target across the cycle: values for metric and threshold
// key results, progress for boolean and milestone ones.
func (s *site) krChart(p *page, kr *compute.KeyResult, c *compute.Cycle) *chart {
	if c == nil || c.Start.IsZero() || c.End.IsZero() {
		return nil
	}
	id := p.chartID("kr_" + kr.ID)
	t := &table{Caption: "Check-ins of " + mdtext.Plain(kr.Title)}
	var label string
	typ := kr.EffectiveType()
	unit := kr.Unit
	var points []point
	// The ideal line, when there is one, from the cycle's start to its end.
	var idealName string
	var idealFrom, idealTo float64
	var yAxis string
	// latest is the last point as the table would show it.
	var latest string
	switch typ {
	case okr.TypeMetric, okr.TypeThreshold:
		// The table of values is only shown when there are no check-ins
		// (see below), so it never has rows.
		t.Head = []string{"Date", "Value"}
		for _, ci := range kr.CheckIns {
			if ci.Value.Num == nil || ci.Date.After(s.asOf) {
				continue
			}
			points = append(points, point{ci.Date.String(), *ci.Value.Num})
		}
		if n := len(points); n > 0 {
			latest = withUnit(num(points[n-1].v), unit)
		}
		var y jsonWriter
		y.raw(`[{`)
		if unit != "" {
			y.raw(`"name":`)
			// The axes went through a map once: invalid UTF-8 came
			// out as U+FFFD, written as it is.
			y.str(string([]rune(unit)))
			y.raw(",")
		}
		y.raw(`"scale":true}]`)
		yAxis = y.b.String()
		if typ == okr.TypeMetric && kr.Start != nil && kr.Target != nil {
			t.Head = append(t.Head, "Ideal on that day")
			idealName = "Ideal: " + withUnit(num(*kr.Start), unit) + " → " + withUnit(num(*kr.Target), unit)
			idealFrom, idealTo = *kr.Start, *kr.Target
			label = fmt.Sprintf("Check-ins of %q against the ideal line from %s on %s to %s on %s.",
				mdtext.Plain(kr.Title), withUnit(num(*kr.Start), unit), c.Start, withUnit(num(*kr.Target), unit), c.End)
		} else {
			label = fmt.Sprintf("Check-ins of %q.", mdtext.Plain(kr.Title))
		}
	default: // boolean, milestone: progress over time
		t.Head = []string{"Date", "Progress"}
		dates := []okr.Date{c.Start}
		for _, ci := range kr.CheckIns {
			dates = append(dates, ci.Date)
		}
		for _, m := range kr.Milestones {
			if !m.Done.IsZero() {
				dates = append(dates, m.Done)
			}
		}
		slices.SortFunc(dates, okr.Date.Compare)
		dates = slices.Compact(dates)
		for _, d := range dates {
			if d.After(s.asOf) || d.After(c.End) || d.Before(c.Start) {
				continue
			}
			v, _ := compute.KRProgressAt(kr, d)
			points = append(points, point{d.String(), round(v*100, 1)})
			latest = pct(v)
			if len(kr.CheckIns) == 0 {
				t.Rows = append(t.Rows, []string{d.String(), latest})
			}
		}
		yAxis = `[{"axisLabel":{"formatter":"{value}%","showMaxLabel":null,"showMinLabel":null},"max":100,"min":0}]`
		idealName, idealFrom, idealTo = "Ideal: 0% → 100%", 0, 100
		label = fmt.Sprintf("Progress of %q over the cycle against a straight line from 0%% to 100%%.", mdtext.Plain(kr.Title))
	}
	stepped := typ == okr.TypeBoolean || typ == okr.TypeMilestone
	asOf := within(s.asOf, c.Start, c.End)
	var keep string
	bound := typ == okr.TypeThreshold && kr.Target != nil
	if bound {
		keep = "at or above"
		if kr.Keep == "below" {
			keep = "at or below"
		}
		label = fmt.Sprintf("Check-ins of %q against the bound: keep %s %s.", mdtext.Plain(kr.Title), keep, withUnit(num(*kr.Target), unit))
	}

	var j jsonWriter
	j.b.Grow(2048 + 48*len(points))
	j.raw(`{"series":[`)
	if idealName != "" {
		j.raw(`{"name":`)
		j.str(idealName)
		j.raw(`,"type":"line","showSymbol":false,"data":[{"value":["` + c.Start.String() + `",`)
		j.num(idealFrom)
		j.raw(`]},{"value":["` + c.End.String() + `",`)
		j.num(idealTo)
		j.raw(`]}],` + idealStyle + `},`)
	}
	if stepped {
		j.raw(`{"name":"Progress","type":"line","step":"end",`)
	} else {
		j.raw(`{"name":"Check-ins","type":"line",`)
	}
	j.raw(`"symbol":"circle","symbolSize":7,"data":`)
	j.points(points)
	j.raw(`,"itemStyle":{"color":"` + colorInk + `"}`)
	if asOf || bound {
		j.raw(`,"markLine":{"data":[`)
		if asOf {
			j.asOfItem(s.asOf)
		}
		if bound {
			if asOf {
				j.raw(",")
			}
			j.raw(`{"label":{"color":"` + colorExpected + `","formatter":`)
			j.str("keep " + keep + " " + withUnit(num(*kr.Target), unit))
			j.raw(`,"position":"insideStartTop"},"lineStyle":{"color":"` + colorExpected + `","type":"solid"},"name":"bound","yAxis":`)
			j.num(*kr.Target)
			j.raw("}")
		}
		j.raw("]")
		if asOf {
			j.asOfStyle(s.asOf, "end")
		}
		j.raw("}")
	}
	j.raw(`,"lineStyle":{"color":"` + colorInk + `","width":2.5}}]`)
	j.timeAxis(c.Start, c.End)
	j.raw(`,"yAxis":` + yAxis + "}")

	if n := len(points); n == 0 {
		label += " No check-ins yet."
	} else {
		label += " Latest: " + latest + " on " + points[n-1].date + "."
	}
	if asOf {
		label += " The as-of date " + s.asOf.String() + " is marked."
	}
	// The check-ins table under the chart is its text equivalent; a second
	// table of the same values would only double the page.
	if len(kr.CheckIns) > 0 {
		label += " The check-ins table below lists every value."
		t = nil
	}
	return &chart{ID: id, Kind: "kr", Label: label, Height: 260, Option: j.js(), Table: t}
}

// confidenceChart shows the confidence of each key result of an objective
// over the cycle, on the bands that make it on-track, at-risk or off-track.
func (s *site) confidenceChart(p *page, o *compute.Objective, c *compute.Cycle) *chart {
	if c == nil || c.Start.IsZero() || c.End.IsZero() {
		return nil
	}
	onTrack, atRisk := s.org.Settings.Bands()
	id := p.chartID("confidence_" + o.ID)
	var j jsonWriter
	j.b.Grow(4096)
	j.raw(`{"series":[`)
	some := false
	for i, kr := range o.KeyResults {
		var pts []point
		for _, ci := range kr.CheckIns {
			if ci.Confidence == nil || ci.Date.After(s.asOf) {
				continue
			}
			pts = append(pts, point{ci.Date.String(), *ci.Confidence})
		}
		if len(pts) > 0 {
			some = true
		}
		if i > 0 {
			j.raw(",")
		}
		j.raw("{")
		if kr.Title != "" {
			j.raw(`"name":`)
			j.str(mdtext.Plain(kr.Title))
			j.raw(",")
		}
		j.raw(`"type":"line","symbol":"` + symbols[i%len(symbols)] + `","symbolSize":7,"data":`)
		j.points(pts)
		if i == 0 {
			// The bands sit behind the first series, labelled in words at
			// the right so that they do not rely on colour.
			if within(s.asOf, c.Start, c.End) {
				j.raw(`,"markLine":{"data":[`)
				j.asOfItem(s.asOf)
				j.raw("]")
				j.asOfStyle(s.asOf, "end")
				j.raw("}")
			}
			j.raw(`,"markArea":{"data":[`)
			j.band("on track", onTrack, 1, "rgba(0,158,115,0.10)")
			j.raw(",")
			j.band("at risk", atRisk, onTrack, "rgba(230,159,0,0.12)")
			j.raw(",")
			j.band("off track", 0, atRisk, "rgba(213,94,0,0.10)")
			j.raw(`],"label":{"show":true,"color":"#374151","position":"right"}}`)
		}
		j.raw("}")
	}
	if !some {
		return nil
	}
	j.raw("]")
	j.timeAxis(c.Start, c.End)
	j.raw("}")
	// Every point is a check-in, and the check-in table of its key result
	// lists its confidence: a table of the same values by date would only
	// double the page (it was a seventh of an objective page).
	label := fmt.Sprintf("Confidence of each key result of %q from 0 to 1 over the cycle; %s and above is on track, %s to %s at risk, below %s off track. "+
		"The check-in table of each key result above lists its confidence on each date.",
		mdtext.Plain(o.Title), num(onTrack), num(atRisk), num(onTrack), num(atRisk))
	return &chart{ID: id, Kind: "confidence", Label: label, Height: 260, Option: j.js()}
}

var symbols = []string{"circle", "triangle", "rect", "diamond", "roundRect", "pin"}

// jsonWriter writes JSON as encoding/json would: strings with <, > and &
// escaped, so that the JSON can sit in a <script> element, and numbers in
// the same notation.
type jsonWriter struct{ b strings.Builder }

func (j *jsonWriter) raw(s string) { j.b.WriteString(s) }

func (j *jsonWriter) js() template.JS { return template.JS(j.b.String()) }

// str writes s as a JSON string, escaped as encoding/json escapes it.
func (j *jsonWriter) str(s string) {
	const hex = "0123456789abcdef"
	j.b.WriteByte('"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			j.b.WriteString(s[last:i])
			switch c {
			case '"', '\\':
				j.b.WriteByte('\\')
				j.b.WriteByte(c)
			case '\b':
				j.b.WriteString(`\b`)
			case '\f':
				j.b.WriteString(`\f`)
			case '\n':
				j.b.WriteString(`\n`)
			case '\r':
				j.b.WriteString(`\r`)
			case '\t':
				j.b.WriteString(`\t`)
			default:
				j.b.WriteString(`\u00`)
				j.b.WriteByte(hex[c>>4])
				j.b.WriteByte(hex[c&0xF])
			}
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			j.b.WriteString(s[last:i])
			j.b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			j.b.WriteString(s[last:i])
			j.b.WriteString(`\u202`)
			j.b.WriteByte(hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		last = i
	}
	j.b.WriteString(s[last:])
	j.b.WriteByte('"')
}

// num writes a number as encoding/json writes a float64. JSON has no NaN
// or infinity; they are written as null.
func (j *jsonWriter) num(f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		j.raw("null")
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	j.b.Write(b)
}

// points writes a series' data: null when it has none.
func (j *jsonWriter) points(pts []point) {
	if pts == nil {
		j.raw("null")
		return
	}
	j.raw("[")
	for i, pt := range pts {
		if i > 0 {
			j.raw(",")
		}
		j.raw(`{"value":["` + pt.date + `",`)
		j.num(pt.v)
		j.raw("]}")
	}
	j.raw("]")
}

// timeAxis writes the x axis of days from first to last (its look is the
// base's).
func (j *jsonWriter) timeAxis(first, last okr.Date) {
	j.raw(`,"xAxis":[{"max":"` + last.String() + `","min":"` + first.String() + `"}]`)
}

// asOfItem and asOfStyle write the line that marks the as-of date, as
// asOfLineAt makes it: the item of the mark line's data, then its style.
func (j *jsonWriter) asOfItem(d okr.Date) {
	j.raw(`{"name":"as of ` + d.String() + `","xAxis":"` + d.String() + `"}`)
}

func (j *jsonWriter) asOfStyle(d okr.Date, position string) {
	j.raw(`,"symbol":["none","none"],"label":{"show":true,"color":"` + colorAsOf + `","fontSize":11,"position":"` + position +
		`","formatter":"as of ` + d.String() + `"},"lineStyle":{"color":"` + colorAsOf + `","width":1.5,"type":"dashed"}`)
}

// band writes one band of a mark area from one value to another.
func (j *jsonWriter) band(name string, from, to float64, color string) {
	j.raw(`[{"itemStyle":{"color":"` + color + `"},"name":`)
	j.str(name)
	j.raw(`,"yAxis":`)
	j.num(from)
	j.raw(`},{"yAxis":`)
	j.num(to)
	j.raw("}]")
}
