package mdtext

import (
	"bytes"
	"html"
	"html/template"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the Markdown fields of the data files (mission,
// description, note, reason, retrospective): CommonMark with GitHub's
// extensions, never raw HTML (goldmark's default, left as it is), links
// only to the web, mail or the site itself, and no images, because an
// image is a request to another host. Headings start at h3 so that a
// description never outranks the page it sits on.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
)

// linkBaseKey carries settings.link_base to safeLinks.
var linkBaseKey = parser.NewContextKey()

// convert renders src with md, root-relative links resolved against base.
func convert(md goldmark.Markdown, src, base string, buf *bytes.Buffer) {
	ctx := parser.NewContext()
	ctx.Set(linkBaseKey, base)
	// goldmark only fails on a failing writer; a bytes.Buffer does not.
	_ = md.Convert([]byte(src), buf, parser.WithContext(ctx))
}

// HTML renders Markdown to HTML that is safe to put into a page, with
// root-relative links (/handbook/x) resolved against base,
// settings.link_base; without one they stay as written.
func HTML(s, base string) template.HTML {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if NoMarkup(s) {
		// Most check-in notes are one plain sentence; goldmark would
		// render them the same way, only slower.
		return template.HTML("<p>" + s + "</p>\n")
	}
	if tooComplex(s) {
		return template.HTML("<p>" + template.HTMLEscapeString(s) + "</p>\n")
	}
	// The same text is rendered on many pages (an objective's description
	// on its own page, its team's and its cycle's), so goldmark's result
	// is kept: md is a pure function of s.
	key := s
	if base != "" {
		key = base + "\x00" + s
	}
	if h, ok := mdCache.Load(key); ok {
		return h.(template.HTML)
	}
	var buf bytes.Buffer
	convert(markdown, s, base, &buf)
	h := template.HTML(buf.String())
	mdCache.Store(key, h)
	return h
}

// mdCache maps trimmed Markdown source to the HTML md made of it.
var mdCache sync.Map

// safeLinks drops links whose scheme is not on the allow list, turns
// images into plain links, and moves headings down two levels.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	base, _ := pc.Get(linkBaseKey).(string)
	resolve := func(dest []byte) []byte {
		if base == "" || len(dest) < 1 || dest[0] != '/' || len(dest) > 1 && dest[1] == '/' {
			return dest
		}
		return []byte(strings.TrimSuffix(base, "/") + string(dest))
	}
	var unwrap, images, autolinks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link:
			n.Destination = resolve(n.Destination)
			if !allowedURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			n.Destination = resolve(n.Destination)
			images = append(images, n)
		case *ast.AutoLink:
			if !allowedURL(string(n.URL(src))) {
				autolinks = append(autolinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range autolinks {
		label := ast.NewString(n.(*ast.AutoLink).Label(src))
		n.Parent().ReplaceChild(n.Parent(), n, label)
	}
	for _, n := range images {
		img := n.(*ast.Image)
		if insideLink(img) || !allowedURL(string(img.Destination)) {
			unwrap = append(unwrap, img)
			continue
		}
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		moveChildren(img, link)
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

func moveChildren(from, to ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			return true
		}
	}
	return false
}

// allowedURL tells whether a link may be rendered: relative links and the
// http, https, mailto and tel schemes. Browsers ignore whitespace and
// control characters inside a scheme and accept entities, so the check
// reads the URL the way a browser would before looking at the scheme.
func allowedURL(u string) bool {
	u = html.UnescapeString(u)
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	u = strings.ToLower(u)
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return true
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 && i < colon {
		return true // the colon is in the path, query or fragment: relative
	}
	switch u[:colon] {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// NoMarkup tells whether s is one line of text in which Markdown finds
// nothing to do: no markup character, nothing that starts a block, no URL
// to link and nothing HTML must escape. TestPlainMarkdown holds it to
// goldmark's output.
func NoMarkup(s string) bool {
	if len(s) > 500 || strings.Contains(s, "://") || strings.Contains(strings.ToLower(s), "www.") {
		return false
	}
	if n := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); n > 0 && (s[n] == '.' || s[n] == ')') {
		return false // "1. " and "1) " start a list
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ' && i > 0:
		case r == ',', r == ';', r == ':', r == '?', r == '%', r == '/', r == '\'':
		case r == '.', r == '-', r == '(', r == ')':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return !strings.HasSuffix(s, " ")
}

// inlineMarkdown renders titles, which people write with inline Markdown
// (links, code, emphasis): links are kept, as on an objective's own page.
var inlineMarkdown = markdown

// textMarkdown renders a title that is itself a link (in a list of
// objectives): links inside become their text, as a link may not hold one.
var textMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100), util.Prioritized(unlink{}, 200))),
)

