package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"

	"github.com/okrs-dev/okrs/internal/golden"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// fixtureAsOf is a day inside the fixture's running cycle, 2026-Q2.
const fixtureAsOf = "2026-05-15"

// fixture validates testdata/org, the small organization the tests render,
// compared with a week before, as okrs build does by default.
func fixture(t testing.TB, dir, asOf string) Input {
	t.Helper()
	day := okr.MustDate(asOf)
	res, err := pipeline.Run(dir, pipeline.Options{AsOf: day, Since: day.AddDays(-7)})
	if err != nil {
		t.Fatal(err)
	}
	if c := finding.Tally(res.Findings); c.Errors > 0 {
		for _, f := range res.Findings {
			t.Log(f)
		}
		t.Fatalf("%s has %d errors", dir, c.Errors)
	}
	return Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}
}

func render(t testing.TB, in Input, opt Options) Files {
	t.Helper()
	files, err := Render(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The pages a reviewer looks at most, a feed and a badge, as golden files. The ECharts
// <script> line is left out so that the files do not depend on whether
// `make assets` ran before the test.
func TestGolden(t *testing.T) {
	files := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{})
	for name, page := range map[string]string{
		"TestGoldenIndex":      "index.html",
		"TestGoldenObjective":  "teams/tiny/2026-Q2/loyal-customers.html",
		"TestGoldenReport":     "report/2026-Q2.html",
		"TestGoldenEndedCycle": "cycles/2026-Q1/index.html",
		"TestGoldenFeed":       "teams/tiny/feed.xml",
		"TestGoldenBadge":      "badges/tiny.svg",
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := files.Get(page)
			if !ok {
				t.Fatalf("no %s in the site", page)
			}
			golden.Check(t, filepath.Join("testdata", name+".golden"), echartsTag.ReplaceAll(got, nil))
		})
	}
}

var echartsTag = regexp.MustCompile(`(?m)^<script src="[./]*assets/echarts-[0-9.]+\.min\.js" defer></script>\n`)

