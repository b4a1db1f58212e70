// Package newcycle starts the next OKR cycle from the last one: it adds
// the cycle to the Organization, with its events at the same distance from
// its start as in the cycle it follows, and writes one OKRs file per team
// that carries the objectives still open as drafts.
//
// As with a check-in, the Organization file is edited as text (only lines
// are added, so comments and layout stay), the whole data directory is
// checked with the new files in memory, and nothing is written unless the
// result is valid. Existing files are never overwritten.
package newcycle

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/checkin"
	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/lock"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/validate"
	"github.com/okrs-dev/okrs/schema"
)

// Request is the new cycle as the user asked for it.
type Request struct {
	ID         string
	Start, End string // YYYY-MM-DD
	From       string // the cycle to follow; empty: the latest
	// Name is the cycle's display name; empty: named after the cycle
	// followed (NameAfter), or no name when its name does not follow its id.
	Name string
}

// Options tune the run.
type Options struct {
	// AsOf decides which objectives are done (progress 1 on that day) and
	// which value of a key result is its latest.
	AsOf        okr.Date
	MaxFileSize int64
}

// Result is what was written.
type Result struct {
	From    string   // the cycle followed
	Name    string   // the new cycle's name, "" when none was written
	OrgFile string   // the Organization file the cycle was added to
	Files   []string // the new OKRs files, by team
	Carried int      // objectives carried as drafts
	Left    int      // objectives left behind: done, closed or dropped
}

// RefusedError is a new cycle that would make the data invalid.
type RefusedError struct{ Findings []finding.Finding }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("new cycle not written: %d error(s)", len(e.Findings))
}

var cycleID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

// Create starts the cycle below the data directory dir.
func Create(dir string, req Request, opt Options) (*Result, error) {
	if !cycleID.MatchString(req.ID) {
		return nil, fmt.Errorf("%q is not a cycle id: letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. 2027-Q2)", req.ID)
	}
	start, err := okr.ParseDate(req.Start)
	if err != nil {
		return nil, fmt.Errorf("--start: %w", err)
	}
	end, err := okr.ParseDate(req.End)
	if err != nil {
		return nil, fmt.Errorf("--end: %w", err)
	}
	if end.Before(start) {
		return nil, fmt.Errorf("--end %s is before --start %s", end, start)
	}

	// The data directory's lock, held from reading the files to writing
	// them, as okrs check-in holds it: a check-in made meanwhile lands
	// either before (and the carried key results start from it) or after
	// the new cycle, never in a directory half written; and of two
	// new-cycles at once the second finds the first one's cycle.
	unlock, err := lock.Dir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	paths, err := load.Files(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	popt := pipeline.Options{AsOf: opt.AsOf, MaxFileSize: opt.MaxFileSize}
	vopt := popt.FileOptions()
	loaded := validate.CheckFiles(paths, vopt)
	before := pipeline.Files(dir, loaded, popt)
	m, n := before.Model, before.Numbers
	if m.Org == nil || m.Org.Doc == nil {
		return nil, fmt.Errorf("no Organization document in %s; okrs init writes one", dir)
	}
	if c := n.Cycle(req.ID); c != nil {
		return nil, fmt.Errorf("cycle %s already exists (%s); choose another id", req.ID, c.Pos())
	}
	from, err := fromCycle(n, req.From)
	if err != nil {
		return nil, err
	}
	c := &okr.Cycle{ID: req.ID, Name: req.Name, Start: start, End: end, Parent: parentOf(n, start, end)}
	if c.Name == "" {
		c.Name = NameAfter(from.ID, from.Name, c.ID)
	}
	for _, sib := range n.Cycles {
		if sib.Parent == c.Parent && !sib.End.Before(start) && !end.Before(sib.Start) {
			where := "at the top level"
			if c.Parent != "" {
				where = "in " + c.Parent
			}
			return nil, fmt.Errorf("%s to %s overlaps cycle %s (%s to %s, %s, %s); choose dates after %s", start, end, sib.ID, sib.Start, sib.End, where, sib.Pos(), sib.End)
		}
	}
	c.Events = shifted(from.Events, from.Start, start)

	// The Organization file with the cycle added.
	orgPath := m.Org.Doc.File
	orgSrc, err := os.ReadFile(orgPath)
	if err != nil {
		return nil, err
	}
	orgOut, err := addCycle(orgSrc, m.Org.Doc.Index, c)
	if err != nil {
		return nil, fmt.Errorf("cannot add cycle %s to %s: %w", c.ID, orgPath, err)
	}

	// One new file per team with OKRs in the cycle followed.
	res := &Result{From: from.ID, Name: c.Name, OrgFile: orgPath}
	files := map[string][]byte{}
	var order []string
	for _, doc := range m.OKRs {
		if doc.Cycle != from.ID || doc.Doc == nil {
			continue
		}
		path := filepath.Join(dir, c.ID, doc.Team+".yaml")
		if _, dup := files[path]; dup {
			continue // a second OKRs document of the team: validate reports it
		}
		if _, err := os.Lstat(path); err == nil {
			return nil, fmt.Errorf("%s exists; okrs new-cycle never overwrites a file (move it away, or remove it)", path)
		}
		data, carried, left := carry(n, doc, c, modeline(doc.Doc.File, path))
		files[path] = data
		order = append(order, path)
		res.Carried += carried
		res.Left += left
	}
	slices.Sort(order)

	// Check everything with the edited and new files in memory.
	edited := slices.Clone(loaded)
	i := slices.Index(paths, orgPath)
	if i < 0 {
		return nil, fmt.Errorf("%s is not among the data files of %s", orgPath, dir)
	}
	edited[i] = validate.CheckFile(orgPath, orgOut, vopt)
	for _, p := range order {
		edited = append(edited, validate.CheckFile(p, files[p], vopt))
	}
	after := pipeline.Files(dir, edited, popt)
	if fs := validate.NewErrors(before.Findings, after.Findings); len(fs) > 0 {
		return nil, &RefusedError{fs}
	}

	// Write: the new files first, each only if it still does not exist,
	// then the Organization, so an interrupted run leaves no cycle
	// without its files.
	var written []string
	for _, p := range order {
		if err := create(p, files[p]); err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			return nil, err
		}
		written = append(written, p)
	}
	if err := checkin.WriteFile(orgPath, orgOut); err != nil {
		for _, w := range written {
			os.Remove(w)
		}
		return nil, err
	}
	res.Files = order
	return res, nil
}

