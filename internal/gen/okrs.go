package gen

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// The OKRs and CheckIns documents: one team's objectives for one quarter.

// byKind lists the key-result templates of each kind.
var byKind = func() (m [milestone + 1][]int) {
	for i, t := range krTemplates {
		m[t.kind] = append(m[t.kind], i)
	}
	return m
}()

// objPlan is what other teams can see of an objective before its file is
// written: its id and its key results' ids, which children align to.
type objPlan struct {
	tmpl int // index into objectiveTemplates
	krs  [krsPerObjective]int
}

type teamPlan [objectivesEach]objPlan

// plan picks every team's objectives and key results for quarter q.
func (o *org) plan(q int) []teamPlan {
	plans := make([]teamPlan, len(o.teams))
	for t := range plans {
		r := newRNG(o.cfg.Seed, 1, q, t)
		var picked []int
		for i := range plans[t] {
			p := &plans[t][i]
			p.tmpl = pickNew(r, len(objectiveTemplates), picked)
			picked = append(picked, p.tmpl)
			p.krs = pickKRs(r)
		}
	}
	return plans
}

// pickNew draws an index in [0, n) that is not in used.
func pickNew(r *rng, n int, used []int) int {
	for {
		if i := r.intn(n); !slices.Contains(used, i) {
			return i
		}
	}
}

// pickKRs mixes types: a metric going up, one going down, a threshold or
// a milestone, and a boolean, another metric or a milestone.
func pickKRs(r *rng) [krsPerObjective]int {
	kinds := [krsPerObjective]krKind{metricUp, metricDown, threshold, boolean}
	if r.chance(0.5) {
		kinds[2] = milestone
	}
	switch x := r.intn(10); {
	case x < 3:
		kinds[3] = metricUp
	case x < 6:
		kinds[3] = milestone
	}
	var ks [krsPerObjective]int
	for i, k := range kinds {
		list := byKind[k]
		for {
			if c := list[r.intn(len(list))]; !slices.Contains(ks[:i], c) {
				ks[i] = c
				break
			}
		}
	}
	return ks
}

// okrsFile is one team's OKRs for one quarter, drawn before it is written.
type okrsFile struct {
	o          *org
	q, t       int
	objectives []objective
	log        bool // check-ins go to a separate CheckIns document
	checkIns   int
}

type objective struct {
	id, title, description string
	owner                  int
	commitment             string // "" when left at its default
	status                 string // "" when left at its default
	reason                 string
	weight                 int // 0 when left at its default
	alignsTo               []string
	raci                   bool
	krs                    [krsPerObjective]keyResult
	grade                  float64 // < 0: none
	retrospective          string
}

type keyResult struct {
	t             *krTemplate
	title         string
	owner         int // -1: the objective's owner
	writeType     bool
	start, target float64
	weight        int
	milestones    []milestoneDone
	checkIns      []checkIn
}

type milestoneDone struct {
	title  string
	done   int // day; 0 when not done
	weight int
}

type checkIn struct {
	day    int
	value  float64
	yes    bool // the value of a boolean key result
	conf   float64
	note   string
	kr, by int
	obj    int
}

