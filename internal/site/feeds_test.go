package site

import (
	"bytes"
	"encoding/xml"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/golden"
	"github.com/okrs-dev/okrs/internal/okr"
)

// parsedFeed is an Atom feed as a reader parses it.
type parsedFeed struct {
	XMLName xml.Name     `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string       `xml:"id"`
	Title   string       `xml:"title"`
	Updated string       `xml:"updated"`
	Authors []atomPerson `xml:"author"`
	Links   []atomLink   `xml:"link"`
	Entries []struct {
		ID      string       `xml:"id"`
		Title   string       `xml:"title"`
		Updated string       `xml:"updated"`
		Authors []atomPerson `xml:"author"`
		Links   []atomLink   `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func parseFeed(t *testing.T, name string, b []byte) parsedFeed {
	t.Helper()
	var f parsedFeed
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// checkAtom checks what RFC 4287 requires of a feed and its entries, and
// what okrs promises: unique ids, newest first, at most feedLimit entries.
// It returns the entry links.
func checkAtom(t *testing.T, name string, f parsedFeed) []string {
	t.Helper()
	date := func(what, s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Errorf("%s: %s %q is not an RFC 3339 date-time", name, what, s)
		}
		return d
	}
	if f.ID == "" || f.Title == "" || f.Updated == "" {
		t.Errorf("%s: feed id %q, title %q, updated %q: all are required", name, f.ID, f.Title, f.Updated)
	}
	updated := date("feed updated", f.Updated)
	if len(f.Entries) > feedLimit {
		t.Errorf("%s: %d entries, more than %d", name, len(f.Entries), feedLimit)
	}
	ids := map[string]bool{}
	var links []string
	var last time.Time
	for i, e := range f.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" {
			t.Errorf("%s: entry %d: id %q, title %q, updated %q: all are required", name, i, e.ID, e.Title, e.Updated)
		}
		if !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("%s: entry id %q is not a URN", name, e.ID)
		}
		if ids[e.ID] {
			t.Errorf("%s: entry id %s twice", name, e.ID)
		}
		ids[e.ID] = true
		if len(f.Authors) == 0 && len(e.Authors) == 0 {
			t.Errorf("%s: entry %s has no author, nor has the feed", name, e.ID)
		}
		d := date("entry updated", e.Updated)
		if i == 0 && !d.Equal(updated) {
			t.Errorf("%s: feed updated %s, newest entry %s", name, f.Updated, e.Updated)
		}
		if i > 0 && d.After(last) {
			t.Errorf("%s: entry %d (%s) is newer than the one before it (%s)", name, i, e.Updated, last)
		}
		last = d
		if len(e.Links) != 1 || e.Links[0].Rel != "alternate" || e.Links[0].Href == "" {
			t.Errorf("%s: entry %s: links %v, want one alternate", name, e.ID, e.Links)
		} else {
			links = append(links, e.Links[0].Href)
		}
		if e.Content.Type != "html" || e.Content.Body == "" {
			t.Errorf("%s: entry %s: content %q of type %q", name, e.ID, e.Content.Body, e.Content.Type)
		}
	}
	return links
}

func TestFeeds(t *testing.T) {
	files := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{})
	// The fixture's check-ins on or before the as-of date, by team.
	want := map[string]int{"feed.xml": 13, "teams/tiny/feed.xml": 8, "teams/web/feed.xml": 5}
	for name, n := range want {
		t.Run(name, func(t *testing.T) {
			b, ok := files.Get(name)
			if !ok {
				t.Fatalf("no %s", name)
			}
			f := parseFeed(t, name, b)
			links := checkAtom(t, name, f)
			if len(f.Entries) != n {
				t.Errorf("%d entries, want %d", len(f.Entries), n)
			}
			// Without a base URL, links are relative to the feed and reach
			// a page of the site.
			for _, href := range links {
				page, anchor, _ := strings.Cut(href, "#")
				target := path.Join(path.Dir(name), page)
				html, ok := files.Get(target)
				if strings.Contains(href, "://") || !ok {
					t.Errorf("link %s: %s is not a page of the site", href, target)
				} else if !bytes.Contains(html, []byte(`id="`+anchor+`"`)) {
					t.Errorf("link %s: %s has no id %s", href, target, anchor)
				}
			}
		})
	}
	t.Run("pages link their feeds", func(t *testing.T) {
		for page, feeds := range map[string][]string{
			"index.html":            {`href="feed.xml"`},
			"teams/tiny/index.html": {`href="../../feed.xml"`, `href="../../teams/tiny/feed.xml"`},
		} {
			b, _ := files.Get(page)
			for _, href := range feeds {
				if !bytes.Contains(b, []byte(`<link rel="alternate" type="application/atom+xml" title="Check-ins · `)) || !bytes.Contains(b, []byte(href)) {
					t.Errorf("%s has no <link rel=alternate> to %s", page, href)
				}
			}
		}
	})
}

