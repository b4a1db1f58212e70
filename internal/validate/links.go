package validate

import (
	"regexp"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
)

// RuleLinkBase is the rule of the one finding that root-relative links
// were found without settings.link_base.
const RuleLinkBase = "link-base"

// rootRelative finds a Markdown link or image whose destination starts
// with a single /: [text](/handbook/x).
var rootRelative = regexp.MustCompile(`\]\(\s*<?/[^/]`)

// linkBase reports, once, that Markdown links to /paths point into the
// okrs site unless settings.link_base says which site they belong to.
// People copy titles and notes from a handbook whose links are written
// relative to the handbook's own root.
func linkBase(m *okr.Model) []finding.Finding {
	if m.Org == nil || m.Org.Settings.LinkBase != "" {
		return nil
	}
	type text struct {
		src   okr.Source
		field string
		s     string
	}
	var texts []text
	add := func(src okr.Source, field, s string) { texts = append(texts, text{src, field, s}) }
	o := m.Org
	add(o.Source, "mission", o.Mission)
	add(o.Source, "vision", o.Vision)
	for _, t := range m.Teams {
		add(t.Source, "description", t.Description)
	}
	for _, doc := range m.OKRs {
		for _, ob := range doc.Objectives {
			for _, f := range [][2]string{{"title", ob.Title}, {"description", ob.Description}, {"reason", ob.Reason}, {"retrospective", ob.Retrospective}} {
				add(ob.Source, f[0], f[1])
			}
			for _, kr := range ob.KeyResults {
				add(kr.Source, "title", kr.Title)
				add(kr.Source, "description", kr.Description)
				for _, ci := range kr.CheckIns {
					add(ci.Source, "note", ci.Note)
				}
			}
		}
	}
	for _, log := range m.CheckIns {
		for _, ci := range log.CheckIns {
			add(ci.Source, "note", ci.Note)
		}
	}
	for _, t := range texts {
		if loc := rootRelative.FindStringIndex(t.s); loc != nil {
			return []finding.Finding{{
				Pos: t.src.Pos(t.field), Severity: finding.Info, Rule: RuleLinkBase,
				Message: "links that start with / (as in " + t.field + " here) point into the okrs site; set settings.link_base in the Organization to the site they belong to, such as https://handbook.example.com (reported once)",
			}}
		}
	}
	return nil
}
