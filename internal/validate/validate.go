// Package validate is the checking part of the pipeline (see package
// pipeline for the whole): each data file loaded, checked against the JSON
// Schema and decoded (CheckFiles, in parallel and through the cache), then
// the references and consistency of the assembled model (References). It
// returns findings; the numbers are compute's and the health rules health's.
package validate

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Options tune the checks of single files.
type Options struct {
	MaxFileSize int64        // 0: load.DefaultMaxFileSize
	Cache       *cache.Cache // parsed and schema-checked files by content; nil: none
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
	// Problems are, for each document by index, the JSON pointers of what
	// the schema found wrong in it; none when the document is sound.
	Problems [][]string
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
	sf, problems := checkSchema(d)
	f.Docs = append(f.Docs, d)
	f.Problems = append(f.Problems, problems)
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

// FromDocuments makes files of documents that were already loaded (from a
// git revision or from memory), schema-checked and decoded;
// loadFindings are the loader's own.
func FromDocuments(docs []*load.Document, loadFindings []finding.Finding) []File {
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
	return files
}

// Checked is what the checks of single files found, gathered for the
// checks that need all files at once.
type Checked struct {
	Findings []finding.Finding // every file's, and a second Organization's
	Entities []any             // every document's entity, in file order
	// Broken holds the documents that do not match the schema. Such a
	// document is still used for what it says correctly, but nothing is
	// concluded from what it lacks: a misspelt key_results must give one
	// error, not one per check-in that now has no key result to belong to.
	Broken map[*load.Document]bool
	// Problems are the JSON pointers of the schema's problems of each
	// broken document, for the health rules to run on the parts of it
	// that are sound.
	Problems map[*load.Document][]string
	// Unreadable is set when a document could not be read at all (an error
	// that is not the schema's): ids it defines will look unknown.
	Unreadable bool
	orgDocs    int
}

// Gather collects the files' findings and entities.
func Gather(files []File) *Checked {
	c := &Checked{Broken: map[*load.Document]bool{}, Problems: map[*load.Document][]string{}}
	var docs []*load.Document
	for _, f := range files {
		c.Findings = append(c.Findings, f.Findings...)
		docs = append(docs, f.Docs...)
		c.Entities = append(c.Entities, f.Entities...)
		for i, d := range f.Docs {
			if len(f.Problems[i]) > 0 {
				c.Broken[d] = true
				c.Problems[d] = f.Problems[i]
			}
		}
		for _, x := range f.Findings {
			c.Unreadable = c.Unreadable || x.Rule != RuleSchema && x.Severity == finding.Error
		}
	}
	orgs := okr.Organizations(docs)
	c.orgDocs = len(orgs)
	for _, d := range orgs[min(1, len(orgs)):] {
		c.Findings = append(c.Findings, finding.Finding{Pos: d.Start(), Severity: finding.Error, Rule: RuleRef,
			Message: fmt.Sprintf("a second Organization document (the first is in %s); keep exactly one", orgs[0].File)})
	}
	return c
}

// References checks the assembled model: every reference resolves, ids
// are unique in their scope, no loops, one OKRs document per team and
// cycle, dates inside their cycle. dir names the data directory in
// messages.
func References(m *okr.Model, dir string, c *Checked) []finding.Finding {
	return append(checkReferences(m, dir, c.orgDocs, c.Broken, c.Unreadable), linkBase(m)...)
}
