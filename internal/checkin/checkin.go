// Package checkin records a check-in on a key result: it finds the file
// the check-in belongs in, appends the entry to the text of that file in
// the style of the entries already there, checks the whole data directory
// with the edited file in memory, and only then replaces the file.
//
// The file is edited as text, never re-marshalled, so a reviewer sees a
// diff of added lines only: comments, key order and layout stay.
package checkin

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/lock"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/validate"
	"github.com/okrs-dev/okrs/schema"
)

// Request is a check-in as the user typed it. Empty fields are not given.
// Values are kept as text: what is not a valid value is written quoted, so
// that validation refuses it with the message `okrs validate` gives.
type Request struct {
	Ref        string // [cycle:]team/objective/kr
	Date       string // YYYY-MM-DD; empty: the as-of date
	Value      string
	Confidence string
	By         string
	Note       string
}

// Options tune a check-in.
type Options struct {
	// AsOf is the day the numbers are computed for and the running cycle
	// is chosen by; it is also the check-in's date when none is given.
	AsOf        okr.Date
	MaxFileSize int64
}

// Result is a recorded check-in.
type Result struct {
	Cycle, Ref    string // the key result, team/objective/kr
	File          string // the file written
	Line          int    // where the entry starts
	Before, After Point  // the key result's numbers without and with it
}

// Point is a key result's progress and state.
type Point struct {
	Progress float64
	State    string
}

// RefusedError is a check-in that would make the data invalid. It holds
// the findings, with the places the entry would have had.
type RefusedError struct{ Findings []finding.Finding }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("check-in not written: %d error(s)", len(e.Findings))
}

