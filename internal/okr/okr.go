// Package okr is the domain: the organization, its teams and cycles, the
// objectives and key results each team sets for a cycle, their check-ins
// and the RACI matrices of the OKR process, exactly as the files say them.
// What is derived from them (progress, state, grades) lives in compute.
package okr

import (
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
)

// Reserved role ids, usable as RACI parties wherever a person or team is.
const (
	RoleProgramLeadOffice = "program-lead-office"
	RoleExecutiveSponsor  = "executive-sponsor"
	RoleCoaches           = "coaches"
	RoleLeadership        = "leadership"
	RoleTeams             = "teams"
)

// Roles lists the reserved role ids.
var Roles = []string{RoleProgramLeadOffice, RoleExecutiveSponsor, RoleCoaches, RoleLeadership, RoleTeams}

// Model is everything the data directory says, in file order.
type Model struct {
	Org      *Organization // nil when no Organization document was found
	Teams    []*Team
	OKRs     []*OKRs
	CheckIns []*CheckIns
	RACIs    []*RACI
	Files    int // how many data files were read
}

// Source is where an entity is written: its document and its node there.
type Source struct {
	Doc  *load.Document `json:"-"`
	Node load.Node      `json:"-"`
}

// Pos is the position of the entity, or of a field below it.
func (s Source) Pos(path ...string) finding.Pos {
	if s.Doc == nil {
		return finding.Pos{}
	}
	return s.Doc.PosAt(s.Node, path...)
}

// KeyPos is the position of a field's key below the entity.
func (s Source) KeyPos(path ...string) finding.Pos {
	if s.Doc == nil {
		return finding.Pos{}
	}
	return s.Doc.KeyPosAt(s.Node, path...)
}

// Pointer is the JSON pointer of the entity in its document.
func (s Source) Pointer() string {
	if s.Doc == nil {
		return ""
	}
	return s.Doc.PointerOf(s.Node)
}

// Organization is the one Organization document.
type Organization struct {
	Source   `json:"-"`
	Name     string    `json:"name"`
	Mission  string    `json:"mission"`
	Vision   string    `json:"vision"`
	Settings Settings  `json:"settings"`
	Cycles   []*Cycle  `json:"cycles"`
	People   []*Person `json:"people"`
	Roles    RolesSpec `json:"roles"`
}

// Settings tune computation and health rules.
type Settings struct {
	CheckInCadence  string            `json:"check_in_cadence"`
	ConfidenceBands ConfidenceBands   `json:"confidence_bands"`
	Health          map[string]string `json:"health"`
	// LinkBase is the URL that root-relative links in Markdown
	// (/handbook/x) resolve against; without it they stay as written.
	LinkBase string `json:"link_base"`
}

// ConfidenceBands are the lower bounds of on-track and at-risk confidence.
type ConfidenceBands struct {
	OnTrack *float64 `json:"on_track"`
	AtRisk  *float64 `json:"at_risk"`
}

// CadenceDays is the check-in cadence in days.
func (s Settings) CadenceDays() int {
	switch s.CheckInCadence {
	case "biweekly":
		return 14
	case "monthly":
		return 30
	}
	return 7
}

// Bands returns the confidence bands with their defaults.
func (s Settings) Bands() (onTrack, atRisk float64) {
	onTrack, atRisk = 0.7, 0.4
	if s.ConfidenceBands.OnTrack != nil {
		onTrack = *s.ConfidenceBands.OnTrack
	}
	if s.ConfidenceBands.AtRisk != nil {
		atRisk = *s.ConfidenceBands.AtRisk
	}
	return onTrack, atRisk
}

// Cycle is a period of OKRs: a quarter, a year.
type Cycle struct {
	Source `json:"-"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
	Start  Date   `json:"start"`
	End    Date   `json:"end"`
	Events Events `json:"events"`
}

// Title is the cycle's name, or its id when it has none.
func (c *Cycle) Title() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// Events are the dates of a cycle's OKR events.
type Events struct {
	Drafting      Date `json:"drafting"`
	Alignment     Date `json:"alignment"`
	Review        Date `json:"review"`
	Retrospective Date `json:"retrospective"`
}

// Person is someone who owns, checks in on or takes part in OKRs.
type Person struct {
	Source `json:"-"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Title  string `json:"title"`
}

// RolesSpec staffs the four roles of an OKR rollout.
type RolesSpec struct {
	ProgramLeadOffice []string `json:"program_lead_office"`
	ExecutiveSponsor  string   `json:"executive_sponsor"`
	Coaches           []string `json:"coaches"`
	Leadership        []string `json:"leadership"`
}

// Team is one node of the team tree.
type Team struct {
	Source      `json:"-"`
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Parent      string   `json:"parent"`
	Lead        string   `json:"lead"`
	Coach       string   `json:"coach"`
	Members     []string `json:"members"`
	Description string   `json:"description"`
}

// OKRs is one team's objectives for one cycle.
type OKRs struct {
	Source     `json:"-"`
	Team       string       `json:"team"`
	Cycle      string       `json:"cycle"`
	Objectives []*Objective `json:"objectives"`
}

