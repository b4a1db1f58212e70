// Package diff tells what a change does to the OKRs: the objectives and
// key results it adds, removes, moves, renames or changes, the targets it
// eases, the check-ins it records with the progress and state they move,
// and the findings it introduces or resolves.
//
// Both sides are computed on the same as-of date, so every move in the
// report comes from the files and none from the calendar. A side with
// invalid data is still compared as far as it loads; its errors are part
// of the report, not a reason to stop.
package diff

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Kinds of change.
const (
	Added   = "added"
	Removed = "removed"
	Carried = "carried" // added, continuing an objective of an earlier cycle
	Moved   = "moved"   // same id, another team or file
	Renamed = "renamed" // another id, the same thing
	Changed = "changed"
)

// Report is everything a change does, ready for any output format.
type Report struct {
	AsOf         okr.Date          `json:"as_of"`
	Base         SideInfo          `json:"base"`
	Head         SideInfo          `json:"head"`
	Objectives   []ObjectiveChange `json:"objectives"`
	KeyResults   []KeyResultChange `json:"key_results"`
	Progress     []Move            `json:"progress"`
	EasedTargets []finding.Finding `json:"eased_targets"`
	Introduced   []finding.Finding `json:"findings_introduced"`
	Resolved     []finding.Finding `json:"findings_resolved"`
}

// SideInfo is what the report says about one side.
type SideInfo struct {
	Name     string            `json:"name"`
	Files    int               `json:"files"`
	Empty    bool              `json:"empty"` // no data files at all
	Errors   []finding.Finding `json:"errors"`
	Warnings int               `json:"warnings"`
	// NotCompared are the files that did not load on this side: what they
	// hold on the other side is neither added nor removed.
	NotCompared []string `json:"not_compared"`
}

// ObjectiveChange is one objective added, removed, moved, renamed or changed.
type ObjectiveChange struct {
	Change string  `json:"change"`
	Cycle  string  `json:"cycle"`
	Team   string  `json:"team"`
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	File   string  `json:"file"` // on the head side; on the base side when removed
	Line   int     `json:"line"`
	From   *Origin `json:"from,omitempty"` // where a moved or renamed objective was
	// CarriedFrom is the objective a carried one continues, cycle/team/objective.
	CarriedFrom string  `json:"carried_from,omitempty"`
	KeyResults  int     `json:"key_results"` // how many it has (had, when removed)
	Fields      []Field `json:"fields,omitempty"`

	order int // file order on the head side, removed ones after
}

// Ref is the objective's reference, team/objective.
func (c ObjectiveChange) Ref() string { return c.Team + "/" + c.ID }

// KeyResultChange is one key result added, removed, moved, renamed or
// changed inside objectives that are on both sides.
type KeyResultChange struct {
	Change string  `json:"change"`
	Cycle  string  `json:"cycle"`
	Ref    string  `json:"ref"` // team/objective/kr
	Title  string  `json:"title"`
	File   string  `json:"file"`
	Line   int     `json:"line"`
	From   *Origin `json:"from,omitempty"`
	Fields []Field `json:"fields,omitempty"`

	order int
}

// Origin is where something moved or was renamed from.
type Origin struct {
	Ref  string `json:"ref"`
	File string `json:"file"`
}

// Field is one field that differs; "" is a field not given.
type Field struct {
	Name string `json:"field"`
	Base string `json:"base"`
	Head string `json:"head"`
}

// Move is the progress and state of an objective or key result on both
// sides, with the check-ins the change adds.
type Move struct {
	Kind     string    `json:"kind"` // "objective" or "key result"
	Cycle    string    `json:"cycle"`
	Ref      string    `json:"ref"`
	Title    string    `json:"title"`
	CheckIns []CheckIn `json:"check_ins"`
	Base     Point     `json:"base"`
	Head     Point     `json:"head"`

	order int
}

// Point is a progress and a state; Progress is nil without a number.
type Point struct {
	Progress *float64 `json:"progress"`
	State    string   `json:"state"`
}

// CheckIn is a check-in as the report shows it.
type CheckIn struct {
	Date       string   `json:"date"`
	Value      string   `json:"value,omitempty"`
	Confidence *float64 `json:"confidence,omitempty"`
	By         string   `json:"by,omitempty"`
	Note       string   `json:"note,omitempty"`
}

