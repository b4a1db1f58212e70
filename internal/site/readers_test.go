package site

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// The site as its readers get it: on a phone, on paper, without layout
// shift. These tests open the sample organization's site in headless
// Chromium.

// pageTypes are one page of every type of the sample organization.
var pageTypes = []string{
	"index.html",
	"cycles/index.html",
	"cycles/2026-Q4/index.html",
	"cycles/2026-Q3/index.html",
	"teams/index.html",
	"teams/payments/index.html",
	"teams/payments/2026-Q4/effortless-checkout.html",
	"roadmap/index.html",
	"alignment/2026-Q4.html",
	"raci/index.html",
	"health/index.html",
	"people/index.html",
	"report/2026-Q4.html",
	"report/2026-Q3.html",               // an ended cycle: its review and grade chart
	"cycles/2026-Q4/changes-moved.html", // a whole list behind "and N more"
}

// sampleSite writes the sample organization's site into a folder and
// returns the file:// address of that folder.
func sampleSite(t *testing.T) string {
	t.Helper()
	return siteOf(t, render(t, fixture(t, "../../okrs", sampleAsOf), Options{}))
}

// siteOf writes the files where the browser opens them, and answers the
// site's address.
func siteOf(t *testing.T, files Files) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := output.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
}

// viewport sets the window's width (CSS pixels) and the media CSS sees:
// "" for the screen, "print" for paper.
func viewport(width int64, media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// drawAll scrolls every shown chart of the page into view, as a reader scrolling
// down would, waits until each is drawn (or 5 s), and scrolls back to the
// top. It answers the ids of the charts that were not drawn.
const drawAll = `(async () => {
	// A chart the page does not show at this width (display: none) is
	// never drawn: nobody sees it.
	const charts = Array.from(document.querySelectorAll('[data-chart]')).filter(el => el.getClientRects().length > 0);
	const drawn = el => !!el.querySelector('svg, canvas');
	for (const el of charts) {
		el.scrollIntoView({block: 'center'});
		for (let i = 0; i < 100 && !drawn(el); i++) await new Promise(r => setTimeout(r, 50));
	}
	window.scrollTo(0, 0);
	await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	return charts.filter(el => !drawn(el)).map(el => el.id);
})()`

// layoutProblems finds what a reader would see as broken: a page wider
// than the window, a box that scrolls sideways (other than the main
// navigation, a row of links that scrolls by design), and texts of a
// chart drawn over each other.
const layoutProblems = `(() => {
	const out = [];
	const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
	const W = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth > W + 1) {
		out.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + W + ' px window');
	}
	for (const el of document.querySelectorAll('body *')) {
		if (el.closest('.site-nav')) continue;
		const cs = getComputedStyle(el);
		if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
			out.push(name(el) + ' scrolls sideways: ' + el.scrollWidth + ' px of content in ' + el.clientWidth + ' px');
		}
	}
	const visible = el => {
		for (let e = el; e && e.nodeType === 1; e = e.parentNode) {
			const cs = getComputedStyle(e);
			if (cs.display === 'none' || cs.visibility === 'hidden' || +cs.opacity === 0) return false;
			if (e.getAttribute('fill-opacity') === '0' || e.getAttribute('opacity') === '0') return false;
		}
		return true;
	};
	// clip is the box a text is clipped to (a scrolling legend clips its
	// items at its pager), or null.
	const clip = el => {
		for (let e = el.parentNode; e && e.tagName !== 'svg'; e = e.parentNode) {
			const m = (e.getAttribute('clip-path') || '').match(/#([^)"']+)/);
			if (!m) continue;
			const shape = document.getElementById(m[1]) && document.getElementById(m[1]).firstElementChild;
			if (!shape) return null;
			const b = shape.getBBox();
			let ctm = e.getScreenCTM();
			const own = shape.transform && shape.transform.baseVal.consolidate();
			if (own) ctm = ctm.multiply(own.matrix);
			const p = new DOMPoint(b.x, b.y).matrixTransform(ctm), q = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(ctm);
			return {left: Math.min(p.x, q.x), right: Math.max(p.x, q.x), top: Math.min(p.y, q.y), bottom: Math.max(p.y, q.y)};
		}
		return null;
	};
	const box = t => {
		const r = t.getBoundingClientRect(), c = clip(t);
		if (!c) return r;
		return {left: Math.max(r.left, c.left), right: Math.min(r.right, c.right), top: Math.max(r.top, c.top), bottom: Math.min(r.bottom, c.bottom)};
	};
	for (const chart of document.querySelectorAll('[data-chart]')) {
		const boxes = Array.from(chart.querySelectorAll('text'))
			.filter(t => t.textContent.trim() && visible(t))
			.map(t => ({text: t.textContent.trim(), r: box(t)}))
			.filter(b => b.r.right - b.r.left > 0 && b.r.bottom - b.r.top > 0);
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i].r, b = boxes[j].r;
				const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
				const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
				if (w > 1 && h > 1) {
					out.push('chart ' + chart.id + ': "' + boxes[i].text + '" is drawn over "' + boxes[j].text + '"');
				}
			}
		}
	}
	return out;
})()`

// TestPhoneLayout opens a page of every type in a 400 px window: nothing
// wider than the screen, no table scrolling sideways (wide tables stack
// their cells), no chart text over other text.
func TestPhoneLayout(t *testing.T) {
	base := sampleSite(t)
	rec := &recorder{allowed: func(u string) bool { return true }}
	ctx := browser(t, rec.listen)
	if err := chromedp.Do(ctx, viewport(400, "")); err != nil {
		t.Fatal(err)
	}
	for _, p := range pageTypes {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		undrawn, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawAll, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, id := range undrawn {
			t.Errorf("%s at 400 px: chart %s was not drawn", p, id)
		}
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](layoutProblems))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, problem := range problems {
			t.Errorf("%s at 400 px: %s", p, problem)
		}
	}
	for _, problem := range rec.take() {
		t.Error(problem)
	}
}