// Same input and as-of date, same bytes: render twice, write twice, and
// compare every file.
func TestDeterministic(t *testing.T) {
	in := fixture(t, "testdata/org", fixtureAsOf)
	a := render(t, in, Options{BaseURL: "https://okrs.example.com/"})
	b := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{BaseURL: "https://okrs.example.com/"})
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s differs between two renders", a[i].Path)
		}
	}
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	if err := output.Write(one, a); err != nil {
		t.Fatal(err)
	}
	if err := output.Write(two, b); err != nil {
		t.Fatal(err)
	}
	if x, y := readTree(t, one), readTree(t, two); !equalTrees(x, y) {
		t.Fatal("two builds wrote different files")
	}
	// Build streams the same files to disk that Render returns.
	three := filepath.Join(dir, "three")
	st, err := Build(three, in, Options{BaseURL: "https://okrs.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != len(a) {
		t.Errorf("Build wrote %d files, Render returned %d", st.Files, len(a))
	}
	if x, y := readTree(t, one), readTree(t, three); !equalTrees(x, y) {
		t.Fatal("Build and Render+Write wrote different files")
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestFiles(t *testing.T) {
	files := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{})
	for _, want := range []string{
		"index.html", "404.html", "cycles/index.html", "cycles/2026-Q1/index.html", "cycles/2026-Q2/index.html",
		"teams/index.html", "teams/tiny/index.html", "teams/web/index.html",
		"teams/tiny/2026-Q2/loyal-customers.html", "teams/web/2026-Q1/fast-pages.html",
		"roadmap/index.html", "alignment/2026-Q1.html", "alignment/2026-Q2.html", "raci/index.html",
		"health/index.html", "people/index.html", "people/ann.html", "report/2026-Q1.html", "report/2026-Q2.html",
		"data/okrs.json", "data/2026-Q1.csv", "data/2026-Q2.csv", "schema/okrs.schema.json",
	} {
		if _, ok := files.Get(want); !ok {
			t.Errorf("no %s in the site", want)
		}
	}
	var css, js int
	for _, f := range files {
		if regexp.MustCompile(`^assets/site\.[0-9a-f]{10}\.css$`).MatchString(f.Path) {
			css++
		}
		if regexp.MustCompile(`^assets/site\.[0-9a-f]{10}\.js$`).MatchString(f.Path) {
			js++
		}
	}
	if css != 1 || js != 1 {
		t.Errorf("want one hashed site.css and one site.js, got %d and %d", css, js)
	}
	var data struct {
		AsOf string `json:"as_of"`
	}
	b, _ := files.Get("data/okrs.json")
	if err := json.Unmarshal(b, &data); err != nil || data.AsOf != fixtureAsOf {
		t.Errorf("data/okrs.json: as_of %q, %v", data.AsOf, err)
	}
}

// The search index is a manifest with a fixed name and parts named by
// their content, each at most searchPartSize objectives, which together
// hold every objective once, the latest cycle first.
func TestSearchIndex(t *testing.T) {
	size := searchPartSize
	searchPartSize = 2
	t.Cleanup(func() { searchPartSize = size })
	files := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{})
	manifest, ok := files.Get("assets/search.js")
	if !ok {
		t.Fatal("no assets/search.js")
	}
	var parts []string
	js, ok := bytes.CutPrefix(manifest, []byte("window.OKRS_SEARCH_PARTS = "))
	if err := json.Unmarshal(bytes.TrimSuffix(js, []byte(";\n")), &parts); !ok || err != nil {
		t.Fatalf("assets/search.js: %v\n%s", err, manifest)
	}
	name := regexp.MustCompile(`^assets/search/(2026-Q[12])\.[0-9]\.[0-9a-f]{10}\.js$`)
	var urls, cycles []string
	for _, p := range parts {
		m := name.FindStringSubmatch(p)
		if m == nil {
			t.Errorf("part %s is not named by its cycle and content", p)
			continue
		}
		cycles = append(cycles, m[1])
		b, ok := files.Get(p)
		if !ok {
			t.Fatalf("the manifest lists %s, which is not in the site", p)
		}
		var entries []struct{ U string }
		js, _ := bytes.CutPrefix(b, []byte("window.OKRS_SEARCH = (window.OKRS_SEARCH || []).concat("))
		if err := json.Unmarshal(bytes.TrimSuffix(js, []byte(");\n")), &entries); err != nil {
			t.Fatalf("%s: %v\n%s", p, err, b)
		}
		if len(entries) == 0 || len(entries) > searchPartSize {
			t.Errorf("%s holds %d objectives", p, len(entries))
		}
		for _, e := range entries {
			urls = append(urls, e.U)
		}
	}
	var pages []string
	for _, f := range files {
		if regexp.MustCompile(`^teams/[^/]+/[^/]+/[^/]+\.html$`).MatchString(f.Path) {
			pages = append(pages, f.Path)
		}
	}
	if got, want := strings.Join(slices.Sorted(slices.Values(urls)), " "), strings.Join(pages, " "); got != want {
		t.Errorf("the parts hold\n%s\nwant every objective once:\n%s", got, want)
	}
	if len(parts) < 3 || !slices.IsSortedFunc(cycles, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("parts %v: want several, the latest cycle first", parts)
	}
}

var (
	attrURL = regexp.MustCompile(`\b(href|src)="([^"]*)"`)
	idAttr  = regexp.MustCompile(`\bid="([^"]+)"`)
)

// Every link and asset is relative and lands on a file of the site (and
// on an element, when it has a fragment); nothing is loaded from anywhere
// else. The site is checked on days before, during, between and after the
// fixture's cycles.
func TestLinksResolve(t *testing.T) {
	for _, day := range []string{"2025-11-01", "2026-02-10", fixtureAsOf, "2026-07-15"} {
		t.Run(day, func(t *testing.T) {
			checkLinks(t, render(t, fixture(t, "testdata/org", day), Options{BaseURL: "https://okrs.example.com/sub/"}))
		})
	}
}

// An organization with nothing in it yet still renders.
func TestEmptyOrganization(t *testing.T) {
	m := &okr.Model{Org: &okr.Organization{Name: "New Co"}}
	in := Input{Model: m, Numbers: compute.Compute(m, okr.MustDate(fixtureAsOf))}
	files := render(t, in, Options{})
	checkLinks(t, files)
	b, _ := files.Get("index.html")
	if !strings.Contains(string(b), "No cycles yet") {
		t.Error("the dashboard of an empty organization does not say what to do")
	}
}