func (c CheckIn) String() string {
	if b := c.body(); b != "" {
		return c.Date + ": " + b
	}
	return c.Date
}

// body is the check-in without its date: "950 (confidence 0.7) by carl".
func (c CheckIn) body() string {
	var parts []string
	if c.Value != "" {
		parts = append(parts, c.Value)
	}
	if c.Confidence != nil {
		parts = append(parts, fmt.Sprintf("(confidence %s)", num(*c.Confidence)))
	}
	if c.By != "" {
		parts = append(parts, "by "+c.By)
	}
	if c.Note != "" {
		parts = append(parts, strconv.Quote(shorten(c.Note, 60)))
	}
	if len(parts) == 0 {
		return "empty"
	}
	return strings.Join(parts, " ")
}

// Compare compares two sides that were computed on the same as-of date.
func Compare(base, head *Side) *Report {
	r := &Report{
		AsOf:         head.Result.Numbers.AsOf,
		Base:         info(base),
		Head:         info(head),
		Objectives:   []ObjectiveChange{},
		KeyResults:   []KeyResultChange{},
		Progress:     []Move{},
		EasedTargets: []finding.Finding{},
	}
	c := &comparer{base: base, head: head, r: r, eased: health.LevelsOf(head.Result.Model)[health.EasedTarget]}
	c.cycleOrder()
	c.objectives()
	c.findings()
	c.sort()
	return r
}

func info(s *Side) SideInfo {
	in := SideInfo{Name: s.Name, Files: s.Result.Files, Empty: s.Empty, Errors: []finding.Finding{}, NotCompared: []string{}}
	if s.Empty {
		return in
	}
	for _, f := range s.Result.Findings {
		switch f.Severity {
		case finding.Error:
			in.Errors = append(in.Errors, f)
		case finding.Warning:
			in.Warnings++
		}
	}
	for rel := range s.broken {
		in.NotCompared = append(in.NotCompared, filepath.Join(s.Dir, filepath.FromSlash(rel)))
	}
	slices.Sort(in.NotCompared)
	return in
}

type comparer struct {
	base, head *Side
	r          *Report
	eased      finding.Severity
	cycles     map[string]int // cycle id -> display order
	// order is each objective's place: head file order, then the base's.
	order map[*compute.Objective]int
}

func (c *comparer) cycleOrder() {
	c.cycles = map[string]int{}
	for _, s := range []*Side{c.head, c.base} {
		for _, cy := range s.Result.Numbers.Cycles {
			if _, ok := c.cycles[cy.ID]; !ok {
				c.cycles[cy.ID] = len(c.cycles)
			}
		}
	}
}

type objKey struct{ cycle, team, id string }

func keyOf(o *compute.Objective) objKey { return objKey{o.Cycle, o.Team, o.ID} }

type objPair struct {
	base, head *compute.Objective
	change     string // "", Moved or Renamed
}

