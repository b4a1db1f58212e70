package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/templates"
)

// page is one HTML page: where it lives, the chrome around it and the data
// its template shows. Every href a template prints is already relative to
// the page, so templates never compute paths.
type page struct {
	Path     string // site path, such as teams/payments/index.html
	Root     string // from the page back to the site's root: "", "../", ...
	Template string // the file in templates/pages, without .html
	Title    string // <title> and, unless Heading is set, the <h1>
	Heading  string
	// HeadingHTML, when set, is the heading with its inline Markdown
	// rendered (an objective's title); Heading stays its plain text.
	HeadingHTML template.HTML
	Lead        string // a line under the heading
	Section     string // which main navigation entry is current
	Crumbs      []link // breadcrumbs, without the page itself
	Switcher    []link // the cycle switcher, when the page belongs to a cycle
	Canonical   string
	Feeds       []link // Atom feeds of the page: the organization's, and a team's on its pages
	Chrome      *chrome
	Nav         []link
	Class       string // on <body>, for page-specific print rules
	Data        any
	HasCharts   bool

	ids map[string]int
}

// chrome is what every page shares.
type chrome struct {
	OrgName string
	AsOf    string
	CSS, JS string // site paths
	Search  string
	Icon    string
	ECharts string // "" when the binary has no ECharts
	Files   int
}

// link is a labelled href; Current marks the page the reader is on.
type link struct {
	Href, Text string
	Current    bool
	Note       string // a short hint after the text
}

func (s *site) newPage(sitePath, tmpl, title, section string) *page {
	depth := strings.Count(sitePath, "/")
	p := &page{
		Path:     sitePath,
		Root:     strings.Repeat("../", depth),
		Template: tmpl,
		Title:    title,
		Section:  section,
		Chrome: &chrome{
			OrgName: s.org.Name,
			AsOf:    s.asOf.String(),
			CSS:     s.assets.CSS,
			JS:      s.assets.JS,
			Search:  s.assets.Search,
			Icon:    s.assets.Icon,
			ECharts: s.assets.ECharts,
			Files:   s.model.Files,
		},
		ids: map[string]int{},
	}
	p.Feeds = []link{{Href: p.href("feed.xml"), Text: "Check-ins · " + s.org.Name}}
	if s.opt.BaseURL != "" {
		p.Canonical = strings.TrimRight(s.opt.BaseURL, "/") + "/" + strings.TrimSuffix(sitePath, "index.html")
	}
	nav := []struct{ section, href, text string }{
		{"dashboard", "index.html", "Dashboard"},
		{"cycles", "cycles/index.html", "Cycles"},
		{"teams", "teams/index.html", "Teams"},
		{"roadmap", "roadmap/index.html", "Roadmap"},
	}
	if s.current != nil {
		nav = append(nav, struct{ section, href, text string }{"alignment", alignmentPath(s.current.ID), "Alignment"})
	}
	nav = append(nav,
		struct{ section, href, text string }{"raci", "raci/index.html", "RACI"},
		struct{ section, href, text string }{"health", "health/index.html", "Health"},
		struct{ section, href, text string }{"people", "people/index.html", "People"},
	)
	if s.current != nil {
		nav = append(nav, struct{ section, href, text string }{"report", reportPath(s.current.ID), "Report"})
	}
	for _, n := range nav {
		p.Nav = append(p.Nav, link{Href: p.href(n.href), Text: n.text, Current: n.section == section})
	}
	return p
}

// href makes a site path relative to the page.
func (p *page) href(sitePath string) string {
	if sitePath == "" {
		return ""
	}
	return p.Root + sitePath
}

// crumb adds a breadcrumb.
func (p *page) crumb(sitePath, text string) {
	p.Crumbs = append(p.Crumbs, link{Href: p.href(sitePath), Text: text})
}

// chartID returns an element id for a chart that is stable across builds
// and unique on the page. go-echarts would pick a random one.
func (p *page) chartID(base string) string {
	var b strings.Builder
	b.WriteString("chart_")
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	id := b.String()
	p.ids[id]++
	if n := p.ids[id]; n > 1 {
		id = fmt.Sprintf("%s_%d", id, n)
	}
	p.HasCharts = true
	return id
}

// switcher fills the cycle switcher with links made by pathOf.
func (s *site) switcher(p *page, current string, pathOf func(id string) string) {
	for _, c := range s.res.Cycles {
		p.Switcher = append(p.Switcher, link{Href: p.href(pathOf(c.ID)), Text: c.ID, Current: c.ID == current, Note: c.Phase})
	}
}

type templateSet struct {
	pages map[string]*template.Template
}

// parseTemplates parses the templates once for each link base, which their
// md function resolves root-relative links against.
func parseTemplates(linkBase string) (*templateSet, error) {
	templateMu.Lock()
	defer templateMu.Unlock()
	if set, ok := templateSets[linkBase]; ok {
		return set, nil
	}
	set, err := parseTemplatesFor(linkBase)
	if err == nil {
		templateSets[linkBase] = set
	}
	return set, err
}

var (
	templateMu   sync.Mutex
	templateSets = map[string]*templateSet{}
)

func parseTemplatesFor(linkBase string) (*templateSet, error) {
	md := template.FuncMap{"md": func(s string) template.HTML { return mdtext.HTML(s, linkBase) }}
	base, err := template.New("layout.html").Funcs(funcs).Funcs(md).ParseFS(templates.FS, "layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	names, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	set := &templateSet{pages: map[string]*template.Template{}}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(templates.FS, name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		set.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return set, nil
}

func (s *site) render(buf *bytes.Buffer, p *page) error {
	t := s.tmpl.pages[p.Template]
	if t == nil {
		return fmt.Errorf("no template pages/%s.html", p.Template)
	}
	if p.Heading == "" {
		p.Heading = p.Title
	}
	return t.ExecuteTemplate(buf, "layout", p)
}

// Pages are rendered into buffers that are used again: a buffer grown page
// by page from empty would allocate about twice every page. A buffer that
// grew for one of the few huge pages (the people page of a large
// organization is tens of MB) is left to the garbage collector instead.
const maxPooledBuffer = 1 << 20

var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
