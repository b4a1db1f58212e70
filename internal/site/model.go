package site

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/okr"
)

// site is one rendering: the input with the lookups every page needs.
type site struct {
	model    *okr.Model
	org      *okr.Organization
	res      *compute.Result
	findings []finding.Finding
	opt      Options
	asOf     okr.Date
	assets   *assets
	tmpl     *templateSet

	people   map[string]*okr.Person
	teams    map[string]*okr.Team
	teamTree []*teamNode // depth-first, children by name
	current  *compute.Cycle
	fileTeam map[string]string       // data file -> the team it belongs to
	scores   map[string]health.Score // team id -> health score
	// alignedBy lists the objectives that align to an objective (or to one
	// of its key results), keyed by the target objective.
	alignedBy map[*compute.Objective][]*compute.Objective
	alignsTo  map[*compute.Objective][]*compute.Objective
	// parties are name and partyHref of every person, team and role,
	// which pages look up for every owner and every check-in.
	parties map[string]party
	// directory is every person's card, made on first use.
	directory func() *directory
}

type teamNode struct {
	*okr.Team
	Depth    int
	Children []*teamNode
}

func newSite(in Input, opt Options) (*site, error) {
	s := &site{
		model:     in.Model,
		org:       in.Model.Org,
		res:       in.Numbers,
		findings:  in.Findings,
		opt:       opt,
		asOf:      in.Numbers.AsOf,
		people:    map[string]*okr.Person{},
		teams:     map[string]*okr.Team{},
		fileTeam:  health.FileTeams(in.Model),
		scores:    health.Scores(in.Model, in.Findings),
		alignedBy: map[*compute.Objective][]*compute.Objective{},
		alignsTo:  map[*compute.Objective][]*compute.Objective{},
	}
	for _, p := range s.org.People {
		if _, dup := s.people[p.ID]; !dup {
			s.people[p.ID] = p
		}
	}
	for _, t := range s.model.Teams {
		if err := checkSegment("team", t.ID); err != nil {
			return nil, err
		}
		if _, dup := s.teams[t.ID]; !dup {
			s.teams[t.ID] = t
		}
	}
	for _, c := range s.res.Cycles {
		if err := checkSegment("cycle", c.ID); err != nil {
			return nil, err
		}
	}
	for _, o := range s.res.Objectives {
		if err := checkSegment("objective", o.ID); err != nil {
			return nil, err
		}
		if err := checkSegment("team", o.Team); err != nil {
			return nil, err
		}
	}
	s.parties = map[string]party{}
	for _, ids := range []iter.Seq[string]{maps.Keys(s.people), maps.Keys(s.teams), maps.Keys(roleNames)} {
		for id := range ids {
			s.parties[id] = party{name: s.name(id), path: s.partyHref(id)}
		}
	}
	s.directory = sync.OnceValue(s.makeDirectory)
	s.current = s.res.Running()
	s.buildTeamTree()
	s.buildAlignment()
	search, parts, err := s.searchIndex()
	if err != nil {
		return nil, err
	}
	if s.assets, err = buildAssets(search); err != nil {
		return nil, err
	}
	maps.Copy(s.assets.files, parts)
	if s.tmpl, err = parseTemplates(s.linkBase()); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *site) buildTeamTree() {
	children := map[string][]*okr.Team{}
	var roots []*okr.Team
	for _, t := range s.teams {
		if p, ok := s.teams[t.Parent]; ok && p != t {
			children[t.Parent] = append(children[t.Parent], t)
		} else {
			roots = append(roots, t)
		}
	}
	byName := func(a, b *okr.Team) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) }
	seen := map[string]bool{}
	var walk func(t *okr.Team, depth int) *teamNode
	walk = func(t *okr.Team, depth int) *teamNode {
		seen[t.ID] = true
		n := &teamNode{Team: t, Depth: depth}
		s.teamTree = append(s.teamTree, n)
		kids := children[t.ID]
		slices.SortFunc(kids, byName)
		for _, k := range kids {
			if !seen[k.ID] {
				n.Children = append(n.Children, walk(k, depth+1))
			}
		}
		return n
	}
	slices.SortFunc(roots, byName)
	for _, t := range roots {
		walk(t, 0)
	}
	// Teams in a loop of parents have no root; the validator reports them,
	// the site still lists them.
	var rest []*okr.Team
	for _, t := range s.teams {
		if !seen[t.ID] {
			rest = append(rest, t)
		}
	}
	slices.SortFunc(rest, byName)
	for _, t := range rest {
		if !seen[t.ID] {
			walk(t, 0)
		}
	}
}

