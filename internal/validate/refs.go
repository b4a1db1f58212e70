package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/schema"
)

// RuleRef is the rule id of reference and consistency findings.
const RuleRef = "reference"

// refs checks that everything the files refer to exists and that the
// model is consistent: ids unique in their scope, no loops, one OKRs
// document per team and cycle, dates inside their cycle.
type refs struct {
	m        *okr.Model
	out      []finding.Finding
	people   map[string]*okr.Person
	teams    map[string]*okr.Team
	cycles   map[string]*okr.Cycle
	coaches  map[string]bool
	okrs     map[[2]string]*okr.OKRs // team, cycle
	objs     map[string]*okr.Objective
	teamIDs  []string
	peopleID []string
	broken   map[*load.Document]bool
	// unreadable is set when a data file could not be loaded: an id it
	// defines looks unknown, so "unknown" findings wait until it reads.
	unreadable bool
}

func (r *refs) add(pos finding.Pos, format string, args ...any) {
	r.out = append(r.out, finding.Finding{Pos: pos, Severity: finding.Error, Rule: RuleRef, Message: finding.Msg(format, args...)})
}

func checkReferences(m *okr.Model, dir string, orgDocs int, broken map[*load.Document]bool, unreadable bool) []finding.Finding {
	r := &refs{
		broken:     broken,
		unreadable: unreadable,
		m:          m,
		people:     map[string]*okr.Person{},
		teams:      map[string]*okr.Team{},
		cycles:     map[string]*okr.Cycle{},
		coaches:    map[string]bool{},
		okrs:       map[[2]string]*okr.OKRs{},
		objs:       map[string]*okr.Objective{},
	}
	r.organization(dir, orgDocs)
	r.teamTree()
	r.objectives()
	r.checkInLogs()
	r.raciMatrices()
	return r.out
}

func (r *refs) organization(dir string, orgDocs int) {
	o := r.m.Org
	if o == nil {
		if orgDocs == 0 && !r.unreadable { // it may be in what could not be read
			r.add(finding.Pos{File: dir, Line: 1, Col: 1}, "no Organization document found; add org.yaml with kind: Organization, its cycles and people")
		}
		return
	}
	for _, p := range o.People {
		if prev, dup := r.people[p.ID]; dup && p.ID != "" {
			r.add(p.Pos("id"), "person id %q is used twice (first at line %d); ids must be unique", p.ID, prev.Pos().Line)
			continue
		}
		if slices.Contains(okr.Roles, p.ID) {
			r.add(p.Pos("id"), "person id %q is a reserved role id; choose another id", p.ID)
		}
		r.people[p.ID] = p
		r.peopleID = append(r.peopleID, p.ID)
	}
	for _, c := range o.Cycles {
		if prev, dup := r.cycles[c.ID]; dup && c.ID != "" {
			r.add(c.Pos("id"), "cycle id %q is used twice (first at line %d); ids must be unique", c.ID, prev.Pos().Line)
			continue
		}
		r.cycles[c.ID] = c
	}
	for _, c := range o.Cycles {
		r.cycleDates(c)
	}
	r.cycleParents()

	roles := o.Source
	for i, id := range o.Roles.ProgramLeadOffice {
		r.person(posOf(roles, "roles", "program_lead_office", fmt.Sprint(i)), id, "program lead office member")
	}
	if o.Roles.ExecutiveSponsor != "" {
		r.person(posOf(roles, "roles", "executive_sponsor"), o.Roles.ExecutiveSponsor, "executive sponsor")
	}
	for i, id := range o.Roles.Coaches {
		r.person(posOf(roles, "roles", "coaches", fmt.Sprint(i)), id, "coach")
		r.coaches[id] = true
	}
	for i, id := range o.Roles.Leadership {
		r.person(posOf(roles, "roles", "leadership", fmt.Sprint(i)), id, "leadership member")
	}
}

func (r *refs) cycleDates(c *okr.Cycle) {
	if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
		r.add(c.Pos("end"), "cycle %s ends (%s) before it starts (%s); swap the dates", c.ID, c.End, c.Start)
	}
	ev := []struct {
		name string
		d    okr.Date
	}{{"drafting", c.Events.Drafting}, {"alignment", c.Events.Alignment}, {"review", c.Events.Review}, {"retrospective", c.Events.Retrospective}}
	var prev string
	var prevDate okr.Date
	for _, e := range ev {
		if e.d.IsZero() {
			continue
		}
		if !prevDate.IsZero() && e.d.Before(prevDate) {
			r.add(c.Pos("events", e.name), "cycle %s: %s (%s) comes before %s (%s); events run drafting, alignment, review, retrospective", c.ID, e.name, e.d, prev, prevDate)
		}
		prev, prevDate = e.name, e.d
	}
}

