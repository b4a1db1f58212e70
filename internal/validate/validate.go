// Package validate checks an OKR data directory: YAML, the JSON Schema,
// references and consistency, and the health rules. It returns every
// finding, sorted, together with the model and its computed numbers, so a
// caller that goes on to render uses exactly what was checked.
package validate

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Options tune a validation.
type Options struct {
	AsOf        okr.Date     // the day the numbers and health rules are computed for
	MaxFileSize int64        // 0: load.DefaultMaxFileSize
	Cache       *cache.Cache // parsed and schema-checked files by content; nil: none
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
	paths, err := load.Files(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return Files(dir, CheckFiles(paths, opt), opt), nil
}

// CheckFiles parses and schema-checks files in parallel (through the
// cache, when there is one), in the order given. Callers that keep some
// files between runs (okrs serve, okrs check-in) check the rest with it.
func CheckFiles(paths []string, opt Options) []File {
	if opt.Cache != nil {
		return checkCached(paths, opt)
	}
	files := make([]File, len(paths))
	parallel(len(paths), func(i int) {
		files[i] = CheckFile(paths[i], nil, opt)
	})
	return files
}

// File is one data file, parsed and checked against the schema: the part
// of validation that depends on nothing but the file itself, so that it
// can run in parallel and be kept between runs for files that did not
// change.
type File struct {
	Path     string
	Docs     []*load.Document
	Findings []finding.Finding // the loader's and the schema's
	// Broken marks the documents that failed the schema, by index.
	Broken []bool
	// Entities are the documents decoded into the model's types.
	Entities []any
}

// CheckFile parses and schema-checks one file: src when it is not nil,
// else the file at path.
func CheckFile(path string, src []byte, opt Options) File {
	f := checkFile(path, src, opt)
	f.release()
	return f
}

// checkFile is CheckFile, leaving the documents their values for the
// cache to keep.
func checkFile(path string, src []byte, opt Options) File {
	var docs []*load.Document
	var fs []finding.Finding
	if src != nil {
		docs, fs = load.Bytes(path, src, load.Options{MaxFileSize: opt.MaxFileSize})
	} else {
		docs, fs = load.File(path, load.Options{MaxFileSize: opt.MaxFileSize})
	}
	f := File{Path: path, Findings: fs}
	for _, d := range docs {
		f.add(d)
	}
	return f
}

// add schema-checks and decodes one document of the file.
func (f *File) add(d *load.Document) {
	sf := checkSchema(d)
	f.Docs = append(f.Docs, d)
	f.Broken = append(f.Broken, len(sf) > 0)
	f.Findings = append(f.Findings, sf...)
	f.Entities = append(f.Entities, okr.Decode(d))
}

// release drops the documents' values once they are checked and decoded:
// the model and the positions are all later stages need, and large
// organizations would otherwise keep every value twice.
func (f *File) release() {
	for _, d := range f.Docs {
		d.Release()
	}
}

// parallel runs work(0..n-1) on GOMAXPROCS goroutines. Each call writes
// only its own slot, so results keep their order whatever the schedule.
func parallel(n int, work func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				work(i)
			}
		}()
	}
	wg.Wait()
}

// Documents checks documents that were already loaded (from a git
// revision or from memory); loadFindings are the loader's own.
func Documents(dir string, docs []*load.Document, loadFindings []finding.Finding, opt Options) *Result {
	var files []File
	index := map[string]int{}
	file := func(path string) *File {
		i, ok := index[path]
		if !ok {
			i = len(files)
			index[path] = i
			files = append(files, File{Path: path})
		}
		return &files[i] // used before the next append only
	}
	for _, x := range loadFindings {
		f := file(x.File)
		f.Findings = append(f.Findings, x)
	}
	for _, d := range docs {
		file(d.File).add(d)
		d.Release()
	}
	return Files(dir, files, opt)
}

// Files finishes the check of files that were parsed and schema-checked:
// references, health rules and the numbers, which need all files at once.
func Files(dir string, files []File, opt Options) *Result {
	var fs []finding.Finding
	var docs []*load.Document
	var entities []any
	// A document that does not match the schema is still used for what it
	// says correctly, but nothing is concluded from what it lacks: a
	// misspelt key_results must give one error, not one per check-in that
	// now has no key result to belong to.
	broken := map[*load.Document]bool{}
	unreadable := false
	for _, f := range files {
		fs = append(fs, f.Findings...)
		docs = append(docs, f.Docs...)
		entities = append(entities, f.Entities...)
		for i, d := range f.Docs {
			broken[d] = f.Broken[i]
		}
		for _, x := range f.Findings {
			// An error that is not the schema's means a document could not
			// be read at all: ids it defines will look unknown.
			unreadable = unreadable || x.Rule != RuleSchema && x.Severity == finding.Error
		}
	}
	orgs := okr.Organizations(docs)
	for _, d := range orgs[min(1, len(orgs)):] {
		fs = append(fs, finding.Finding{Pos: d.Start(), Severity: finding.Error, Rule: RuleRef,
			Message: fmt.Sprintf("a second Organization document (the first is in %s); keep exactly one", orgs[0].File)})
	}
	m := okr.Assemble(entities)
	// References and numbers both only read the model: work them out side
	// by side (after a save in okrs serve, this is most of a check).
	computed := make(chan *compute.Result, 1)
	go func() { computed <- compute.Compute(m, opt.AsOf) }()
	fs = append(fs, checkReferences(m, dir, len(orgs), broken, unreadable)...)
	n := <-computed
	fs = append(fs, health.Check(m, n, func(d *load.Document) bool { return broken[d] })...)
	finding.Sort(fs)
	return &Result{Model: m, Numbers: n, Findings: finding.Dedupe(fs), Files: len(files)}
}