// fromCycle is the cycle to follow: the one named, else the one that
// starts last (of those, the shortest: a quarter rather than its year).
func fromCycle(n *compute.Result, id string) (*compute.Cycle, error) {
	if id != "" {
		if c := n.Cycle(id); c != nil {
			return c, nil
		}
		var ids []string
		for _, c := range n.Cycles {
			ids = append(ids, c.ID)
		}
		return nil, fmt.Errorf("--from %s: no such cycle%s", id, schema.DidYouMean(id, ids))
	}
	var latest *compute.Cycle
	for _, c := range n.Cycles {
		if latest == nil || c.Start.After(latest.Start) || c.Start == latest.Start && c.End.Before(latest.End) {
			latest = c
		}
	}
	if latest == nil {
		return nil, errors.New("the Organization has no cycle to follow; add the first one under cycles")
	}
	return latest, nil
}

// NameAfter names a new cycle as the cycle it follows is named: "Q1 2027"
// after "Q4 2026" for 2027-Q1 after 2026-Q4, "Fiscal year 2027" after
// "Fiscal year 2026" for FY2027 after FY2026. Ids and the name are read as
// runs of letters and of digits; each run of the old id that appears in
// the name as a whole word-part is replaced by the run at the same place in
// the new id. Empty when the name does not follow the id that way: the ids
// have runs of different kinds or counts, a run that changes is not in the
// name, or one run would become two different ones.
func NameAfter(fromID, fromName, id string) string {
	if fromName == "" {
		return ""
	}
	old, next := runs(fromID), runs(id)
	if len(old) != len(next) {
		return ""
	}
	to := map[string]string{}
	for i, r := range old {
		if digits(r) != digits(next[i]) {
			return ""
		}
		if prev, ok := to[r]; ok && prev != next[i] {
			return ""
		}
		to[r] = next[i]
	}
	name := runs(fromName)
	inName := map[string]bool{}
	for _, r := range name {
		inName[r] = true
	}
	for r, n := range to {
		if r != n && !inName[r] {
			return ""
		}
	}
	var b strings.Builder
	for _, r := range name {
		if n, ok := to[r]; ok {
			r = n
		}
		b.WriteString(r)
	}
	return b.String()
}

