// Package finding is the one shape in which okrs reports a problem with the
// user's files: a place, a severity, a rule and a message that says what to
// change. Every stage returns findings as data; the CLI, the JSON export and
// the health page render the same slice.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Pos is a place in a file. Line and Col count from 1; 0 means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, max(p.Line, 1), max(p.Col, 1))
}

// Severity is how much a finding matters. Errors fail `okrs validate`.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
	// Off is only a configured level: a rule set to off reports nothing.
	Off Severity = "off"
)

// ParseSeverity reads a configured level.
func ParseSeverity(s string) (Severity, bool) {
	switch v := Severity(s); v {
	case Error, Warning, Info, Off:
		return v, true
	}
	return "", false
}

// Rank orders severities, most severe first: error 0, warning 1, info 2.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	case Info:
		return 2
	}
	return 3
}

// Finding is one problem, at one place.
type Finding struct {
	Pos
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// String formats a finding the way compilers do, so editors and CI logs can
// jump to it: FILE:LINE:COL: SEVERITY: MESSAGE [RULE].
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Rule)
}

// Sort orders findings by file, line, column, then severity, rule and
// message, so output never depends on the order checks ran in.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, compare)
}

func compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Severity.Rank(), b.Severity.Rank()),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// Dedupe drops exact repeats from sorted findings; two checks may reach the
// same conclusion about the same place.
func Dedupe(fs []Finding) []Finding {
	return slices.Compact(fs)
}

// Count tallies findings by severity.
type Count struct{ Errors, Warnings, Infos int }

// Tally counts findings by severity.
func Tally(fs []Finding) Count {
	var c Count
	for _, f := range fs {
		switch f.Severity {
		case Error:
			c.Errors++
		case Warning:
			c.Warnings++
		case Info:
			c.Infos++
		}
	}
	return c
}

// PerFile is how many findings of one file are listed; the rest are
// counted in one more finding. A file with hundreds of problems is fixed
// from the top, and listing every one of 80,000 unknown keys costs each
// run time and output without telling anyone more.
const PerFile = 100

// RuleMore is the rule of the finding that counts those not listed.
const RuleMore = "more-findings"

// Cap lists at most max findings of each file of sorted findings; the
// rest of a file's are counted in one finding, at the first of them and
// as severe as the worst of them, so the exit code does not change.
func Cap(fs []Finding, max int) []Finding {
	var out []Finding
	capped := false
	for start := 0; start < len(fs); {
		end := start + 1
		for end < len(fs) && fs[end].File == fs[start].File {
			end++
		}
		run := fs[start:end]
		start = end
		if len(run) <= max {
			out = append(out, run...)
			continue
		}
		capped = true
		rest := run[max:]
		worst := rest[0].Severity
		for _, f := range rest {
			if f.Severity.Rank() < worst.Rank() {
				worst = f.Severity
			}
		}
		c := Tally(rest)
		out = append(out, run[:max]...)
		out = append(out, Finding{Pos: rest[0].Pos, Severity: worst, Rule: RuleMore,
			Message: fmt.Sprintf("and %d more findings in this file (%d errors, %d warnings, %d infos), not listed; fix the ones above and run again", len(rest), c.Errors, c.Warnings, c.Infos)})
	}
	if !capped {
		return fs
	}
	return out
}

// How much of a user's value a message quotes: enough to find it in the
// file (the place says where the rest is), while a 1 MB id does not make
// a 1 MB message in a terminal, a CI log or a pull request. maxWord is
// above the longest id (63 characters), so a valid id is never cut.
const (
	maxWord   = 64
	maxQuoted = 256
)

// Cut shortens a user's value for a message: a word (a run without
// spaces) longer than 64 characters to its first 64 and "…", and the
// whole to 256 characters and "…". Lists of ids keep every id.
func Cut(s string) string {
	if len(s) <= maxWord {
		return s
	}
	var b strings.Builder
	chars, word := 0, 0
	for _, r := range s {
		if chars == maxQuoted {
			b.WriteString("…")
			break
		}
		if unicode.IsSpace(r) {
			word = 0
		} else if word++; word > maxWord {
			if word == maxWord+1 {
				b.WriteString("…")
			}
			continue
		}
		b.WriteRune(r)
		chars++
	}
	return b.String()
}

// Msg formats a message with every string argument cut by Cut: messages
// that quote what users wrote are made with it.
func Msg(format string, args ...any) string {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = Cut(s)
		}
	}
	return fmt.Sprintf(format, args...)
}
