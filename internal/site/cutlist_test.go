package site

import (
	"html"
	"path"
	"regexp"
	"strings"
	"testing"
)

// TestCutListsLinkToTheFullList: on the sample's dashboard, team pages
// and reports, every list cut to "and N more" links to a page, and a
// place on it, that exists. The sample is looked at on two dates, so that
// some lists of what changed are long enough to be cut.
func TestCutListsLinkToTheFullList(t *testing.T) {
	more := regexp.MustCompile(`and \d+ more`)
	hrefAt := regexp.MustCompile(`^<a href="([^"]*)"`)
	for _, asOf := range []string{sampleAsOf, "2026-12-04"} {
		files := render(t, fixture(t, "../../okrs", asOf), Options{})
		cut := 0
		for _, f := range files {
			if !strings.HasSuffix(f.Path, ".html") || f.Path != "index.html" && !strings.HasPrefix(f.Path, "teams/") && !strings.HasPrefix(f.Path, "report/") {
				continue
			}
			page := string(f.Data)
			for _, at := range more.FindAllStringIndex(page, -1) {
				cut++
				what := page[at[0]:at[1]]
				// The link is the one around the words, else the first
				// one after them in the same item or paragraph.
				href, ok := "", false
				before := page[:at[0]]
				if open := strings.LastIndex(before, "<a "); open > strings.LastIndex(before, "</a>") {
					if m := hrefAt.FindStringSubmatch(before[open:]); m != nil {
						href, ok = m[1], true
					}
				} else {
					rest := page[at[1]:]
					end := len(rest)
					for _, closing := range []string{"</li>", "</p>"} {
						if i := strings.Index(rest, closing); i >= 0 {
							end = min(end, i)
						}
					}
					if i := strings.Index(rest[:end], "<a "); i >= 0 {
						if m := hrefAt.FindStringSubmatch(rest[i:end]); m != nil {
							href, ok = m[1], true
						}
					}
				}
				if !ok {
					t.Errorf("%s (as of %s): %q links nowhere", f.Path, asOf, what)
					continue
				}
				file, anchor, _ := strings.Cut(html.UnescapeString(href), "#")
				target := f.Data
				if file != "" {
					if target, ok = files.Get(path.Join(path.Dir(f.Path), file)); !ok {
						t.Errorf("%s (as of %s): %q links to %s, which is not in the site", f.Path, asOf, what, href)
						continue
					}
				}
				if anchor != "" && !strings.Contains(string(target), ` id="`+anchor+`"`) {
					t.Errorf("%s (as of %s): %q links to %s, which has no id %q", f.Path, asOf, what, href, anchor)
				}
			}
		}
		t.Logf("as of %s: %d cut lists", asOf, cut)
		if cut == 0 {
			t.Errorf("as of %s: no cut list in the sample; the test checks nothing", asOf)
		}
	}
}