func (o *org) okrs(q, t int, plans []teamPlan) *okrsFile {
	r := newRNG(o.cfg.Seed, 2, q, t)
	c := &o.cycles[q]
	tm := &o.teams[t]
	f := &okrsFile{o: o, q: q, t: t, log: c.running && t%7 == 3}
	f.objectives = make([]objective, objectivesEach)
	for i := range f.objectives {
		ob := &f.objectives[i]
		plan := &plans[t][i]
		ot := &objectiveTemplates[plan.tmpl]
		ob.id, ob.title = ot.id, ot.title
		ob.owner = tm.members[i%len(tm.members)]
		if r.chance(0.5) {
			ob.description = descriptions[r.intn(len(descriptions))]
		}
		switch {
		case r.chance(0.4):
			ob.commitment = "committed"
		case r.chance(0.3):
			ob.commitment = "aspirational"
		}
		if r.chance(0.1) {
			ob.weight = 2
		}
		if tm.parent >= 0 {
			ob.alignsTo = o.alignment(r, plans[tm.parent], i, tm.parent)
		}
		ob.raci = r.chance(0.3)

		switch {
		case !c.running:
			ob.status = "closed"
		case tm.leaf && r.chance(0.03):
			ob.status, ob.reason = "dropped", dropReasons[r.intn(len(dropReasons))]
		case r.chance(0.5):
			ob.status = "active"
		}

		// How well the objective goes, shared by its key results.
		perf := r.between(0.3, 1.1)
		var sum, weights float64
		for k := range ob.krs {
			kr := &ob.krs[k]
			cutoff := c.end
			if c.running {
				cutoff = o.asOf
				if r.chance(0.025) {
					cutoff -= 21 // a neglected key result: stale-check-in
				}
			}
			f.keyResult(r, kr, &krTemplates[plan.krs[k]], perf, cutoff)
			for n := range kr.checkIns {
				ci := &kr.checkIns[n]
				ci.obj, ci.kr = i, k
				ci.by = kr.owner
				if ci.by < 0 {
					ci.by = ob.owner
				}
			}
			f.checkIns += len(kr.checkIns)
			w := float64(max(kr.weight, 1))
			sum += w * kr.progress()
			weights += w
		}
		ob.grade = -1
		if ob.status == "closed" {
			if r.chance(0.75) {
				ob.grade = round(sum/weights, 2)
			}
			ob.retrospective = retrospectives[r.intn(len(retrospectives))]
		}
	}
	return f
}

// alignment points objective i at one of the parent team's objectives,
// sometimes at one of its key results, sometimes at a second objective.
func (o *org) alignment(r *rng, parent teamPlan, i, parentTeam int) []string {
	pid := o.teams[parentTeam].id
	j := (i + r.intn(objectivesEach)) % objectivesEach
	ref := pid + "/" + objectiveTemplates[parent[j].tmpl].id
	if r.chance(0.15) {
		ref += "/" + krTemplates[parent[j].krs[r.intn(krsPerObjective)]].id
	}
	refs := []string{ref}
	if r.chance(0.1) {
		j2 := (j + 1 + r.intn(objectivesEach-1)) % objectivesEach
		refs = append(refs, pid+"/"+objectiveTemplates[parent[j2].tmpl].id)
	}
	return refs
}

// keyResult draws a key result of template t and its weekly check-ins up
// to cutoff. perf is how well the objective goes: 1 reaches the target.
func (f *okrsFile) keyResult(r *rng, kr *keyResult, t *krTemplate, perf float64, cutoff int) {
	c := &f.o.cycles[f.q]
	tm := &f.o.teams[f.t]
	*kr = keyResult{t: t, owner: -1}
	p := min(max(perf+r.between(-0.3, 0.3), 0.05), 1.3)
	if r.chance(0.4) {
		kr.owner = tm.members[r.intn(len(tm.members))]
	}
	if r.chance(0.15) {
		kr.weight = 2
	}
	kr.writeType = t.kind != metricUp && t.kind != metricDown || r.chance(0.5)
	switch t.kind {
	case metricUp, metricDown:
		kr.start = round(t.scale*r.between(0.6, 1.4), t.prec)
		kr.target = round(kr.start*r.between(t.lo, t.hi), t.prec)
		if t.max > 0 && kr.target > t.max {
			kr.target = t.max
		}
		if kr.target == kr.start { // kr-measurable: start must differ from target
			step := 1 / pow10[t.prec]
			if t.kind == metricDown {
				step = -step
			}
			kr.target = round(kr.start+step, t.prec)
		}
	case threshold:
		kr.target = t.scale
	}
	kr.title = t.title
	if strings.Contains(kr.title, "{") {
		v := kr.target
		if t.kind == threshold {
			v = t.scale
		}
		kr.title = strings.NewReplacer(
			"{start}", strconv.FormatFloat(kr.start, 'f', t.prec, 64),
			"{target}", strconv.FormatFloat(v, 'f', t.prec, 64),
		).Replace(kr.title)
	}

	if t.kind == milestone {
		n := len(t.milestones)
		kr.milestones = make([]milestoneDone, n)
		done := true
		for m := range kr.milestones {
			ms := &kr.milestones[m]
			ms.title = t.milestones[m]
			if m == n-1 && r.chance(0.5) {
				ms.weight = 2
			}
			planned := c.start + (m+1)*(c.end-c.start)/(n+1) + r.intn(7) - 3
			done = done && planned <= cutoff && r.chance(min(p, 1)*0.9+0.1)
			if done {
				ms.done = planned
			}
		}
	}

	flip := 1 << 30 // the week a boolean key result becomes true
	if t.kind == boolean && r.chance(min(p, 1)*0.8) {
		flip = 3 + r.intn(checkInsPerQ-3)
	}
	kr.checkIns = make([]checkIn, 0, checkInsPerQ)
	for w := range checkInsPerQ {
		day := min(c.start+7*w+3+r.intn(3), c.end)
		if day > cutoff {
			break
		}
		ci := checkIn{day: day}
		frac := float64(w+1) / checkInsPerQ
		switch t.kind {
		case metricUp, metricDown:
			v := kr.start + (kr.target-kr.start)*(p*frac+r.between(-0.05, 0.05))
			ci.value = round(clampValue(v, t.max), t.prec)
		case threshold:
			sign := 1.0
			if t.keep == "below" {
				sign = -1
			}
			v := t.scale + sign*t.spread*(r.between(-1, 0.7)+p-0.7)
			ci.value = round(clampValue(v, t.max), t.prec)
		case boolean:
			ci.yes = w >= flip
		}
		ci.conf = round(min(max(0.2+0.6*min(p, 1)+r.between(-0.15, 0.15), 0), 1), 1)
		if ci.yes {
			ci.conf = 1 // done
		}
		if r.chance(0.6) {
			ci.note = notes[r.intn(len(notes))]
		}
		kr.checkIns = append(kr.checkIns, ci)
	}
}

