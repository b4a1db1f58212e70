package serve

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
)

const org = `kind: Organization
name: Tiny Co
cycles:
  - {id: 2026-Q2, start: 2026-04-01, end: 2026-06-30}
people:
  - {id: ann, name: Ann Lee}
  - {id: cy, name: Cy Park}
roles:
  program_lead_office: [ann]
  executive_sponsor: ann
  coaches: [cy]
  leadership: [ann]
`

const team = `kind: Team
id: acme
name: Acme
lead: ann
coach: cy
`

func okrsFile(title string) string {
	return `kind: OKRs
team: acme
cycle: 2026-Q2
objectives:
  - id: grow
    title: ` + title + `
    owner: ann
    key_results:
      - {id: revenue, title: Revenue, start: 100, target: 150, check_ins: [{date: 2026-05-20, value: 130, confidence: 0.8}]}
      - {id: churn, title: Churn, start: 5, target: 3, check_ins: [{date: 2026-05-20, value: 4, confidence: 0.8}]}
`
}

// fakeSite renders one page with the objectives' titles, and keeps every
// site it made so the test can check that serving never changes one.
type fakeSite struct {
	made  []map[string][]byte
	later atomic.Int32 // calls of Later
}

func (f *fakeSite) render(res *pipeline.Result) (Site, error) {
	var b strings.Builder
	b.WriteString("<!doctype html><html><body><h1>OKRs</h1>\n")
	for _, o := range res.Numbers.Objectives {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(o.Title))
	}
	b.WriteString("</body></html>\n")
	site := map[string][]byte{
		"index.html":            []byte(b.String()),
		"teams/acme/index.html": []byte("<html><body>acme</body></html>"),
		"assets/site.css":       []byte("body{}"),
	}
	f.made = append(f.made, site)
	n := len(res.Numbers.Objectives)
	later := func() (map[string][]byte, error) {
		f.later.Add(1)
		return map[string][]byte{"data/export.json": fmt.Appendf(nil, `{"objectives": %d}`, n)}, nil
	}
	return Site{Files: site, Later: later}, nil
}

type harness struct {
	t    *testing.T
	dir  string
	url  string
	srv  *Server
	site *fakeSite
	stop func()
	done chan error
}

func start(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "org.yaml"), org)
	write(t, filepath.Join(dir, "teams", "acme.yaml"), team)
	write(t, filepath.Join(dir, "2026-Q2", "acme.yaml"), okrsFile("Grow the business"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, dir: dir, url: "http://" + ln.Addr().String(), site: &fakeSite{}, done: make(chan error, 1)}
	h.srv = New(Options{
		Dir:      dir,
		AsOf:     func() okr.Date { return okr.MustDate("2026-05-27") },
		Render:   h.site.render,
		Debounce: 30 * time.Millisecond,
	})
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	go func() { h.done <- h.srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(3 * time.Second):
			t.Error("the server did not stop within 3 s of its context ending")
		}
	})
	// Run builds before it serves; wait until the first build is there.
	deadline := time.Now().Add(3 * time.Second)
	for h.srv.Version() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return h
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replace saves a file the way many editors do: write a temporary file
// next to it, then rename it over the original.
func replace(t *testing.T, path, text string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), ".~"+filepath.Base(path)+".tmp")
	write(t, tmp, text)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) get(path string) (int, string, http.Header) {
	h.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(h.url + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// events opens the reload stream and returns the versions it announces.
func (h *harness) events() <-chan string {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.url+EventsPath, nil)
	ctx, cancel := context.WithCancel(context.Background())
	h.t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		h.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		h.t.Fatalf("events: Content-Type %q", ct)
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				out <- v
			}
		}
	}()
	return out
}

func next(t *testing.T, ch <-chan string, within time.Duration) string {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(within):
		t.Fatalf("no reload event within %s", within)
		return ""
	}
}

func TestServesPagesWithReloadScript(t *testing.T) {
	h := start(t)
	code, body, hdr := h.get("/")
	if code != 200 || !strings.Contains(body, "<p>Grow the business</p>") {
		t.Fatalf("GET /: %d\n%s", code, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET /: Content-Type %q", ct)
	}
	if want := `<script src="/_okrs/reload.js" data-version="1"></script></body>`; !strings.Contains(body, want) {
		t.Errorf("GET /: no reload script before </body>:\n%s", body)
	}
	// The rendered site itself never gets the script.
	for _, site := range h.site.made {
		for path, b := range site {
			if strings.Contains(string(b), "_okrs") {
				t.Errorf("the rendered %s was changed: %s", path, b)
			}
		}
	}
	if code, body, _ := h.get("/assets/site.css"); code != 200 || body != "body{}" {
		t.Errorf("GET /assets/site.css: %d %q", code, body)
	}
	if code, _, hdr := h.get("/teams/acme"); code != http.StatusMovedPermanently || hdr.Get("Location") != "/teams/acme/" {
		t.Errorf("GET /teams/acme: %d to %q, want a redirect to /teams/acme/", code, hdr.Get("Location"))
	}
	if code, body, _ := h.get("/teams/acme/"); code != 200 || !strings.Contains(body, "acme") {
		t.Errorf("GET /teams/acme/: %d %q", code, body)
	}
	if code, _, _ := h.get("/no/such/page.html"); code != 404 {
		t.Errorf("GET a missing page: %d, want 404", code)
	}
	if code, body, _ := h.get("/../../etc/passwd"); code == 200 || strings.Contains(body, "root:") {
		t.Errorf("GET outside the site: %d %q", code, body)
	}
	if code, body, _ := h.get(scriptPath); code != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("GET %s: %d %q", scriptPath, code, body)
	}
}