// settle waits for two frames and a task: what site.js does on a change
// of media or size has run.
const settle = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 50))))`

// TestPrintedPagesFitThePaper prints a page of every type, as CSS sees it
// on the narrower of A4 and Letter (A4: 210 mm less the 12 mm margins of
// @page, 703 CSS px): paper does not scroll, so nothing may be wider than
// the page or hidden in a box that scrolls sideways (a wide table is cut
// at the paper's edge), and no chart text is drawn over other text.
func TestPrintedPagesFitThePaper(t *testing.T) {
	base := sampleSite(t)
	rec := &recorder{allowed: func(u string) bool { return true }}
	ctx := browser(t, rec.listen)
	for _, p := range pageTypes {
		// The window a reader prints from is wider; the page is laid out
		// again at the paper's width when printing starts.
		if err := chromedp.Do(ctx, viewport(1280, ""), chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawAll, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		// The charts are laid out again when the media changes to print
		// (site.js), in the frames after it, as printing would.
		if err := chromedp.Do(ctx, viewport(703, "print")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](settle, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](layoutProblems))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, problem := range problems {
			t.Errorf("%s printed on A4: %s", p, problem)
		}
	}
	for _, problem := range rec.take() {
		t.Error(problem)
	}
}

// layoutShift is the page's cumulative layout shift so far (the sum of the
// layout-shift entries without recent input), read after a second in
// which the page's script runs and the charts in view are drawn.
const layoutShift = `new Promise(resolve => {
	let cls = 0;
	const po = new PerformanceObserver(list => {
		for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value;
	});
	po.observe({type: 'layout-shift', buffered: true});
	setTimeout(() => { po.disconnect(); resolve(cls); }, 1000);
})`

// TestNoLayoutShift loads a page of every type on a phone and on a
// desktop: nothing moves once the page is shown (cumulative layout shift
// at most 0.05, Lighthouse's threshold for good is 0.1).
func TestNoLayoutShift(t *testing.T) {
	base := sampleSite(t)
	rec := &recorder{allowed: func(u string) bool { return true }}
	ctx := browser(t, rec.listen)
	for _, width := range []int64{400, 1280} {
		if err := chromedp.Do(ctx, viewport(width, "")); err != nil {
			t.Fatal(err)
		}
		for _, p := range pageTypes {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](layoutShift, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if cls > 0.05 {
				t.Errorf("%s at %d px: layout shift %.3f on load, want at most 0.05", p, width, cls)
			}
		}
	}
	for _, problem := range rec.take() {
		t.Error(problem)
	}
}

// TestReportPrintsOnOnePage prints the report from windows of 1280, 1024
// and 400 px on A4 and on Letter: one page each. OKRS_PRINTS=DIR keeps the
// PDFs for a person to look at (pdftoppm -png turns them into images).
func TestReportPrintsOnOnePage(t *testing.T) {
	// The running quarter's report, with what changed, and the ended
	// one's, with its review.
	t.Run("sample", func(t *testing.T) {
		printReports(t, sampleSite(t), "", "2026-Q4", "2026-Q3")
	})
	// The tree of the large organization (okrs-gen -size large), one
	// quarter of it: its report lists the top of 1,000 teams.
	t.Run("1,000 teams", func(t *testing.T) {
		if testing.Short() {
			t.Skip("a generated organization: skipped with -short")
		}
		dir := t.TempDir()
		st, err := gen.Write(dir, gen.Config{Teams: 1000, Quarters: 1, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		printReports(t, siteOf(t, render(t, fixture(t, dir, st.AsOf), Options{NoExports: true})), "1000-", "2025-Q1")
	})
}

// printReports prints the reports of the cycles of the site at base from
// windows of several widths on A4 and Letter, each on one page; with
// OKRS_PRINTS set, the PDFs are kept in that folder as
// report-PREFIXCYCLE-WIDTH-PAPER.pdf.
func printReports(t *testing.T, base, prefix string, cycles ...string) {
	rec := &recorder{allowed: func(u string) bool { return true }}
	ctx := browser(t, rec.listen)
	keep := os.Getenv("OKRS_PRINTS")
	papers := []struct {
		name  string
		paper chromedp.PDFOption
	}{
		{"a4", chromedp.PDFPaper(chromedp.PaperA4)},
		{"letter", chromedp.PDFPaper(chromedp.PaperLetter)},
	}
	for _, cycle := range cycles {
		for _, width := range []int64{1280, 1024, 400} {
			if err := chromedp.Do(ctx, viewport(width, ""), chromedp.Navigate(base+"report/"+cycle+".html")); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawAll, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatal(err)
			}
			for _, p := range papers {
				pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(p.paper, chromedp.PDFPrintBackground()))
				if err != nil {
					t.Fatal(err)
				}
				if n := pdfPages(pdf); n != 1 {
					t.Errorf("the %s report printed from a %d px window on %s is %d pages", cycle, width, p.name, n)
				}
				if keep != "" {
					if err := os.WriteFile(filepath.Join(keep, fmt.Sprintf("report-%s%s-%d-%s.pdf", prefix, cycle, width, p.name)), pdf, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	for _, problem := range rec.take() {
		t.Error(problem)
	}
}

// TestChartTextInsideItsChart: no text of a chart runs past the chart's
// edge, where the SVG cuts it, on screen at 1280, 1024 and 400 px nor laid
// out again for paper (print media at the width of an A4 and a Letter
// page, as site.js does when printing starts). The sample is looked at as
// of 2027-03-30, two days before the end of its last cycle: the as-of
// label sits at the right end of the roadmap, the dashboard's timeline and
// the progress charts, and the report's "expected 99%" at the right end of
// its Teams chart. Text a scrolling legend clips on purpose is left out.
func TestChartTextInsideItsChart(t *testing.T) {
	base := siteOf(t, render(t, fixture(t, "../../okrs", "2027-03-30"), Options{}))
	rec := &recorder{allowed: func(u string) bool { return true }}
	ctx := browser(t, rec.listen)
	const outside = `(() => {
		const out = [];
		for (const svg of document.querySelectorAll('[data-chart] svg')) {
			const box = svg.getBoundingClientRect();
			if (box.width === 0) continue;
			for (const text of svg.querySelectorAll('text')) {
				const r = text.getBoundingClientRect();
				if (r.width === 0 || !text.textContent.trim() || text.closest('[clip-path]')) continue;
				if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
					out.push(svg.closest('[data-chart]').id + ': "' + text.textContent + '" at x ' + Math.round(r.left - box.left) + ' to ' + Math.round(r.right - box.left) + ' of ' + Math.round(box.width));
				}
			}
		}
		return out;
	})()`
	frame := `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`
	for _, page := range []string{"index.html", "roadmap/index.html", "teams/payments/index.html", "teams/payments/2027-Q1/sepa-instant.html", "report/2027-Q1.html"} {
		for _, width := range []int64{1280, 1024, 400} {
			if err := chromedp.Do(ctx, viewport(width, ""), chromedp.Navigate(base+page)); err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawAll, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatal(err)
			}
			for _, paper := range []struct {
				name  string
				width int64 // CSS pixels between the default margins
			}{{"", width}, {"A4", 718}, {"Letter", 740}} {
				media, where := "", fmt.Sprintf("a %d px window", width)
				if paper.name != "" {
					media, where = "print", fmt.Sprintf("%s printed from a %d px window", paper.name, width)
				}
				if err := chromedp.Do(ctx, viewport(paper.width, media)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](frame, chromedp.EvalAwaitPromise)); err != nil {
					t.Fatal(err)
				}
				cut, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](outside))
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cut {
					t.Errorf("%s, %s: %s runs past the chart's edge", page, where, c)
				}
			}
		}
	}
	for _, problem := range rec.take() {
		t.Error(problem)
	}
}

// TestReportListsSayWhatTheyLeaveOut: the sample report's and dashboard's
// lists are cut, and each says how many it leaves out and links to the
// whole list, which has the items shown and the ones left out.
func TestReportListsSayWhatTheyLeaveOut(t *testing.T) {
	t.Run("one page a list", func(t *testing.T) { checkFullLists(t) })
	t.Run("several pages a list", func(t *testing.T) {
		was := listPage
		listPage = 4
		t.Cleanup(func() { listPage = was })
		checkFullLists(t)
	})
}

func checkFullLists(t *testing.T) {
	files := render(t, fixture(t, "../../okrs", sampleAsOf), Options{})
	checkLinks(t, files)
	more := regexp.MustCompile(`<a href="([^"]+)">and (\d+) more</a>`)
	item := regexp.MustCompile(`(?m)^<li>`)
	for _, page := range []struct {
		path  string
		shown map[string]int // list name -> items the page shows
		links int
	}{
		{"report/2026-Q4.html", map[string]int{"attention": reportList, "done": reportList, "changes-moved": reportChanges, "changes-done": reportChanges, "changes-stale": reportChanges, "changes-states": reportChanges}, 3},
		{"index.html", map[string]int{"attention": dashboardAttention, "changes-moved": 5, "changes-done": 5, "changes-stale": 5, "changes-states": 5}, 1},
	} {
		own, ok := files.Get(page.path)
		if !ok {
			t.Fatalf("no %s", page.path)
		}
		found := more.FindAllStringSubmatch(string(own), -1)
		if len(found) < page.links {
			t.Errorf("%s: %d lists say what they leave out, want at least %d", page.path, len(found), page.links)
		}
		for _, m := range found {
			target := path.Join(path.Dir(page.path), m[1])
			name := strings.TrimSuffix(path.Base(target), ".html")
			left, _ := strconv.Atoi(m[2])
			if target != listPath("2026-Q4", name, 1) {
				t.Errorf("%s: and %s more links to %s, not to the first page of a list", page.path, m[2], target)
			}
			got := 0
			for n := 1; ; n++ {
				list, ok := files.Get(listPath("2026-Q4", name, n))
				if !ok {
					break
				}
				_, items, _ := strings.Cut(string(list), `<ul class="list">`)
				items, _, _ = strings.Cut(items, "</ul>")
				got += len(item.FindAllString(items, -1))
			}
			if want := page.shown[name] + left; got != want {
				t.Errorf("%s: %s lists %d items, want the %d shown and the %d left out", page.path, target, got, page.shown[name], left)
			}
		}
	}
}
