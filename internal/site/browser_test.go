package site

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/okrs-dev/okrs/internal/site/output"
)

// chromium finds the browser. The browser tests fail without one (CI
// installs it); only go test -short skips them.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if p := os.Getenv("OKRS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("browser test: no chromium found; install it (Debian: apt-get install chromium), set OKRS_CHROMIUM, or run go test -short to skip")
	return ""
}

// browser starts a headless chromium with a fresh profile that makes no
// requests of its own, and returns a tab whose events go to listen.
func browser(t *testing.T, listen func(ev any)) context.Context {
	t.Helper()
	exe := chromium(t)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithListener(listen))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// pageReport is what a page says about itself once loaded.
type pageReport struct {
	Pwned  bool       `json:"pwned"`
	Charts []chartDOM `json:"charts"`
	Links  []string   `json:"links"`
	Title  string     `json:"title"`
}

type chartDOM struct {
	ID    string `json:"id"`
	Drawn bool   `json:"drawn"`
	Label string `json:"label"`
	Role  string `json:"role"`
	// Based is whether a chart that names a kind got that kind's base
	// (OKRS_CHART_BASES): its time axis and grid come only from there.
	Based bool `json:"based"`
	// Missing names the series and components of the chart's option
	// that ECharts made nothing of: the site's ECharts bundle
	// (templates/echarts/entry.js) lacks them, and a production build
	// of ECharts says nothing about it.
	Missing []string `json:"missing"`
}

const inspect = `(() => ({
	pwned: window.__pwned !== undefined,
	title: document.title,
	charts: Array.from(document.querySelectorAll('[data-chart]')).map(el => ({
		id: el.id,
		drawn: !!el.querySelector('svg, canvas') && el.querySelectorAll('svg path, svg text, canvas').length > 2,
		label: el.getAttribute('aria-label') || '',
		role: el.getAttribute('role') || '',
		based: (() => {
			if (!el.getAttribute('data-chart')) return true;
			const c = window.echarts && window.echarts.getInstanceByDom(el);
			if (!c) return false;
			const o = c.getOption();
			return o.xAxis[0].type === 'time' && o.xAxis[0].axisLabel.hideOverlap === true && o.grid[0].containLabel === true;
		})(),
		missing: (() => {
			const c = window.echarts && window.echarts.getInstanceByDom(el);
			if (!c) return ['the whole chart'];
			const data = document.getElementById(el.id + '-option');
			const o = Object.assign({}, (window.OKRS_CHART_BASES || {})[el.getAttribute('data-chart')], data ? JSON.parse(data.textContent) : {});
			const series = [].concat(o.series || []);
			const m = c.getModel();
			const out = [];
			if (m.getSeriesCount() !== series.length) out.push('series ' + series.map(s => s.type).join(', '));
			const kinds = ['grid', 'xAxis', 'yAxis', 'legend', 'tooltip', 'title'].filter(k => k in o)
				.concat(['markLine', 'markArea', 'markPoint'].filter(k => series.some(s => s[k])));
			for (const k of kinds) if (!m.getComponent(k)) out.push(k);
			return out;
		})(),
	})),
	links: Array.from(document.querySelectorAll('a[href], link[href], script[src]')).map(e => e.href || e.src),
}))()`

// recorder collects what a page did that it must not: console errors,
// exceptions, failed loads and requests that leave the site.
type recorder struct {
	mu       sync.Mutex
	allowed  func(u string) bool
	problems []string
	requests int
}

func (r *recorder) add(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			r.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		r.add("exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			r.add("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		r.requests++
		if u := ev.Request.URL; !r.allowed(u) {
			r.add("request leaves the site: %s", u)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			r.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			r.add("loading failed: %s %s", ev.ErrorText, ev.BlockedReason)
		}
	}
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.problems
	r.problems = nil
	return p
}