func TestRebuildsAndReloadsOnChange(t *testing.T) {
	h := start(t)
	ev := h.events()
	if v := next(t, ev, time.Second); v != "1" {
		t.Fatalf("first event: version %s, want 1", v)
	}
	path := filepath.Join(h.dir, "2026-Q2", "acme.yaml")
	began := time.Now()
	replace(t, path, okrsFile("Grow the business faster"))
	if v := next(t, ev, time.Second); v != "2" {
		t.Fatalf("after a change: version %s, want 2", v)
	}
	t.Logf("rebuilt and announced in %s", time.Since(began))
	if _, body, _ := h.get("/"); !strings.Contains(body, "Grow the business faster") || !strings.Contains(body, `data-version="2"`) {
		t.Errorf("the page does not show the change:\n%s", body)
	}
	// Only the changed file was read again.
	if b := h.srv.cur.Load(); b.reread != 1 {
		t.Errorf("rebuild re-read %d files, want 1", b.reread)
	}

	// A new folder with a file in it is watched and read.
	write(t, filepath.Join(h.dir, "2026-Q3", "notes.yaml"), "kind: Team\nid: beta\nname: Beta\nparent: acme\nlead: ann\ncoach: cy\n")
	if v := next(t, ev, time.Second); v != "3" {
		t.Fatalf("after a new folder: version %s, want 3", v)
	}
	nested := filepath.Join(h.dir, "2026-Q3", "more.yaml")
	write(t, nested, "kind: Team\nid: gamma\nname: Gamma\nparent: acme\nlead: ann\ncoach: cy\n")
	if v := next(t, ev, time.Second); v != "4" {
		t.Fatalf("after a file in the new folder: version %s, want 4", v)
	}

	// Hidden files (editor swap files, okrs check-in's temporary files)
	// and files that are not YAML do not trigger a build.
	write(t, filepath.Join(h.dir, ".web.yaml.swp"), "x")
	write(t, filepath.Join(h.dir, "notes.txt"), "x")
	select {
	case v := <-ev:
		t.Errorf("a hidden or non-YAML file triggered build %s", v)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestBrokenFileShowsFindings(t *testing.T) {
	h := start(t)
	ev := h.events()
	next(t, ev, time.Second)
	path := filepath.Join(h.dir, "2026-Q2", "acme.yaml")
	write(t, path, okrsFile("Grow the business")+"    owner: bob\n")
	if v := next(t, ev, time.Second); v != "2" {
		t.Fatalf("after breaking a file: version %s, want 2", v)
	}
	code, body, _ := h.get("/")
	if code != http.StatusInternalServerError {
		t.Errorf("GET / of a failed build: %d, want 500", code)
	}
	want := html.EscapeString(path) + `:11:5: error: duplicate key &#34;owner&#34; (first at line 7); remove one of them [yaml]`
	if !strings.Contains(body, want) {
		t.Errorf("the error page does not list the finding %q:\n%s", want, body)
	}
	if !strings.Contains(body, `data-version="2"`) {
		t.Errorf("the error page does not reload itself:\n%s", body)
	}
	// Every path shows the error, not a stale page.
	if code, _, _ := h.get("/teams/acme/"); code != http.StatusInternalServerError {
		t.Errorf("GET another page of a failed build: %d, want 500", code)
	}

	// Fixing the file brings the site back.
	write(t, path, okrsFile("Fixed"))
	if v := next(t, ev, time.Second); v != "3" {
		t.Fatalf("after the fix: version %s, want 3", v)
	}
	if code, body, _ := h.get("/"); code != 200 || !strings.Contains(body, "<p>Fixed</p>") {
		t.Errorf("GET / after the fix: %d\n%s", code, body)
	}
}

// Files that Later makes are made when first asked for, once per build.
func TestServesLaterFilesOnRequest(t *testing.T) {
	h := start(t)
	if n := h.site.later.Load(); n != 0 {
		t.Fatalf("Later ran %d times before anyone asked", n)
	}
	for range 2 {
		if code, body, _ := h.get("/data/export.json"); code != 200 || body != `{"objectives": 1}` {
			t.Fatalf("GET /data/export.json: %d %q", code, body)
		}
	}
	if n := h.site.later.Load(); n != 1 {
		t.Errorf("Later ran %d times for two requests, want once", n)
	}
	if code, _, _ := h.get("/data/other.json"); code != 404 {
		t.Errorf("GET /data/other.json: %d, want 404", code)
	}
}

func TestStopsWithOpenEventStreams(t *testing.T) {
	h := start(t)
	ev := h.events()
	next(t, ev, time.Second)
	began := time.Now()
	h.stop()
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		h.done <- nil // for the cleanup
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return within 2 s of the context ending")
	}
	t.Logf("stopped in %s", time.Since(began))
}

func TestInject(t *testing.T) {
	for _, tc := range []struct{ name, page, want string }{
		{"before the body's end", "<html><body>x</body></html>", `<html><body>x<script src="/_okrs/reload.js" data-version="7"></script></body></html>`},
		{"the last body end", "<body>a </body> in text</BODY>", `<body>a </body> in text<script src="/_okrs/reload.js" data-version="7"></script></BODY>`},
		{"no body: at the end", "<p>x", `<p>x<script src="/_okrs/reload.js" data-version="7"></script>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := []byte(tc.page)
			if got := string(inject(page, 7)); got != tc.want {
				t.Errorf("inject:\n got %s\nwant %s", got, tc.want)
			}
			if string(page) != tc.page {
				t.Errorf("inject changed its input: %s", page)
			}
		})
	}
}
