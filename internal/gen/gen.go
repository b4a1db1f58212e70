// Package gen writes synthetic organizations in the okrs file format, for
// benchmarks and for trying the site on a realistic amount of data.
//
// The output is valid (no schema or reference errors) and deterministic: it
// depends only on the Config, so the same seed gives the same bytes. Each
// file draws from its own random stream keyed by (seed, cycle, team), which
// keeps files independent of the order they are written in.
//
// The shape follows a real OKR rollout: a team tree (the company, its
// groups, their teams) with a lead, a coach and members each; a coach
// community of one coach per eight teams; a program lead office, an
// executive sponsor and leadership; consecutive quarters with their events;
// three objectives per team and quarter aligned to the parent team's, four
// key results of mixed types each, and weekly check-ins. Quarters before
// the as-of date are closed and graded; the last quarter is running, and
// its check-ins stop at the as-of date (AsOf), the middle of that quarter.
package gen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config says how big an organization to write.
type Config struct {
	Teams    int   // teams in the tree, the root team included
	Quarters int   // consecutive quarterly cycles
	Seed     int64 // the same seed gives the same bytes
	Year     int   // year of the first quarter; 0 means 2025
}

// Presets are the sizes benchmarks use.
var Presets = map[string]Config{
	"small":  {Teams: 20, Quarters: 2},
	"medium": {Teams: 200, Quarters: 4},
	"large":  {Teams: 1000, Quarters: 8},
}

// Preset returns the named size with the given seed.
func Preset(name string, seed int64) (Config, error) {
	c, ok := Presets[name]
	if !ok {
		return Config{}, fmt.Errorf("unknown size %q; use small, medium or large", name)
	}
	c.Seed = seed
	return c, nil
}

// WritePreset writes the named size with the given seed into dir, as
// Write does: what tests and benchmarks of every package start from.
func WritePreset(dir, name string, seed int64) (Stats, error) {
	cfg, err := Preset(name, seed)
	if err != nil {
		return Stats{}, err
	}
	return Write(dir, cfg)
}

// Stats describe what Write wrote.
type Stats struct {
	Files      int
	Bytes      int64
	Teams      int
	People     int
	Cycles     int
	Objectives int
	KeyResults int
	CheckIns   int
	AsOf       string // the date the data is "as of": pass it as --as-of
}

func (c Config) withDefaults() (Config, error) {
	if c.Year == 0 {
		c.Year = 2025
	}
	switch {
	case c.Teams < 1:
		return c, errors.New("teams must be at least 1")
	case c.Quarters < 1:
		return c, errors.New("quarters must be at least 1")
	case c.Year < 1000 || c.Year > 9000:
		return c, fmt.Errorf("year %d is out of range", c.Year)
	}
	return c, nil
}

// AsOf is the date a generated organization is meant to be seen at: the
// middle of its last quarter, so that earlier quarters have ended and the
// last one is running. Check-ins stop at this date.
func AsOf(cfg Config) (string, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return "", err
	}
	o := newOrg(cfg)
	return o.iso(o.asOf), nil
}

// Write writes the organization into dir, which must be empty or absent:
// files left over from an earlier, larger run would make the data invalid.
func Write(dir string, cfg Config) (Stats, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if err := emptyDir(dir); err != nil {
		return Stats{}, err
	}
	o := newOrg(cfg)
	w := &writer{dir: dir}
	w.stats.Teams = len(o.teams)
	w.stats.People = len(o.people)
	w.stats.Cycles = len(o.cycles)
	w.stats.AsOf = o.iso(o.asOf)

	if err := w.file("org.yaml", o.writeOrg); err != nil {
		return w.stats, err
	}
	if err := w.file("raci.yaml", o.writeRACI); err != nil {
		return w.stats, err
	}
	for t := range o.teams {
		if err := w.file(filepath.Join("teams", o.teams[t].id+".yaml"), func(b *buf) { o.writeTeam(b, t) }); err != nil {
			return w.stats, err
		}
	}
	for q := range o.cycles {
		plans := o.plan(q)
		for t := range o.teams {
			f := o.okrs(q, t, plans)
			w.stats.Objectives += len(f.objectives)
			w.stats.KeyResults += len(f.objectives) * krsPerObjective
			w.stats.CheckIns += f.checkIns
			base := filepath.Join(o.cycles[q].id, o.teams[t].id)
			if err := w.file(base+".yaml", f.writeOKRs); err != nil {
				return w.stats, err
			}
			if f.log {
				if err := w.file(base+".checkins.yaml", f.writeLog); err != nil {
					return w.stats, err
				}
			}
		}
	}
	return w.stats, nil
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty; remove it or choose another directory", dir)
	}
	return nil
}

