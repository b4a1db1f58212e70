package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/okrs-dev/okrs/internal/finding"
)

// Formats write a report; each is a view of the same data.
var Formats = map[string]func(io.Writer, *Report) error{
	"markdown": Markdown,
	"text":     Text,
	"json":     JSON,
}

// Summary is the report in one line, such as "1 objective added; 2 new
// check-ins".
func (r *Report) Summary() string {
	var groups []string
	kinds := []string{Added, Carried, Removed, Moved, Renamed, Changed}
	count := func(word string, changes []string) {
		n := map[string]int{}
		for _, c := range changes {
			n[c]++
		}
		var parts []string
		for _, k := range kinds {
			if n[k] == 0 {
				continue
			}
			if len(parts) == 0 {
				parts = append(parts, fmt.Sprintf("%s %s", plural(n[k], word), k))
			} else {
				parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
			}
		}
		if len(parts) > 0 {
			groups = append(groups, strings.Join(parts, ", "))
		}
	}
	var objs, krs []string
	for _, o := range r.Objectives {
		objs = append(objs, o.Change)
	}
	for _, k := range r.KeyResults {
		krs = append(krs, k.Change)
	}
	count("objective", objs)
	count("key result", krs)
	if n := len(r.EasedTargets); n > 0 {
		groups = append(groups, plural(n, "target")+" eased")
	}
	checkIns := 0
	for _, m := range r.Progress {
		checkIns += len(m.CheckIns)
	}
	if checkIns > 0 {
		groups = append(groups, plural(checkIns, "new check-in"))
	}
	switch in, out := len(r.Introduced), len(r.Resolved); {
	case in > 0 && out > 0:
		groups = append(groups, fmt.Sprintf("%s introduced, %d resolved", plural(in, "finding"), out))
	case in > 0:
		groups = append(groups, plural(in, "finding")+" introduced")
	case out > 0:
		groups = append(groups, plural(out, "finding")+" resolved")
	}
	if len(groups) == 0 {
		return "no changes to the OKRs"
	}
	return strings.Join(groups, "; ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func progress(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%.2f", *p)
}

// moves says how a progress and a state moved: "0.35 -> 0.52, at-risk ->
// on-track", or a single value where it stayed.
func moves(m Move, arrow string) (prog, state string) {
	prog = progress(m.Head.Progress)
	if b := progress(m.Base.Progress); b != prog {
		prog = b + arrow + prog
	}
	state = orNone(m.Head.State)
	if m.Base.State != m.Head.State {
		state = orNone(m.Base.State) + arrow + state
	}
	return prog, state
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func fieldValue(s string) string {
	if s == "" {
		return "(none)"
	}
	return shorten(s, 80)
}

// shorten keeps the first line of s, at most n characters of it.
func shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	first, _, more := strings.Cut(s, "\n")
	first = strings.TrimSpace(first)
	if utf8.RuneCountInString(first) > n {
		r := []rune(first)
		return string(r[:n-1]) + "…"
	}
	if more {
		return first + " …"
	}
	return first
}

func errorsLine(side string, in SideInfo) string {
	if in.Empty {
		return fmt.Sprintf("%s has no data files", side)
	}
	if len(in.Errors) == 0 {
		return ""
	}
	return fmt.Sprintf("%s has %s", side, plural(len(in.Errors), "error"))
}

