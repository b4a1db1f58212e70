// Package site renders the computed OKRs into a static website: HTML pages
// from the html/template files in templates/, charts as ECharts options
// built with go-echarts' option types (internal/site/charts), the JSON and
// CSV exports and the schema. Writing the files is internal/site/output's.
//
// Render works in memory and returns every file of the site, so that
// `okrs build` can write the whole site or nothing (Build), and `okrs serve`
// can serve the same bytes without touching the disk. The output depends on
// the input and the as-of date only: the same data gives the same bytes.
//
// Every page has a key: a hash of exactly the data it shows. Given the
// files of an earlier render (Options.Previous) or the manifest of an
// earlier build (Options.Cache), a page whose key has not changed is
// reused instead of rendered, which is what makes a save in `okrs serve`
// and a rebuild after a one-file change fast. reuse_test checks that such a
// render gives the same bytes as a fresh one.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/export"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/site/output"
	"github.com/okrs-dev/okrs/schema"
)

// Input is what a site is made from: the model as the files say it, the
// numbers computed from it on the as-of date, and the validation findings
// (the health page shows them).
type Input struct {
	Model    *okr.Model
	Numbers  *compute.Result
	Findings []finding.Finding
}

// Options tune the rendering.
type Options struct {
	// BaseURL is where the site will be published, such as
	// https://okrs.example.com/. It only adds <link rel="canonical"> to the
	// pages; every link in the site stays relative.
	BaseURL string
	// Previous is an earlier Render of the same organization (okrs serve
	// keeps the last one): its pages are taken as they are when nothing
	// they show changed.
	Previous Files
	// NoExports leaves out the data exports and the schema (data/ and
	// schema/), which Exports makes on their own.
	NoExports bool
	// Cache, when not nil, lets Build take pages from the site it replaces
	// when nothing they show changed: it keeps which page was made from
	// what, per output folder.
	Cache *cache.Cache
}

// File is one file of the site: its path relative to the site's root,
// with forward slashes, its bytes and its key.
type File = output.File

// Files is a whole site, sorted by path.
type Files = output.Files

// Render renders the whole site in memory.
func Render(in Input, opt Options) (Files, error) {
	p, err := prepare(in, opt)
	if err != nil {
		return nil, err
	}
	out := output.NewMemory(opt.Previous)
	if _, err := p.renderTo(out); err != nil {
		return nil, err
	}
	return out.Files(), nil
}

// Exports renders only the data exports and the schema: the files that
// Render leaves out with Options.NoExports.
func Exports(in Input, opt Options) (Files, error) {
	if in.Model == nil || in.Model.Org == nil || in.Numbers == nil {
		return nil, errors.New("render site: no organization to render")
	}
	s, err := newSite(in, opt)
	if err != nil {
		return nil, err
	}
	out := output.NewMemory(nil)
	if err := s.writeData(out, nil); err != nil {
		return nil, err
	}
	return out.Files(), nil
}

// Build renders the site straight into dir, replacing it only once every
// file is written (output.Replace). It gives the same files as Render and
// Write, without holding the whole site in memory, which matters for an
// organization with thousands of objective pages.
//
// With opt.Cache, which remembers the pages of the site in dir, only pages
// whose data changed are rendered; the unchanged pages are hard-linked
// into the new site from the old one. Stats says how much was rendered.
func Build(dir string, in Input, opt Options) (Stats, error) {
	p, err := prepare(in, opt)
	if err != nil {
		return Stats{}, err
	}
	var rendered int
	files, upToDate, err := output.Replace(dir, opt.Cache, func(out *output.Folder) error {
		rendered, err = p.renderTo(out)
		return err
	})
	if err != nil {
		return Stats{}, err
	}
	return Stats{Files: files, Pages: len(p.jobs), Rendered: rendered, UpToDate: upToDate}, nil
}

// Stats counts what a Build did.
type Stats struct {
	Files    int  // files in the site
	Pages    int  // HTML pages among them
	Rendered int  // pages rendered; the others were unchanged and taken from the previous site
	UpToDate bool // the site in the folder was already this one, and was left as it was
}

// prepared is a site ready to render: its pages and what each shows.
type prepared struct {
	s    *site
	jobs []pageJob
	k    *keyer
	keys []Key
}

func prepare(in Input, opt Options) (*prepared, error) {
	if in.Model == nil || in.Model.Org == nil || in.Numbers == nil {
		return nil, errors.New("render site: no organization to render")
	}
	s, err := newSite(in, opt)
	if err != nil {
		return nil, err
	}
	jobs, err := s.pages()
	if err != nil {
		return nil, err
	}
	k := s.keyer()
	return &prepared{s: s, jobs: jobs, k: k, keys: s.keys(k, jobs)}, nil
}

// renderTo renders every file of the site into out and says how many
// pages it rendered rather than reused.
func (p *prepared) renderTo(out output.Sink) (int, error) {
	// The exports do not depend on the pages: make them meanwhile, which
	// after a one-file change is as long as rendering the pages it affects.
	done := make(chan error, 1)
	if p.s.opt.NoExports {
		done <- nil
	} else {
		go func() { done <- p.s.writeData(out, p.k) }()
	}
	rendered, err := p.s.renderPages(p.jobs, p.keys, out)
	if derr := <-done; err == nil {
		err = derr
	}
	if err != nil {
		return 0, err
	}
	if err := p.s.writeFeeds(out, p.k); err != nil {
		return 0, err
	}
	if err := p.s.writeBadges(out); err != nil {
		return 0, err
	}
	for _, path := range slices.Sorted(maps.Keys(p.s.assets.files)) {
		if err := putFile(out, path, p.s.assets.files[path]); err != nil {
			return 0, err
		}
	}
	return rendered, nil
}

// writeData renders the machine-readable files into out: the computed
// model, one CSV per cycle and the schema for editors. Each goes to out as
// soon as it is made; the JSON of a large organization is tens of MB.
//
// With a keyer, the model's files are keyed like the pages that show the
// whole organization, and not made again while that is unchanged; without
// one (Data), each is keyed by its bytes.
func (s *site) writeData(out output.Sink, k *keyer) error {
	put := func(path string, write func(w *bytes.Buffer) error) error {
		var key Key
		if k != nil {
			key = newFingerprint().add("data", path).key(k.world)
			if out.Reuse(path, key) {
				return nil
			}
		}
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		if k == nil {
			return putFile(out, path, buf.Bytes())
		}
		return out.Write(path, buf.Bytes(), key)
	}
	err := put("data/okrs.json", func(w *bytes.Buffer) error {
		if err := export.JSON(w, s.res, s.model, s.findings); err != nil {
			return fmt.Errorf("export json: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range s.res.Cycles {
		err := put("data/"+c.ID+".csv", func(w *bytes.Buffer) error {
			if err := export.CSV(w, s.res, c.ID); err != nil {
				return fmt.Errorf("export csv of cycle %s: %w", c.ID, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return putFile(out, "schema/okrs.schema.json", schema.JSON())
}

// putFile puts a file that is not a page into out, keyed by its bytes.
func putFile(out output.Sink, path string, data []byte) error {
	key := output.ContentKey(data)
	if out.Reuse(path, key) {
		return nil
	}
	return out.Write(path, data, key)
}

// segment is what an id must look like to become part of a file name. The
// validator enforces the same patterns; Render checks again because a path
// that leaves the site must never be written, whatever the model says.
var segment = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

func checkSegment(kind, id string) error {
	if !segment.MatchString(id) || strings.Contains(id, "..") {
		return fmt.Errorf("render site: %s id %q cannot be used in a file name", kind, id)
	}
	return nil
}