// writer writes files below dir, creating folders as needed, and counts
// them. One buffer is reused for every file.
type writer struct {
	dir   string
	b     buf
	made  map[string]bool
	stats Stats
}

func (w *writer) file(name string, fill func(*buf)) error {
	path := filepath.Join(w.dir, name)
	if d := filepath.Dir(path); !w.made[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if w.made == nil {
			w.made = map[string]bool{}
		}
		w.made[d] = true
	}
	w.b.b = w.b.b[:0]
	fill(&w.b)
	if err := os.WriteFile(path, w.b.b, 0o644); err != nil {
		return err
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(w.b.b))
	return nil
}

// The organization's structure, derived from the Config alone.

const (
	branching       = 6 // children per team in the tree
	teamsPerCoach   = 8 // keeps the coach-load health rule quiet
	objectivesEach  = 3 // per team and quarter (the health rule's maximum)
	krsPerObjective = 4
	checkInsPerQ    = 13 // weekly
)

type org struct {
	cfg     Config
	teams   []team
	people  []person
	coaches []int // people
	plo     []int // people
	cycles  []cycle
	asOf    int       // day
	base    time.Time // day 0
	days    []string  // dates by day, as written: quoted
}

type team struct {
	id, name string
	parent   int // -1 for the root
	members  [3]int
	coach    int // a person
	leaf     bool
}

// lead is the team's first member.
func (t *team) lead() int { return t.members[0] }

type person struct{ id, name, title string }

type cycle struct {
	id, name   string
	start, end int // days
	running    bool
}

func newOrg(cfg Config) *org {
	o := &org{cfg: cfg}
	n := cfg.Teams
	nCoaches := (n + teamsPerCoach - 1) / teamsPerCoach
	o.people = make([]person, 0, 3*n+nCoaches+2)
	addPerson := func(title string) int {
		j := len(o.people)
		first := firstNames[j%len(firstNames)]
		o.people = append(o.people, person{
			id:    first + "-" + strconv.Itoa(j+1),
			name:  strings.ToUpper(first[:1]) + first[1:] + " " + lastNames[(j*7+j/len(firstNames))%len(lastNames)],
			title: title,
		})
		return j
	}
	o.teams = make([]team, n)
	for i := range o.teams {
		t := &o.teams[i]
		if i == 0 {
			t.id, t.name, t.parent = "acme", "Acme Corp", -1
		} else {
			w := teamWords[i%len(teamWords)]
			t.id = w + "-" + strconv.Itoa(i)
			t.name = strings.ToUpper(w[:1]) + w[1:] + " " + strconv.Itoa(i)
			t.parent = (i - 1) / branching
		}
		t.leaf = branching*i+1 >= n
		title := "Team lead"
		if i == 0 {
			title = "CEO"
		}
		t.members = [3]int{addPerson(title), addPerson(""), addPerson("")}
	}
	for range nCoaches {
		o.coaches = append(o.coaches, addPerson("OKR coach"))
	}
	for i := range o.teams {
		o.teams[i].coach = o.coaches[i%nCoaches]
	}
	o.plo = []int{addPerson("Program lead"), addPerson("Program manager")}

	// Days count from 60 days before the first quarter, so that the first
	// quarter's drafting event has a day too.
	o.base = time.Date(cfg.Year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -60)
	for q := range cfg.Quarters {
		y, m := cfg.Year+q/4, time.Month(3*(q%4)+1)
		start := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, 3, -1)
		o.cycles = append(o.cycles, cycle{
			id:    fmt.Sprintf("%d-Q%d", y, q%4+1),
			name:  fmt.Sprintf("Q%d %d", q%4+1, y),
			start: o.day(start),
			end:   o.day(end),
		})
	}
	last := &o.cycles[len(o.cycles)-1]
	last.running = true
	o.asOf = last.start + (last.end-last.start)/2
	o.days = make([]string, last.end+1)
	for d := range o.days {
		o.days[d] = "'" + o.base.AddDate(0, 0, d).Format(time.DateOnly) + "'"
	}
	return o
}

func (o *org) day(t time.Time) int { return int(t.Sub(o.base).Hours() / 24) }

// date is a day as written in the files. Dates are quoted, although okrs
// reads them either way, so that generic JSON Schema tools (ajv-cli reads
// YAML with js-yaml, which turns a plain date into a timestamp) can check
// the same files for comparison.
func (o *org) date(day int) string { return o.days[day] }

// iso is a day as YYYY-MM-DD.
func (o *org) iso(day int) string { return o.days[day][1:11] }

func (o *org) person(j int) string { return o.people[j].id }
