package site

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/mdtext"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// feedLimit is how many check-ins a feed carries: the newest ones.
const feedLimit = 100

// Atom 1.0 (RFC 4287), the elements okrs writes.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID       string         `xml:"id"`
	Title    string         `xml:"title"`
	Updated  string         `xml:"updated"`
	Author   *atomPerson    `xml:"author,omitempty"`
	Link     atomLink       `xml:"link"`
	Category []atomCategory `xml:"category"`
	Content  atomContent    `xml:"content"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// feedItem is one check-in on its way into feeds.
type feedItem struct {
	ci *okr.CheckIn
	kr *compute.KeyResult
	o  *compute.Objective
	// sameDay counts the key result's earlier check-ins of the same date,
	// so that two check-ins of one day get two ids.
	sameDay int
}

// writeFeeds writes feed.xml, the organization's check-ins, and
// teams/<team>/feed.xml, each team's own: the newest feedLimit check-ins on
// or before the as-of date, newest first.
//
// Everything in a feed comes from the data: an entry's id is a name-based
// UUID of the organization, cycle, key result, date and place among that
// day's check-ins, so it stays the same from build to build, and its
// updated time is the check-in's date; a feed's updated time is its newest
// entry's. Links are absolute with a base URL;
// without one they are relative to the feed, which feed readers resolve
// against the address they fetched it from (RFC 4287 section 2).
//
// A feed is keyed like a page, by what it shows (the organization's feed
// by everything, a team's by its objectives), so that a rebuild renders
// only the feeds whose check-ins changed.
//
// A feed holds only the newest feedLimit check-ins, so each team's list is
// cut to those first, and the organization's feed takes its newest from
// the teams' newest: no list of every check-in is made or sorted (on the
// large generated organization a million, and 40 % of writing the feeds).
// Check-ins are ordered by date and then by Order, which no two share, so
// the cut lists give the same feeds as the whole ones.
func (s *site) writeFeeds(out output.Sink, k *keyer) error {
	byTeam := map[string][]feedItem{}
	for _, o := range s.res.Objectives {
		if s.teams[o.Team] == nil {
			continue
		}
		for _, kr := range o.KeyResults {
			for i, ci := range kr.CheckIns {
				if ci.Date.After(s.asOf) {
					continue
				}
				it := feedItem{ci: ci, kr: kr, o: o}
				for j := i - 1; j >= 0 && kr.CheckIns[j].Date == ci.Date; j-- {
					it.sameDay++
				}
				byTeam[o.Team] = append(byTeam[o.Team], it)
			}
		}
	}
	var all []feedItem
	for team, items := range byTeam {
		byTeam[team] = newest(items)
		all = append(all, byTeam[team]...)
	}
	name := cmpOr(s.org.Name, "okrs")
	// One buffer for every feed: out does not keep it.
	var buf bytes.Buffer
	if !out.Reuse("feed.xml", k.world) {
		feed := s.feed("feed.xml", "index.html", "Check-ins · "+name, name, all)
		if err := putFeed(out, &buf, "feed.xml", k.world, feed); err != nil {
			return err
		}
	}
	for _, n := range s.teamTree {
		path := "teams/" + n.ID + "/feed.xml"
		key := k.of("feed "+n.ID, k.byTeam[n.ID])
		if out.Reuse(path, key) {
			continue
		}
		team := cmpOr(n.Name, n.ID)
		feed := s.feed(path, teamPath(n.ID), "Check-ins · "+team+" · "+name, "team\x00"+n.ID, byTeam[n.ID])
		if err := putFeed(out, &buf, path, key, feed); err != nil {
			return err
		}
	}
	return nil
}

func putFeed(out output.Sink, buf *bytes.Buffer, path string, key Key, f *atomFeed) error {
	buf.Reset()
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("render feed %s: %w", path, err)
	}
	buf.WriteByte('\n')
	return out.Write(path, buf.Bytes(), key)
}

// feed makes the feed at path from items; page is the HTML page it stands
// for, idName what makes its id unique in the organization.
func (s *site) feed(path, page, title, idName string, items []feedItem) *atomFeed {
	items = newest(items)
	root := strings.Repeat("../", strings.Count(path, "/"))
	link := func(sitePath string) string {
		if s.opt.BaseURL != "" {
			return strings.TrimRight(s.opt.BaseURL, "/") + "/" + strings.TrimSuffix(sitePath, "index.html")
		}
		return root + sitePath
	}
	f := &atomFeed{
		ID:        nameUUID("feed", s.org.Name, idName),
		Title:     title,
		Subtitle:  fmt.Sprintf("The latest %d check-ins on key results, newest first.", feedLimit),
		Updated:   atomTime(s.quietSince()),
		Author:    atomPerson{Name: cmpOr(s.org.Name, "okrs")},
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link(page)}},
		Generator: "okrs",
	}
	if s.opt.BaseURL != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: link(path)})
	}
	if len(items) > 0 {
		f.Updated = atomTime(items[0].ci.Date)
	}
	for _, it := range items {
		f.Entries = append(f.Entries, s.feedEntry(it, link))
	}
	return f
}

// newest sorts items newest first and keeps the first feedLimit.
func newest(items []feedItem) []feedItem {
	slices.SortFunc(items, func(a, b feedItem) int {
		return cmp.Or(b.ci.Date.Compare(a.ci.Date), cmp.Compare(b.ci.Order, a.ci.Order))
	})
	return items[:min(len(items), feedLimit)]
}

func (s *site) feedEntry(it feedItem, link func(string) string) atomEntry {
	ci, kr, o := it.ci, it.kr, it.o
	team := s.teamName(o.Team)
	what := checkInValue(kr, ci)
	if what == "–" {
		what = "check-in"
	}
	e := atomEntry{
		ID:      nameUUID("check-in", s.org.Name, o.Cycle, o.Ref()+"/"+kr.ID, ci.Date.String(), fmt.Sprint(it.sameDay)),
		Title:   fmt.Sprintf("%s · %s: %s", team, mdtext.Plain(kr.Title), what),
		Updated: atomTime(ci.Date),
		Link:    atomLink{Rel: "alternate", Type: "text/html", Href: link(objectivePath(o.Objective)) + "#kr-" + kr.ID},
		Category: []atomCategory{
			{Term: o.Team, Label: team},
			{Term: o.Cycle},
		},
	}
	if by := cmpOr(ci.By, kr.EffectiveOwner()); by != "" {
		e.Author = &atomPerson{Name: s.name(by)}
	}
	var b strings.Builder
	progress, _ := compute.KRProgressAt(kr, ci.Date)
	fmt.Fprintf(&b, "<p>%s, objective %s (%s).</p>", htmlText(mdtext.Plain(kr.Title)), htmlText(mdtext.Plain(o.Title)), htmlText(o.Cycle))
	fmt.Fprintf(&b, "<p>Value %s · progress %s", htmlText(checkInValue(kr, ci)), pct(progress))
	if ci.Confidence != nil {
		fmt.Fprintf(&b, " · confidence %s", confidence(ci.Confidence))
	}
	b.WriteString("</p>")
	b.WriteString(strings.TrimSpace(string(mdtext.HTML(ci.Note, ""))))
	e.Content = atomContent{Type: "html", Body: b.String()}
	return e
}

// quietSince is the updated time of a feed without entries: the start of
// the dashboard's cycle, a date from the data, else the as-of date.
func (s *site) quietSince() okr.Date {
	if s.current != nil && !s.current.Start.After(s.asOf) {
		return s.current.Start
	}
	return s.asOf
}

// atomTime is a day as an Atom date-time: its midnight in UTC.
func atomTime(d okr.Date) string { return d.String() + "T00:00:00Z" }

// nameUUID is a name-based UUID (version 5 layout, SHA-1) of the parts, as
// a URN: the same names give the same id in every build.
func nameUUID(parts ...string) string {
	h := sha1.Sum([]byte("okrs\x00" + strings.Join(parts, "\x00")))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func htmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