// objectives matches the objectives of both sides and reports each pair,
// and what is left on one side only.
func (c *comparer) objectives() {
	baseObjs := unique(c.base.Result.Numbers.Objectives)
	headObjs := unique(c.head.Result.Numbers.Objectives)
	var pairs []objPair
	matchedBase := map[*compute.Objective]bool{}
	matchedHead := map[*compute.Objective]bool{}
	pair := func(b, h *compute.Objective, change string) {
		pairs = append(pairs, objPair{b, h, change})
		matchedBase[b], matchedHead[h] = true, true
	}
	byKey := map[objKey]*compute.Objective{}
	for _, h := range headObjs {
		byKey[keyOf(h)] = h
	}
	for _, b := range baseObjs {
		if h := byKey[keyOf(b)]; h != nil {
			change := ""
			if c.base.rel(b.Doc.File) != c.head.rel(h.Doc.File) {
				change = Moved
			}
			pair(b, h, change)
		}
	}
	// The same id in another team of the same cycle: moved.
	sameID := func(a, b *compute.Objective) bool { return a.Cycle == b.Cycle && a.ID == b.ID }
	for _, b := range baseObjs {
		if h := uniqueMatch(b, baseObjs, headObjs, matchedBase, matchedHead, sameID); h != nil {
			pair(b, h, Moved)
		}
	}
	// Another id in the same team and cycle, with the same title: renamed.
	sameTitle := func(a, b *compute.Objective) bool {
		return a.Cycle == b.Cycle && a.Team == b.Team && a.Title != "" && a.Title == b.Title
	}
	for _, b := range baseObjs {
		if h := uniqueMatch(b, baseObjs, headObjs, matchedBase, matchedHead, sameTitle); h != nil {
			pair(b, h, Renamed)
		}
	}

	c.order = map[*compute.Objective]int{}
	for i, h := range headObjs {
		c.order[h] = i
	}
	for i, b := range baseObjs {
		c.order[b] = len(headObjs) + i
	}
	for _, h := range headObjs {
		if !matchedHead[h] && c.base.readable(c.head.rel(h.Doc.File)) {
			c.addObjective(Added, h)
		}
	}
	for _, b := range baseObjs {
		if !matchedBase[b] && c.head.readable(c.base.rel(b.Doc.File)) {
			c.addObjective(Removed, b)
		}
	}
	var krs krMatcher
	for _, p := range pairs {
		fields := objectiveFields(p.base, p.head)
		if p.change != "" || len(fields) > 0 {
			ch := c.addObjective(cmp.Or(p.change, Changed), p.head)
			ch.Fields = fields
			if p.change != "" {
				ch.From = &Origin{Ref: p.base.Ref(), File: p.base.Doc.File}
			}
		}
		krs.match(p)
	}
	krs.acrossObjectives()
	for _, p := range krs.pairs {
		c.keyResult(p)
	}
	for _, k := range krs.left(krs.baseLeft) {
		c.addKeyResult(Removed, k.kr, k.obj.head)
	}
	for _, k := range krs.left(krs.headLeft) {
		c.addKeyResult(Added, k.kr, k.obj.head)
	}
	for _, p := range pairs {
		c.objectiveMove(p)
	}
}

// unique drops repeated objectives (the validator reports them); the first wins.
func unique(objs []*compute.Objective) []*compute.Objective {
	seen := map[objKey]bool{}
	var out []*compute.Objective
	for _, o := range objs {
		if !seen[keyOf(o)] && o.Doc != nil {
			seen[keyOf(o)] = true
			out = append(out, o)
		}
	}
	return out
}

// uniqueMatch finds the one unmatched head item that is the same as b by
// same, when b is also the only unmatched base item that is the same as it:
// a guess must not be ambiguous.
func uniqueMatch[T comparable](b T, bases, heads []T, mb, mh map[T]bool, same func(a, b T) bool) T {
	var zero T
	if mb[b] {
		return zero
	}
	var found T
	n := 0
	for _, h := range heads {
		if !mh[h] && same(b, h) {
			found = h
			n++
		}
	}
	if n != 1 {
		return zero
	}
	for _, other := range bases {
		if other != b && !mb[other] && same(other, found) {
			return zero
		}
	}
	return found
}

func (c *comparer) addObjective(change string, o *compute.Objective) *ObjectiveChange {
	var carried string
	if change == Added && o.CarriedFrom != "" {
		change, carried = Carried, o.CarriedFrom
	}
	c.r.Objectives = append(c.r.Objectives, ObjectiveChange{
		CarriedFrom: carried,
		Change:      change, Cycle: o.Cycle, Team: o.Team, ID: o.ID, Title: mdtext.Plain(o.Title),
		File: o.Doc.File, Line: o.Pos("id").Line, KeyResults: len(o.KeyResults),
		order: c.order[o],
	})
	return &c.r.Objectives[len(c.r.Objectives)-1]
}

