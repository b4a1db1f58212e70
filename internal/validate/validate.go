// Package validate checks an OKR data directory: YAML, the JSON Schema,
// references and consistency, and the health rules. It returns every
// finding, sorted, together with the model and its computed numbers, so a
// caller that goes on to render uses exactly what was checked.
package validate

import (
	"fmt"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Options tune a validation.
type Options struct {
	AsOf        okr.Date // the day the numbers and health rules are computed for
	MaxFileSize int64    // 0: load.DefaultMaxFileSize
}

// Result is a checked organization.
type Result struct {
	Model    *okr.Model
	Numbers  *compute.Result
	Findings []finding.Finding // sorted by file, line, column
	Files    int               // data files read, good or bad
}

// Valid tells whether no finding is at error level.
func (r *Result) Valid() bool { return finding.Tally(r.Findings).Errors == 0 }

// Dir loads and checks every data file below dir. The error is for a
// directory that cannot be read at all; problems in files are findings.
func Dir(dir string, opt Options) (*Result, error) {
	docs, fs, err := load.Dir(dir, load.Options{MaxFileSize: opt.MaxFileSize})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return Documents(dir, docs, fs, opt), nil
}

// Documents checks documents that were already loaded (from a directory,
// from a git revision or from memory). loadFindings are the loader's own.
func Documents(dir string, docs []*load.Document, loadFindings []finding.Finding, opt Options) *Result {
	fs := loadFindings
	// A document that does not match the schema is still used for what it
	// says correctly, but nothing is concluded from what it lacks: a
	// misspelt key_results must give one error, not one per check-in that
	// now has no key result to belong to.
	broken := map[*load.Document]bool{}
	for _, d := range docs {
		sf := checkSchema(d)
		broken[d] = len(sf) > 0
		fs = append(fs, sf...)
	}
	orgs := okr.Organizations(docs)
	for _, d := range orgs[min(1, len(orgs)):] {
		fs = append(fs, finding.Finding{Pos: d.Start(), Severity: finding.Error, Rule: RuleRef,
			Message: fmt.Sprintf("a second Organization document (the first is in %s); keep exactly one", orgs[0].File)})
	}
	m := okr.Build(docs)
	unreadable := false
	for _, f := range loadFindings {
		unreadable = unreadable || f.Severity == finding.Error
	}
	fs = append(fs, checkReferences(m, dir, len(orgs), broken, unreadable)...)
	n := compute.Compute(m, opt.AsOf)
	fs = append(fs, health.Check(m, n, func(d *load.Document) bool { return broken[d] })...)
	finding.Sort(fs)
	files := map[string]bool{}
	for _, d := range docs {
		files[d.File] = true
	}
	for _, f := range loadFindings {
		files[f.File] = true
	}
	return &Result{Model: m, Numbers: n, Findings: finding.Dedupe(fs), Files: len(files)}
}