func checkLinks(t *testing.T, files Files) {
	t.Helper()
	ids := map[string]map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			ids[f.Path] = map[string]bool{}
			for _, m := range idAttr.FindAllStringSubmatch(string(f.Data), -1) {
				ids[f.Path][m[1]] = true
			}
		}
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") || f.Path == "404.html" {
			continue
		}
		for _, m := range attrURL.FindAllStringSubmatch(string(f.Data), -1) {
			attr, u := m[1], htmlUnescape(m[2])
			switch {
			case strings.HasPrefix(u, "https://okrs.example.com/sub/") && strings.Contains(string(f.Data), `rel="canonical" href="`+m[2]+`"`):
				continue // the canonical link, the only absolute one
			case strings.HasPrefix(u, "https://example.com/") && attr == "href":
				continue // a link in the fixture's Markdown: followed, never loaded
			case strings.HasPrefix(u, "mailto:"):
				continue
			case strings.Contains(u, "://") || strings.HasPrefix(u, "//"):
				t.Errorf("%s: %s=%q leaves the site", f.Path, attr, u)
				continue
			}
			target, frag, _ := strings.Cut(u, "#")
			p := f.Path
			if target != "" {
				p = path.Join(path.Dir(f.Path), target)
				if _, ok := files.Get(p); !ok {
					t.Errorf("%s: %s=%q: no file %s", f.Path, attr, u, p)
					continue
				}
			}
			if frag != "" && !ids[p][frag] {
				t.Errorf("%s: %s=%q: no element with id %q in %s", f.Path, attr, u, frag, p)
			}
		}
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`, "&#39;", "'").Replace(s)
}

var chartDiv = regexp.MustCompile(`<div class="chart-canvas" id="([^"]*)" data-chart role="img" aria-label="([^"]*)"`)

// Charts have fixed ids of [A-Za-z0-9_], unique on their page, a label
// for screen readers, and their option as JSON next to them.
func TestChartIDs(t *testing.T) {
	files := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{})
	ok := regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	total := 0
	for _, f := range files {
		seen := map[string]bool{}
		for _, m := range chartDiv.FindAllStringSubmatch(string(f.Data), -1) {
			total++
			id, label := m[1], m[2]
			if !ok.MatchString(id) || seen[id] {
				t.Errorf("%s: chart id %q is not unique or not [A-Za-z0-9_]", f.Path, id)
			}
			seen[id] = true
			if strings.TrimSpace(label) == "" {
				t.Errorf("%s: chart %s has no aria-label", f.Path, id)
			}
			if !strings.Contains(string(f.Data), `<script type="application/json" id="`+id+`-option">`) {
				t.Errorf("%s: chart %s has no option", f.Path, id)
			}
		}
	}
	if total < 10 {
		t.Errorf("only %d charts in the site", total)
	}
}

// inject puts a script into the places user text reaches a page: a title,
// a check-in note and a description.
func inject(in Input, payload string) {
	for _, doc := range in.Model.OKRs {
		for _, o := range doc.Objectives {
			o.Title = payload + " " + o.Title
			o.Description = payload + "\n\n" + o.Description
			for _, kr := range o.KeyResults {
				kr.Title = payload + kr.Title
				for _, ci := range kr.CheckIns {
					ci.Note = payload + ci.Note
				}
			}
		}
	}
	for _, t := range in.Model.Teams {
		t.Name = payload + t.Name
	}
	in.Model.Org.Name = payload + in.Model.Org.Name
}

const payload = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`

// A title like </script><script>… cannot break out of the chart option it
// is written into, nor out of any other place on the page.
func TestEscaping(t *testing.T) {
	in := fixture(t, "testdata/org", fixtureAsOf)
	inject(in, payload)
	files := render(t, in, Options{})
	jsonBlock := regexp.MustCompile(`(?s)<script type="application/json" id="[^"]*">(.*?)</script>`)
	found := false
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") && !strings.HasSuffix(f.Path, ".js") {
			continue // data files hold the text as it is
		}
		s := string(f.Data)
		if strings.Contains(s, "<script>window.__pwned") || strings.Contains(s, "<img src=x") {
			t.Errorf("%s: the payload is in the page unescaped", f.Path)
		}
		for _, m := range jsonBlock.FindAllStringSubmatch(s, -1) {
			var v any
			if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
				t.Errorf("%s: chart option is not JSON: %v", f.Path, err)
			}
			if strings.Contains(m[1], "window.__pwned") {
				found = true
				if strings.ContainsAny(m[1], "<>") {
					t.Errorf("%s: chart option holds a raw < or >", f.Path)
				}
			}
		}
	}
	if !found {
		t.Error("the payload reached no chart option; the test tests nothing")
	}
}