// Title renders a title's inline Markdown as HTML without the paragraph
// around it; links only when links is true. A title that Markdown reads as
// a block (a heading, a list) is shown as its text.
func Title(s string, links bool, base string) template.HTML {
	if !strings.ContainsAny(s, "[]*_`\\&<~!\n") && !strings.Contains(s, "://") {
		return template.HTML(template.HTMLEscapeString(s))
	}
	key := "t\x00" + base + "\x00" + s
	if links {
		key = "l\x00" + base + "\x00" + s
	}
	if h, ok := mdCache.Load(key); ok {
		return h.(template.HTML)
	}
	md := textMarkdown
	if links {
		md = inlineMarkdown
	}
	var buf bytes.Buffer
	convert(md, strings.TrimSpace(s), base, &buf)
	out := strings.TrimSuffix(buf.String(), "\n")
	var h template.HTML
	if inner, ok := strings.CutPrefix(out, "<p>"); ok && strings.HasSuffix(inner, "</p>") && !strings.Contains(inner, "<p>") {
		h = template.HTML(strings.TrimSuffix(inner, "</p>"))
	} else {
		h = template.HTML(template.HTMLEscapeString(Plain(s)))
	}
	mdCache.Store(key, h)
	return h
}

// unlink replaces every link and autolink by its text.
type unlink struct{}

func (unlink) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var links []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindLink || n.Kind() == ast.KindAutoLink) {
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range links {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// Limits on what goldmark is given. Its time grows with the square of
// some shapes of text: each unclosed link destination ("[a](" repeated)
// is scanned to the end of the paragraph, nested block quotes and lists
// (">" repeated) are walked once per level, and unmatched brackets and
// emphasis delimiters are matched against all before them. With the
// schema's maxLength of 10,000 characters and these limits, the worst
// text measured (see TestMarkdownBombs) renders in tens of milliseconds;
// text past them, which no person writes, is shown as it is, escaped.
const (
	mdMaxLinks    = 64  // "](": link and image destinations
	mdMaxBrackets = 256 // "["
	mdMaxEmphasis = 512 // "*", "_", "~"
	mdMaxNesting  = 16  // block quote and list markers at the start of a line
)

// tooComplex tells whether goldmark's time on s could grow past linear.
func tooComplex(s string) bool {
	if strings.Count(s, "](") > mdMaxLinks || strings.Count(s, "[") > mdMaxBrackets {
		return true
	}
	emphasis := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '*' || c == '_' || c == '~' {
			emphasis++
		}
	}
	if emphasis > mdMaxEmphasis {
		return true
	}
	for line := range strings.Lines(s) {
		if nesting(line) > mdMaxNesting {
			return true
		}
	}
	return false
}

// nesting counts the block quote and list markers a line starts with,
// up to one past mdMaxNesting.
func nesting(line string) int {
	n := 0
	for ; n <= mdMaxNesting; n++ {
		line = strings.TrimLeft(line, " \t")
		switch {
		case strings.HasPrefix(line, ">"):
			line = line[1:]
		case len(line) >= 2 && strings.IndexByte("-*+", line[0]) >= 0 && (line[1] == ' ' || line[1] == '\t'):
			line = line[2:]
		default:
			i := 0
			for i < len(line) && i < 9 && '0' <= line[i] && line[i] <= '9' {
				i++
			}
			if i == 0 || i+1 >= len(line) || line[i] != '.' && line[i] != ')' || line[i+1] != ' ' && line[i+1] != '\t' {
				return n
			}
			line = line[i+2:]
		}
	}
	return n
}