func clampValue(v, hi float64) float64 {
	v = max(v, 0)
	if hi > 0 {
		v = min(v, hi)
	}
	return v
}

// progress is the key result's progress after its last check-in, as
// compute defines it; the generator grades closed objectives with it.
func (kr *keyResult) progress() float64 {
	var last *checkIn
	if n := len(kr.checkIns); n > 0 {
		last = &kr.checkIns[n-1]
	}
	switch kr.t.kind {
	case metricUp, metricDown:
		v := kr.start
		if last != nil {
			v = last.value
		}
		return min(max((v-kr.start)/(kr.target-kr.start), 0), 1)
	case threshold:
		if last != nil && (kr.t.keep == "above" && last.value >= kr.target || kr.t.keep == "below" && last.value <= kr.target) {
			return 1
		}
	case boolean:
		if last != nil && last.yes {
			return 1
		}
	case milestone:
		var done, total float64
		for _, m := range kr.milestones {
			w := float64(max(m.weight, 1))
			total += w
			if m.done > 0 {
				done += w
			}
		}
		return done / total
	}
	return 0
}

func (f *okrsFile) writeOKRs(b *buf) {
	o := f.o
	tm := &o.teams[f.t]
	b.s("kind: OKRs\nteam: ", tm.id, "\ncycle: ", o.cycles[f.q].id, "\nobjectives:\n")
	for i := range f.objectives {
		ob := &f.objectives[i]
		b.s("  - id: ", ob.id, "\n    title: ")
		b.text(ob.title, false)
		b.s("\n")
		if ob.description != "" {
			b.s("    description: ")
			b.block(ob.description, 6)
		}
		b.s("    owner: ", o.person(ob.owner), "\n")
		if ob.commitment != "" {
			b.s("    commitment: ", ob.commitment, "\n")
		}
		if ob.status != "" {
			b.s("    status: ", ob.status, "\n")
		}
		if ob.reason != "" {
			b.s("    reason: ")
			b.text(ob.reason, false)
			b.s("\n")
		}
		if ob.weight != 0 {
			b.s("    weight: ")
			b.int(ob.weight)
			b.s("\n")
		}
		if len(ob.alignsTo) > 0 {
			b.s("    aligns_to: [", strings.Join(ob.alignsTo, ", "), "]\n")
		}
		if ob.raci {
			other := tm.members[(i+1)%len(tm.members)]
			b.s("    raci:\n      responsible: [", o.person(ob.owner), ", ", o.person(other), "]\n")
			b.s("      accountable: ", o.person(tm.lead()), "\n")
			if i%2 == 0 {
				b.s("      consulted: [coaches]\n")
			} else {
				b.s("      consulted: [", o.person(tm.coach), "]\n")
			}
			if tm.parent >= 0 && i != 1 {
				b.s("      informed: [", o.teams[tm.parent].id, "]\n")
			} else {
				b.s("      informed: [leadership, program-lead-office]\n")
			}
		}
		b.s("    key_results:\n")
		for k := range ob.krs {
			f.writeKR(b, &ob.krs[k])
		}
		if ob.grade >= 0 {
			b.s("    grade: ")
			b.num(ob.grade, 2)
			b.s("\n")
		}
		if ob.retrospective != "" {
			b.s("    retrospective: ")
			b.text(ob.retrospective, false)
			b.s("\n")
		}
	}
}

