package site

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/okrs-dev/okrs/internal/site/output"
)

// The working groups write priorities as labels (SPEC §10): team and
// cycle pages filter their objectives by them. Without JavaScript every
// objective is in the page and nothing is hidden; the chips, which only
// work with it, are hidden with the rest of the filter.
func TestLabelFilterWithoutScript(t *testing.T) {
	files := render(t, fixture(t, "../../testdata/real/working-groups", "2026-11-20"), Options{})
	page := string(get(t, files, "cycles/2026-Q3/index.html"))
	if n := strings.Count(page, "<tr data-row"); n != 5 {
		t.Errorf("the cycle page has %d objective rows, want 5", n)
	}
	if strings.Contains(page, "<tr data-row hidden") || strings.Contains(page, "<section class=\"team-group\" data-group hidden") {
		t.Error("the cycle page hides objectives before any script runs")
	}
	for _, chip := range []string{"p0", "p1", "process", "supply-chain"} {
		want := `<button type="button" class="chip" aria-pressed="false" data-label="` + chip + `">` + chip + `</button>`
		if !strings.Contains(page, want) {
			t.Errorf("the cycle page has no chip %s", want)
		}
	}
	// A key result's label is its objective's for the filter.
	if !strings.Contains(page, `data-labels="[&#34;p1&#34;,&#34;process&#34;]"`) {
		t.Error("the triage row does not carry its key result's label")
	}
	// No labels, no chips.
	if team := string(get(t, render(t, fixture(t, "testdata/org", fixtureAsOf), Options{}), "teams/tiny/index.html")); strings.Contains(team, "filter-labels") {
		t.Error("a team page without labels shows a label filter")
	}
}

// TestLabelFilter presses label chips with the keyboard and the mouse on
// a cycle page and a team page, in headless Chromium, and reads what is
// left shown.
func TestLabelFilter(t *testing.T) {
	files := render(t, fixture(t, "../../testdata/real/working-groups", "2026-11-20"), Options{})
	dir := filepath.Join(t.TempDir(), "site")
	if err := output.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	base := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
	rec := &recorder{allowed: func(u string) bool { return strings.HasPrefix(u, base) || strings.HasPrefix(u, "about:") }}
	ctx := browser(t, rec.listen)

	type view struct {
		Shown   []string `json:"shown"`   // the visible objectives' ids
		Groups  int      `json:"groups"`  // visible groups (teams on a cycle page, cycles on a team page)
		Count   string   `json:"count"`   // the live region
		Pressed []string `json:"pressed"` // chips with aria-pressed=true
	}
	const read = `(() => ({
		shown: Array.from(document.querySelectorAll('[data-row]')).filter(r => r.getClientRects().length > 0)
			.map(r => r.querySelector('th a').getAttribute('href').split('/').pop().replace('.html', '')),
		groups: Array.from(document.querySelectorAll('[data-group]')).filter(g => g.getClientRects().length > 0).length,
		count: document.querySelector('[data-filter-count]').textContent,
		pressed: Array.from(document.querySelectorAll('.chip[aria-pressed="true"]')).map(c => c.dataset.label),
	}))()`
	look := func(t *testing.T) view {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[view](read))
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(v.Shown)
		return v
	}
	chip := func(label string) string { return `.chip[data-label="` + label + `"]` }
	// press focuses a chip and types the key on it, as a keyboard user does.
	press := func(label, key string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.Focus(chromedp.CSS(chip(label))), chromedp.KeyEvent(key))
	}

	t.Run("cycle page", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"cycles/2026-Q3/index.html")); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name   string
			do     chromedp.Action[chromedp.Void]
			shown  []string
			groups int
			count  string
		}{
			{"nothing pressed: all", chromedp.Steps(), []string{"contributors", "memory", "startup", "supply-chain", "triage"}, 3, "5 of 5 objectives"},
			{"p0 with Enter", press("p0", kb.Enter), []string{"startup", "supply-chain"}, 2, "2 of 5 objectives labelled p0"},
			{"and process with Space: either", press("process", " "), []string{"startup", "supply-chain", "triage"}, 2, "3 of 5 objectives labelled p0 or process"},
			{"p0 clicked again: process only", chromedp.Click(chromedp.CSS(chip("p0"))), []string{"triage"}, 1, "1 of 5 objectives labelled process"},
			{"process released: all again", chromedp.Click(chromedp.CSS(chip("process"))), []string{"contributors", "memory", "startup", "supply-chain", "triage"}, 3, "5 of 5 objectives"},
		}
		for _, s := range steps {
			if err := chromedp.Do(ctx, s.do); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			v := look(t)
			if !slices.Equal(v.Shown, s.shown) || v.Groups != s.groups || v.Count != s.count {
				t.Errorf("%s: shown %v in %d groups, %q; want %v in %d, %q", s.name, v.Shown, v.Groups, v.Count, s.shown, s.groups, s.count)
			}
		}
	})
	t.Run("team page", func(t *testing.T) {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(base+"teams/wg-performance/index.html"),
			press("p1", kb.Enter),
		); err != nil {
			t.Fatal(err)
		}
		// p1 is only in 2026-Q3: the 2026-Q4 section is hidden.
		v := look(t)
		if !slices.Equal(v.Shown, []string{"memory"}) || v.Groups != 1 || !slices.Equal(v.Pressed, []string{"p1"}) || v.Count != "1 of 3 objectives labelled p1" {
			t.Errorf("p1 pressed: shown %v in %d cycles, pressed %v, %q", v.Shown, v.Groups, v.Pressed, v.Count)
		}
	})
	for _, p := range rec.take() {
		t.Errorf("label filter: %s", p)
	}
}
