// Package health runs the OKR health checks: rules about how well the OKR
// practice is going (too many objectives, stale check-ins, missing grades,
// unstaffed rollout roles), each at a level the organization configures.
package health

import (
	"fmt"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Rule is one health check.
type Rule struct {
	ID      string
	Default finding.Severity
	Summary string // what a finding of this rule means, for docs and the health page
}

// Rule ids.
const (
	ObjectiveKRCount      = "objective-kr-count"
	TeamObjectiveCount    = "team-objective-count"
	KRMeasurable          = "kr-measurable"
	StaleCheckIn          = "stale-check-in"
	TeamWithoutCoach      = "team-without-coach"
	CoachLoad             = "coach-load"
	UnalignedObjective    = "unaligned-objective"
	DraftAfterAlignment   = "draft-after-alignment"
	CommittedMiss         = "committed-miss"
	MissingGrade          = "missing-grade"
	LeadershipWithoutOKRs = "leadership-without-okrs"
	RolloutRoles          = "rollout-roles"
	ConfidenceMismatch    = "confidence-mismatch"
	Sandbagging           = "sandbagging"
	EasedTarget           = "eased-target"
	ObjectiveOwner        = "objective-owner"
)

// Rules lists every health rule with its default level, in the order the
// spec's table gives them.
var Rules = []Rule{
	{ObjectiveKRCount, finding.Warning, "an objective has fewer than 2 or more than 5 key results"},
	{TeamObjectiveCount, finding.Warning, "a team has more than 3 objectives in a cycle (the root team: 5)"},
	{KRMeasurable, finding.Error, "a metric KR has start equal to target"},
	{StaleCheckIn, finding.Warning, "a KR of a running cycle has no check-in in 2 x cadence days"},
	{TeamWithoutCoach, finding.Warning, "a team with OKRs in a running cycle has no coach"},
	{CoachLoad, finding.Info, "a coach supports more than 8 teams"},
	{UnalignedObjective, finding.Info, "a non-root team's objective aligns to nothing"},
	{DraftAfterAlignment, finding.Warning, "an objective is still draft after its cycle's alignment date"},
	{CommittedMiss, finding.Warning, "a closed committed objective graded below 1.0 has no retrospective"},
	{MissingGrade, finding.Warning, "an objective of an ended cycle has no grade and is not closed"},
	{LeadershipWithoutOKRs, finding.Info, "a member of leadership owns no objective in a running cycle"},
	{RolloutRoles, finding.Warning, "the program lead office, coaches or executive sponsor are not staffed"},
	{ConfidenceMismatch, finding.Warning, "a metric or milestone KR's latest confidence is in the on-track band while its progress is more than 0.25 below expected"},
	{Sandbagging, finding.Info, "in an ended cycle, every aspirational objective of a team graded 1.0 or more"},
	{EasedTarget, finding.Warning, "(`okrs diff` only) a KR's target moved in the easier direction"},
	{ObjectiveOwner, finding.Warning, "an objective has no owner"},
}

// Limits the rules apply.
const (
	minKRs            = 2
	maxKRs            = 5
	maxObjectives     = 3
	maxRootObjectives = 5
	maxCoachTeams     = 8
)

// Levels is the configured level of every rule.
type Levels map[string]finding.Severity

// LevelsOf reads settings.health over the defaults. Unknown ids and levels
// are the schema's to report; they are ignored here.
func LevelsOf(m *okr.Model) Levels {
	l := Levels{}
	for _, r := range Rules {
		l[r.ID] = r.Default
	}
	if m.Org == nil {
		return l
	}
	for id, level := range m.Org.Settings.Health {
		if s, ok := finding.ParseSeverity(level); ok {
			if _, known := l[id]; known {
				l[id] = s
			}
		}
	}
	return l
}

// checker collects findings at their configured levels.
type checker struct {
	m      *okr.Model
	n      *compute.Result
	levels Levels
	// problems gives the JSON pointers of the schema's problems in a
	// document: the rules skip what they touch.
	problems func(*load.Document) []string
	out      []finding.Finding
}

func (c *checker) report(rule string, pos finding.Pos, format string, args ...any) {
	level := c.levels[rule]
	if level == finding.Off || level == "" {
		return
	}
	c.out = append(c.out, finding.Finding{Pos: pos, Severity: level, Rule: rule, Message: finding.Msg(format, args...)})
}

// Check runs every health rule over the model and its computed numbers.
// problems gives the JSON pointers of the schema's problems in a document
// (nil: none anywhere). A rule skips an objective or a key result that a
// problem touches, since what it lacks may be a typo already reported, and
// runs on the rest: a typo in one objective hides nothing about another,
// nor about the key results of its own that the typo does not touch.
func Check(m *okr.Model, n *compute.Result, problems func(*load.Document) []string) []finding.Finding {
	if problems == nil {
		problems = func(*load.Document) []string { return nil }
	}
	c := &checker{m: m, n: n, levels: LevelsOf(m), problems: problems}
	c.rolloutRoles()
	c.teams()
	c.objectives()
	c.leadership()
	return c.out
}

func (c *checker) rolloutRoles() {
	o := c.m.Org
	if o == nil {
		return
	}
	var missing []string
	if len(o.Roles.ProgramLeadOffice) == 0 {
		missing = append(missing, "program_lead_office")
	}
	if len(o.Roles.Coaches) == 0 {
		missing = append(missing, "coaches")
	}
	if o.Roles.ExecutiveSponsor == "" {
		missing = append(missing, "executive_sponsor")
	}
	for _, r := range missing {
		c.report(RolloutRoles, o.Pos("roles"), "the rollout role %s is not staffed; name who does it under roles in the Organization", r)
	}
}

func (c *checker) teams() {
	coached := map[string][]string{}
	teamByID := map[string]*okr.Team{}
	for _, t := range c.m.Teams {
		teamByID[t.ID] = t
		if t.Coach != "" {
			coached[t.Coach] = append(coached[t.Coach], t.ID)
		}
	}
	// Coach load: reported at the coach's entry in roles.coaches.
	if o := c.m.Org; o != nil {
		for i, coach := range o.Roles.Coaches {
			if teams := coached[coach]; len(teams) > maxCoachTeams {
				c.report(CoachLoad, o.Pos("roles", "coaches", fmt.Sprint(i)), "coach %s supports %d teams (more than %d); share the load with another coach", coach, len(teams), maxCoachTeams)
			}
		}
	}
	// Teams with OKRs in a running cycle and no coach: once per team.
	done := map[string]bool{}
	for _, doc := range c.m.OKRs {
		cy := c.n.Cycle(doc.Cycle)
		t := teamByID[doc.Team]
		if cy == nil || t == nil || cy.Phase != compute.PhaseRunning || done[t.ID] || t.Coach != "" {
			continue
		}
		done[t.ID] = true
		c.report(TeamWithoutCoach, t.Pos("id"), "team %s has OKRs in the running cycle %s but no coach; add coach: with one of roles.coaches", t.ID, cy.ID)
	}
}

func (c *checker) objectives() {
	root := map[string]bool{}
	for _, t := range c.m.Teams {
		if t.Parent == "" {
			root[t.ID] = true
		}
	}
	sandbagged := map[[2]string]bool{}
	for _, doc := range c.m.OKRs {
		cy := c.n.Cycle(doc.Cycle)
		active := 0
		for _, o := range doc.Objectives {
			if o.EffectiveStatus() != okr.StatusDropped {
				active++
			}
		}
		limit := maxObjectives
		if root[doc.Team] {
			limit = maxRootObjectives
		}
		if active > limit && c.sound(doc.Source, "objectives") {
			c.report(TeamObjectiveCount, doc.Pos("objectives"), "team %s has %d objectives in %s (at most %d); focus on fewer", doc.Team, active, doc.Cycle, limit)
		}
		for _, o := range doc.Objectives {
			c.objective(o, cy, root[doc.Team])
		}
		if c.sound(doc.Source, "") { // a misspelt grade or commitment would mislead it
			c.sandbagging(doc, cy, sandbagged)
		}
	}
}

// sound tells whether no schema problem of the entity's document touches
// the entity: none at or above it, and none below it except below the
// items of the list field children (a key result's own problem does not
// make its objective unsound).
func (c *checker) sound(src okr.Source, children string) bool {
	problems := c.problems(src.Doc)
	if len(problems) == 0 {
		return true
	}
	at := src.Pointer()
	for _, p := range problems {
		switch {
		case within(at, p):
			return false // at the entity, or at something that holds it
		case !within(p, at):
			continue // elsewhere in the document
		case children != "" && within(p, at+"/"+children+"/") && p != at+"/"+children+"/":
			continue // inside one of its items, which have their own rules
		default:
			return false
		}
	}
	return true
}

// within tells whether the JSON pointer p is base or below it. A base that
// ends in "/" is a prefix of list items: anything below it.
func within(p, base string) bool {
	if strings.HasSuffix(base, "/") {
		return strings.HasPrefix(p, base)
	}
	return p == base || strings.HasPrefix(p, base+"/")
}

// sandbagging reports a team whose aspirational objectives of an ended
// cycle all reached 1.0: once per team and cycle, at the first document.
func (c *checker) sandbagging(doc *okr.OKRs, cy *compute.Cycle, reported map[[2]string]bool) {
	key := [2]string{doc.Team, doc.Cycle}
	tc := c.n.TeamCycle(doc.Team, doc.Cycle)
	if cy == nil || tc == nil || !tc.Sandbagged || reported[key] {
		return
	}
	reported[key] = true
	c.report(Sandbagging, doc.Pos("objectives"), "team %s graded every aspirational objective of %s 1.0 or more; aspirational objectives should stretch, so that about 0.7 is a good result", doc.Team, cy.ID)
}

func (c *checker) objective(o *okr.Objective, cy *compute.Cycle, isRoot bool) {
	status := o.EffectiveStatus()
	if status == okr.StatusDropped {
		return // a dropped objective has its reason; the rest no longer applies
	}
	obj := c.n.Objective(o.Cycle, o.Ref())
	for _, kr := range o.KeyResults {
		if c.sound(kr.Source, "") {
			c.measurable(kr, obj)
		}
	}
	if cy != nil && cy.Phase == compute.PhaseRunning && obj != nil && status == okr.StatusActive {
		for _, kr := range obj.KeyResults {
			if c.sound(kr.Source, "") {
				c.keyResult(kr)
			}
		}
	}
	if !c.sound(o.Source, "key_results") {
		return
	}
	if n := len(o.KeyResults); n < minKRs || n > maxKRs {
		c.report(ObjectiveKRCount, o.Pos("key_results"), "objective %s has %s; use %d to %d", o.ID, count(n, "key result"), minKRs, maxKRs)
	}
	if o.Owner == "" {
		c.report(ObjectiveOwner, o.Pos("id"), "objective %s has no owner; name a person or a team", o.ID)
	}
	if !isRoot && len(o.AlignsTo) == 0 {
		c.report(UnalignedObjective, o.Pos("id"), "objective %s aligns to nothing; add aligns_to with a parent team's objective", o.Ref())
	}
	if cy == nil {
		return
	}
	if status == okr.StatusDraft && !cy.Events.Alignment.IsZero() && c.n.AsOf.After(cy.Events.Alignment) {
		c.report(DraftAfterAlignment, o.Pos("status"), "objective %s is still draft after the alignment on %s; set status: active or drop it", o.ID, cy.Events.Alignment)
	}
	if cy.Phase != compute.PhaseEnded {
		return
	}
	if o.Grade == nil && status != okr.StatusClosed {
		c.report(MissingGrade, o.Pos("id"), "objective %s of the ended cycle %s has no grade; add grade: (0 to 1) or close it", o.ID, cy.ID)
	}
	if status == okr.StatusClosed && o.EffectiveCommitment() == okr.Committed && o.Retrospective == "" && obj != nil && obj.Grade != nil && *obj.Grade < 1 {
		c.report(CommittedMiss, o.Pos("id"), "committed objective %s was graded %.2f, below 1.0, and has no retrospective; add retrospective: with what was learned", o.ID, *obj.Grade)
	}
}

// keyResult runs the rules on a key result of an active objective in a
// running cycle.
func (c *checker) keyResult(kr *compute.KeyResult) {
	if kr.State == compute.StateStale {
		since := "never checked in"
		if !kr.LastCheckIn.IsZero() {
			since = "last check-in " + kr.LastCheckIn.String()
		}
		c.report(StaleCheckIn, kr.Pos("id"), "key result %s has no check-in in %d days (%s); add a check-in", kr.ID, 2*c.cadence(), since)
	}
	if kr.ConfidenceMismatch {
		c.report(ConfidenceMismatch, c.latestConfidence(kr), "key result %s has confidence %.2f, on track, but its progress %.2f is more than 0.25 below the expected %.2f; lower the confidence or say in a note how it will catch up", kr.ID, *kr.Confidence, kr.Progress, kr.Expected)
	}
}

// latestConfidence is where the confidence of the key result's latest
// check-in on or before the as-of date is written.
func (c *checker) latestConfidence(kr *compute.KeyResult) finding.Pos {
	for i := len(kr.CheckIns) - 1; i >= 0; i-- {
		if ci := kr.CheckIns[i]; !ci.Date.After(c.n.AsOf) {
			return ci.Pos("confidence")
		}
	}
	return kr.Pos("id")
}

// measurable reports a metric key result whose target is its start: as
// written, or once a change resolves to it (a change of 0, +0%, x1).
func (c *checker) measurable(kr *okr.KeyResult, obj *compute.Objective) {
	if kr.EffectiveType() != okr.TypeMetric {
		return
	}
	start, target := kr.Start, kr.Target
	if obj != nil {
		for _, k := range obj.KeyResults {
			if k.KeyResult == kr {
				start, target = k.Start, k.Target
			}
		}
	}
	switch {
	case start == nil || target == nil || *start != *target:
	case kr.Target == nil:
		c.report(KRMeasurable, kr.Pos("change"), "key result %s has a change of %s, which leaves the target at its start (%v), so progress cannot be measured; set a change that moves it", kr.ID, kr.Change.Text, *start)
	default:
		c.report(KRMeasurable, kr.Pos("target"), "key result %s has start equal to target (%v), so progress cannot be measured; set the baseline and the target", kr.ID, *start)
	}
}

func (c *checker) cadence() int {
	if c.m.Org == nil {
		return 7
	}
	return c.m.Org.Settings.CadenceDays()
}

func (c *checker) leadership() {
	o := c.m.Org
	if o == nil {
		return
	}
	var running []*compute.Cycle
	for _, cy := range c.n.Cycles {
		if cy.Phase == compute.PhaseRunning {
			running = append(running, cy)
		}
	}
	if len(running) == 0 {
		return
	}
	owns := map[string]bool{}
	for _, doc := range c.m.OKRs {
		if cy := c.n.Cycle(doc.Cycle); cy == nil || cy.Phase != compute.PhaseRunning {
			continue
		}
		for _, ob := range doc.Objectives {
			if ob.EffectiveStatus() != okr.StatusDropped {
				owns[ob.Owner] = true
			}
		}
	}
	for i, p := range o.Roles.Leadership {
		if !owns[p] {
			c.report(LeadershipWithoutOKRs, o.Pos("roles", "leadership", fmt.Sprint(i)), "%s is in leadership but owns no objective in the running cycle; leaders set the example by owning one", p)
		}
	}
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
