// Package pipeline takes an OKR data directory through every stage, in
// order, for every command (validate, build, serve, diff, check-in):
//
//	load → schema → decode     per file, in parallel, through the cache (validate.CheckFiles)
//	assemble                   one model of all files (okr.Assemble)
//	references                 ids resolve, no loops, dates in their cycle (validate.References)
//	compute                    progress, states, grades on the as-of date (compute.Compute)
//	health                     the OKR health rules (health.Check)
//
// Each stage reports problems as findings with their file:line:col; the
// result carries them, sorted, with the model and its numbers, so that a
// command that goes on to render uses exactly what was checked.
package pipeline

import (
	"fmt"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/validate"
)

// Options tune a run.
type Options struct {
	AsOf        okr.Date     // the day the numbers and health rules are computed for
	Since       okr.Date     // the earlier day the numbers are compared with (compute.ComputeSince); zero: none
	MaxFileSize int64        // 0: load.DefaultMaxFileSize
	Cache       *cache.Cache // parsed and schema-checked files by content; nil: none
	// HealthSince also runs the health rules as of Since, for the
	// findings introduced and resolved since then (okrs validate
	// --format json).
	HealthSince bool
}

// FileOptions are the options of the per-file stages.
func (o Options) FileOptions() validate.Options {
	return validate.Options{MaxFileSize: o.MaxFileSize, Cache: o.Cache}
}

// Result is a checked and computed organization.
type Result struct {
	Model    *okr.Model
	Numbers  *compute.Result
	Findings []finding.Finding // sorted by file, line, column
	Files    int               // data files read, good or bad
	// Introduced and Resolved are the health findings of the as-of date
	// that did not hold on the comparison date, and those of the
	// comparison date that no longer hold; only with Options.HealthSince.
	Introduced, Resolved []finding.Finding
}

// Valid tells whether no finding is at error level.
func (r *Result) Valid() bool { return finding.Tally(r.Findings).Errors == 0 }

// Run takes every data file below dir through the pipeline. The error is
// for a directory that cannot be read at all; problems in files are
// findings.
func Run(dir string, opt Options) (*Result, error) {
	paths, err := load.Files(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return Files(dir, validate.CheckFiles(paths, opt.FileOptions()), opt), nil
}

// Documents takes documents that were already loaded (from a git revision
// or from memory) through the pipeline; loadFindings are the loader's own.
func Documents(dir string, docs []*load.Document, loadFindings []finding.Finding, opt Options) *Result {
	return Files(dir, validate.FromDocuments(docs, loadFindings), opt)
}

// Files takes files that went through the per-file stages through the
// stages that need all of them at once. Callers that keep checked files
// between runs (okrs serve, okrs check-in, okrs diff) start here.
func Files(dir string, files []validate.File, opt Options) *Result {
	checked := validate.Gather(files)
	m := okr.Assemble(checked.Entities)
	// References and numbers both only read the model: work them out side
	// by side (after a save in okrs serve, this is most of a run).
	computed := make(chan *compute.Result, 1)
	go func() {
		if opt.Since.IsZero() {
			computed <- compute.Compute(m, opt.AsOf)
			return
		}
		computed <- compute.ComputeSince(m, opt.AsOf, opt.Since)
	}()
	fs := append(checked.Findings, validate.References(m, dir, checked)...)
	numbers := <-computed
	problems := func(d *load.Document) []string { return checked.Problems[d] }
	now := health.Check(m, numbers, problems)
	fs = append(fs, now...)
	finding.Sort(fs)
	res := &Result{Model: m, Numbers: numbers, Findings: finding.Cap(finding.Dedupe(fs), finding.PerFile), Files: len(files)}
	if opt.HealthSince && numbers.Previous != nil {
		res.Introduced, res.Resolved = moved(health.Check(m, numbers.Previous, problems), now)
	}
	return res
}

// moved compares the health findings of two dates over the same files: a
// finding is the same one when its rule and place are, whatever its
// message says (a stale key result's count of days grows).
func moved(then, now []finding.Finding) (introduced, resolved []finding.Finding) {
	type key struct {
		rule string
		pos  finding.Pos
	}
	count := func(fs []finding.Finding) map[key]int {
		n := map[key]int{}
		for _, f := range fs {
			n[key{f.Rule, f.Pos}]++
		}
		return n
	}
	before, after := count(then), count(now)
	introduced, resolved = []finding.Finding{}, []finding.Finding{}
	for _, f := range now {
		if k := (key{f.Rule, f.Pos}); before[k] > 0 {
			before[k]--
		} else {
			introduced = append(introduced, f)
		}
	}
	for _, f := range then {
		if k := (key{f.Rule, f.Pos}); after[k] > 0 {
			after[k]--
		} else {
			resolved = append(resolved, f)
		}
	}
	finding.Sort(introduced)
	finding.Sort(resolved)
	return introduced, resolved
}
