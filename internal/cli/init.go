package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/scaffold"
)

// runInit scaffolds a repository. It never overwrites: when any of its
// files exists it lists them, writes nothing and exits 1 (2 is for usage
// and I/O errors).
func runInit(e *env, args []string) int {
	fs := newFlags(e, "init")
	asOf := fs.String("as-of", "", "plan the quarter that holds this date, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else today in UTC)")
	name := fs.String("name", "", "the organization's name (default: from the directory's name)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	dir := "."
	switch len(rest) {
	case 0:
	case 1:
		dir = rest[0]
	default:
		fmt.Fprintf(e.stderr, "okrs: init takes one directory, got %d arguments\n", len(rest))
		return exitError
	}
	day, err := compute.AsOf(*asOf, e.getenv, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	if *name == "" {
		*name = scaffold.NameFor(dir)
	}
	files, err := scaffold.Files(scaffold.Options{AsOf: day, Name: *name, Version: version()})
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	written, err := scaffold.Write(dir, files)
	var exists *scaffold.ExistsError
	switch {
	case errors.As(err, &exists):
		fmt.Fprintln(e.stderr, "okrs: init writes nothing, as these files already exist:")
		for _, p := range exists.Paths {
			fmt.Fprintf(e.stderr, "  %s\n", p)
		}
		return exitFindings
	case err != nil:
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	for _, p := range written {
		fmt.Fprintf(e.stdout, "created %s\n", p)
	}
	data := filepath.Join(dir, "okrs")
	fmt.Fprintf(e.stdout, "\nNext: replace the placeholder people in %s, then\n", filepath.Join(data, "org.yaml"))
	fmt.Fprintf(e.stdout, "  okrs validate %s\n  okrs serve %s\n", data, data)
	return exitOK
}
