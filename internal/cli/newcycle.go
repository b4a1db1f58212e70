package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/newcycle"
)

// runNewCycle starts the next cycle. It exits 1 when the result would not
// validate (nothing is written; the findings say why) and 2 when it cannot
// be made at all (an existing cycle id, overlapping dates, an unknown
// --from, a file that exists).
func runNewCycle(e *env, args []string) int {
	fs := newFlags(e, "new-cycle")
	var req newcycle.Request
	fs.StringVar(&req.Start, "start", "", "the cycle's first day, YYYY-MM-DD (required)")
	fs.StringVar(&req.End, "end", "", "the cycle's last day, YYYY-MM-DD (required)")
	fs.StringVar(&req.Name, "name", "", "the cycle's display name (default: named as the cycle it follows, e.g. \"Q1 2027\" after \"Q4 2026\"; none when that name does not follow its id)")
	fs.StringVar(&req.From, "from", "", "the `cycle` to follow: its events give the new cycle's, its open objectives are carried (default: the latest cycle)")
	dir := fs.String("dir", "okrs", "the data directory")
	asOf := fs.String("as-of", "", "decide what is done and what is the latest value as of this date, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else today in UTC)")
	maxSize := fs.Int64("max-file-size", 0, "refuse data files larger than this many bytes (default 10 MiB)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	if len(rest) != 1 {
		fmt.Fprintf(e.stderr, "okrs: new-cycle needs one cycle id, e.g. okrs new-cycle 2027-Q2 --start 2027-04-01 --end 2027-06-30; got %d arguments\n", len(rest))
		return exitError
	}
	req.ID = rest[0]
	if req.Start == "" || req.End == "" {
		fmt.Fprintln(e.stderr, "okrs: new-cycle needs --start and --end")
		return exitError
	}
	day, err := compute.AsOf(*asOf, e.getenv, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	res, err := newcycle.Create(*dir, req, newcycle.Options{AsOf: day, MaxFileSize: *maxSize})
	var refused *newcycle.RefusedError
	switch {
	case errors.As(err, &refused):
		for _, f := range refused.Findings {
			fmt.Fprintln(e.stderr, f)
		}
		fmt.Fprintf(e.stderr, "okrs: new cycle not written: %s\n", plural(len(refused.Findings), "error"))
		return exitFindings
	case err != nil:
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	name := ""
	if res.Name != "" {
		name = fmt.Sprintf(" (%q)", res.Name)
	}
	fmt.Fprintf(e.stdout, "%s: cycle %s%s added after %s\n", res.OrgFile, req.ID, name, res.From)
	for _, f := range res.Files {
		fmt.Fprintf(e.stdout, "%s: written\n", f)
	}
	fmt.Fprintf(e.stdout, "okrs: %s carried as drafts, %s done, closed or dropped left in %s\n",
		plural(res.Carried, "objective"), plural(res.Left, "objective"), res.From)
	return exitOK
}