// A base URL makes every link absolute and adds rel=self; the ids stay.
func TestFeedsWithBaseURL(t *testing.T) {
	in := fixture(t, "testdata/org", fixtureAsOf)
	plain := parseFeed(t, "feed.xml", get(t, render(t, in, Options{}), "feed.xml"))
	const base = "https://okrs.example.com/acme/"
	abs := parseFeed(t, "feed.xml", get(t, render(t, in, Options{BaseURL: base}), "feed.xml"))
	links := checkAtom(t, "feed.xml", abs)
	for _, l := range abs.Links {
		links = append(links, l.Href)
	}
	for _, href := range links {
		if !strings.HasPrefix(href, base) {
			t.Errorf("link %s is not below %s", href, base)
		}
	}
	if !slices.ContainsFunc(abs.Links, func(l atomLink) bool {
		return l.Rel == "self" && l.Href == base+"feed.xml"
	}) {
		t.Errorf("no rel=self link to %sfeed.xml in %v", base, abs.Links)
	}
	if plain.ID != abs.ID || len(plain.Entries) != len(abs.Entries) {
		t.Fatalf("the base URL changed the feed id or its entries")
	}
	for i := range plain.Entries {
		if plain.Entries[i].ID != abs.Entries[i].ID {
			t.Errorf("entry %d: id %s without a base URL, %s with one", i, plain.Entries[i].ID, abs.Entries[i].ID)
		}
	}
}