// Text writes the report for a terminal.
func Text(w io.Writer, r *Report) error {
	p := &printer{w: w}
	p.f("okrs diff %s -> %s, as of %s: %s\n", r.Base.Name, r.Head.Name, r.AsOf, r.Summary())
	for _, s := range []struct {
		name string
		in   SideInfo
	}{{"base", r.Base}, {"head", r.Head}} {
		line := errorsLine(s.name, s.in)
		if line == "" {
			continue
		}
		if len(s.in.Errors) > 0 {
			line += ":"
		}
		p.f("%s\n", line)
		for _, f := range s.in.Errors {
			p.f("  %s\n", f)
		}
		if len(s.in.NotCompared) > 0 {
			p.f("  not compared, as they do not load: %s\n", strings.Join(s.in.NotCompared, ", "))
		}
	}
	if len(r.Objectives) > 0 {
		p.f("\nobjectives:\n")
		for _, o := range r.Objectives {
			p.f("  %-8s %s %s %q%s\n", o.Change, o.Cycle, o.Ref(), o.Title, objectiveNote(o))
			p.fields(o.Fields)
		}
	}
	if len(r.KeyResults) > 0 {
		p.f("\nkey results:\n")
		for _, k := range r.KeyResults {
			from := ""
			if k.From != nil {
				from = " (was " + k.From.Ref + ")"
			}
			p.f("  %-8s %s %s %q%s\n", k.Change, k.Cycle, k.Ref, k.Title, from)
			p.fields(k.Fields)
		}
	}
	if len(r.EasedTargets) > 0 {
		p.f("\ntargets eased:\n")
		for _, f := range r.EasedTargets {
			p.f("  %s\n", f)
		}
	}
	if len(r.Progress) > 0 {
		p.f("\nprogress:\n")
		for _, m := range r.Progress {
			prog, state := moves(m, " -> ")
			p.f("  %s %s %q: %s, %s\n", m.Cycle, m.Ref, m.Title, prog, state)
			for _, ci := range m.CheckIns {
				p.f("      new check-in %s\n", ci)
			}
		}
	}
	for _, s := range []struct {
		name string
		fs   []finding.Finding
	}{{"findings introduced", r.Introduced}, {"findings resolved", r.Resolved}} {
		if len(s.fs) == 0 {
			continue
		}
		p.f("\n%s:\n", s.name)
		for _, f := range s.fs {
			p.f("  %s\n", f)
		}
	}
	return p.err
}

func objectiveNote(o ObjectiveChange) string {
	switch {
	case o.From != nil && o.From.Ref != o.Ref():
		return " (was " + o.From.Ref + ")"
	case o.From != nil:
		return " (was in " + o.From.File + ")"
	case o.Change == Carried:
		return " (from " + o.CarriedFrom + ", " + plural(o.KeyResults, "key result") + ")"
	case o.Change == Added || o.Change == Removed:
		return " (" + plural(o.KeyResults, "key result") + ")"
	}
	return ""
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) fields(fs []Field) {
	for _, f := range fs {
		p.f("      %s: %s -> %s\n", f.Name, fieldValue(f.Base), fieldValue(f.Head))
	}
}

// JSON writes the report as JSON.
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// foldAfter is how many rows a table or list shows before it is folded
// into <details>, so a big change does not drown the pull request.
const foldAfter = 10

// Markdown writes the report as a pull-request comment: a summary line,
// then a table per kind of change. Everything from the files is escaped:
// a title cannot break a table or inject HTML.
func Markdown(w io.Writer, r *Report) error {
	p := &printer{w: w}
	p.f("**OKR changes:** %s\n\n", mdEscape(r.Summary()))
	p.f("<sub>%s → %s, as of %s · `okrs diff`</sub>\n", mdName(r.Base.Name), mdName(r.Head.Name), r.AsOf)
	for _, s := range []struct {
		name string
		in   SideInfo
	}{{"base", r.Base}, {"head", r.Head}} {
		line := errorsLine(s.name, s.in)
		if line == "" {
			continue
		}
		if len(s.in.Errors) == 0 {
			p.f("\n%s.\n", line)
			continue
		}
		p.f("\n> [!CAUTION]\n> **%s**", line)
		if s.name == "head" {
			p.f(": `okrs validate` fails")
		}
		p.f("\n")
		for i, f := range s.in.Errors {
			if i == foldAfter {
				p.f("> - and %d more\n", len(s.in.Errors)-foldAfter)
				break
			}
			p.f("> - %s %s (%s)\n", mdCode(f.Pos.String()), mdEscape(f.Message), f.Rule)
		}
		if len(s.in.NotCompared) > 0 {
			p.f(">\n> Not compared, as they do not load: %s\n", mdCodes(s.in.NotCompared))
		}
	}
	if len(r.Objectives) > 0 {
		var rows [][]string
		for _, o := range r.Objectives {
			rows = append(rows, []string{mdEscape(o.Cycle), mdCode(o.Ref()) + " " + mdEscape(o.Title), o.Change, mdObjectiveDetails(o)})
		}
		p.table("Objectives", []string{"Cycle", "Objective", "Change", "Details"}, rows)
	}
	if len(r.KeyResults) > 0 {
		var rows [][]string
		for _, k := range r.KeyResults {
			details := mdFields(k.Fields)
			if k.From != nil {
				details = join("was "+mdCode(k.From.Ref), details)
			}
			rows = append(rows, []string{mdEscape(k.Cycle), mdCode(k.Ref) + " " + mdEscape(k.Title), k.Change, details})
		}
		p.table("Key results", []string{"Cycle", "Key result", "Change", "Details"}, rows)
	}
	if len(r.EasedTargets) > 0 {
		p.list("Targets eased", r.EasedTargets)
	}
	if len(r.Progress) > 0 {
		var rows [][]string
		for _, m := range r.Progress {
			prog, state := moves(m, " → ")
			what := mdCode(m.Ref) + " " + mdEscape(m.Title)
			if m.Kind == "objective" {
				what = "**" + what + "**"
			}
			var cis []string
			for _, ci := range m.CheckIns {
				cis = append(cis, mdEscape(ci.String()))
			}
			rows = append(rows, []string{mdEscape(m.Cycle), what, strings.Join(cis, "<br>"), prog, state})
		}
		p.table("Check-ins and progress", []string{"Cycle", "Objective / key result", "New check-ins", "Progress", "State"}, rows)
	}
	if len(r.Introduced) > 0 {
		p.list("Findings introduced", r.Introduced)
	}
	if len(r.Resolved) > 0 {
		p.list("Findings resolved", r.Resolved)
	}
	return p.err
}

