package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/diff"
	"github.com/okrs-dev/okrs/internal/finding"
)

// runDiff compares two versions of the data directory. A change is not a
// failure: it exits 0 with changes and with invalid data on either side
// (the report says so, and `okrs validate` is what fails a build). It
// exits 1 only when an eased target is configured as an error in
// settings.health, and 2 when it cannot compare at all.
func runDiff(e *env, args []string) int {
	fs := newFlags(e, "diff")
	// Not all of dataFlags: a diff shares the files both sides have in
	// memory, which the on-disk cache would not speed up.
	var data dataFlags
	data.registerInput(fs, "compute both sides as of this date, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else today in UTC)")
	data.prof.register(fs)
	dir := fs.String("dir", "okrs", "the data directory, as a path in the repository")
	format := fs.String("format", "markdown", "output format: "+strings.Join(diffFormats(), ", "))
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	if len(rest) < 1 || len(rest) > 2 {
		fmt.Fprintf(e.stderr, "okrs: diff needs BASE and optionally HEAD (git revisions, or two directories), got %d arguments\n", len(rest))
		return exitError
	}
	out, ok := diff.Formats[*format]
	if !ok {
		fmt.Fprintf(e.stderr, "okrs: unknown --format %q; use %s\n", *format, strings.Join(diffFormats(), ", "))
		return exitError
	}
	asOf, err := compute.AsOf(data.asOf, e.getenv, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	l := diff.NewLoader(diff.Options{AsOf: asOf, MaxFileSize: data.maxFileSize})
	return data.profiled(e, func() int { return diffSides(e, l, rest, *dir, out) })
}

// diffSides reads both sides, compares them and writes the report.
func diffSides(e *env, l *diff.Loader, rest []string, dir string, out func(io.Writer, *diff.Report) error) int {
	var base, head *diff.Side
	var err error
	switch {
	case len(rest) == 2 && diff.IsDir(rest[0]) && diff.IsDir(rest[1]):
		base, err = l.Directory(rest[0], rest[0])
		if err == nil {
			head, err = l.Directory(rest[1], rest[1])
		}
	case len(rest) == 2:
		base, err = l.Git(rest[0], dir)
		if err == nil {
			head, err = l.Git(rest[1], dir)
		}
	default:
		base, err = l.Git(rest[0], dir)
		if err == nil {
			head, err = l.Directory(diff.WorkingTree, dir)
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	report := diff.Compare(base, head)
	if err := out(e.stdout, report); err != nil {
		fmt.Fprintf(e.stderr, "okrs: write output: %v\n", err)
		return exitError
	}
	if finding.Tally(report.EasedTargets).Errors > 0 {
		return exitFindings
	}
	return exitOK
}

func diffFormats() []string {
	var names []string
	for n := range diff.Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
