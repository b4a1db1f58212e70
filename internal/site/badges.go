package site

import (
	"fmt"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// Badges are small SVG images of a state and a progress, for READMEs and
// wikis: badges/<team>.svg for a team in the dashboard's cycle and
// badges/<team>/<cycle>/<objective>.svg for an objective. They are drawn
// as shields.io draws its badges, a grey label and a coloured message,
// and carry their text as a title and an aria-label.

// badgeColors are the message backgrounds: darker than the pages' state
// colours so that white text on them keeps a contrast of 4.5:1.
var badgeColors = map[string]string{
	compute.StateDone:     "#005A8C",
	compute.StateOnTrack:  "#00704F",
	compute.StateAtRisk:   "#8A5A00",
	compute.StateOffTrack: "#A33A00",
	compute.StateStale:    "#5B6472",
	// Not measured is not failed: a neutral grey, lighter than stale's.
	compute.StateNoData: "#6B7280",
	compute.BandGreen:   "#00704F",
	compute.BandYellow:  "#8A5A00",
	compute.BandRed:     "#A33A00",
	"":                  "#5B6472",
}

const badgeLabelColor = "#24292F"

func teamBadgePath(team string) string { return "badges/" + team + ".svg" }

func objectiveBadgePath(team, cycle, objective string) string {
	return "badges/" + team + "/" + cycle + "/" + objective + ".svg"
}

// writeBadges writes a badge per team and per objective.
func (s *site) writeBadges(out output.Sink) error {
	for _, n := range s.teamTree {
		label, message, color := s.teamBadge(n.ID, cmpOr(n.Name, n.ID))
		if err := putFile(out, teamBadgePath(n.ID), badge(label, message, color)); err != nil {
			return err
		}
	}
	for _, o := range s.res.Objectives {
		if s.teams[o.Team] == nil {
			continue
		}
		label := o.Cycle + " · " + o.ID
		message, color := "no number", ""
		switch {
		case o.Grade != nil:
			message, color = "graded "+num(*o.Grade), o.GradeBand
		case o.State == compute.StateNoData:
			message, color = "not graded", compute.StateNoData
		case o.Progress != nil:
			message, color = stateMessage(o.State, *o.Progress), o.State
		}
		if err := putFile(out, objectiveBadgePath(o.Team, o.Cycle, o.ID), badge(label, message, color)); err != nil {
			return err
		}
	}
	return nil
}

// teamBadge is what a team's badge says about the dashboard's cycle: its
// state and progress while the cycle runs; once it has ended, its grade,
// or "not graded" in a neutral grey when nothing was measured (never
// "off track · 0%").
func (s *site) teamBadge(team, name string) (label, message, color string) {
	c := s.current
	if c == nil {
		return name, "no cycle", ""
	}
	label = name + " · " + c.ID
	tc := s.res.TeamCycle(team, c.ID)
	switch {
	case tc == nil:
		return label, "no OKRs yet", ""
	case c.Phase == compute.PhaseEnded && tc.Grade != nil:
		return label, "graded " + num(*tc.Grade), compute.Band(*tc.Grade)
	case c.Phase == compute.PhaseEnded && tc.NotGraded > 0:
		return label, "not graded", compute.StateNoData
	case tc.Progress == nil:
		return label, "no number", ""
	}
	return label, stateMessage(tc.State, *tc.Progress), tc.State
}

func stateMessage(state string, progress float64) string {
	return strings.ToLower(stateOf(state).Label) + " · " + pct(progress)
}

// badge draws the SVG of a badge. Text widths are estimated from the
// widths of Verdana at 11px, and textLength holds each text to its
// estimate, so that no renderer lets it overflow its box.
func badge(label, message, color string) []byte {
	bg, ok := badgeColors[color]
	if !ok {
		bg = badgeColors[""]
	}
	const pad = 6
	lw := textWidth(label) + 2*pad
	mw := textWidth(message) + 2*pad
	text := label + ": " + message
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" viewBox="0 0 %d 20" role="img" aria-label="%s">`+"\n", lw+mw, lw+mw, htmlText(text))
	fmt.Fprintf(&b, "<title>%s</title>\n", htmlText(text))
	fmt.Fprintf(&b, `<rect width="%d" height="20" fill="%s"/>`+"\n", lw, badgeLabelColor)
	fmt.Fprintf(&b, `<rect x="%d" width="%d" height="20" fill="%s"/>`+"\n", lw, mw, bg)
	b.WriteString(`<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" aria-hidden="true">` + "\n")
	fmt.Fprintf(&b, `<text x="%d" y="14" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", lw/2, lw-2*pad, htmlText(label))
	fmt.Fprintf(&b, `<text x="%d" y="14" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n", lw+mw/2, mw-2*pad, htmlText(message))
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// textWidth estimates the width in pixels of s in Verdana at 11px.
func textWidth(s string) int {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("iljI.,:;!|'()[]` ", r):
			w += 4
		case strings.ContainsRune("fjrt", r):
			w += 5
		case strings.ContainsRune("mwMW%@", r):
			w += 11
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			w += 7.5
		default:
			w += 7
		}
	}
	return int(w + 0.5)
}

// teamBadgeEmbed is the team's badge and the Markdown that shows it,
// linked to the team page.
func (s *site) teamBadgeEmbed(p *page, team, name string) badgeEmbed {
	label, message, _ := s.teamBadge(team, name)
	e := badgeEmbed{Src: p.href(teamBadgePath(team)), Alt: label + ": " + message, Feed: p.href("teams/" + team + "/feed.xml")}
	base := "https://YOUR-SITE/"
	if s.opt.BaseURL != "" {
		base, e.Absolute = strings.TrimRight(s.opt.BaseURL, "/")+"/", true
	}
	e.Markdown = fmt.Sprintf("[![%s OKRs](%s%s)](%s%s)", name, base, teamBadgePath(team), base, strings.TrimSuffix(teamPath(team), "index.html"))
	return e
}