func (r *refs) cycleParents() {
	for _, c := range r.m.Org.Cycles {
		if c.Parent == "" {
			continue
		}
		p, ok := r.cycles[c.Parent]
		if !ok {
			r.add(c.Pos("parent"), "unknown parent cycle %q%s", c.Parent, didYouMean(c.Parent, keys(r.cycles)))
			continue
		}
		if !p.Start.IsZero() && !c.Start.IsZero() && (c.Start.Before(p.Start) || p.End.Before(c.End)) {
			r.add(c.Pos("parent"), "cycle %s (%s to %s) is not inside its parent %s (%s to %s)", c.ID, c.Start, c.End, p.ID, p.Start, p.End)
		}
		// Walk up; a loop would come back to c.
		seen := map[string]bool{c.ID: true}
		for q := p; q != nil && q.Parent != ""; q = r.cycles[q.Parent] {
			if seen[q.Parent] {
				r.add(c.Pos("parent"), "cycle %s is its own ancestor through parent %s; remove the loop", c.ID, c.Parent)
				break
			}
			seen[q.ID] = true
		}
	}
}

// person checks a reference to a person.
// posOf is where a value is, found only when a finding needs it: looking
// up a position costs more than checking most references.
func posOf(src okr.Source, path ...string) func() finding.Pos {
	return func() finding.Pos { return src.Pos(path...) }
}

func (r *refs) person(pos func() finding.Pos, id, what string) {
	if id == "" {
		return
	}
	if _, ok := r.people[id]; ok {
		return
	}
	if r.m.Org == nil || r.unreadable {
		return // no people to check against, or they may be in the unreadable file
	}
	if _, isTeam := r.teams[id]; isTeam {
		r.add(pos(), "%s %q is a team; name a person from people in the Organization", what, id)
		return
	}
	r.add(pos(), "unknown person %q as %s%s; add them to people in the Organization or fix the id", id, what, didYouMean(id, r.peopleID))
}

// owner checks the owner of an objective or key result: a person or a team.
func (r *refs) owner(pos func() finding.Pos, id, what string) {
	if _, isTeam := r.teams[id]; id == "" || isTeam {
		return
	}
	if _, ok := r.people[id]; ok || r.m.Org == nil || r.unreadable {
		return
	}
	r.add(pos(), "%s %q is neither a person nor a team%s; add them to people in the Organization, or name a person or a team", what, id, didYouMean(id, slices.Concat(r.peopleID, r.teamIDs)))
}

// party checks a RACI party: a person, a team or a reserved role.
func (r *refs) party(pos finding.Pos, id string) {
	if id == "" || slices.Contains(okr.Roles, id) {
		return
	}
	if _, ok := r.people[id]; ok {
		return
	}
	if _, ok := r.teams[id]; ok {
		return
	}
	if r.m.Org == nil || r.unreadable {
		return
	}
	options := slices.Concat(r.peopleID, r.teamIDs, okr.Roles)
	r.add(pos, "unknown RACI party %q: use a person id, a team id or one of %s%s", id, strings.Join(okr.Roles, ", "), didYouMean(id, options))
}

func (r *refs) assignment(src okr.Source, prefix []string, a okr.Assignment) {
	at := func(path ...string) finding.Pos { return src.Pos(append(slices.Clone(prefix), path...)...) }
	for _, l := range []struct {
		name string
		ids  []string
	}{{"responsible", a.Responsible}, {"consulted", a.Consulted}, {"informed", a.Informed}} {
		for i, id := range l.ids {
			r.party(at(l.name, fmt.Sprint(i)), id)
		}
	}
	r.party(at("accountable"), a.Accountable)
}

