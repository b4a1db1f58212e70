package validate

import (
	"regexp"
	"strings"

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
	// Texts are looked at as they are met, with no list of them: this runs
	// on every build, over every note of every check-in.
	var found *finding.Finding
	check := func(src okr.Source, field, s string) {
		if found != nil || !strings.Contains(s, "](") || rootRelative.FindStringIndex(s) == nil {
			return
		}
		found = &finding.Finding{
			Pos: src.Pos(field), Severity: finding.Info, Rule: RuleLinkBase,
			Message: "links that start with / (as in " + field + " here) point into the okrs site; set settings.link_base in the Organization to the site they belong to, such as https://handbook.example.com (reported once)",
		}
	}
	o := m.Org
	check(o.Source, "mission", o.Mission)
	check(o.Source, "vision", o.Vision)
	for _, t := range m.Teams {
		check(t.Source, "description", t.Description)
	}
	for _, doc := range m.OKRs {
		for _, ob := range doc.Objectives {
			for _, f := range [][2]string{{"title", ob.Title}, {"description", ob.Description}, {"reason", ob.Reason}, {"retrospective", ob.Retrospective}} {
				check(ob.Source, f[0], f[1])
			}
			for _, kr := range ob.KeyResults {
				check(kr.Source, "title", kr.Title)
				check(kr.Source, "description", kr.Description)
				for _, ci := range kr.CheckIns {
					check(ci.Source, "note", ci.Note)
				}
			}
		}
	}
	for _, log := range m.CheckIns {
		for _, ci := range log.CheckIns {
			check(ci.Source, "note", ci.Note)
		}
	}
	if found != nil {
		return []finding.Finding{*found}
	}
	return nil
}