func (f *okrsFile) writeKR(b *buf, kr *keyResult) {
	o := f.o
	t := kr.t
	b.s("      - id: ", t.id, "\n        title: ")
	b.text(kr.title, false)
	b.s("\n")
	if kr.owner >= 0 {
		b.s("        owner: ", o.person(kr.owner), "\n")
	}
	if kr.writeType {
		b.s("        type: ", typeName[t.kind], "\n")
	}
	switch t.kind {
	case metricUp, metricDown:
		b.s("        start: ")
		b.num(kr.start, t.prec)
		b.s("\n        target: ")
		b.num(kr.target, t.prec)
		b.s("\n")
	case threshold:
		b.s("        keep: ", t.keep, "\n        target: ")
		b.num(kr.target, t.prec)
		b.s("\n")
	}
	if t.unit != "" {
		b.s("        unit: ")
		b.text(t.unit, false)
		b.s("\n")
	}
	if kr.weight != 0 {
		b.s("        weight: ")
		b.int(kr.weight)
		b.s("\n")
	}
	if len(kr.milestones) > 0 {
		b.s("        milestones:\n")
		for _, m := range kr.milestones {
			b.s("          - {title: ")
			b.text(m.title, true)
			if m.done > 0 {
				b.s(", done: ", o.date(m.done))
			}
			if m.weight != 0 {
				b.s(", weight: ")
				b.int(m.weight)
			}
			b.s("}\n")
		}
	}
	if f.log || len(kr.checkIns) == 0 {
		return
	}
	b.s("        check_ins:\n")
	for n := range kr.checkIns {
		b.s("          - {")
		f.writeCheckIn(b, kr, &kr.checkIns[n])
		b.s("}\n")
	}
}

var typeName = [...]string{metricUp: "metric", metricDown: "metric", threshold: "threshold", boolean: "boolean", milestone: "milestone"}

func (f *okrsFile) writeCheckIn(b *buf, kr *keyResult, ci *checkIn) {
	b.s("date: ", f.o.date(ci.day))
	switch kr.t.kind {
	case metricUp, metricDown, threshold:
		b.s(", value: ")
		b.num(ci.value, kr.t.prec)
	case boolean:
		b.s(", value: ", strconv.FormatBool(ci.yes))
	}
	b.s(", confidence: ")
	b.num(ci.conf, 1)
	b.s(", by: ", f.o.person(ci.by))
	if ci.note != "" {
		b.s(", note: ")
		b.text(ci.note, true)
	}
}

// writeLog writes the check-ins as an append-only CheckIns log, in date
// order across key results, the way `okrs check-in` appends them.
func (f *okrsFile) writeLog(b *buf) {
	var all []*checkIn
	for i := range f.objectives {
		for k := range f.objectives[i].krs {
			for n := range f.objectives[i].krs[k].checkIns {
				all = append(all, &f.objectives[i].krs[k].checkIns[n])
			}
		}
	}
	slices.SortStableFunc(all, func(a, b *checkIn) int { return cmp.Compare(a.day, b.day) })
	b.s("kind: CheckIns\nteam: ", f.o.teams[f.t].id, "\ncycle: ", f.o.cycles[f.q].id, "\ncheck_ins:")
	if len(all) == 0 {
		b.s(" []")
	}
	b.s("\n")
	for _, ci := range all {
		ob := &f.objectives[ci.obj]
		kr := &ob.krs[ci.kr]
		b.s("  - {kr: ", ob.id, "/", kr.t.id, ", ")
		f.writeCheckIn(b, kr, ci)
		b.s("}\n")
	}
}