func (r *refs) teamTree() {
	for _, t := range r.m.Teams {
		if prev, dup := r.teams[t.ID]; dup && t.ID != "" {
			r.add(t.Pos("id"), "team id %q is used twice (first in %s); ids must be unique", t.ID, prev.Pos())
			continue
		}
		if _, clash := r.people[t.ID]; clash {
			r.add(t.Pos("id"), "team id %q is also a person's id; people and teams share one namespace, so rename one", t.ID)
		}
		if slices.Contains(okr.Roles, t.ID) {
			r.add(t.Pos("id"), "team id %q is a reserved role id; choose another id", t.ID)
		}
		r.teams[t.ID] = t
		r.teamIDs = append(r.teamIDs, t.ID)
	}
	for _, t := range r.m.Teams {
		if t.Parent != "" && !r.unreadable {
			if _, ok := r.teams[t.Parent]; !ok {
				r.add(t.Pos("parent"), "unknown parent team %q%s", t.Parent, didYouMean(t.Parent, r.teamIDs))
			}
		}
		r.person(posOf(t.Source, "lead"), t.Lead, "team lead")
		if t.Coach != "" {
			r.person(posOf(t.Source, "coach"), t.Coach, "coach")
			if _, ok := r.people[t.Coach]; ok && !r.coaches[t.Coach] && r.m.Org != nil {
				r.add(t.Pos("coach"), "%q is not a coach; add them to roles.coaches in the Organization or choose a coach", t.Coach)
			}
		}
		for i, id := range t.Members {
			r.person(posOf(t.Source, "members", fmt.Sprint(i)), id, "member")
		}
	}
	// Loops in the tree: walk up from every team. A team is reported when
	// the walk comes back to it; a team below a loop is not in it, and the
	// loop's members are reported on their own.
	for _, t := range r.m.Teams {
		seen := map[string]bool{}
		for q := t; q != nil && q.Parent != ""; q = r.teams[q.Parent] {
			if q.Parent == t.ID {
				r.add(t.Pos("parent"), "team %s is its own ancestor (%s); the teams must form a tree", t.ID, loopPath(r.teams, t.ID))
				break
			}
			if seen[q.ID] {
				break // a loop above t, not through it
			}
			seen[q.ID] = true
		}
	}
}

func loopPath(teams map[string]*okr.Team, start string) string {
	path := []string{start}
	for id := teams[start].Parent; id != "" && len(path) < 64; id = teams[id].Parent {
		path = append(path, id)
		if id == start || teams[id] == nil {
			break
		}
	}
	return strings.Join(path, " -> ")
}

func (r *refs) objectives() {
	for _, doc := range r.m.OKRs {
		key := [2]string{doc.Team, doc.Cycle}
		if _, ok := r.teams[doc.Team]; !ok && doc.Team != "" && !r.unreadable {
			r.add(doc.Pos("team"), "unknown team %q%s; add teams/%s.yaml or fix the id", doc.Team, didYouMean(doc.Team, r.teamIDs), doc.Team)
		}
		if _, ok := r.cycles[doc.Cycle]; !ok && doc.Cycle != "" && r.m.Org != nil {
			r.add(doc.Pos("cycle"), "unknown cycle %q%s; add it to cycles in the Organization or fix the id", doc.Cycle, didYouMean(doc.Cycle, keys(r.cycles)))
		}
		if prev, dup := r.okrs[key]; dup {
			r.add(doc.Pos(), "a second OKRs document for team %s in cycle %s (the first is %s); keep one per team and cycle", doc.Team, doc.Cycle, prev.Pos())
			continue
		}
		r.okrs[key] = doc
		seen := map[string]*okr.Objective{}
		for _, o := range doc.Objectives {
			if prev, dup := seen[o.ID]; dup && o.ID != "" {
				r.add(o.Pos("id"), "objective id %q is used twice in this cycle (first at line %d)", o.ID, prev.Pos().Line)
				continue
			}
			seen[o.ID] = o
			r.objs[doc.Cycle+"|"+o.Ref()] = o
		}
	}
	for _, doc := range r.m.OKRs {
		c := r.cycles[doc.Cycle]
		for _, o := range doc.Objectives {
			r.objective(o, c)
		}
	}
	r.alignmentLoops()
}

func (r *refs) objective(o *okr.Objective, c *okr.Cycle) {
	r.owner(posOf(o.Source, "owner"), o.Owner, "objective owner")
	for i, ref := range o.AlignsTo {
		if c == nil || r.unreadable {
			break // the unknown cycle, or the unreadable file, is the finding
		}
		if ref == o.Ref() {
			r.add(o.Pos("aligns_to", fmt.Sprint(i)), "objective %s aligns to itself; align it to a parent team's objective", ref)
			continue
		}
		if r.resolveAlignment(o.Cycle, ref) == nil && !r.brokenTarget(o.Cycle, ref) {
			r.add(o.Pos("aligns_to", fmt.Sprint(i)), "aligns_to %q: no such objective or key result in cycle %s or its parent cycles%s", ref, o.Cycle, didYouMean(ref, r.objectiveRefs(o.Cycle)))
		}
	}
	if o.CarriedFrom != "" && !r.unreadable {
		r.carriedFrom(o)
	}
	if o.RACI != nil {
		r.assignment(o.Source, []string{"raci"}, *o.RACI)
	}
	seen := map[string]*okr.KeyResult{}
	for _, kr := range o.KeyResults {
		if prev, dup := seen[kr.ID]; dup && kr.ID != "" {
			r.add(kr.Pos("id"), "key result id %q is used twice in objective %s (first at line %d)", kr.ID, o.ID, prev.Pos().Line)
		}
		seen[kr.ID] = kr
		r.owner(posOf(kr.Source, "owner"), kr.Owner, "key result owner")
		for _, ci := range kr.CheckIns {
			r.checkIn(ci, c)
		}
	}
}