// runs cuts s into runs of ASCII letters, of digits and of anything else,
// in order: "Q4 2026" is "Q", "4", " ", "2026".
func runs(s string) []string {
	kind := func(c byte) int {
		switch {
		case c >= '0' && c <= '9':
			return 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return 2
		}
		return 3
	}
	var out []string
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && kind(s[j]) == kind(s[i]) && kind(s[i]) != 3 {
			j++
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func digits(r string) bool { return r != "" && r[0] >= '0' && r[0] <= '9' }

// parentOf is the shortest cycle that holds start to end and is longer:
// a quarter inside its year.
func parentOf(n *compute.Result, start, end okr.Date) string {
	var parent *compute.Cycle
	for _, c := range n.Cycles {
		if c.Start.After(start) || c.End.Before(end) || c.End.Sub(c.Start) <= end.Sub(start) {
			continue
		}
		if parent == nil || c.End.Sub(c.Start) < parent.End.Sub(parent.Start) {
			parent = c
		}
	}
	if parent == nil {
		return ""
	}
	return parent.ID
}

// shifted moves events from one start to another, keeping their distance.
func shifted(e okr.Events, from, to okr.Date) okr.Events {
	move := func(d okr.Date) okr.Date {
		if d.IsZero() {
			return d
		}
		return to.AddDays(d.Sub(from))
	}
	return okr.Events{Drafting: move(e.Drafting), Alignment: move(e.Alignment), Review: move(e.Review), Retrospective: move(e.Retrospective)}
}

// create writes a new file; it fails when the file exists.
func create(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// modeline is the yaml-language-server line of the file followed, pointed
// at the same schema from the new file's folder; empty when it has none.
func modeline(from, to string) string {
	b, err := os.ReadFile(from)
	if err != nil {
		return ""
	}
	first, _, _ := strings.Cut(string(b), "\n")
	first = strings.TrimRight(first, "\r")
	const prefix = "# yaml-language-server: $schema="
	target, ok := strings.CutPrefix(first, prefix)
	if !ok {
		return ""
	}
	if strings.Contains(target, "://") || filepath.IsAbs(target) {
		return first
	}
	rel, err := filepath.Rel(filepath.Dir(to), filepath.Join(filepath.Dir(from), filepath.FromSlash(target)))
	if err != nil {
		return ""
	}
	return prefix + filepath.ToSlash(rel)
}

// addCycle adds the cycle after the last item of the Organization's
// cycles, in the style of that item.
func addCycle(src []byte, docIndex int, c *okr.Cycle) ([]byte, error) {
	docs, err := checkin.Documents(src)
	if err != nil {
		return nil, err
	}
	if docIndex >= len(docs) || len(docs[docIndex].Content) == 0 {
		return nil, errors.New("the Organization document is not found")
	}
	org := docs[docIndex].Content[0]
	var list *yaml.Node
	for i := 0; i+1 < len(org.Content); i += 2 {
		if org.Content[i].Value == "cycles" {
			list = org.Content[i+1]
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 || list.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("its cycles are not a block list (- id: ...); add the cycle by hand")
	}
	lines := strings.SplitAfter(string(src), "\n")
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	last := list.Content[len(list.Content)-1]
	dash := strings.Repeat(" ", max(last.Column-3, 0))
	item := cycleNode(c)
	if last.Style&yaml.FlowStyle != 0 {
		item.Style = yaml.FlowStyle
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode([]*yaml.Node{item}); err != nil {
		return nil, err
	}
	var text strings.Builder
	for _, l := range strings.SplitAfter(strings.TrimSuffix(b.String(), "\n"), "\n") {
		text.WriteString(dash + strings.TrimSuffix(l, "\n") + nl)
	}
	at := checkin.LastLine(lines, last, len(dash))
	var out strings.Builder
	for i, l := range lines[:at] {
		out.WriteString(l)
		if i == len(lines)-1 && !strings.HasSuffix(l, "\n") {
			out.WriteString(nl)
		}
	}
	out.WriteString(text.String())
	for _, l := range lines[at:] {
		out.WriteString(l)
	}
	return []byte(out.String()), nil
}

func cycleNode(c *okr.Cycle) *yaml.Node {
	m := mapping()
	add(m, "id", str(c.ID))
	if c.Name != "" {
		add(m, "name", str(c.Name))
	}
	if c.Parent != "" {
		add(m, "parent", str(c.Parent))
	}
	add(m, "start", plain(c.Start.String()))
	add(m, "end", plain(c.End.String()))
	ev := mapping()
	for _, e := range []struct {
		name string
		d    okr.Date
	}{{"drafting", c.Events.Drafting}, {"alignment", c.Events.Alignment}, {"review", c.Events.Review}, {"retrospective", c.Events.Retrospective}} {
		if !e.d.IsZero() {
			add(ev, e.name, plain(e.d.String()))
		}
	}
	if len(ev.Content) > 0 {
		add(m, "events", ev)
	}
	return m
}

// carry writes the team's OKRs for the new cycle: every objective that is
// not done, closed or dropped, as a draft that says where it came from;
// its key results start from their latest value and have no check-ins.
func carry(n *compute.Result, doc *okr.OKRs, c *okr.Cycle, modeline string) (data []byte, carried, left int) {
	root := mapping()
	add(root, "kind", str("OKRs"))
	add(root, "team", str(doc.Team))
	add(root, "cycle", str(c.ID))
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	// team/objective of every carried objective, of every team, and
	// team/objective/kr of each of their key results that is carried.
	keep := map[string]bool{}
	for _, o := range n.Cycle(doc.Cycle).Objectives {
		if open(o) {
			keep[o.Ref()] = true
			for _, kr := range o.KeyResults {
				if carriedKR(kr) {
					keep[o.Ref()+"/"+kr.ID] = true
				}
			}
		}
	}
	for _, o := range n.ObjectivesOf(doc.Team, doc.Cycle) {
		if !open(o) {
			left++
			continue
		}
		carried++
		list.Content = append(list.Content, objectiveNode(n, o, c, keep))
	}
	add(root, "objectives", list)
	var b strings.Builder
	if modeline != "" {
		b.WriteString(modeline + "\n")
	}
	fmt.Fprintf(&b, "# Carried from %s by okrs new-cycle: the objectives that were not done, closed or dropped,\n", doc.Cycle)
	b.WriteString("# as drafts. Review them, then set status: active (or remove what the team will not pursue).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(root) // a tree of plain nodes always encodes
	return []byte(b.String()), carried, left
}

// open tells whether an objective carries over: not closed, not dropped,
// and not done on the as-of date.
func open(o *compute.Objective) bool {
	switch o.EffectiveStatus() {
	case okr.StatusClosed, okr.StatusDropped:
		return false
	}
	return o.State != compute.StateDone
}

func objectiveNode(n *compute.Result, o *compute.Objective, c *okr.Cycle, keep map[string]bool) *yaml.Node {
	m := mapping()
	add(m, "id", str(o.ID))
	add(m, "title", str(o.Title))
	add(m, "carried_from", str(o.Cycle+"/"+o.Ref()))
	add(m, "status", str(okr.StatusDraft))
	if o.Owner != "" {
		add(m, "owner", str(o.Owner))
	}
	if o.Commitment != "" {
		add(m, "commitment", str(o.Commitment))
	}
	if o.Weight != nil {
		add(m, "weight", number(*o.Weight))
	}
	if o.Description != "" {
		add(m, "description", str(o.Description))
	}
	if l := labels(o.Labels); l != nil {
		add(m, "labels", l)
	}
	var aligns []*yaml.Node
	seen := map[string]bool{}
	for _, ref := range o.AlignsTo {
		ref = alignsInNew(n, ref, c, keep)
		if ref != "" && !seen[ref] {
			seen[ref] = true
			aligns = append(aligns, str(ref))
		}
	}
	if len(aligns) > 0 {
		add(m, "aligns_to", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: aligns})
	}
	if a := o.RACI; a != nil {
		r := mapping()
		ids := func(key string, list []string) {
			if len(list) > 0 {
				seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
				for _, id := range list {
					seq.Content = append(seq.Content, str(id))
				}
				add(r, key, seq)
			}
		}
		ids("responsible", a.Responsible)
		if a.Accountable != "" {
			add(r, "accountable", str(a.Accountable))
		}
		ids("consulted", a.Consulted)
		ids("informed", a.Informed)
		add(m, "raci", r)
	}
	krs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, kr := range o.KeyResults {
		if k := keyResultNode(kr, n.AsOf); k != nil {
			krs.Content = append(krs.Content, k)
		}
	}
	add(m, "key_results", krs)
	return m
}

// alignsInNew is what an alignment becomes in the new cycle: the same
// reference when its objective (or key result) is carried too, or lives in
// a cycle that holds the new one; its objective's when a key result of a
// carried objective is done and so not carried; "" when nothing is left
// to align to.
func alignsInNew(n *compute.Result, ref string, c *okr.Cycle, keep map[string]bool) string {
	parts := strings.Split(ref, "/")
	if len(parts) < 2 {
		return ""
	}
	obj := parts[0] + "/" + parts[1]
	if keep[obj] {
		if len(parts) == 2 || keep[ref] {
			return ref
		}
		return obj
	}
	for p := n.Cycle(c.Parent); p != nil; p = n.Cycle(p.Parent) {
		if n.Objective(p.ID, obj) != nil {
			return ref
		}
		if p.Parent == p.ID {
			break
		}
	}
	return ""
}

// carriedKR tells whether a key result of a carried objective carries on:
// not done, or a threshold, which is kept rather than finished.
func carriedKR(kr *compute.KeyResult) bool {
	return kr.Progress < 1 || kr.EffectiveType() == okr.TypeThreshold
}

// keyResultNode is a key result as it starts the new cycle: a metric from
// its current value, milestones not done yet, no check-ins. Nil for a key
// result that is done: nothing is left to do for it.
func keyResultNode(kr *compute.KeyResult, asOf okr.Date) *yaml.Node {
	if !carriedKR(kr) {
		return nil
	}
	typ := kr.EffectiveType()
	m := mapping()
	add(m, "id", str(kr.ID))
	add(m, "title", str(kr.Title))
	if kr.Owner != "" {
		add(m, "owner", str(kr.Owner))
	}
	if kr.Type != "" {
		add(m, "type", str(kr.Type))
	}
	if kr.Description != "" {
		add(m, "description", str(kr.Description))
	}
	switch typ {
	case okr.TypeMetric:
		// Start and Target are as resolved: a start from the first
		// check-in, a target from a change. Without either, the change
		// is carried as written and the start comes with the first
		// check-in of the new cycle.
		start := kr.Start
		if kr.Current.Num != nil {
			start = kr.Current.Num
		}
		if start != nil {
			add(m, "start", number(*start))
		}
		switch {
		case kr.Target != nil:
			add(m, "target", number(*kr.Target))
		case !kr.KeyResult.Change.IsZero():
			add(m, "change", plain(kr.KeyResult.Change.Text))
		}
	case okr.TypeThreshold:
		if kr.Keep != "" {
			add(m, "keep", str(kr.Keep))
		}
		if kr.Target != nil {
			add(m, "target", number(*kr.Target))
		}
	case okr.TypeMilestone:
		ms := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, x := range kr.Milestones {
			if x == nil || !x.Done.IsZero() && !x.Done.After(asOf) {
				continue
			}
			mm := mapping()
			mm.Style = yaml.FlowStyle
			add(mm, "title", str(x.Title))
			if x.Weight != nil {
				add(mm, "weight", number(*x.Weight))
			}
			ms.Content = append(ms.Content, mm)
		}
		add(m, "milestones", ms)
	}
	if kr.Unit != "" {
		add(m, "unit", str(kr.Unit))
	}
	if kr.Weight != nil {
		add(m, "weight", number(*kr.Weight))
	}
	if l := labels(kr.Labels); l != nil {
		add(m, "labels", l)
	}
	return m
}

func labels(list []string) *yaml.Node {
	if len(list) == 0 {
		return nil
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, l := range list {
		seq.Content = append(seq.Content, str(l))
	}
	return seq
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

// str is a text scalar; yaml.v3 quotes it when it would read as anything
// else (a number, a date, true).
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// plain is a scalar written as it is, for dates and numbers: YAML reads
// them back as the schema wants them either way.
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func number(v float64) *yaml.Node { return plain(strconv.FormatFloat(v, 'f', -1, 64)) }
