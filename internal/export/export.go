// Package export writes the computed model as data/okrs.json and per-cycle CSV.
//
// okrs.json is a documented, stable interface for other tools (FORMAT.md):
// its field names, its order and its conventions (numbers rounded to 4
// decimals, null where there is no number, lists never null) only change
// by adding fields.
package export

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// JSON writes okrs.json into buf: the as-of date, cycles, teams, people,
// objectives with their key results, team rollups and the findings, in a
// deterministic order, so that the same inputs give the same bytes. On an
// error buf is left as it was.
func JSON(buf *bytes.Buffer, r *compute.Result, m *okr.Model, findings []finding.Finding) error {
	if r == nil {
		r = &compute.Result{}
	}
	if m == nil {
		m = &okr.Model{}
	}
	doc := document{
		AsOf:       r.AsOf,
		Since:      r.Since,
		Cycles:     make([]cycleJSON, 0, len(r.Cycles)),
		Teams:      teams(m.Teams, health.Scores(m, findings)),
		People:     people(m.Org),
		Objectives: make([]objectiveJSON, 0, len(r.Objectives)),
		TeamCycles: make([]teamCycleJSON, 0, len(r.TeamCycles)),
		Findings:   slices.Clone(findings),
	}
	for _, c := range r.Cycles {
		out := newCycle(c)
		out.Review = newReview(r.ReviewOf(c.ID))
		doc.Cycles = append(doc.Cycles, out)
	}
	for _, o := range r.Objectives {
		doc.Objectives = append(doc.Objectives, newObjective(o))
	}
	for _, tc := range r.TeamCycles {
		out := newTeamCycle(tc, r.Cycle(tc.Cycle))
		out.Review = newReview(r.TeamReview(tc.Team, tc.Cycle))
		doc.TeamCycles = append(doc.TeamCycles, out)
	}
	if doc.Findings == nil {
		doc.Findings = []finding.Finding{}
	}
	finding.Sort(doc.Findings)

	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false) // a data file, not HTML: keep "&" and "<" readable
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode okrs.json: %w", err)
	}
	// What the encoder's SetIndent writes, but indented straight into buf,
	// grown once to about its final size: the encoder grows a buffer of
	// its own from nothing, which had to be copied into buf. okrs.json is
	// 9 MB for the medium generated organization and 93 MB for the large
	// one (BenchmarkJSON).
	if err := json.Indent(buf, compact.Bytes(), "", "  "); err != nil {
		return fmt.Errorf("encode okrs.json: %w", err)
	}
	return nil
}

type document struct {
	AsOf       okr.Date          `json:"as_of"`
	Since      okr.Date          `json:"since"`
	Cycles     []cycleJSON       `json:"cycles"`
	Teams      []teamJSON        `json:"teams"`
	People     []personJSON      `json:"people"`
	Objectives []objectiveJSON   `json:"objectives"`
	TeamCycles []teamCycleJSON   `json:"team_cycles"`
	Findings   []finding.Finding `json:"findings"`
}

type cycleJSON struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Parent   string      `json:"parent"`
	Start    okr.Date    `json:"start"`
	End      okr.Date    `json:"end"`
	Phase    string      `json:"phase"`
	Expected number      `json:"expected"`
	Progress *number     `json:"progress"`
	Teams    int         `json:"teams"`
	Grades   *gradesJSON `json:"grades"`
	Grade    *number     `json:"grade"`
	Previous *rollupThen `json:"previous"`
	Review   *reviewJSON `json:"review"`
}

// reviewJSON is how an ended cycle went (compute.Review).
type reviewJSON struct {
	Graded           int       `json:"graded"`
	NotGraded        int       `json:"not_graded"`
	Committed        int       `json:"committed"`
	Hit              int       `json:"committed_hit"`
	Missed           int       `json:"committed_missed"`
	Aspirational     int       `json:"aspirational"`
	AspirationalMean *number   `json:"aspirational_mean"`
	Spot             *string   `json:"aspirational_spot"`
	Distribution     []binJSON `json:"distribution"`
}