// The ECharts version in Go, package.json and the lock file agree, the
// bundler is pinned exactly, the committed bundle is the one the integrity
// hash names, and rebuilding it from the packages the lock pins gives the
// committed bytes.
func TestEChartsPinned(t *testing.T) {
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	b, err := os.ReadFile("../../templates/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	if got := pkg.Dependencies["echarts"]; got != EChartsVersion {
		t.Errorf("package.json pins echarts %q, site.EChartsVersion is %q", got, EChartsVersion)
	}
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	b, err = os.ReadFile("../../templates/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		t.Fatal(err)
	}
	if got := lock.Packages["node_modules/echarts"].Version; got != EChartsVersion {
		t.Errorf("package-lock.json has echarts %q, want %q", got, EChartsVersion)
	}
	esbuild := pkg.DevDependencies["esbuild"]
	if !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(esbuild) {
		t.Errorf("package.json must pin esbuild to one version, not %q: another version may bundle other bytes", esbuild)
	}
	if got := lock.Packages["node_modules/esbuild"].Version; got != esbuild {
		t.Errorf("package-lock.json has esbuild %q, package.json pins %q", got, esbuild)
	}
	vendored, err := os.ReadFile("../../templates/vendor/echarts.min.js")
	if err != nil {
		t.Fatalf("the ECharts build is part of the module: %v", err)
	}
	if got := integrity(vendored); got != EChartsIntegrity {
		t.Errorf("templates/vendor/echarts.min.js has integrity %s, want %s", got, EChartsIntegrity)
	}

	// What the pin gives: `npm ci` installs the packages after checking
	// them against the lock file's sha512, so the licences must equal the
	// installed ones and a new bundle from them must equal the committed
	// one, byte for byte. `make test` runs `npm ci` first and sets
	// OKRS_REQUIRE_PIN so that a missing install fails instead of skipping.
	installed := "../../templates/node_modules/"
	var npmPkg struct {
		Version string `json:"version"`
	}
	b, err = os.ReadFile(installed + "echarts/package.json")
	if err != nil {
		if os.Getenv("OKRS_REQUIRE_PIN") != "" {
			t.Fatalf("the pinned packages are not installed (%v); run make assets", err)
		}
		t.Skip("templates/node_modules is not installed (make assets); compared with the recorded hash only")
	}
	if err := json.Unmarshal(b, &npmPkg); err != nil {
		t.Fatal(err)
	}
	if npmPkg.Version != EChartsVersion {
		t.Fatalf("templates/node_modules has echarts %s, the pin is %s; run make assets", npmPkg.Version, EChartsVersion)
	}
	for committed, fromNPM := range map[string]string{
		"ECHARTS-LICENSE.txt":    "echarts/LICENSE",
		"ECHARTS-NOTICE.txt":     "echarts/NOTICE",
		"ECHARTS-LICENSE-d3.txt": "echarts/licenses/LICENSE-d3",
		"ZRENDER-LICENSE.txt":    "zrender/LICENSE",
		"TSLIB-LICENSE.txt":      "tslib/LICENSE.txt",
	} {
		want, err := os.ReadFile(installed + fromNPM)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile("../../templates/vendor/" + committed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("templates/vendor/%s differs from node_modules/%s; run make assets", committed, fromNPM)
		}
	}
	rebuilt := filepath.Join(t.TempDir(), "echarts.min.js")
	cmd := exec.Command("node", "echarts/build.mjs", rebuilt)
	cmd.Dir = "../../templates"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node echarts/build.mjs: %v\n%s", err, out)
	}
	want, err := os.ReadFile(rebuilt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(vendored, want) {
		t.Errorf("templates/vendor/echarts.min.js (%d bytes) is not what templates/echarts/build.mjs gives from the pinned packages (%d bytes); run make assets", len(vendored), len(want))
	}
}