// resolve finds the objective an aligns_to reference names, in the
// objective's cycle or one that contains it, as the validator does.
func (s *site) resolve(cycle, ref string) *compute.Objective {
	parts := strings.Split(ref, "/")
	if len(parts) < 2 {
		return nil
	}
	objRef := parts[0] + "/" + parts[1]
	seen := map[string]bool{}
	for c := cycle; c != "" && !seen[c]; {
		seen[c] = true
		if o := s.res.Objective(c, objRef); o != nil {
			return o
		}
		cy := s.res.Cycle(c)
		if cy == nil {
			break
		}
		c = cy.Parent
	}
	return nil
}

func (s *site) buildAlignment() {
	for _, o := range s.res.Objectives {
		seen := map[*compute.Objective]bool{}
		for _, ref := range o.AlignsTo {
			t := s.resolve(o.Cycle, ref)
			if t == nil || t == o || seen[t] {
				continue
			}
			seen[t] = true
			s.alignsTo[o] = append(s.alignsTo[o], t)
			s.alignedBy[t] = append(s.alignedBy[t], o)
		}
	}
}

// name is how a person, team or role is shown.
func (s *site) name(id string) string {
	if p := s.people[id]; p != nil && p.Name != "" {
		return p.Name
	}
	if t := s.teams[id]; t != nil && t.Name != "" {
		return t.Name
	}
	if r, ok := roleNames[id]; ok {
		return r
	}
	return id
}

var roleNames = map[string]string{
	okr.RoleProgramLeadOffice: "Program lead office",
	okr.RoleExecutiveSponsor:  "Executive sponsor",
	okr.RoleCoaches:           "Coaches",
	okr.RoleLeadership:        "Leadership",
	okr.RoleTeams:             "All teams",
}

func (s *site) teamName(id string) string {
	if t := s.teams[id]; t != nil && t.Name != "" {
		return t.Name
	}
	return id
}

// Site paths of the pages, relative to the site's root.
func teamPath(team string) string           { return "teams/" + team + "/index.html" }
func cyclePath(cycle string) string         { return "cycles/" + cycle + "/index.html" }
func alignmentPath(cycle string) string     { return "alignment/" + cycle + ".html" }
func reportPath(cycle string) string        { return "report/" + cycle + ".html" }
func objectivePath(o *okr.Objective) string { return objectivePathOf(o.Team, o.Cycle, o.ID) }
func objectivePathOf(team, cycle, id string) string {
	return fmt.Sprintf("teams/%s/%s/%s.html", team, cycle, id)
}

// personPath is a person's page; a person whose id cannot name a file of
// its own (the validator reports it) is found on the index of everyone.
func personPath(id string) string {
	if id == "index" || checkSegment("person", id) != nil {
		return "people/index.html#person-" + id
	}
	return "people/" + id + ".html"
}

// personHref links a person to their entry on the people page, a team to
// its page, and a role to the roles section.
func (s *site) partyHref(id string) string {
	switch {
	case s.people[id] != nil:
		return personPath(id)
	case s.teams[id] != nil:
		return teamPath(id)
	case roleNames[id] != "":
		return "people/index.html#roles"
	}
	return ""
}

// cycleObjectives are a cycle's objectives.
func (s *site) cycleObjectives(c *compute.Cycle) []*compute.Objective {
	if c == nil {
		return nil
	}
	return c.Objectives
}

// teamOfFinding is the team a finding is about, from the file it is in;
// "" for the organization's files.
func (s *site) teamOfFinding(f finding.Finding) string {
	return s.fileTeam[f.File]
}

// linkBase is settings.link_base, which root-relative links in Markdown
// resolve against.
func (s *site) linkBase() string {
	if s.org == nil {
		return ""
	}
	return s.org.Settings.LinkBase
}
