package site

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// pageJob is a page to render: its path, known before its data is built,
// the function that builds it, and what decides its key.
type pageJob struct {
	path  string
	build func() *page
	// key gives the page's key. A page that lists or counts across the
	// whole organization leaves it nil and is keyed by all of it.
	key func(k *keyer) Key
}

// pages lists every page of the site.
func (s *site) pages() ([]pageJob, error) {
	jobs := []pageJob{
		{path: "index.html", build: s.dashboard},
		{path: "cycles/index.html", build: s.cyclesIndex},
		{path: "404.html", build: s.notFound},
		{path: "people/index.html", build: s.peoplePage, key: func(k *keyer) Key { return k.of("people", nil) }},
	}
	dir := s.directory()
	for _, per := range dir.people {
		path := personPath(per.ID)
		if strings.Contains(path, "#") {
			continue // no page of its own
		}
		jobs = append(jobs, pageJob{path: path, build: func() *page { return s.personPage(per.ID) },
			key: func(k *keyer) Key { return k.of("person "+per.ID, dir.objs[per.ID]) }})
	}
	// The views of the whole organization, each split by team subtree
	// when it is large (split.go). A page of a top-level team is keyed by
	// what the view shows of its whole subtree, which decides where its
	// pages are cut.
	teams := s.teamsSplit()
	jobs = append(jobs, pageJob{path: "teams/index.html", build: func() *page { return s.teamsIndex(teams) }})
	for _, pt := range teams.parts {
		jobs = append(jobs, pageJob{path: pt.path, build: func() *page { return s.teamsPart(teams, pt) }})
	}
	health := s.healthSplit()
	jobs = append(jobs, pageJob{path: "health/index.html", build: func() *page { return s.health(health) }})
	for _, pt := range health.parts {
		jobs = append(jobs, pageJob{path: pt.path, build: func() *page { return s.healthPart(health, pt) }})
	}
	roadmap, cycles := s.roadmapSplit(), s.roadmapCycles()
	ids := make([]string, len(cycles))
	for i, c := range cycles {
		ids[i] = c.ID
	}
	jobs = append(jobs, pageJob{path: "roadmap/index.html", build: func() *page { return s.roadmap(roadmap) }})
	for _, pt := range roadmap.parts {
		jobs = append(jobs, pageJob{path: pt.path, build: func() *page { return s.roadmapPart(roadmap, pt) },
			key: func(k *keyer) Key {
				return k.of("roadmap "+pt.path+" "+strings.Join(ids, " "), s.objectivesOf(pt.subtree, cycles))
			}})
	}
	raci := s.raciSplit()
	jobs = append(jobs, pageJob{path: "raci/index.html", build: func() *page { return s.raci(raci) }})
	for _, pt := range raci.parts {
		jobs = append(jobs, pageJob{path: pt.path, build: func() *page { return s.raciPart(raci, pt) },
			key: func(k *keyer) Key { return k.of("raci "+pt.path, s.objectivesOf(pt.subtree, s.res.Cycles)) }})
	}
	for _, c := range s.res.Cycles {
		cycle, align := s.cycleSplit(c), s.alignmentSplit(c)
		jobs = append(jobs,
			pageJob{path: cyclePath(c.ID), build: func() *page { return s.cyclePage(c, cycle) },
				key: func(k *keyer) Key { return k.of("cycle", s.cycleScope(c)) }},
			pageJob{path: alignmentPath(c.ID), build: func() *page { return s.alignmentPage(c, align) },
				key: func(k *keyer) Key { return k.of("alignment", s.alignmentScope(c)) }},
			pageJob{path: reportPath(c.ID), build: func() *page { return s.reportPage(c) }})
		// A cycle page of a subtree shows the whole cycle's numbers at
		// its head, and the alignment tree's objectives link across
		// subtrees: both are keyed as the view's own page.
		for _, pt := range cycle.parts {
			jobs = append(jobs, pageJob{path: pt.path, build: func() *page { return s.cyclePart(c, cycle, pt) },
				key: func(k *keyer) Key { return k.of("cycle "+pt.path, s.cycleScope(c)) }})
		}
		for _, l := range s.fullLists(c) {
			jobs = append(jobs, s.listPages(c, l)...)
		}
		for _, pt := range align.parts {
			jobs = append(jobs, pageJob{path: pt.path, build: func() *page { return s.alignmentPart(c, align, pt) },
				key: func(k *keyer) Key { return k.of("alignment "+pt.path, s.alignmentScope(c)) }})
		}
	}
	for _, n := range s.teamTree {
		jobs = append(jobs, pageJob{path: teamPath(n.ID), build: func() *page { return s.teamPage(n) },
			key: func(k *keyer) Key { return k.of("team", k.byTeam[n.ID]) }})
	}
	for _, o := range s.res.Objectives {
		if s.teams[o.Team] == nil {
			continue // the validator reports the unknown team
		}
		jobs = append(jobs, pageJob{path: objectivePath(o.Objective), build: func() *page { return s.objectivePage(o) },
			key: func(k *keyer) Key { return k.objective(o, s.alignsTo[o], s.alignedBy[o]) }})
	}
	seen := map[string]bool{}
	for _, j := range jobs {
		if seen[j.path] {
			return nil, fmt.Errorf("render site: two pages would be written to %s", j.path)
		}
		seen[j.path] = true
	}
	return jobs, nil
}