// carriedFrom checks that an objective continues one of another cycle
// that exists.
func (r *refs) carriedFrom(o *okr.Objective) {
	cycle, ref, _ := strings.Cut(o.CarriedFrom, "/")
	if strings.Count(o.CarriedFrom, "/") != 2 {
		return // not cycle/team/objective: the schema's finding
	}
	pos := o.Pos("carried_from")
	switch {
	case cycle == o.Cycle:
		r.add(pos, "carried_from %q names this objective's own cycle; it names the cycle the objective came from", o.CarriedFrom)
	case r.cycles[cycle] == nil:
		r.add(pos, "carried_from %q: no cycle %s%s", o.CarriedFrom, cycle, orFix(didYouMean(cycle, keys(r.cycles))))
	case r.objs[cycle+"|"+ref] == nil:
		r.add(pos, "carried_from %q: no objective %s in cycle %s%s", o.CarriedFrom, ref, cycle, orFix(didYouMean(ref, r.objectiveRefs(cycle))))
	}
}

// orFix is a carried_from's suggestion, or what to change when nothing
// comes near.
func orFix(suggestion string) string {
	if suggestion != "" {
		return suggestion
	}
	return "; name the objective it continues as cycle/team/objective, or remove carried_from"
}

// resolveAlignment finds the objective an aligns_to reference names: an
// objective (team/objective) or a key result's objective
// (team/objective/kr), in the same cycle or in one that contains it.
func (r *refs) resolveAlignment(cycle, ref string) *okr.Objective {
	parts := strings.Split(ref, "/")
	if len(parts) < 2 {
		return nil
	}
	objRef := parts[0] + "/" + parts[1]
	for c := cycle; c != ""; {
		if o, ok := r.objs[c+"|"+objRef]; ok {
			if len(parts) == 3 && !slices.ContainsFunc(o.KeyResults, func(k *okr.KeyResult) bool { return k.ID == parts[2] }) {
				return nil
			}
			return o
		}
		cy, ok := r.cycles[c]
		if !ok {
			break
		}
		c = cy.Parent
	}
	return nil
}

// brokenTarget tells whether an unresolved alignment may point into a
// document that failed the schema, where the objective may well exist.
func (r *refs) brokenTarget(cycle, ref string) bool {
	team, _, _ := strings.Cut(ref, "/")
	for _, doc := range r.m.OKRs {
		if doc.Team == team && r.broken[doc.Doc] {
			return true
		}
	}
	return false
}

func (r *refs) objectiveRefs(cycle string) []string {
	var out []string
	for k := range r.objs {
		if c, ref, _ := strings.Cut(k, "|"); c == cycle {
			out = append(out, ref)
		}
	}
	slices.Sort(out)
	return out
}

func (r *refs) alignmentLoops() {
	// Depth-first search over "aligns to" edges; a back edge is a loop.
	const (
		unvisited = iota
		active
		done
	)
	state := map[*okr.Objective]int{}
	var visit func(o *okr.Objective, path []string) bool
	visit = func(o *okr.Objective, path []string) bool {
		state[o] = active
		path = append(path, o.Ref())
		for i, ref := range o.AlignsTo {
			next := r.resolveAlignment(o.Cycle, ref)
			if next == nil || next == o {
				continue
			}
			switch state[next] {
			case active:
				r.add(o.Pos("aligns_to", fmt.Sprint(i)), "alignment loop: %s -> %s; an objective cannot align to one that aligns to it", strings.Join(path, " -> "), next.Ref())
				return true
			case unvisited:
				if visit(next, path) {
					state[o] = done
					return true
				}
			}
		}
		state[o] = done
		return false
	}
	for _, doc := range r.m.OKRs {
		for _, o := range doc.Objectives {
			if state[o] == unvisited {
				visit(o, nil)
			}
		}
	}
}