// TestBrowser opens every page of a site, built from the fixture with a
// script injected into titles, notes and descriptions, from file:// and
// from a sub-path of an HTTP server: no errors, every chart drawn, no
// request leaving the site, the script never run, every link resolving.
func TestBrowser(t *testing.T) {
	start := time.Now()
	in := fixture(t, "testdata/org", fixtureAsOf)
	inject(in, `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`)
	files := render(t, in, Options{})
	dir := filepath.Join(t.TempDir(), "site")
	if err := output.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var notFound []string
	fileServer := http.StripPrefix("/okrs/", http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		fileServer.ServeHTTP(rec, r)
		if rec.status >= 400 {
			mu.Lock()
			notFound = append(notFound, r.URL.Path)
			mu.Unlock()
		}
	}))
	defer srv.Close()
	base := srv.URL + "/okrs/"
	fileBase := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()

	rec := &recorder{allowed: func(u string) bool {
		return strings.HasPrefix(u, fileBase) || strings.HasPrefix(u, base) || strings.HasPrefix(u, "about:")
	}}
	ctx := browser(t, rec.listen)

	var pages []string
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			pages = append(pages, f.Path)
		}
	}
	// The views split by team subtree, as on a large organization, in
	// split/ beside the site.
	splitAll(t)
	split := render(t, in, Options{})
	if err := output.Write(filepath.Join(dir, "split"), split); err != nil {
		t.Fatal(err)
	}
	for _, f := range split {
		if viewPage.MatchString(f.Path) {
			pages = append(pages, "split/"+f.Path)
		}
	}
	charts := 0
	for _, origin := range []string{fileBase, base} {
		for _, p := range pages {
			if origin == base && strings.HasPrefix(p, "split/") {
				continue // once is enough: the pages are made as the others are
			}
			u := origin + p
			if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			// Charts are drawn as they come into view.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawAll, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			r, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](inspect))
			if err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			for _, problem := range rec.take() {
				t.Errorf("%s: %s", u, problem)
			}
			if r.Pwned {
				t.Errorf("%s: the injected script ran", u)
			}
			for _, c := range r.Charts {
				charts++
				if !c.Drawn {
					t.Errorf("%s: chart %s was not drawn", u, c.ID)
				}
				if len(c.Missing) > 0 {
					t.Errorf("%s: chart %s: ECharts made nothing of its %s; add them to templates/echarts/entry.js (make assets)", u, c.ID, strings.Join(c.Missing, ", "))
				}
				if !c.Based {
					t.Errorf("%s: chart %s was drawn without the base of its kind", u, c.ID)
				}
				if c.Role != "img" || c.Label == "" {
					t.Errorf("%s: chart %s has role %q and label %q", u, c.ID, c.Role, c.Label)
				}
			}
			for _, l := range r.Links {
				checkLink(t, u, l, origin, dir)
			}
		}
	}
	if charts == 0 {
		t.Error("no chart on any page")
	}
	mu.Lock()
	for _, p := range notFound {
		t.Errorf("the server answered 404 for %s", p)
	}
	mu.Unlock()

	t.Run("search", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"teams/web/index.html")); err != nil {
			t.Fatal(err)
		}
		// The index is loaded when the reader first searches, not before.
		early, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`performance.getEntriesByType('resource').some(e => e.name.includes('search'))`))
		if err != nil || early {
			t.Errorf("the search index was loaded with the page (%v)", err)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#search-input"), "loyal")); err != nil {
			t.Fatal(err)
		}
		hits, err := chromedp.Run(ctx, chromedp.Poll[[]string](`(() => {
			const hits = Array.from(document.querySelectorAll('#search-results a')).map(a => a.href);
			return hits.length ? hits : null;
		})()`, chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0] != base+"teams/tiny/2026-Q2/loyal-customers.html" {
			t.Errorf("search for loyal found %v", hits)
		}
	})
	t.Run("filter", func(t *testing.T) {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(fileBase+"cycles/2026-Q2/index.html"),
			chromedp.SendKeys(chromedp.CSS("[data-filter-text]"), "reorder"),
		); err != nil {
			t.Fatal(err)
		}
		count, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-filter-count]').textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if count != "1 of 3 objectives" {
			t.Errorf("filter count %q", count)
		}
	})
	t.Run("report prints on one A4 page", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(fileBase+"report/2026-Q2.html")); err != nil {
			t.Fatal(err)
		}
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatal(err)
		}
		if n := pdfPages(pdf); n != 1 {
			t.Errorf("the report prints on %d pages", n)
		}
	})
	for _, problem := range rec.take() {
		t.Errorf("interactions: %s", problem)
	}
	t.Logf("%d pages twice, %d charts, %d requests, in %s", len(pages), charts, rec.requests, time.Since(start).Round(time.Millisecond))
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

