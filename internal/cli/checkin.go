package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/okrs-dev/okrs/internal/checkin"
	"github.com/okrs-dev/okrs/internal/compute"
)

// runCheckIn appends a check-in. It exits 1 when the check-in would make
// the data invalid (nothing is written; the findings say why, as
// `okrs validate` would) and 2 when it cannot be recorded at all (an
// unknown key result, a missing --value, a file it cannot edit).
func runCheckIn(e *env, args []string) int {
	fs := newFlags(e, "check-in")
	var req checkin.Request
	fs.StringVar(&req.Value, "value", "", "the current value: a number (metric, threshold) or true/false (boolean); none for milestone key results")
	fs.StringVar(&req.Confidence, "confidence", "", "how confident the owner is of reaching the target, 0 to 1")
	fs.StringVar(&req.Note, "note", "", "what happened and what is next (Markdown)")
	fs.StringVar(&req.By, "by", "", "the id of the person checking in")
	fs.StringVar(&req.Date, "date", "", "the day of the check-in, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else today in UTC)")
	dir := fs.String("dir", "okrs", "the data directory")
	maxSize := fs.Int64("max-file-size", 0, "refuse data files larger than this many bytes (default 10 MiB)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	if len(rest) != 1 {
		fmt.Fprintf(e.stderr, "okrs: check-in needs one key result, team/objective/kr or cycle:team/objective/kr; got %d arguments\n", len(rest))
		return exitError
	}
	req.Ref = rest[0]
	// The check-in's date is the as-of date: the cycle it lands in is the
	// one running on that day.
	asOf, err := compute.AsOf(req.Date, e.getenv, time.Now())
	if err != nil {
		// A malformed --date is written as typed and refused by validation
		// with its place; the numbers use the usual as-of date meanwhile.
		if asOf, err = compute.AsOf("", e.getenv, time.Now()); err != nil {
			fmt.Fprintf(e.stderr, "okrs: %v\n", err)
			return exitError
		}
	}
	res, err := checkin.Add(*dir, req, checkin.Options{AsOf: asOf, MaxFileSize: *maxSize})
	var refused *checkin.RefusedError
	switch {
	case errors.As(err, &refused):
		for _, f := range refused.Findings {
			fmt.Fprintln(e.stderr, f)
		}
		fmt.Fprintf(e.stderr, "okrs: check-in not written: %s\n", plural(len(refused.Findings), "error"))
		return exitFindings
	case err != nil:
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	move := func(a, b string) string {
		if a == b {
			return b
		}
		return a + " -> " + b
	}
	fmt.Fprintf(e.stdout, "%s:%d: check-in added to %s:%s; progress %s, %s\n", res.File, res.Line, res.Cycle, res.Ref,
		move(fmt.Sprintf("%.2f", res.Before.Progress), fmt.Sprintf("%.2f", res.After.Progress)), move(res.Before.State, res.After.State))
	return exitOK
}