func (r *refs) checkIn(ci *okr.CheckIn, c *okr.Cycle) {
	r.person(posOf(ci.Source, "by"), ci.By, "check-in author")
	if c == nil || ci.Date.IsZero() || c.Start.IsZero() || c.End.IsZero() || c.End.Before(c.Start) {
		return
	}
	if ci.Date.Before(c.Start) || ci.Date.After(c.End) {
		r.add(ci.Pos("date"), "check-in date %s is outside cycle %s (%s to %s); move it into the cycle or to the right cycle's file", ci.Date, c.ID, c.Start, c.End)
	}
}

func (r *refs) checkInLogs() {
	for _, log := range r.m.CheckIns {
		if _, ok := r.teams[log.Team]; !ok && log.Team != "" && !r.unreadable {
			r.add(log.Pos("team"), "unknown team %q%s", log.Team, didYouMean(log.Team, r.teamIDs))
		}
		c, ok := r.cycles[log.Cycle]
		if !ok && log.Cycle != "" && r.m.Org != nil {
			r.add(log.Pos("cycle"), "unknown cycle %q%s", log.Cycle, didYouMean(log.Cycle, keys(r.cycles)))
		}
		doc := r.okrs[[2]string{log.Team, log.Cycle}]
		if doc == nil && ok {
			r.add(log.Pos(), "team %s has no OKRs for cycle %s, so these check-ins have no key results to belong to", log.Team, log.Cycle)
		}
		for _, ci := range log.CheckIns {
			r.checkIn(ci, c)
			if doc == nil {
				continue
			}
			kr := findKR(doc, ci.KR)
			if kr == nil && r.broken[doc.Doc] {
				continue // the schema error in that file says why
			}
			if kr == nil {
				r.add(ci.Pos("kr"), "kr %q: no such key result in %s's OKRs for %s; write objective/kr%s", ci.KR, log.Team, log.Cycle, didYouMean(ci.KR, krRefs(doc)))
				continue
			}
			if !r.broken[log.Doc] {
				r.checkInValue(ci, kr) // else the schema already said what is wrong
			}
		}
	}
}

// checkInValue checks a logged check-in's value against its key result's
// type; the schema cannot, as the type is written in another file.
func (r *refs) checkInValue(ci *okr.CheckIn, kr *okr.KeyResult) {
	switch kr.EffectiveType() {
	case okr.TypeMetric, okr.TypeThreshold:
		if ci.Value.Num == nil {
			r.add(ci.Pos("value"), "check-in of %s key result %s needs a number as value", kr.EffectiveType(), ci.KR)
		}
	case okr.TypeBoolean:
		if ci.Value.Bool == nil {
			r.add(ci.Pos("value"), "check-in of boolean key result %s needs value: true or false", ci.KR)
		}
	case okr.TypeMilestone:
		if !ci.Value.IsZero() {
			r.add(ci.Pos("value"), "check-in of milestone key result %s has no value: mark its milestones done instead", ci.KR)
		}
	}
}

func findKR(doc *okr.OKRs, ref string) *okr.KeyResult {
	obj, kr, ok := strings.Cut(ref, "/")
	if !ok {
		return nil
	}
	for _, o := range doc.Objectives {
		if o.ID != obj {
			continue
		}
		for _, k := range o.KeyResults {
			if k.ID == kr {
				return k
			}
		}
	}
	return nil
}

func krRefs(doc *okr.OKRs) []string {
	var out []string
	for _, o := range doc.Objectives {
		for _, k := range o.KeyResults {
			out = append(out, o.ID+"/"+k.ID)
		}
	}
	return out
}

func (r *refs) raciMatrices() {
	ids := map[string]*okr.RACI{}
	for _, m := range r.m.RACIs {
		if prev, dup := ids[m.ID]; dup && m.ID != "" {
			r.add(m.Pos("id"), "RACI id %q is used twice (first in %s)", m.ID, prev.Pos())
		}
		ids[m.ID] = m
		seen := map[string]bool{}
		for _, a := range m.Activities {
			if seen[a.ID] && a.ID != "" {
				r.add(a.Pos("id"), "activity id %q is used twice in RACI %s", a.ID, m.ID)
			}
			seen[a.ID] = true
			r.assignment(a.Source, nil, a.Assignment)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func didYouMean(s string, options []string) string {
	return schema.DidYouMean(s, slices.Clone(options))
}