// Objective statuses and commitments as authored.
const (
	StatusDraft   = "draft"
	StatusActive  = "active"
	StatusClosed  = "closed"
	StatusDropped = "dropped"

	Committed    = "committed"
	Aspirational = "aspirational"
)

// Objective is a qualitative goal with measurable key results.
type Objective struct {
	Source        `json:"-"`
	Team          string       `json:"-"` // from the OKRs document
	Cycle         string       `json:"-"` // from the OKRs document
	ID            string       `json:"id"`
	Title         string       `json:"title"`
	Description   string       `json:"description"`
	Owner         string       `json:"owner"` // a person or a team; may be absent
	Commitment    string       `json:"commitment"`
	Status        string       `json:"status"`
	Reason        string       `json:"reason"`
	Weight        *float64     `json:"weight"`
	CarriedFrom   string       `json:"carried_from"` // cycle/team/objective of an earlier cycle
	AlignsTo      []string     `json:"aligns_to"`
	RACI          *Assignment  `json:"raci"`
	KeyResults    []*KeyResult `json:"key_results"`
	Grade         *float64     `json:"grade"`
	Retrospective string       `json:"retrospective"`
	Labels        []string     `json:"labels"`
}

// Ref is the objective's reference, team/objective.
func (o *Objective) Ref() string { return o.Team + "/" + o.ID }

// EffectiveStatus is the status with its default.
func (o *Objective) EffectiveStatus() string {
	if o.Status == "" {
		return StatusActive
	}
	return o.Status
}

// EffectiveCommitment is the commitment with its default.
func (o *Objective) EffectiveCommitment() string {
	if o.Commitment == "" {
		return Aspirational
	}
	return o.Commitment
}

// EffectiveWeight is the weight with its default of 1.
func (o *Objective) EffectiveWeight() float64 { return orOne(o.Weight) }

// Assignment is a set of RACI letters.
type Assignment struct {
	Responsible []string `json:"responsible"`
	Accountable string   `json:"accountable"`
	Consulted   []string `json:"consulted"`
	Informed    []string `json:"informed"`
}

// KR types.
const (
	TypeMetric    = "metric"
	TypeThreshold = "threshold"
	TypeBoolean   = "boolean"
	TypeMilestone = "milestone"
)

// KeyResult is one measurable result of an objective.
type KeyResult struct {
	Source      `json:"-"`
	Objective   *Objective   `json:"-"`
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Owner       string       `json:"owner"`
	Type        string       `json:"type"`
	Start       *float64     `json:"start"` // metric: absent until the first check-in gives it
	Target      *float64     `json:"target"`
	Change      Change       `json:"change"` // metric: the target relative to the start, instead of target
	Keep        string       `json:"keep"`
	Unit        string       `json:"unit"`
	Weight      *float64     `json:"weight"`
	Milestones  []*Milestone `json:"milestones"`
	CheckIns    []*CheckIn   `json:"check_ins"`
	Score       *float64     `json:"score"` // the end-of-cycle score, 0..1
	Labels      []string     `json:"labels"`
}

// Ref is the key result's reference, team/objective/kr.
func (k *KeyResult) Ref() string { return k.Objective.Ref() + "/" + k.ID }

// EffectiveType is the type with its default.
func (k *KeyResult) EffectiveType() string {
	if k.Type == "" {
		return TypeMetric
	}
	return k.Type
}

// EffectiveOwner is the owner, or the objective's owner.
func (k *KeyResult) EffectiveOwner() string {
	if k.Owner == "" && k.Objective != nil {
		return k.Objective.Owner
	}
	return k.Owner
}

// EffectiveWeight is the weight with its default of 1.
func (k *KeyResult) EffectiveWeight() float64 { return orOne(k.Weight) }

// Milestone is one step of a milestone KR.
type Milestone struct {
	Source `json:"-"`
	Title  string   `json:"title"`
	Done   Date     `json:"done"`
	Weight *float64 `json:"weight"`
}

// EffectiveWeight is the weight with its default of 1.
func (m *Milestone) EffectiveWeight() float64 { return orOne(m.Weight) }

// CheckIn is one progress update on a key result.
type CheckIn struct {
	Source     `json:"-"`
	KR         string   `json:"kr"` // objective/kr, in CheckIns files only
	Date       Date     `json:"date"`
	Value      Value    `json:"value"`
	Confidence *float64 `json:"confidence"`
	By         string   `json:"by"`
	Note       string   `json:"note"`
	// Order is the check-in's place across all files, for breaking ties
	// between check-ins of the same date: the later one wins.
	Order int `json:"-"`
}

// CheckIns is an append-only log of check-ins for one team and cycle.
type CheckIns struct {
	Source   `json:"-"`
	Team     string     `json:"team"`
	Cycle    string     `json:"cycle"`
	CheckIns []*CheckIn `json:"check_ins"`
}

// RACI is a responsibility matrix, such as the OKR process's.
type RACI struct {
	Source      `json:"-"`
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Activities  []*Activity `json:"activities"`
}

// Activity is one row of a RACI matrix.
type Activity struct {
	Source      `json:"-"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Phase       string `json:"phase"`
	Description string `json:"description"`
	Assignment
}

func orOne(p *float64) float64 {
	if p == nil {
		return 1
	}
	return *p
}
