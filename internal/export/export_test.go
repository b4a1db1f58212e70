package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	goldenpkg "github.com/okrs-dev/okrs/internal/golden"
	"github.com/okrs-dev/okrs/internal/okr"
)

// golden compares got with testdata/<test name>.golden.
func golden(t *testing.T, got []byte) {
	t.Helper()
	goldenpkg.Check(t, filepath.Join("testdata", t.Name()+".golden"), got)
}

func f(v float64) *float64 { return &v }

func num(v float64) okr.Value { return okr.Value{Num: &v} }

func yes(b bool) okr.Value { return okr.Value{Bool: &b} }

func day(s string) okr.Date { return okr.MustDate(s) }

// sample is a small organization on 2026-05-15: Q1 has ended, Q2 runs.
func sample() (*okr.Model, []finding.Finding) {
	org := &okr.Organization{
		Name: "Acme",
		Cycles: []*okr.Cycle{
			{ID: "2026-Q2", Parent: "FY2026", Start: day("2026-04-01"), End: day("2026-06-30")},
			{ID: "FY2026", Name: "Fiscal 2026", Start: day("2026-01-01"), End: day("2026-12-31")},
			{ID: "2026-Q1", Name: "Q1 2026", Parent: "FY2026", Start: day("2026-01-01"), End: day("2026-03-31")},
		},
		People: []*okr.Person{
			{ID: "eve", Name: "Eve Ito", Email: "eve@example.com"},
			{ID: "alice", Name: "Alice Ng", Email: "alice@example.com"},
			{ID: "carl"},
		},
	}
	teams := []*okr.Team{
		{ID: "payments", Name: "Payments", Parent: "company", Lead: "alice", Coach: "bob", Members: []string{"alice", "carl"}},
		{ID: "company", Name: "Acme", Lead: "eve"},
	}

	order := 0
	link := func(team, cycle string, objectives ...*okr.Objective) *okr.OKRs {
		for _, o := range objectives {
			o.Team, o.Cycle = team, cycle
			for _, kr := range o.KeyResults {
				kr.Objective = o
				for _, c := range kr.CheckIns {
					c.Order = order
					order++
				}
			}
		}
		return &okr.OKRs{Team: team, Cycle: cycle, Objectives: objectives}
	}

	q1 := &okr.Objective{
		ID: "stable-payments", Title: "Make payments boringly stable", Owner: "alice", Commitment: okr.Committed,
		KeyResults: []*okr.KeyResult{
			{ID: "incidents", Title: "Cut incidents from 12 to 2 a month", Start: f(12), Target: f(2),
				CheckIns: []*okr.CheckIn{
					{Date: day("2026-02-01"), Value: num(8), Confidence: f(0.6), By: "carl"},
					{Date: day("2026-03-25"), Value: num(4), Confidence: f(0.8), By: "carl"},
				}},
		},
	}
	dropped := &okr.Objective{
		ID: "crypto", Title: "Accept crypto", Owner: "alice", Status: okr.StatusDropped, Reason: "Legal said no.",
		KeyResults: []*okr.KeyResult{{ID: "launch", Title: "Launch it", Type: okr.TypeBoolean}},
	}
	q2 := &okr.Objective{
		ID: "effortless-checkout", Title: `Make checkout effortless, "fast" & safe`, Owner: "alice",
		Commitment: okr.Committed, AlignsTo: []string{"company/grow-revenue"},
		KeyResults: []*okr.KeyResult{
			{ID: "p95-latency", Title: "Cut checkout p95 latency from 1.2 s to 400 ms", Owner: "carl",
				Type: okr.TypeMetric, Start: f(1200), Target: f(400), Unit: "ms", Weight: f(2),
				CheckIns: []*okr.CheckIn{{Date: day("2026-04-14"), Value: num(1100), Confidence: f(0.6), By: "carl"}}},
			{ID: "uptime", Title: "Keep availability at or above 99.9 %", Type: okr.TypeThreshold,
				Keep: "above", Target: f(99.9), Unit: "%",
				CheckIns: []*okr.CheckIn{{Date: day("2026-05-12"), Value: num(99.95)}}},
			{ID: "one-click", Title: "Ship one-click checkout", Type: okr.TypeMilestone,
				Milestones: []*okr.Milestone{
					{Title: "Design approved", Done: day("2026-04-20")},
					{Title: "Beta live", Weight: f(2)},
				}},
			{ID: "pci-audit", Title: "Pass the PCI audit", Type: okr.TypeBoolean},
		},
	}
	grow := &okr.Objective{ID: "grow-revenue", Title: "Grow revenue", Owner: "eve", Weight: f(2)}

	m := &okr.Model{
		Org:   org,
		Teams: teams,
		OKRs: []*okr.OKRs{
			link("payments", "2026-Q1", q1, dropped),
			link("payments", "2026-Q2", q2),
			link("company", "2026-Q2", grow),
		},
	}
	m.CheckIns = []*okr.CheckIns{{Team: "payments", Cycle: "2026-Q2", CheckIns: []*okr.CheckIn{
		{KR: "effortless-checkout/p95-latency", Date: day("2026-05-12"), Value: num(950), Confidence: f(0.7), By: "carl", Order: order},
		{KR: "effortless-checkout/p95-latency", Date: day("2026-06-01"), Value: num(500), By: "carl", Order: order + 1},
	}}}
	findings := []finding.Finding{
		{Pos: finding.Pos{File: "okrs/2026-Q2/payments.yaml", Line: 9, Col: 5}, Severity: finding.Warning,
			Rule: "objective-kr-count", Message: "objective company/grow-revenue has no key results; give it 2 to 5"},
		{Pos: finding.Pos{File: "okrs/2026-Q2/company.yaml", Line: 4, Col: 3}, Severity: finding.Info,
			Rule: "unaligned-objective", Message: "objective aligns to nothing"},
	}
	return m, findings
}

func TestJSON(t *testing.T) {
	m, findings := sample()
	var buf bytes.Buffer
	if err := JSON(&buf, compute.ComputeSince(m, day("2026-05-15"), day("2026-05-08")), m, findings); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("not valid JSON:\n%s", buf.Bytes())
	}
	if strings.Contains(buf.String(), "@example.com") {
		t.Error("okrs.json publishes e-mail addresses")
	}
	golden(t, buf.Bytes())
}

func TestJSONOfNothing(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, compute.Compute(nil, day("2026-05-15")), nil, nil); err != nil {
		t.Fatal(err)
	}
	want := `{
  "as_of": "2026-05-15",
  "since": null,
  "cycles": [],
  "teams": [],
  "people": [],
  "objectives": [],
  "team_cycles": [],
  "findings": []
}
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestCSV(t *testing.T) {
	m, _ := sample()
	var buf bytes.Buffer
	if err := CSV(&buf, compute.Compute(m, day("2026-05-15")), "2026-Q2"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	if len(rows) != 5 {
		t.Errorf("%d rows, want a header and 4 key results", len(rows))
	}
	golden(t, buf.Bytes())
}

func TestNumber(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"rounded to 4 decimals", 0.123456, "0.1235"},
		{"a third", 1.0 / 3, "0.3333"},
		{"an integer", 1200, "1200"},
		{"no negative zero", -0.00001, "0"},
		{"negative", -0.125, "-0.125"},
		{"large, no exponent", 1e21, "1000000000000000000000"},
		{"small, no exponent", 0.00005, "0.0001"},
		{"not a number", math.NaN(), "null"},
		{"infinite", math.Inf(1), "null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := number(tt.in).MarshalJSON()
			if err != nil || string(got) != tt.want {
				t.Errorf("number(%v) = %s, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}
