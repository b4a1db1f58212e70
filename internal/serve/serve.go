// Package serve is the preview server of `okrs serve`: it renders the
// site in memory, serves it over HTTP, watches the data directory and
// rebuilds on every change, and reloads the open pages.
//
// The reload script is added to HTML responses as they are served, never
// to the rendered files, so the preview is the built site plus one script
// tag. Invalid data does not stop the server: every page then shows the
// findings, and the next good save brings the site back.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
)

// Renderer renders a checked organization into a site. okrs serve passes
// the site package's renderer.
type Renderer func(*pipeline.Result) (Site, error)

// Site is a rendered site.
type Site struct {
	// Files are the files of the site, keyed by slash-separated path.
	Files map[string][]byte
	// Later, when not nil, makes more files of the site the first time one
	// of them is asked for: the data exports take longer to make than the
	// pages one save changes, and are seldom looked at in a preview.
	Later func() (map[string][]byte, error)
}

// Options configure a server.
type Options struct {
	Dir         string                       // the data directory
	Addr        string                       // the address as given (--addr); requests may name its host
	MaxFileSize int64                        // 0: the loader's default
	AsOf        func() okr.Date              // called on every build, so a server left running moves with the day
	Since       func(asOf okr.Date) okr.Date // the date to compare with; nil: no comparison
	Render      Renderer
	Log         io.Writer     // one line per build, and the findings of failed ones
	Debounce    time.Duration // quiet time after a change before rebuilding; 0: 20 ms
}

// Server is a preview server.
type Server struct {
	opt    Options
	loader loader
	mu     sync.Mutex // serialises builds
	cur    atomic.Pointer[build]
	seq    int64
	subs   subscribers
}

// New makes a server; Build or Run builds the site.
func New(opt Options) *Server {
	if opt.Debounce <= 0 {
		opt.Debounce = 20 * time.Millisecond
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	s := &Server{opt: opt, loader: loader{dir: opt.Dir, max: opt.MaxFileSize}}
	s.subs.m = map[chan int64]struct{}{}
	return s
}

// Build rebuilds the site, re-reading the files marked dirty and those
// whose modification time or size changed, and tells the open pages.
func (s *Server) Build(dirty map[string]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	s.seq++
	b := &build{version: s.seq, asOf: s.opt.AsOf()}
	var since okr.Date
	if s.opt.Since != nil {
		since = s.opt.Since(b.asOf)
	}
	res, reread, err := s.loader.load(b.asOf, since, dirty)
	b.reread = reread
	switch {
	case err != nil:
		b.failure = err.Error()
	case !res.Valid():
		b.failure = "the data has errors"
		b.findings = errorsFirst(res.Findings)
	default:
		b.findings = res.Findings
		site, err := s.opt.Render(res)
		if err != nil {
			b.failure = err.Error()
			break
		}
		b.files = site.Files
		if site.Later != nil {
			b.later = sync.OnceValues(site.Later)
		}
	}
	b.took = time.Since(start)
	s.cur.Store(b)
	s.log(b)
	s.subs.send(b.version)
}

func (s *Server) log(b *build) {
	c := finding.Tally(b.findings)
	if b.failure == "" {
		fmt.Fprintf(s.opt.Log, "okrs: built %d files as of %s in %s (%s re-read): %d errors, %d warnings\n",
			len(b.files), b.asOf, b.took.Round(time.Millisecond), plural(b.reread, "file"), c.Errors, c.Warnings)
		return
	}
	for _, f := range b.findings {
		if f.Severity == finding.Error {
			fmt.Fprintln(s.opt.Log, f)
		}
	}
	fmt.Fprintf(s.opt.Log, "okrs: build failed: %s; the pages show why until it is fixed\n", b.failure)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func errorsFirst(fs []finding.Finding) []finding.Finding {
	var errs, rest []finding.Finding
	for _, f := range fs {
		if f.Severity == finding.Error {
			errs = append(errs, f)
		} else {
			rest = append(rest, f)
		}
	}
	return append(errs, rest...)
}

// Version is the number of the current build, counting from 1.
func (s *Server) Version() int64 {
	if b := s.cur.Load(); b != nil {
		return b.version
	}
	return 0
}

// Run builds the site, serves it on ln and rebuilds on changes until ctx
// is done; then it stops serving and returns nil.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	w, err := newWatcher(s.opt.Dir)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.close()
	s.Build(nil)

	srv := &http.Server{
		Handler:           newHostCheck(s.Handler(), s.opt.Addr, ln.Addr()),
		ReadHeaderTimeout: 10 * time.Second,
		// Requests end with ctx: the event streams of open pages would
		// otherwise keep Shutdown waiting.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		w.run(ctx, s.opt.Debounce, s.Build, func(err error) { fmt.Fprintf(s.opt.Log, "okrs: watch: %v\n", err) })
	}()

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	<-watched
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Paths of the server's own endpoints, outside any site path.
const (
	EventsPath = "/_okrs/events"
	scriptPath = "/_okrs/reload.js"
)

// Handler serves the current build, to requests for any Host: Run puts
// it behind the check of the Host header.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(EventsPath, s.events)
	mux.HandleFunc(scriptPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadJS)
	})
	mux.HandleFunc("/", s.page)
	return mux
}

