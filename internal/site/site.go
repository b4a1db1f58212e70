// Package site renders the computed OKRs into a static website: HTML pages
// from the html/template files in templates/, charts as ECharts options
// built with go-echarts, the JSON and CSV exports and the schema.
//
// Render works in memory and returns every file of the site, so that
// `okrs build` can write the whole site or nothing (Write), and `okrs serve`
// can serve the same bytes without touching the disk. The output depends on
// the input and the as-of date only: the same data gives the same bytes.
package site

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/export"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
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
}

// File is one file of the site: its path relative to the site's root,
// with forward slashes, and its bytes.
type File struct {
	Path string
	Data []byte
}

// Files is a whole site, sorted by path.
type Files []File

// Get returns the bytes of the file at path.
func (fs Files) Get(path string) ([]byte, bool) {
	i, ok := slices.BinarySearchFunc(fs, path, func(f File, p string) int { return cmp.Compare(f.Path, p) })
	if !ok {
		return nil, false
	}
	return fs[i].Data, true
}

// Render renders the whole site in memory.
func Render(in Input, opt Options) (Files, error) {
	var mu sync.Mutex
	out := map[string][]byte{}
	err := renderTo(in, opt, func(path string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		out[path] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	files := make(Files, 0, len(out))
	for path, b := range out {
		files = append(files, File{Path: path, Data: b})
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

// Build renders the site straight into dir, replacing it only once every
// file is written, as Write does. It gives the same files as Render and
// Write, without holding the whole site in memory, which matters for an
// organization with thousands of objectives.
func Build(dir string, in Input, opt Options) (files int, err error) {
	var n atomic.Int64
	err = replaceDir(dir, func(tmp string) error {
		return renderTo(in, opt, func(path string, data []byte) error {
			n.Add(1)
			return writeFile(tmp, path, data)
		})
	})
	return int(n.Load()), err
}

// renderTo renders every file of the site and hands each to emit, which
// may be called from several goroutines at once.
func renderTo(in Input, opt Options, emit func(path string, data []byte) error) error {
	if in.Model == nil || in.Model.Org == nil || in.Numbers == nil {
		return errors.New("render site: no organization to render")
	}
	s, err := newSite(in, opt)
	if err != nil {
		return err
	}
	jobs, err := s.pages()
	if err != nil {
		return err
	}
	if err := s.renderPages(jobs, emit); err != nil {
		return err
	}
	data, err := s.data()
	if err != nil {
		return err
	}
	for _, m := range []map[string][]byte{data, s.assets.files} {
		for _, path := range slices.Sorted(maps.Keys(m)) {
			if err := emit(path, m[path]); err != nil {
				return err
			}
		}
	}
	return nil
}

// data renders the machine-readable files: the computed model, one CSV per
// cycle and the schema for editors.
func (s *site) data() (map[string][]byte, error) {
	out := map[string][]byte{}
	var buf bytes.Buffer
	if err := export.JSON(&buf, s.res, s.model, s.findings); err != nil {
		return nil, fmt.Errorf("export json: %w", err)
	}
	out["data/okrs.json"] = bytes.Clone(buf.Bytes())
	for _, c := range s.res.Cycles {
		buf.Reset()
		if err := export.CSV(&buf, s.res, c.ID); err != nil {
			return nil, fmt.Errorf("export csv of cycle %s: %w", c.ID, err)
		}
		out["data/"+c.ID+".csv"] = bytes.Clone(buf.Bytes())
	}
	out["schema/okrs.schema.json"] = schema.JSON()
	return out, nil
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