// cycleScope is what a cycle's page shows: its objectives, and those of
// the cycles inside it, whose summaries it lists.
func (s *site) cycleScope(c *compute.Cycle) []*compute.Objective {
	list := c.Objectives
	for _, sub := range s.res.Cycles {
		if sub.Parent == c.ID && sub != c {
			list = append(slices.Clip(list), sub.Objectives...)
		}
	}
	return list
}

// alignmentScope is what an alignment page can show: the objectives of
// the cycle and of the cycles enclosing it.
func (s *site) alignmentScope(c *compute.Cycle) []*compute.Objective {
	var list []*compute.Objective
	seen := map[string]bool{}
	for cy := c; cy != nil && !seen[cy.ID]; cy = s.res.Cycle(cy.Parent) {
		seen[cy.ID] = true
		list = append(list, cy.Objectives...)
	}
	return list
}

// keyer makes the keys of the pages. Every key starts from the global
// part: the chrome every page shares (organization, names of teams and
// people, cycles and their phases, the as-of date, asset names) and adds
// the objectives the page shows, each by its own key: the objective with
// its key results, check-ins and numbers.
type keyer struct {
	global  Key
	world   Key // the whole organization, findings included
	objKeys map[*compute.Objective]Key
	byTeam  map[string][]*compute.Objective
}

func (s *site) keyer() *keyer {
	global := newFingerprint().add("okrs site 1", s.opt.BaseURL, s.asOf.String(), s.res.Since.String(), s.model.Files,
		s.assets.CSS, s.assets.JS, s.assets.Search, s.assets.Icon, s.assets.ECharts,
		s.org, s.model.Teams, s.model.RACIs)
	for _, c := range s.res.Cycles {
		global.add(c.ID, c.Phase, c.Expected)
	}
	if s.current != nil {
		global.add(s.current.ID)
	}
	k := &keyer{global: global.key(), objKeys: map[*compute.Objective]Key{}, byTeam: map[string][]*compute.Objective{}}
	objs := s.res.Objectives
	keys := make([]Key, len(objs))
	parallel(len(objs), func(i int) {
		keys[i] = newFingerprint().add(objs[i]).key()
	})
	for i, o := range objs {
		k.objKeys[o] = keys[i]
		k.byTeam[o.Team] = append(k.byTeam[o.Team], o)
	}
	k.world = newFingerprint().add("world", s.findings, s.model.CheckIns).key(append([]Key{k.global}, keys...)...)
	return k
}

// of keys a page that shows the objectives in list.
func (k *keyer) of(kind string, list []*compute.Objective) Key {
	parts := make([]Key, 0, len(list)+1)
	parts = append(parts, k.global)
	for _, o := range list {
		parts = append(parts, k.objKeys[o])
	}
	return newFingerprint().add(kind, len(list)).key(parts...)
}

// objective keys an objective's page: the objective, the objectives it
// aligns to and those that align to it.
func (k *keyer) objective(o *compute.Objective, up, down []*compute.Objective) Key {
	parts := make([]Key, 0, 2+len(up)+len(down))
	parts = append(parts, k.global, k.objKeys[o])
	for _, n := range up {
		parts = append(parts, k.objKeys[n])
	}
	for _, n := range down {
		parts = append(parts, k.objKeys[n])
	}
	return newFingerprint().add("objective", len(up), len(down)).key(parts...)
}

// keys gives every page its key.
func (s *site) keys(k *keyer, jobs []pageJob) []Key {
	keys := make([]Key, len(jobs))
	for i, j := range jobs {
		if j.key == nil {
			keys[i] = k.world
		} else {
			keys[i] = j.key(k)
		}
	}
	return keys
}

// renderPages builds and renders the pages on as many goroutines as there
// are CPUs, and hands each to out as soon as it is done: a large
// organization has thousands of objective pages, each independent of the
// others. A page whose key out already has is not rendered. What a page
// holds never depends on the order the goroutines ran in. The first error
// stops the work.
func (s *site) renderPages(jobs []pageJob, keys []Key, out output.Sink) (rendered int, err error) {
	var next, n atomic.Int64
	var failed atomic.Bool
	var mu sync.Mutex
	var first error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
		failed.Store(true)
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				if out.Reuse(j.path, keys[i]) {
					continue
				}
				n.Add(1)
				p := j.build()
				if p.Path != j.path {
					fail(fmt.Errorf("render %s: the page was built for %s", j.path, p.Path))
					return
				}
				buf := renderBuffers.Get().(*bytes.Buffer)
				buf.Reset()
				err := s.render(buf, p)
				if err == nil {
					err = out.Write(j.path, buf.Bytes(), keys[i])
				}
				if buf.Cap() <= maxPooledBuffer {
					renderBuffers.Put(buf)
				}
				if err != nil {
					fail(fmt.Errorf("render %s: %w", j.path, err))
					return
				}
			}
		})
	}
	wg.Wait()
	return int(n.Load()), first
}

// parallel runs work(0..n-1) on GOMAXPROCS goroutines; each call writes
// only its own slot.
func parallel(n int, work func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				work(i)
			}
		})
	}
	wg.Wait()
}