func pdfPages(b []byte) int { return len(pdfPage.FindAll(b, -1)) }

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// checkLink checks that a link of the page at from lands on a file of the
// site. Links to other hosts (from Markdown) are not followed.
func checkLink(t *testing.T, from, link, origin, dir string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("%s: bad link %q", from, link)
		return
	}
	if u.Scheme == "mailto" || u.Scheme == "tel" {
		return
	}
	target := strings.SplitN(strings.SplitN(link, "#", 2)[0], "?", 2)[0]
	if target == strings.SplitN(from, "#", 2)[0] {
		return // a fragment of the page itself
	}
	if !strings.HasPrefix(target, origin) {
		if u.Scheme == "file" || u.Host == "127.0.0.1" || strings.HasPrefix(u.Host, "127.0.0.1:") {
			t.Errorf("%s: link %s leaves the site's folder", from, link)
		}
		return // a link to another host, which is not a request
	}
	rel, err := url.PathUnescape(strings.TrimPrefix(target, origin))
	if err != nil {
		t.Errorf("%s: bad link %q", from, link)
		return
	}
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if u.Scheme != "file" && strings.HasSuffix(rel, "/") || rel == "" {
		// Go's file server answers …/index.html with a redirect to …/,
		// and the page's own links then resolve against the folder.
		path = filepath.Join(path, "index.html")
	}
	info, err := os.Stat(path)
	if err != nil || info.IsDir() {
		t.Errorf("%s: link %s does not resolve to a file", from, link)
	}
}

// TestScreenshots renders the sample organization and saves screenshots
// of the key pages for a person to look at. It runs only when
// OKRS_SCREENSHOTS names a folder.
func TestScreenshots(t *testing.T) {
	out := os.Getenv("OKRS_SCREENSHOTS")
	if out == "" {
		t.Skip("set OKRS_SCREENSHOTS=DIR to save screenshots of the sample site")
	}
	in := fixture(t, "../../okrs", "2026-11-20")
	files := render(t, in, Options{})
	dir := filepath.Join(t.TempDir(), "site")
	if err := output.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{allowed: func(string) bool { return true }}
	ctx := browser(t, rec.listen)
	base := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
	shots := []struct {
		name, page string
		width      int64
		print      bool
	}{
		{"dashboard", "index.html", 1280, false},
		{"objective", "teams/payments/2026-Q4/effortless-checkout.html", 1280, false},
		{"roadmap", "roadmap/index.html", 1280, false},
		{"report", "report/2026-Q4.html", 1280, false},
		{"report-print", "report/2026-Q4.html", 718, true}, // A4 less the page margins, at 96 dpi
		{"alignment", "alignment/2026-Q4.html", 1280, false},
		{"health", "health/index.html", 1280, false},
		{"people", "people/index.html", 1280, false},
		{"cycle-ended", "cycles/2026-Q3/index.html", 1280, false},
		{"dashboard-phone", "index.html", 400, false},
		{"objective-phone", "teams/payments/2026-Q4/effortless-checkout.html", 400, false},
		{"team", "teams/acme/index.html", 1280, false},
		{"team-phone", "teams/acme/index.html", 400, false},
		{"report-phone", "report/2026-Q4.html", 400, false},
		{"report-ended", "report/2026-Q3.html", 1280, false},
		{"report-ended-phone", "report/2026-Q3.html", 400, false},
		{"cycle-ended-phone", "cycles/2026-Q3/index.html", 400, false},
	}
	for _, s := range shots {
		media := ""
		if s.print {
			media = "print"
		}
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(s.width, 900),
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
				return err
			}),
			chromedp.Navigate(base+s.page),
			chromedp.Sleep(300*time.Millisecond),
		); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		// Charts are drawn as they come into view; a full-page shot
		// shows them all.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawAll, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		h, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
		t.Logf("%s: %d px high", s.name, h)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		name := filepath.Join(out, "okrs-"+s.name+".png")
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", name)
	}
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}),
		chromedp.Navigate(base+"report/2026-Q4.html"),
	); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "okrs-report.pdf"), pdf, 0o644)
	t.Logf("the sample report prints on %d A4 pages", pdfPages(pdf))
	for _, p := range rec.take() {
		t.Log(p)
	}
}