func objectiveFields(b, h *compute.Objective) []Field {
	var fs fields
	fs.add("title", b.Title, h.Title)
	fs.add("description", b.Description, h.Description)
	fs.add("owner", b.Owner, h.Owner)
	fs.add("commitment", b.EffectiveCommitment(), h.EffectiveCommitment())
	fs.add("status", b.EffectiveStatus(), h.EffectiveStatus())
	fs.add("reason", b.Reason, h.Reason)
	fs.add("weight", num(b.EffectiveWeight()), num(h.EffectiveWeight()))
	fs.add("aligns_to", strings.Join(b.AlignsTo, ", "), strings.Join(h.AlignsTo, ", "))
	fs.add("raci", raci(b.RACI), raci(h.RACI))
	fs.add("grade", numPtr(b.Objective.Grade), numPtr(h.Objective.Grade))
	fs.add("retrospective", b.Retrospective, h.Retrospective)
	fs.add("labels", strings.Join(b.Labels, ", "), strings.Join(h.Labels, ", "))
	return fs
}

type fields []Field

func (fs *fields) add(name, base, head string) {
	if base != head {
		*fs = append(*fs, Field{name, base, head})
	}
}

func raci(a *okr.Assignment) string {
	if a == nil {
		return ""
	}
	var parts []string
	for _, p := range []struct {
		letter string
		ids    []string
	}{{"R", a.Responsible}, {"A", []string{a.Accountable}}, {"C", a.Consulted}, {"I", a.Informed}} {
		if ids := slices.DeleteFunc(slices.Clone(p.ids), func(s string) bool { return s == "" }); len(ids) > 0 {
			parts = append(parts, p.letter+": "+strings.Join(ids, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

// krMatcher pairs the key results of paired objectives: by id, then by
// an unchanged title, type and target (renamed), then across objectives of
// the same cycle (moved).
type krMatcher struct {
	pairs              []krPair
	baseLeft, headLeft []krAt
	matched            map[*compute.KeyResult]bool
}

type krAt struct {
	kr  *compute.KeyResult
	obj objPair
}

type krPair struct {
	base, head *compute.KeyResult
	headObj    *compute.Objective
	change     string
}

func (m *krMatcher) match(p objPair) {
	if m.matched == nil {
		m.matched = map[*compute.KeyResult]bool{}
	}
	byID := map[string]*compute.KeyResult{}
	for _, h := range p.head.KeyResults {
		if _, dup := byID[h.ID]; !dup {
			byID[h.ID] = h
		}
	}
	// Key results that moved with their objective are not listed again.
	for _, b := range p.base.KeyResults {
		if h := byID[b.ID]; h != nil && !m.matched[h] && !m.matched[b] {
			m.pairs = append(m.pairs, krPair{b, h, p.head, ""})
			m.matched[b], m.matched[h] = true, true
		}
	}
	for _, b := range p.base.KeyResults {
		if h := uniqueMatch(b, p.base.KeyResults, p.head.KeyResults, m.matched, m.matched, sameMeasure); h != nil {
			m.pairs = append(m.pairs, krPair{b, h, p.head, Renamed})
			m.matched[b], m.matched[h] = true, true
		}
	}
	for _, b := range p.base.KeyResults {
		if !m.matched[b] {
			m.baseLeft = append(m.baseLeft, krAt{b, p})
		}
	}
	for _, h := range p.head.KeyResults {
		if !m.matched[h] {
			m.headLeft = append(m.headLeft, krAt{h, p})
		}
	}
}

// sameMeasure tells whether two key results measure the same thing: same
// title, type and target.
func sameMeasure(a, b *compute.KeyResult) bool {
	return a.Title != "" && a.Title == b.Title && a.EffectiveType() == b.EffectiveType() && numPtr(a.Target) == numPtr(b.Target)
}

func (m *krMatcher) acrossObjectives() {
	bases := make([]*compute.KeyResult, len(m.baseLeft))
	heads := make([]*compute.KeyResult, len(m.headLeft))
	for i, k := range m.baseLeft {
		bases[i] = k.kr
	}
	for i, k := range m.headLeft {
		heads[i] = k.kr
	}
	cycle := func(k *compute.KeyResult) string { return k.Objective.Cycle }
	rules := []func(a, b *compute.KeyResult) bool{
		func(a, b *compute.KeyResult) bool { return cycle(a) == cycle(b) && a.ID == b.ID && a.Title == b.Title },
		func(a, b *compute.KeyResult) bool { return cycle(a) == cycle(b) && sameMeasure(a, b) },
	}
	for _, same := range rules {
		for _, b := range bases {
			if h := uniqueMatch(b, bases, heads, m.matched, m.matched, same); h != nil {
				m.pairs = append(m.pairs, krPair{b, h, m.headLeft[slices.Index(heads, h)].obj.head, Moved})
				m.matched[b], m.matched[h] = true, true
			}
		}
	}
}

func (m *krMatcher) left(list []krAt) []krAt {
	var out []krAt
	for _, k := range list {
		if !m.matched[k.kr] {
			out = append(out, k)
		}
	}
	return out
}

func krRef(k *compute.KeyResult) string { return k.Objective.Ref() + "/" + k.ID }

// krOrder places a key result after its objective (on the head side),
// in file order; a removed one after those.
func (c *comparer) krOrder(k *compute.KeyResult, headObj *compute.Objective) int {
	i := slices.Index(headObj.KeyResults, k)
	if i < 0 {
		i = 500
	}
	return c.order[headObj]*1000 + 1 + i
}

func (c *comparer) addKeyResult(change string, k *compute.KeyResult, headObj *compute.Objective) *KeyResultChange {
	ch := KeyResultChange{Change: change, Cycle: k.Objective.Cycle, Ref: krRef(k), Title: mdtext.Plain(k.Title), File: k.Doc.File, Line: k.Pos("id").Line, order: c.krOrder(k, headObj)}
	c.r.KeyResults = append(c.r.KeyResults, ch)
	return &c.r.KeyResults[len(c.r.KeyResults)-1]
}

// keyResult reports a pair of key results: fields, eased target,
// check-ins and the move of progress and state.
func (c *comparer) keyResult(p krPair) {
	fs := krFields(p.base, p.head)
	added, removed := c.checkIns(p.base, p.head)
	// A check-in of the same day on both sides was edited (by the same
	// author, when the day has several).
	var edited []Field
	for i := 0; i < len(removed); i++ {
		r := removed[i]
		j := slices.IndexFunc(added, func(a *okr.CheckIn) bool { return a.Date == r.Date && a.By == r.By })
		if j < 0 {
			j = slices.IndexFunc(added, func(a *okr.CheckIn) bool { return a.Date == r.Date })
		}
		if j < 0 {
			continue
		}
		edited = append(edited, Field{"check-in " + r.Date.String(), checkInOf(r).body(), checkInOf(added[j]).body()})
		removed = slices.Delete(removed, i, i+1)
		added = slices.Delete(added, j, j+1)
		i--
	}
	fs = append(fs, edited...)
	for _, ci := range removed {
		fs = append(fs, Field{"check-in " + ci.Date.String(), checkInOf(ci).body(), ""})
	}
	if p.change != "" || len(fs) > 0 {
		ch := c.addKeyResult(cmp.Or(p.change, Changed), p.head, p.headObj)
		if p.change != "" {
			ch.From = &Origin{Ref: krRef(p.base), File: p.base.Doc.File}
		}
		ch.Fields = fs
	}
	c.easedTarget(p.base, p.head)

	bp, hp := Point{&p.base.Progress, p.base.State}, Point{&p.head.Progress, p.head.State}
	if len(added) > 0 || !samePoint(bp, hp) {
		mv := Move{Kind: "key result", Cycle: p.head.Objective.Cycle, Ref: krRef(p.head), Title: mdtext.Plain(p.head.Title), CheckIns: []CheckIn{}, Base: bp, Head: hp,
			order: c.krOrder(p.head, p.headObj)}
		for _, ci := range added {
			mv.CheckIns = append(mv.CheckIns, checkInOf(ci))
		}
		c.r.Progress = append(c.r.Progress, mv)
	}
}

func (c *comparer) objectiveMove(p objPair) {
	bp, hp := Point{p.base.Progress, p.base.State}, Point{p.head.Progress, p.head.State}
	if samePoint(bp, hp) {
		return
	}
	c.r.Progress = append(c.r.Progress, Move{Kind: "objective", Cycle: p.head.Cycle, Ref: p.head.Ref(), Title: mdtext.Plain(p.head.Title), CheckIns: []CheckIn{}, Base: bp, Head: hp,
		order: c.order[p.head] * 1000})
}

func samePoint(a, b Point) bool {
	if a.State != b.State || (a.Progress == nil) != (b.Progress == nil) {
		return false
	}
	return a.Progress == nil || math.Abs(*a.Progress-*b.Progress) < 1e-9
}

func krFields(b, h *compute.KeyResult) []Field {
	var fs fields
	fs.add("title", b.Title, h.Title)
	fs.add("description", b.Description, h.Description)
	fs.add("owner", b.EffectiveOwner(), h.EffectiveOwner())
	fs.add("type", b.EffectiveType(), h.EffectiveType())
	// As written: a start the first check-in gives is not an edit.
	fs.add("start", numPtr(b.KeyResult.Start), numPtr(h.KeyResult.Start))
	fs.add("target", numPtr(b.KeyResult.Target), numPtr(h.KeyResult.Target))
	fs.add("change", b.Change.Text, h.Change.Text)
	fs.add("keep", b.Keep, h.Keep)
	fs.add("unit", b.Unit, h.Unit)
	fs.add("weight", num(b.EffectiveWeight()), num(h.EffectiveWeight()))
	fs.add("score", numPtr(b.Score), numPtr(h.Score))
	fs.add("labels", strings.Join(b.Labels, ", "), strings.Join(h.Labels, ", "))
	fs = append(fs, milestoneFields(b.Milestones, h.Milestones)...)
	return fs
}

func milestoneFields(b, h []*okr.Milestone) []Field {
	var fs fields
	byTitle := map[string]*okr.Milestone{}
	for _, m := range b {
		byTitle[m.Title] = m
	}
	seen := map[string]bool{}
	for _, m := range h {
		seen[m.Title] = true
		old := byTitle[m.Title]
		if old == nil {
			fs.add("milestone "+strconv.Quote(m.Title), "", milestone(m))
			continue
		}
		fs.add("milestone "+strconv.Quote(m.Title), milestone(old), milestone(m))
	}
	for _, m := range b {
		if !seen[m.Title] {
			fs.add("milestone "+strconv.Quote(m.Title), milestone(m), "")
		}
	}
	return fs
}

func milestone(m *okr.Milestone) string {
	s := "open"
	if !m.Done.IsZero() {
		s = "done " + m.Done.String()
	}
	if m.EffectiveWeight() != 1 {
		s += ", weight " + num(m.EffectiveWeight())
	}
	return s
}

// checkIns returns the check-ins only on the head side and only on the
// base side, leaving out those in files that did not load on the other.
func (c *comparer) checkIns(b, h *compute.KeyResult) (added, removed []*okr.CheckIn) {
	return c.onlyIn(h.CheckIns, b.CheckIns, c.head, c.base), c.onlyIn(b.CheckIns, h.CheckIns, c.base, c.head)
}

// onlyIn is the check-ins of list that other does not have, as a multiset.
func (c *comparer) onlyIn(list, other []*okr.CheckIn, side, otherSide *Side) []*okr.CheckIn {
	have := map[string]int{}
	for _, ci := range other {
		have[checkInKey(ci)]++
	}
	var out []*okr.CheckIn
	for _, ci := range list {
		if k := checkInKey(ci); have[k] > 0 {
			have[k]--
			continue
		}
		if otherSide.readable(side.rel(ci.Doc.File)) {
			out = append(out, ci)
		}
	}
	return out
}

func checkInKey(ci *okr.CheckIn) string {
	c := checkInOf(ci)
	return strings.Join([]string{c.Date, c.Value, numPtr(c.Confidence), c.By, c.Note}, "\x00")
}

func checkInOf(ci *okr.CheckIn) CheckIn {
	c := CheckIn{Date: ci.Date.String(), Confidence: ci.Confidence, By: ci.By, Note: ci.Note}
	switch {
	case ci.Value.Num != nil:
		c.Value = num(*ci.Value.Num)
	case ci.Value.Bool != nil:
		c.Value = strconv.FormatBool(*ci.Value.Bool)
	}
	return c
}

// easedTarget reports a target moved in the easier direction: a metric's
// target moved back towards its start, a threshold's bound relaxed.
func (c *comparer) easedTarget(b, h *compute.KeyResult) {
	if c.eased == finding.Off || c.eased == "" || b.Target == nil || h.Target == nil || *b.Target == *h.Target || b.EffectiveType() != h.EffectiveType() {
		return
	}
	bt, ht := *b.Target, *h.Target
	var why string
	switch b.EffectiveType() {
	case okr.TypeMetric:
		if b.Start == nil || *b.Start == bt {
			return
		}
		if up := bt > *b.Start; up && ht < bt {
			why = "higher is better"
		} else if !up && ht > bt {
			why = "lower is better"
		}
	case okr.TypeThreshold:
		if b.Keep != h.Keep {
			return
		}
		if b.Keep == "above" && ht < bt {
			why = "it is kept above"
		} else if b.Keep == "below" && ht > bt {
			why = "it is kept below"
		}
	}
	if why == "" {
		return
	}
	verb := "lowered"
	if ht > bt {
		verb = "raised"
	}
	unit := ""
	if h.Unit != "" {
		unit = " " + finding.Cut(h.Unit)
	}
	c.r.EasedTargets = append(c.r.EasedTargets, finding.Finding{
		Pos: h.Pos("target"), Severity: c.eased, Rule: health.EasedTarget,
		Message: fmt.Sprintf("target of %s %s from %s to %s%s, which is easier as %s; keep the target or say in the pull request why it changes", krRef(h), verb, num(bt), num(ht), unit, why),
	})
}

// findings compares the findings of both sides by rule, file and message,
// not by line: a finding that only moved down the file is the same one.
func (c *comparer) findings() {
	c.r.Introduced, c.r.Resolved = []finding.Finding{}, []finding.Finding{}
	list := func(s *Side) []finding.Finding {
		if s.Empty {
			return nil
		}
		return s.Result.Findings
	}
	baseCount := map[string]int{}
	for _, f := range list(c.base) {
		baseCount[c.base.findingKey(f)]++
	}
	headCount := map[string]int{}
	for _, f := range list(c.head) {
		k := c.head.findingKey(f)
		headCount[k]++
		if headCount[k] > baseCount[k] {
			c.r.Introduced = append(c.r.Introduced, f)
		}
	}
	seen := map[string]int{}
	for _, f := range list(c.base) {
		k := c.base.findingKey(f)
		seen[k]++
		if seen[k] > headCount[k] {
			c.r.Resolved = append(c.r.Resolved, f)
		}
	}
}

// lineNumbers and dates are left out when findings are matched across the
// two sides: a finding that only moved, or whose message names a newer
// date (a still-stale key result's last check-in), is the same finding,
// not one resolved and one introduced.
var (
	lineNumbers = regexp.MustCompile(`\blines? \d+|:\d+:\d+\b`)
	dates       = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
)

func (s *Side) findingKey(f finding.Finding) string {
	msg := strings.ReplaceAll(f.Message, s.Dir+string(filepath.Separator), "")
	msg = lineNumbers.ReplaceAllString(msg, "#")
	msg = dates.ReplaceAllString(msg, "#")
	return f.Rule + "\x00" + s.rel(f.File) + "\x00" + msg
}

// sort orders changes by cycle, team, then file order.
func (c *comparer) sort() {
	cyc := func(id string) int {
		if i, ok := c.cycles[id]; ok {
			return i
		}
		return len(c.cycles)
	}
	team := func(ref string) string { t, _, _ := strings.Cut(ref, "/"); return t }
	slices.SortStableFunc(c.r.Objectives, func(a, b ObjectiveChange) int {
		return cmp.Or(cmp.Compare(cyc(a.Cycle), cyc(b.Cycle)), cmp.Compare(a.Team, b.Team), cmp.Compare(a.order, b.order))
	})
	slices.SortStableFunc(c.r.KeyResults, func(a, b KeyResultChange) int {
		return cmp.Or(cmp.Compare(cyc(a.Cycle), cyc(b.Cycle)), cmp.Compare(team(a.Ref), team(b.Ref)), cmp.Compare(a.order, b.order))
	})
	slices.SortStableFunc(c.r.Progress, func(a, b Move) int {
		return cmp.Or(cmp.Compare(cyc(a.Cycle), cyc(b.Cycle)), cmp.Compare(team(a.Ref), team(b.Ref)), cmp.Compare(a.order, b.order))
	})
	finding.Sort(c.r.EasedTargets)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func numPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return num(*v)
}