// binJSON is a tenth of the grade scale (compute.GradeBin).
type binJSON struct {
	From       number `json:"from"`
	To         number `json:"to"`
	Band       string `json:"band"`
	Objectives int    `json:"objectives"`
}

func newReview(rv *compute.Review) *reviewJSON {
	if rv == nil {
		return nil
	}
	out := &reviewJSON{
		Graded: rv.Graded, NotGraded: rv.NotGraded, Committed: rv.Committed, Hit: rv.Hit, Missed: rv.Missed,
		Aspirational: rv.Aspirational, AspirationalMean: ptr(rv.AspirationalMean), Spot: optional(rv.Spot),
		Distribution: make([]binJSON, 0, len(rv.Distribution)),
	}
	for _, b := range rv.Distribution {
		out.Distribution = append(out.Distribution, binJSON{From: number(b.From), To: number(b.To), Band: b.Band, Objectives: b.Objectives})
	}
	return out
}

// The numbers as of the comparison date ("since", the "previous" of
// okrs.json): a rollup's progress, an objective's progress and state, a
// key result's also with its current value.
type (
	rollupThen struct {
		Progress *number `json:"progress"`
	}
	objectiveThen struct {
		Progress *number `json:"progress"`
		State    *string `json:"state"`
	}
	krThen struct {
		Progress number  `json:"progress"`
		State    *string `json:"state"`
		Current  value   `json:"current"`
	}
)

type gradesJSON struct {
	Graded    int `json:"graded"`
	Green     int `json:"green"`
	Yellow    int `json:"yellow"`
	Red       int `json:"red"`
	Achieved  int `json:"achieved"`
	NotGraded int `json:"not_graded"`
}

func newCycle(c *compute.Cycle) cycleJSON {
	out := cycleJSON{
		ID: c.ID, Name: c.Title(), Parent: c.Parent, Start: c.Start, End: c.End,
		Phase: c.Phase, Expected: number(c.Expected), Progress: ptr(c.Progress), Teams: c.Teams,
	}
	if c.Phase == compute.PhaseEnded {
		out.Grades = &gradesJSON{Graded: c.Graded, Green: c.Green, Yellow: c.Yellow, Red: c.Red, Achieved: c.Achieved, NotGraded: c.NotGraded}
		out.Grade = ptr(c.Grade)
	}
	if p := c.Previous; p != nil {
		out.Previous = &rollupThen{Progress: ptr(p.Progress)}
	}
	return out
}

type teamJSON struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Parent  string     `json:"parent"`
	Lead    string     `json:"lead"`
	Coach   string     `json:"coach"`
	Members []string   `json:"members"`
	Health  healthJSON `json:"health"`
}

