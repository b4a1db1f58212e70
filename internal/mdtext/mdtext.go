// Package mdtext reads the Markdown people write in the data files: as
// HTML for pages (HTML for descriptions and notes, Title for titles with
// inline Markdown, both safe to put into a page), and as plain text for
// the places that show text and not HTML ("[Ensure enterprise
// readiness](/handbook/x)", "Cut `p95` latency" as words): a page's
// <title>, charts, feeds, the CSV, SARIF and okrs diff.
package mdtext

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var inlineParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// Plain is the text a reader sees of inline Markdown: links and autolinks
// as their text, emphasis, strike-through and code without their marks,
// escapes and entities resolved, line breaks as spaces. Text without any
// Markdown character is returned as it is.
func Plain(s string) string {
	if !strings.ContainsAny(s, "[]*_`\\&<~!\n") && !strings.Contains(s, "://") {
		return s
	}
	src := []byte(s)
	doc := inlineParser.Parse(text.NewReader(src))
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() != ast.KindParagraph {
			// Markdown reads it as a block (raw HTML, a heading, a
			// list): not inline Markdown, so the text as written.
			return strings.Join(strings.Fields(s), " ")
		}
	}
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Kind() == ast.KindParagraph || n.Kind() == ast.KindHeading {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Segment.Value(src)
			if !n.IsRaw() { // in code spans, backslashes and entities are text
				v = util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