// fold starts a section: a heading, or a folded <details> for long ones.
func (p *printer) section(title string, n int) (end func()) {
	if n <= foldAfter {
		p.f("\n#### %s\n\n", title)
		return func() {}
	}
	p.f("\n<details><summary><b>%s</b> (%d)</summary>\n\n", title, n)
	return func() { p.f("\n</details>\n") }
}

func (p *printer) table(title string, head []string, rows [][]string) {
	end := p.section(title, len(rows))
	p.f("| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	for _, r := range rows {
		p.f("| %s |\n", strings.Join(r, " | "))
	}
	end()
}

func (p *printer) list(title string, fs []finding.Finding) {
	end := p.section(title, len(fs))
	for _, f := range fs {
		p.f("- %s %s %s (%s)\n", f.Severity, mdCode(f.Pos.String()), mdEscape(f.Message), f.Rule)
	}
	end()
}

func mdObjectiveDetails(o ObjectiveChange) string {
	var note string
	switch {
	case o.From != nil && o.From.Ref != o.Ref():
		note = "was " + mdCode(o.From.Ref)
	case o.From != nil:
		note = "was in " + mdCode(o.From.File)
	case o.Change == Carried:
		note = "from " + mdCode(o.CarriedFrom) + ", " + plural(o.KeyResults, "key result")
	case o.Change == Added || o.Change == Removed:
		note = plural(o.KeyResults, "key result")
	}
	return join(note, mdFields(o.Fields))
}

func mdFields(fs []Field) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s: %s → %s", mdEscape(f.Name), mdEscape(fieldValue(f.Base)), mdEscape(fieldValue(f.Head))))
	}
	return strings.Join(out, "<br>")
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "<br>" + b
}

func mdCodes(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = mdCode(s)
	}
	return strings.Join(out, ", ")
}

// mdName shows a revision or directory name in code; the working tree as words.
func mdName(s string) string {
	if s == WorkingTree {
		return s
	}
	return mdCode(s)
}

// WorkingTree is the name of the side read from the disk when no head
// revision is given.
const WorkingTree = "working tree"

var htmlSpecial = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// A zero-width space after @ and # keeps GitHub from turning text into
// a mention (@name pings that person or team from the bot's comment) or
// an issue link (#12, owner/repo#12); escaping does not, because GitHub
// finds both in the rendered text. Code spans are left alone by GitHub.
var mdSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"|", `\|`, "~", `\~`, "#", "\\#\u200b", "!", `\!`, "@", "@\u200b",
)

// mdEscape makes user text safe inside a Markdown table cell: one line,
// no HTML, no Markdown formatting, no column breaks, no mentions and no
// issue links.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return htmlSpecial.Replace(mdSpecial.Replace(s))
}

// mdCode shows text in a code span, which nothing in it can end.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "") + "`"
}