// Add records a check-in below the data directory dir. It holds the
// directory's lock from reading the files to writing one, so that
// check-ins made at once (scripts and bots do) each keep their entry.
func Add(dir string, req Request, opt Options) (*Result, error) {
	unlock, err := lock.Dir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	files, err := load.Files(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	vopt := pipeline.Options{AsOf: opt.AsOf, MaxFileSize: opt.MaxFileSize}
	loaded := validate.CheckFiles(files, vopt.FileOptions())
	before := pipeline.Files(dir, loaded, vopt)

	kr, err := resolve(before.Numbers, req.Ref)
	if err != nil {
		return nil, err
	}
	cycle, ref := kr.Objective.Cycle, krRef(kr)
	typ := kr.EffectiveType()
	switch {
	case typ == okr.TypeMilestone && req.Value != "":
		return nil, fmt.Errorf("%s is a milestone key result, so its check-ins have no value; mark its milestones done (done: DATE) and check in with --confidence or --note", ref)
	case typ == okr.TypeBoolean && req.Value == "":
		return nil, fmt.Errorf("--value is required: true or false for the boolean key result %s", ref)
	case typ != okr.TypeMilestone && req.Value == "":
		return nil, fmt.Errorf("--value is required: a number for the %s key result %s", typ, ref)
	}

	// The team's check-in log for the cycle when it keeps one (the last,
	// if it keeps several), else inline in the key result.
	path, docIndex, ptr := kr.Doc.File, kr.Doc.Index, kr.Pointer()
	var fields []field
	for _, log := range before.Model.CheckIns {
		if log.Team == kr.Objective.Team && log.Cycle == cycle && log.Doc != nil {
			path, docIndex, ptr = log.Doc.File, log.Doc.Index, log.Pointer()
			fields = []field{{"kr", idScalar(kr.Objective.ID + "/" + kr.ID)}}
		}
	}
	fields = append(fields, entryFields(req, opt.AsOf)...)

	src, fs := load.ReadFile(path, opt.MaxFileSize)
	if fs != nil {
		return nil, &RefusedError{fs}
	}
	ed, err := newEdit(src)
	if err != nil {
		return nil, fmt.Errorf("cannot edit %s: %w", path, err)
	}
	m, err := ed.node(docIndex, load.SplitPointer(ptr))
	if err != nil {
		return nil, fmt.Errorf("cannot edit %s: %w", path, err)
	}
	out, first, _, err := ed.appendTo(m, "check_ins", fields)
	if err != nil {
		return nil, fmt.Errorf("cannot add a check-in to %s in %s: %w", ref, path, err)
	}

	// Check everything with the edited file in memory.
	i := slices.Index(files, path)
	edited := slices.Clone(loaded)
	edited[i] = validate.CheckFile(path, out, vopt.FileOptions())
	after := pipeline.Files(dir, edited, vopt)
	if fs := validate.NewErrors(before.Findings, after.Findings); len(fs) > 0 {
		return nil, &RefusedError{fs}
	}
	if err := WriteFile(path, out); err != nil {
		return nil, err
	}
	res := &Result{Cycle: cycle, Ref: ref, File: path, Line: first}
	res.Before = point(before.Numbers.KeyResult(cycle, ref))
	res.After = point(after.Numbers.KeyResult(cycle, ref))
	return res, nil
}

func point(kr *compute.KeyResult) Point {
	if kr == nil {
		return Point{}
	}
	return Point{kr.Progress, kr.State}
}

func krRef(kr *compute.KeyResult) string { return kr.Objective.Ref() + "/" + kr.ID }

// entryFields writes the check-in's fields in the order of the spec.
func entryFields(req Request, asOf okr.Date) []field {
	date := req.Date
	if date == "" {
		date = asOf.String()
	}
	fs := []field{{"date", dateScalar(date)}}
	if req.Value != "" {
		fs = append(fs, field{"value", valueScalar(req.Value)})
	}
	if req.Confidence != "" {
		fs = append(fs, field{"confidence", numberScalar(req.Confidence)})
	}
	if req.By != "" {
		fs = append(fs, field{"by", idScalar(req.By)})
	}
	if req.Note != "" {
		fs = append(fs, field{"note", quote(req.Note)})
	}
	return fs
}

// resolve finds the key result of a reference [cycle:]team/objective/kr.
// Without a cycle it is the only cycle that has the key result, else the
// running one among those.
func resolve(n *compute.Result, ref string) (*compute.KeyResult, error) {
	cycle, path, hasCycle := strings.Cut(ref, ":")
	if !hasCycle {
		path, cycle = ref, ""
	}
	parts := strings.Split(path, "/")
	if len(parts) != 3 || slices.Contains(parts, "") {
		return nil, fmt.Errorf("%q is not a key result reference; write team/objective/kr, or cycle:team/objective/kr", ref)
	}
	if hasCycle {
		if n.Cycle(cycle) == nil {
			return nil, fmt.Errorf("unknown cycle %q%s", cycle, schema.DidYouMean(cycle, cycleIDs(n)))
		}
		if kr := n.KeyResult(cycle, path); kr != nil {
			return kr, nil
		}
		return nil, fmt.Errorf("no key result %s in cycle %s%s", path, cycle, schema.DidYouMean(path, krRefs(n, cycle)))
	}
	var found []*compute.KeyResult
	for _, c := range n.Cycles {
		if kr := n.KeyResult(c.ID, path); kr != nil {
			found = append(found, kr)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("no key result %s in any cycle%s", path, schema.DidYouMean(path, krRefs(n, "")))
	}
	var running *compute.KeyResult
	var ids []string
	for _, kr := range found {
		c := n.Cycle(kr.Objective.Cycle)
		ids = append(ids, c.ID)
		if c.Phase != compute.PhaseRunning {
			continue
		}
		// Of several running cycles (a quarter in its year), the shortest.
		if running == nil || c.End.Sub(c.Start) < length(n, running) {
			running = kr
		}
	}
	if running == nil {
		return nil, fmt.Errorf("key result %s is in cycles %s and none of them runs on %s; write CYCLE:%s", path, strings.Join(ids, ", "), n.AsOf, path)
	}
	return running, nil
}

func length(n *compute.Result, kr *compute.KeyResult) int {
	c := n.Cycle(kr.Objective.Cycle)
	return c.End.Sub(c.Start)
}

func cycleIDs(n *compute.Result) []string {
	var out []string
	for _, c := range n.Cycles {
		out = append(out, c.ID)
	}
	return out
}

func krRefs(n *compute.Result, cycle string) []string {
	var out []string
	for _, o := range n.Objectives {
		if cycle != "" && o.Cycle != cycle {
			continue
		}
		for _, kr := range o.KeyResults {
			out = append(out, krRef(kr))
		}
	}
	return out
}

// WriteFile replaces a file atomically: a temporary file in the same
// folder (hidden, so the loader and `okrs serve` skip it), with the
// original's mode, renamed over the original.
func WriteFile(path string, data []byte) (err error) {
	// path is a regular file: the loader does not follow links.
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".okrs-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return nil
}
