package site

import (
	"maps"

	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// splitAll makes every view of the organization split, as on a large one:
// a page holds one objective.
func splitAll(t *testing.T) {
	t.Helper()
	budgets := []*int{&roadmapPage, &cyclePage, &alignmentPage, &raciPage, &teamsPage, &healthPage}
	for _, b := range budgets {
		was := *b
		*b = 1
		t.Cleanup(func() { *b = was })
	}
}

var objectiveLink = regexp.MustCompile(`href="((?:\.\./)*)(teams/[^/"]+/[^/"]+/[^/"#]+\.html)"`)

// objectiveLinks are the objective pages the pages link to, each once.
func objectiveLinks(files Files, match func(path string) bool) []string {
	return matches(files, objectiveLink, match)
}

// A split view shows on its pages every objective that its one page shows
// in a small organization, its pages link each other, and every link
// resolves. The sample organization split as a large one is: the view's
// own page has the root team and links to a page per top-level team,
// Engineering's subtree taking several.
func TestSplitViews(t *testing.T) {
	in := fixture(t, "../../okrs", sampleAsOf)
	whole := render(t, in, Options{})
	splitAll(t)
	split := render(t, in, Options{})
	checkLinks(t, split)
	for _, v := range []struct{ page, folder string }{
		{"roadmap/index.html", "roadmap/"},
		{"raci/index.html", "raci/"},
		{"cycles/2026-Q4/index.html", "cycles/2026-Q4/"},
		{"alignment/2026-Q4.html", "alignment/2026-Q4/"},
	} {
		t.Run(v.page, func(t *testing.T) {
			for _, p := range []string{"engineering/index.html", "engineering/2.html", "go-to-market/index.html"} {
				if _, ok := split.Get(v.folder + p); !ok {
					t.Errorf("no %s%s", v.folder, p)
				}
			}
			for _, f := range whole {
				if strings.HasPrefix(f.Path, v.folder) && strings.Contains(f.Path[len(v.folder):], "/") {
					t.Errorf("%s: a page of a split view in the whole site", f.Path)
				}
			}
			got := objectiveLinks(split, func(p string) bool {
				return p == v.page || strings.HasPrefix(p, v.folder) && strings.Count(p[len(v.folder):], "/") == 1
			})
			want := objectiveLinks(whole, func(p string) bool { return p == v.page })
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("the split pages link\n%v\nthe whole page\n%v", got, want)
			}
			own, _ := split.Get(v.page)
			if !strings.Contains(string(own), `href="`+strings.Repeat("../", strings.Count(v.page, "/"))+v.folder+`engineering/2.html"`) {
				t.Errorf("%s does not link to the second page of Engineering", v.page)
			}
			second, _ := split.Get(v.folder + "engineering/2.html")
			if !strings.Contains(string(second), v.folder+`engineering/index.html"`) || !strings.Contains(string(second), `aria-current="page"`) {
				t.Errorf("%sengineering/2.html does not link to the first page of its team", v.folder)
			}
		})
	}
}

var (
	teamLink   = regexp.MustCompile(`href="((?:\.\./)*)(teams/[^/"]+/index\.html)"`)
	findingPos = regexp.MustCompile(`<tr><th scope="row"><code>([^<]+)</code>`)
)

// matches are what re finds in the pages match selects, each once; group
// 2 is a site path relative to the page when re has two groups.
func matches(files Files, re *regexp.Regexp, match func(path string) bool) []string {
	seen := map[string]bool{}
	for _, f := range files {
		if !match(f.Path) {
			continue
		}
		for _, m := range re.FindAllStringSubmatch(string(f.Data), -1) {
			if len(m) == 3 {
				seen[path.Join(path.Dir(f.Path), m[1]+m[2])] = true
			} else {
				seen[m[1]] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// The teams index and the health page of a large organization list the
// root and the top-level teams and link to a page per top-level team; the
// pages together list every team and every finding the one page lists.
// The health page says how many findings of each rule are on the teams'
// pages and links to them.
func TestSplitTeamsAndHealth(t *testing.T) {
	in := fixture(t, "../../okrs", sampleAsOf)
	whole := render(t, in, Options{})
	splitAll(t)
	split := render(t, in, Options{})
	checkLinks(t, split)
	teamsPart := regexp.MustCompile(`^teams/[^/]+\.html$`)
	healthPart := regexp.MustCompile(`^health/[^/]+/[^/]+\.html$`)
	for _, v := range []struct {
		page string
		part *regexp.Regexp
		re   *regexp.Regexp
	}{
		{"teams/index.html", teamsPart, teamLink},
		{"health/index.html", healthPart, teamLink},
		{"health/index.html", healthPart, findingPos},
	} {
		want := matches(whole, v.re, func(p string) bool { return p == v.page })
		got := matches(split, v.re, func(p string) bool { return p == v.page || v.part.MatchString(p) })
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: the split pages list\n%v\nthe whole page\n%v", v.page, got, want)
		}
		own := matches(split, v.re, func(p string) bool { return p == v.page })
		if len(own) >= len(want) {
			t.Errorf("%s lists all %d when split", v.page, len(own))
		}
	}
	for _, p := range []string{"teams/engineering.html", "teams/engineering.2.html", "health/engineering/index.html", "health/engineering/2.html"} {
		if _, ok := split.Get(p); !ok {
			t.Errorf("no %s", p)
		}
	}
	own, _ := split.Get("health/index.html")
	if !regexp.MustCompile(`in teams' files, on the page of each top-level team: <a href="../health/engineering/[^"]*#rule-`).Match(own) {
		t.Errorf("health/index.html does not link to the findings on the pages of the top-level teams")
	}
}