// reloadJS reloads the page when the server has a build other than the
// one the page came from. The version is compared, not just any message,
// so a page that missed a rebuild while it loaded reloads on connect.
const reloadJS = `(function () {
  var version = document.currentScript.getAttribute("data-version");
  var events = new EventSource("/_okrs/events");
  events.onmessage = function (e) {
    if (e.data !== version) { events.close(); location.reload(); }
  };
})();
`

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	b := s.cur.Load()
	w.Header().Set("Cache-Control", "no-store")
	if b == nil || b.files == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(errorPage(b))
		return
	}
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if p == "" || strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	data, ok := b.files[p]
	if !ok && b.later != nil {
		more, err := b.later()
		if err != nil {
			http.Error(w, fmt.Sprintf("okrs: cannot make %s: %v", p, err), http.StatusInternalServerError)
			return
		}
		data, ok = more[p]
	}
	if !ok {
		if _, dir := b.files[path.Join(p, "index.html")]; dir {
			// Relative links need the slash: teams/web -> teams/web/.
			http.Redirect(w, r, "/"+p+"/", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if nf, ok := b.files["404.html"]; ok {
			w.Write(inject(nf, b.version))
		} else {
			io.WriteString(w, "404 page not found\n")
		}
		return
	}
	ctype := mime.TypeByExtension(path.Ext(p))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, b.version)
	}
	http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(data))
}

// inject adds the reload script before </body>, or at the end.
func inject(page []byte, version int64) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-version="%d"></script>`, scriptPath, version)
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(bytes.Clone(page), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func errorPage(b *build) []byte {
	var buf bytes.Buffer
	buf.WriteString(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>okrs: build failed</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{color:#b00020;font-size:1.4rem}ul{padding:0;list-style:none}li{font:14px/1.5 ui-monospace,monospace;padding:.4rem .6rem;margin:.3rem 0;border-left:4px solid #b00020;background:#fdf2f2;white-space:pre-wrap}
li.warning{border-color:#b26a00;background:#fff8e6}li.info{border-color:#555;background:#f4f4f4}</style>
</head><body>
<h1>The site cannot be built</h1>
`)
	if b == nil {
		buf.WriteString("<p>Building…</p>\n")
		return inject(append(buf.Bytes(), "</body></html>\n"...), 0)
	}
	fmt.Fprintf(&buf, "<p>%s. Fix the files and save: this page reloads by itself.</p>\n", html.EscapeString(capitalize(b.failure)))
	if len(b.findings) > 0 {
		buf.WriteString("<ul>\n")
		for _, f := range b.findings {
			fmt.Fprintf(&buf, "<li class=\"%s\">%s</li>\n", f.Severity, html.EscapeString(f.String()))
		}
		buf.WriteString("</ul>\n")
	}
	buf.WriteString("</body></html>\n")
	return inject(buf.Bytes(), b.version)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// events streams the build version to open pages (Server-Sent Events):
// once on connect, then after every build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := s.subs.add()
	defer s.subs.remove(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	fmt.Fprintf(w, "retry: 500\ndata: %d\n\n", s.Version())
	flusher.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case v := <-ch:
			fmt.Fprintf(w, "data: %d\n\n", v)
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
		}
		flusher.Flush()
	}
}

// subscribers are the open event streams. Each gets the latest version
// only: a slow page skips builds it did not see, never blocks one.
type subscribers struct {
	mu sync.Mutex
	m  map[chan int64]struct{}
}

func (s *subscribers) add() chan int64 {
	ch := make(chan int64, 1)
	s.mu.Lock()
	s.m[ch] = struct{}{}
	s.mu.Unlock()
	return ch
}

func (s *subscribers) remove(ch chan int64) {
	s.mu.Lock()
	delete(s.m, ch)
	s.mu.Unlock()
}

func (s *subscribers) send(v int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.m {
		select {
		case <-ch: // drop the version it has not read yet
		default:
		}
		ch <- v
	}
}