// healthJSON is a team's health score, as the health page shows it.
type healthJSON struct {
	Score    int    `json:"score"`
	Level    string `json:"level"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	Infos    int    `json:"infos"`
}

func teams(list []*okr.Team, scores map[string]health.Score) []teamJSON {
	out := make([]teamJSON, 0, len(list))
	for _, t := range list {
		if t == nil {
			continue
		}
		out = append(out, teamJSON{
			ID: t.ID, Name: cmp.Or(t.Name, t.ID), Parent: t.Parent, Lead: t.Lead, Coach: t.Coach,
			Members: strs(t.Members),
			Health:  newHealth(scores[t.ID]),
		})
	}
	slices.SortStableFunc(out, func(a, b teamJSON) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func newHealth(s health.Score) healthJSON {
	return healthJSON{Score: s.Score, Level: s.Level, Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos}
}

// personJSON leaves out e-mail addresses: the export is published with the site.
type personJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func people(org *okr.Organization) []personJSON {
	out := []personJSON{}
	if org == nil {
		return out
	}
	for _, p := range org.People {
		if p != nil {
			out = append(out, personJSON{ID: p.ID, Name: cmp.Or(p.Name, p.ID)})
		}
	}
	slices.SortStableFunc(out, func(a, b personJSON) int { return strings.Compare(a.ID, b.ID) })
	return out
}

type objectiveJSON struct {
	Cycle      string          `json:"cycle"`
	Team       string          `json:"team"`
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Owner      *string         `json:"owner"`
	Commitment string          `json:"commitment"`
	Status     string          `json:"status"`
	State      *string         `json:"state"`
	Progress   *number         `json:"progress"`
	Confidence *number         `json:"confidence"`
	Grade      *number         `json:"grade"`
	GradeBand  *string         `json:"grade_band"`
	Weight     number          `json:"weight"`
	AlignsTo   []string        `json:"aligns_to"`
	KeyResults []keyResultJSON `json:"key_results"`
	Labels     []string        `json:"labels"`
	Previous   *objectiveThen  `json:"previous"`
}

func newObjective(o *compute.Objective) objectiveJSON {
	out := objectiveJSON{
		Cycle: o.Cycle, Team: o.Team, ID: o.ID, Title: o.Title, Owner: optional(o.Owner),
		Commitment: o.EffectiveCommitment(), Status: o.EffectiveStatus(),
		State: optional(o.State), Progress: ptr(o.Progress), Confidence: ptr(o.Confidence),
		Grade: ptr(o.Grade), GradeBand: optional(o.GradeBand), Weight: number(o.EffectiveWeight()),
		AlignsTo:   strs(o.AlignsTo),
		KeyResults: make([]keyResultJSON, 0, len(o.KeyResults)),
		Labels:     strs(o.Labels),
	}
	for _, kr := range o.KeyResults {
		out.KeyResults = append(out.KeyResults, newKeyResult(kr))
	}
	if p := o.Previous; p != nil {
		out.Previous = &objectiveThen{Progress: ptr(p.Progress), State: optional(p.State)}
	}
	return out
}

type keyResultJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Owner       string   `json:"owner"`
	Type        string   `json:"type"`
	Unit        string   `json:"unit"`
	Start       *number  `json:"start"`
	Target      *number  `json:"target"`
	Keep        string   `json:"keep"`
	Weight      number   `json:"weight"`
	Current     value    `json:"current"`
	Progress    number   `json:"progress"`
	ProgressRaw number   `json:"progress_raw"`
	Confidence  *number  `json:"confidence"`
	State       *string  `json:"state"`
	LastCheckIn okr.Date `json:"last_check_in"`
	Change      change   `json:"change"`
	Score       *number  `json:"score"`
	Labels      []string `json:"labels"`
	Previous    *krThen  `json:"previous"`
}

// newKeyResult gives start and target as resolved (null until known: a
// start from the first check-in, a target from the change), and the
// change as written.
func newKeyResult(kr *compute.KeyResult) keyResultJSON {
	out := keyResultJSON{
		ID: kr.ID, Title: kr.Title, Owner: kr.EffectiveOwner(), Type: kr.EffectiveType(), Unit: kr.Unit,
		Start: ptr(kr.Start), Target: ptr(kr.Target), Keep: kr.Keep, Weight: number(kr.EffectiveWeight()),
		Current: value(kr.Current), Progress: number(kr.Progress), ProgressRaw: number(kr.ProgressRaw),
		Confidence: ptr(kr.Confidence), State: optional(kr.State), LastCheckIn: kr.LastCheckIn,
		Change: change(kr.Change), Score: ptr(kr.Score), Labels: strs(kr.Labels),
	}
	if p := kr.Previous; p != nil {
		out.Previous = &krThen{Progress: number(p.Progress), State: optional(p.State), Current: value(p.Current)}
	}
	return out
}

// change is a key result's change as written: a number, a text such as
// "+3%" or "x2", or null.
type change okr.Change

func (c change) MarshalJSON() ([]byte, error) {
	switch {
	case c.Text == "":
		return []byte("null"), nil
	case c.Number && c.Kind != "":
		return number(c.Amount).MarshalJSON()
	}
	return json.Marshal(c.Text)
}

type teamCycleJSON struct {
	Team      string      `json:"team"`
	Cycle     string      `json:"cycle"`
	Progress  *number     `json:"progress"`
	Grade     *number     `json:"grade"`
	NotGraded *int        `json:"not_graded"`
	Previous  *rollupThen `json:"previous"`
	Review    *reviewJSON `json:"review"`
}

// newTeamCycle has a grade and a count of objectives not graded once the
// cycle has ended, null before.
func newTeamCycle(tc *compute.TeamCycle, c *compute.Cycle) teamCycleJSON {
	out := teamCycleJSON{Team: tc.Team, Cycle: tc.Cycle, Progress: ptr(tc.Progress), Grade: ptr(tc.Grade)}
	if c != nil && c.Phase == compute.PhaseEnded {
		out.NotGraded = &tc.NotGraded
	}
	if p := tc.Previous; p != nil {
		out.Previous = &rollupThen{Progress: ptr(p.Progress)}
	}
	return out
}

// CSV writes the spreadsheet export of one cycle: a header row, then one
// row per key result, in the order of the site. Cells without a number are
// empty. Lines end in CRLF, as RFC 4180 has it.
func CSV(w io.Writer, r *compute.Result, cycle string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write([]string{
		"cycle", "team", "objective", "objective_title", "kr", "kr_title", "type", "owner",
		"start", "target", "current", "unit", "progress", "state", "confidence", "last_check_in",
		"objective_progress", "objective_state",
		"score", "objective_grade", "labels", "objective_labels",
	})
	if r != nil {
		for _, o := range r.Objectives {
			if o.Cycle != cycle {
				continue
			}
			for _, kr := range o.KeyResults {
				_ = cw.Write([]string{
					o.Cycle, o.Team, o.ID, text(mdtext.Plain(o.Title)), kr.ID, text(mdtext.Plain(kr.Title)), kr.EffectiveType(), kr.EffectiveOwner(),
					cell(kr.Start), cell(kr.Target), value(kr.Current).String(), text(kr.Unit),
					number(kr.Progress).String(), kr.State, cell(kr.Confidence), kr.LastCheckIn.String(),
					cell(o.Progress), o.State,
					cell(kr.Score), cell(o.Grade), labels(kr.Labels), labels(o.Labels),
				})
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// labels are a list of labels in one cell, separated by "; ".
func labels(list []string) string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = text(l)
	}
	return strings.Join(out, "; ")
}

// text guards a free-text cell against formula injection: a spreadsheet
// runs a cell that starts with =, +, -, @ or a tab as a formula, and titles
// are written by anyone who can open a pull request. Such a cell gets a
// leading apostrophe, which spreadsheets show as text. Ids cannot start
// with these characters, and numbers are not text cells.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// number is a float written with at most 4 decimals, and never as -0 or in
// exponent notation; not-a-number and infinities are written as null.
type number float64

func (n number) rounded() float64 {
	x := float64(n)
	if math.Abs(x) < 1e15 { // beyond, a float64 has no decimals left to round
		x = math.Round(x*1e4) / 1e4
	}
	if x == 0 {
		return 0 // not -0
	}
	return x
}

func (n number) String() string {
	x := n.rounded()
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func (n number) MarshalJSON() ([]byte, error) {
	if s := n.String(); s != "" {
		return []byte(s), nil
	}
	return []byte("null"), nil
}

// value is a check-in value: a number, true or false, or null.
type value okr.Value

func (v value) String() string {
	switch {
	case v.Num != nil:
		return number(*v.Num).String()
	case v.Bool != nil:
		return strconv.FormatBool(*v.Bool)
	}
	return ""
}

func (v value) MarshalJSON() ([]byte, error) {
	if s := v.String(); s != "" {
		return []byte(s), nil
	}
	return []byte("null"), nil
}

func ptr(p *float64) *number {
	if p == nil {
		return nil
	}
	n := number(*p)
	return &n
}

func cell(p *float64) string {
	if p == nil {
		return ""
	}
	return number(*p).String()
}

// optional is null for a computed value that has none (the state of an
// objective without key results, the band of an ungraded one).
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func strs(list []string) []string {
	if list == nil {
		return []string{}
	}
	return slices.Clone(list)
}