// A feed keeps the newest feedLimit check-ins of many, and its ids and
// dates do not move when the as-of date does.
func TestFeedLimitAndStableIDs(t *testing.T) {
	in := fixture(t, "testdata/org", fixtureAsOf)
	s, err := newSite(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var real []feedItem
	for _, o := range s.res.Objectives {
		for _, kr := range o.KeyResults {
			for _, ci := range kr.CheckIns {
				real = append(real, feedItem{ci: ci, kr: kr, o: o})
			}
		}
	}
	// 150 check-ins, one a day from 2026-01-01, in scrambled order.
	var items []feedItem
	start := okr.MustDate("2026-01-01")
	for i := range 150 {
		it := real[i%len(real)]
		ci := *it.ci
		ci.Date, ci.Order = start.AddDays((i*37)%150), i
		it.ci = &ci
		items = append(items, it)
	}
	f := s.feed("feed.xml", "index.html", "t", "t", items)
	if len(f.Entries) != feedLimit {
		t.Fatalf("%d entries, want %d", len(f.Entries), feedLimit)
	}
	if got, want := f.Entries[0].Updated, atomTime(start.AddDays(149)); got != want {
		t.Errorf("newest entry %s, want %s", got, want)
	}
	if got, want := f.Entries[feedLimit-1].Updated, atomTime(start.AddDays(50)); got != want {
		t.Errorf("oldest entry %s, want %s", got, want)
	}

	later := render(t, fixture(t, "testdata/org", "2026-06-10"), Options{})
	now := parseFeed(t, "now", get(t, render(t, in, Options{}), "feed.xml"))
	then := parseFeed(t, "later", get(t, later, "feed.xml"))
	byID := map[string]string{}
	for _, e := range then.Entries {
		byID[e.ID] = e.Updated
	}
	for _, e := range now.Entries {
		if u, ok := byID[e.ID]; !ok || u != e.Updated {
			t.Errorf("entry %s (%s) is %q a month later", e.ID, e.Updated, u)
		}
	}
}

func get(t *testing.T, files Files, name string) []byte {
	t.Helper()
	b, ok := files.Get(name)
	if !ok {
		t.Fatalf("no %s in the site", name)
	}
	return b
}

// Every badge is well-formed SVG with a text alternative that says what
// the picture shows.
func TestBadges(t *testing.T) {
	files := render(t, fixture(t, "testdata/org", fixtureAsOf), Options{})
	var badges []string
	for _, f := range files {
		if strings.HasPrefix(f.Path, "badges/") {
			badges = append(badges, f.Path)
		}
	}
	want := []string{
		"badges/tiny.svg", "badges/web.svg",
		"badges/tiny/2026-Q1/grow.svg", "badges/tiny/2026-Q2/loyal-customers.svg",
	}
	for _, w := range want {
		if !slices.Contains(badges, w) {
			t.Errorf("no %s among %v", w, badges)
		}
	}
	for _, name := range badges {
		parseBadge(t, name, get(t, files, name))
	}
	t.Run("the team page shows the Markdown to embed it", func(t *testing.T) {
		page := string(get(t, files, "teams/tiny/index.html"))
		for _, s := range []string{`<img src="../../badges/tiny.svg" alt="Tiny Co · 2026-Q2: `, "[![Tiny Co OKRs](https://YOUR-SITE/badges/tiny.svg)](https://YOUR-SITE/teams/tiny/)"} {
			if !strings.Contains(page, s) {
				t.Errorf("teams/tiny/index.html lacks %s", s)
			}
		}
		withBase := string(get(t, render(t, fixture(t, "testdata/org", fixtureAsOf), Options{BaseURL: "https://okrs.example.com"}), "teams/tiny/index.html"))
		if s := "[![Tiny Co OKRs](https://okrs.example.com/badges/tiny.svg)](https://okrs.example.com/teams/tiny/)"; !strings.Contains(withBase, s) {
			t.Errorf("with a base URL, teams/tiny/index.html lacks %s", s)
		}
	})
}

// parseBadge reads a badge as SVG and checks that its text alternative
// says what the picture shows; it returns the message and the fill of the
// message's box.
func parseBadge(t *testing.T, name string, b []byte) (message, fill string) {
	t.Helper()
	var svg struct {
		XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
		Role    string   `xml:"role,attr"`
		Label   string   `xml:"aria-label,attr"`
		Title   string   `xml:"title"`
		Rects   []struct {
			Fill string `xml:"fill,attr"`
		} `xml:"rect"`
		Texts []string `xml:"g>text"`
	}
	if err := xml.Unmarshal(b, &svg); err != nil {
		t.Errorf("%s: %v", name, err)
		return "", ""
	}
	if svg.Role != "img" || svg.Label == "" || svg.Title != svg.Label {
		t.Errorf("%s: role %q, aria-label %q, title %q", name, svg.Role, svg.Label, svg.Title)
	}
	if len(svg.Texts) != 2 || svg.Label != svg.Texts[0]+": "+svg.Texts[1] || len(svg.Rects) != 2 {
		t.Errorf("%s: texts %q do not match the label %q, or not two boxes", name, svg.Texts, svg.Label)
		return "", ""
	}
	return svg.Texts[1], svg.Rects[1].Fill
}

// Badges of an ended cycle nobody measured say "not graded" in a neutral
// grey, not "off track · 0%"; graded ones say their grade in its band's
// colour (SPEC §10). The handbook's dashboard opens on its ended quarter;
// the working groups' 2026-Q3 ended with nothing measured.
func TestBadgesOfEndedCycles(t *testing.T) {
	handbook := render(t, fixture(t, "../../testdata/real/handbook", "2026-11-20"), Options{})
	groups := render(t, fixture(t, "../../testdata/real/working-groups", "2026-11-20"), Options{})
	grey, green := badgeColors[compute.StateNoData], badgeColors[compute.BandGreen]
	tests := []struct {
		files         Files
		name          string
		message, fill string
	}{
		{handbook, "badges/company.svg", "not graded", grey},       // two objectives, neither measured
		{handbook, "badges/marketing.svg", "not graded", grey},     // one, not measured
		{handbook, "badges/engineering.svg", "graded 0.81", green}, // one graded by hand, one not graded
		{handbook, "badges/company/FY27-Q2/enterprise-ready.svg", "not graded", grey},
		{handbook, "badges/development/FY27-Q2/velocity.svg", "graded 1", green},
		{groups, "badges/wg-security/2026-Q3/supply-chain.svg", "not graded", grey},
	}
	for _, tt := range tests {
		message, fill := parseBadge(t, tt.name, get(t, tt.files, tt.name))
		if message != tt.message || fill != tt.fill {
			t.Errorf("%s: %q on %s, want %q on %s", tt.name, message, fill, tt.message, tt.fill)
		}
	}
	if grey == badgeColors[compute.StateOffTrack] || grey == badgeColors[compute.StateStale] {
		t.Errorf("not graded is drawn in the colour of off track or stale, %s", grey)
	}
	t.Run("TestGoldenBadgeNotGraded", func(t *testing.T) {
		golden.Check(t, filepath.Join("testdata", "TestGoldenBadgeNotGraded.golden"), get(t, handbook, "badges/company.svg"))
	})
}

func TestBadgeWidths(t *testing.T) {
	for _, tt := range []struct {
		a, b string
	}{{"iiii", "MMMM"}, {"at risk", "off track · 100%"}} {
		if textWidth(tt.a) >= textWidth(tt.b) {
			t.Errorf("%q is estimated at least as wide as %q", tt.a, tt.b)
		}
	}
	if b := badge("a & b", "<x>", "nonsense"); !bytes.Contains(b, []byte("a &amp; b: &lt;x&gt;")) || !bytes.Contains(b, []byte(badgeColors[""])) {
		t.Errorf("badge does not escape its text or pick the grey:\n%s", b)
	}
}
