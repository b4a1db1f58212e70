// Package scaffold writes the files of a new OKR repository for `okrs
// init`: an organization with the four rollout roles staffed by
// placeholder people and the current quarter with its events, the RACI of
// the OKR process, one team with its OKRs, a README for the teams, the
// JSON Schema the files' editor modelines point at, and a GitHub Actions
// workflow. The templates live in templates/ next to this file.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"github.com/okrs-dev/okrs/internal/lock"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/schema"
)

//go:embed templates/*.tmpl
var templates embed.FS

// Options tune the scaffold.
type Options struct {
	// AsOf picks the quarter: the one that holds this day.
	AsOf okr.Date
	// Name is the organization's name; empty: "Our Company".
	Name string
	// Version is the version of the okrs writing the scaffold: the
	// workflow installs that release (see Install).
	Version string
}

// Install is how the workflow's jobs get okrs: the setup-okrs action at
// Ref, installing the release Version.
type Install struct {
	Ref, Version string
	Pinned       bool   // false: Built is not a release, the jobs take the latest
	Built        string // the version of the okrs that wrote the workflow
}

// releaseTag is a version that names a release: v1.2.0 or v1.3.0-rc.1. It
// leaves out what development builds call themselves: "dev", "devel-<commit>",
// pseudo-versions (v0.0.0-20261204152159-a73eff6b1c2d), git describe's
// v1.2.0-3-ga73eff6, and anything marked +dirty.
var releaseTag = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$`)

// InstallFor pins the workflow to the release that is writing it. A
// development build knows no release to pin, so its workflow installs the
// latest release, with the action from the main branch, and says so in
// its first lines.
func InstallFor(version string) Install {
	if releaseTag.MatchString(version) {
		return Install{Ref: version, Version: version, Pinned: true, Built: version}
	}
	return Install{Ref: "main", Version: "latest", Built: version}
}

// File is one file to write, its path relative to the repository's root
// with forward slashes.
type File struct {
	Path string
	Data []byte
}

// Cycle is the quarter the scaffold plans, with its events.
type Cycle struct {
	ID, Name                                   string
	Start, End                                 okr.Date
	Drafting, Alignment, Review, Retrospective okr.Date
	Today                                      okr.Date // the as-of date, for the first check-ins
}

// Quarter is the calendar quarter that holds day, with events at the
// usual places: drafting three weeks before it starts, alignment one week
// before, the review in its last week and the retrospective on its last day.
func Quarter(day okr.Date) Cycle {
	t := day.Time()
	q := (int(t.Month())-1)/3 + 1
	start := okr.MustDate(fmt.Sprintf("%04d-%02d-01", t.Year(), 3*q-2))
	end := okr.DateOf(start.Time().AddDate(0, 3, -1))
	return Cycle{
		ID:    fmt.Sprintf("%d-Q%d", t.Year(), q),
		Name:  fmt.Sprintf("Q%d %d", q, t.Year()),
		Start: start, End: end,
		Drafting:      start.AddDays(-21),
		Alignment:     start.AddDays(-7),
		Review:        end.AddDays(-7),
		Retrospective: end,
		Today:         day,
	}
}

// team is the id of the one team the scaffold writes: the root of the
// team tree, whose objectives are the top-level OKRs.
const team = "company"

// SchemaFile is where the JSON Schema goes; every YAML file's modeline
// points at it.
const SchemaFile = "okrs.schema.json"

// Files renders the scaffold.
func Files(opt Options) ([]File, error) {
	c := Quarter(opt.AsOf)
	data := map[string]any{
		"Name":   cmpOr(strings.TrimSpace(opt.Name), "Our Company"),
		"Cycle":  c,
		"Year":   c.Start.Time().Year(),
		"Team":   team,
		"Branch": "main",
		"Okrs":   InstallFor(opt.Version),
	}
	list := []struct{ tmpl, path string }{
		{"org.yaml.tmpl", "okrs/org.yaml"},
		{"raci.yaml.tmpl", "okrs/raci.yaml"},
		{"team.yaml.tmpl", "okrs/teams/" + team + ".yaml"},
		{"okrs.yaml.tmpl", "okrs/" + c.ID + "/" + team + ".yaml"},
		{"README.md.tmpl", "okrs/README.md"},
		{"okrs.yml.tmpl", ".github/workflows/okrs.yml"},
	}
	// [[ ]] delimiters: the workflow is full of GitHub's own ${{ }}.
	t, err := template.New("").Delims("[[", "]]").Funcs(template.FuncMap{"q": strconv.Quote}).ParseFS(templates, "templates/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	var files []File
	for _, f := range list {
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, f.tmpl, data); err != nil {
			return nil, fmt.Errorf("render %s: %w", f.path, err)
		}
		files = append(files, File{Path: f.path, Data: b.Bytes()})
	}
	files = append(files, File{Path: SchemaFile, Data: schema.JSON()},
		// okrs check-in's lock stays in the data folder, where every
		// command on it finds it, but is no part of the data: kept out
		// of git here, so that the folder can move and keep it out.
		File{Path: "okrs/.gitignore", Data: []byte("# okrs check-in's lock file (see the okrs README)\n/" + lock.Name + "\n")})
	return files, nil
}

// ExistsError lists files that are in the way; nothing was written.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%d file(s) already exist: %s", len(e.Paths), strings.Join(e.Paths, ", "))
}

// Write writes the files below dir. It refuses to overwrite anything: when
// any file exists it writes none and returns an *ExistsError.
func Write(dir string, files []File) ([]string, error) {
	var exists, written []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(p); err == nil {
			exists = append(exists, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if len(exists) > 0 {
		return nil, &ExistsError{exists}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, err
		}
		// O_EXCL: a file that appeared since the check is not overwritten.
		w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return written, err
		}
		_, err = w.Write(f.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// NameFor makes an organization name from a directory: "acme-corp" gives
// "Acme Corp".
func NameFor(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	base := path.Base(filepath.ToSlash(abs))
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
