package site

import (
	"fmt"
	"slices"

	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/site/charts"
)

// The charts of an objective's page: one per key result and the
// confidence of all of them. A large organization has thousands of
// objective pages, so their options say only what differs from chart to
// chart; the rest is their kind's base (charts.Bases), which site.js lays
// them over.

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
	// One point per check-in, or per day progress changed (at most a
	// check-in or a milestone each, and the start).
	points := make([]opts.LineData, 0, len(kr.CheckIns)+len(kr.Milestones)+1)
	// latestDate is the day of the last point.
	var latestDate okr.Date
	// The ideal line, when there is one, from the cycle's start to its end.
	var idealName string
	var idealFrom, idealTo float64
	var yAxis charts.YAxis
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
			points = append(points, charts.Point(ci.Date, *ci.Value.Num))
			latest, latestDate = withUnit(num(*ci.Value.Num), unit), ci.Date
		}
		yAxis = charts.YAxis{YAxis: opts.YAxis{Name: unit, Scale: opts.Bool(true)}}
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
			points = append(points, charts.Point(d, round(v*100, 1)))
			latest, latestDate = pct(v), d
			if len(kr.CheckIns) == 0 {
				t.Rows = append(t.Rows, []string{d.String(), latest})
			}
		}
		yAxis = charts.YAxis{YAxis: opts.YAxis{Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}}
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

	// A series is 1.4 KB (go-echarts' SingleSeries): made once, in place.
	series := make([]charts.Series, 0, 2)
	if idealName != "" {
		ideal := charts.NewSeries(idealName, "line", []opts.LineData{charts.Point(c.Start, idealFrom), charts.Point(c.End, idealTo)})
		ideal.ShowSymbol = opts.Bool(false)
		ideal.ItemStyle = &opts.ItemStyle{Color: charts.ColorIdeal}
		ideal.LineStyle = &opts.LineStyle{Color: charts.ColorIdeal, Width: 2, Type: "dashed"}
		series = append(series, ideal)
	}
	line := charts.NewSeries("Check-ins", "line", orNil(points))
	if stepped {
		line.Name, line.Step = "Progress", "end"
	}
	line.Symbol, line.SymbolSize = "circle", 7
	line.ItemStyle = &opts.ItemStyle{Color: charts.ColorInk}
	line.LineStyle = &opts.LineStyle{Color: charts.ColorInk, Width: 2.5}
	var marks []any
	if bound {
		marks = append(marks, charts.MarkLineY{
			MarkLineNameYAxisItem: opts.MarkLineNameYAxisItem{Name: "bound", YAxis: *kr.Target},
			Label:                 &opts.Label{Color: charts.ColorExpected, Formatter: "keep " + keep + " " + withUnit(num(*kr.Target), unit), Position: "insideStartTop"},
			LineStyle:             &opts.LineStyle{Color: charts.ColorExpected, Type: "solid"},
		})
	}
	if asOf {
		line.MarkLines = charts.MarkAsOf(s.asOf, c.Start, c.End, "end", marks...)
	} else if bound {
		line.MarkLines = &opts.MarkLines{Data: marks}
	}
	series = append(series, line)
	o := &charts.Option{Series: series, XAxis: []opts.XAxis{charts.Days(c.Start, c.End)}, YAxis: []charts.YAxis{yAxis}}

	if n := len(points); n == 0 {
		label += " No check-ins yet."
	} else {
		label += " Latest: " + latest + " on " + latestDate.String() + "."
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
	return finish(&chart{ID: id, Kind: "kr", Label: label, Height: 260, Table: t}, o)
}

// confidenceChart shows the confidence of each key result of an objective
// over the cycle, on the bands that make it on-track, at-risk or off-track.
func (s *site) confidenceChart(p *page, o *compute.Objective, c *compute.Cycle) *chart {
	if c == nil || c.Start.IsZero() || c.End.IsZero() {
		return nil
	}
	onTrack, atRisk := s.org.Settings.Bands()
	id := p.chartID("confidence_" + o.ID)
	series := make([]charts.Series, 0, len(o.KeyResults))
	some := false
	for i, kr := range o.KeyResults {
		pts := make([]opts.LineData, 0, len(kr.CheckIns))
		for _, ci := range kr.CheckIns {
			if ci.Confidence == nil || ci.Date.After(s.asOf) {
				continue
			}
			pts = append(pts, charts.Point(ci.Date, *ci.Confidence))
		}
		if len(pts) > 0 {
			some = true
		}
		line := charts.NewSeries(mdtext.Plain(kr.Title), "line", orNil(pts))
		line.Symbol, line.SymbolSize = symbols[i%len(symbols)], 7
		if i == 0 {
			// The bands sit behind the first series, labelled in words at
			// the right so that they do not rely on colour.
			if within(s.asOf, c.Start, c.End) {
				line.MarkLines = charts.MarkAsOf(s.asOf, c.Start, c.End, "end")
			}
			line.MarkAreas = &opts.MarkAreas{
				Data: []any{
					charts.Band("on track", onTrack, 1, "rgba(0,158,115,0.10)"),
					charts.Band("at risk", atRisk, onTrack, "rgba(230,159,0,0.12)"),
					charts.Band("off track", 0, atRisk, "rgba(213,94,0,0.10)"),
				},
				MarkAreaStyle: opts.MarkAreaStyle{Label: &opts.Label{Show: opts.Bool(true), Color: "#374151", Position: "right"}},
			}
		}
		series = append(series, line)
	}
	if !some {
		return nil
	}
	opt := &charts.Option{Series: series, XAxis: []opts.XAxis{charts.Days(c.Start, c.End)}}
	// Every point is a check-in, and the check-in table of its key result
	// lists its confidence: a table of the same values by date would only
	// double the page (it was a seventh of an objective page).
	label := fmt.Sprintf("Confidence of each key result of %q from 0 to 1 over the cycle; %s and above is on track, %s to %s at risk, below %s off track. "+
		"The check-in table of each key result above lists its confidence on each date.",
		mdtext.Plain(o.Title), num(onTrack), num(atRisk), num(onTrack), num(atRisk))
	return finish(&chart{ID: id, Kind: "confidence", Label: label, Height: 260}, opt)
}

// orNil is points, or nil when there are none: a series without points
// has "data": null, as it always had, not [].
func orNil(points []opts.LineData) []opts.LineData {
	if len(points) == 0 {
		return nil
	}
	return points
}

var symbols = []string{"circle", "triangle", "rect", "diamond", "roundRect", "pin"}
