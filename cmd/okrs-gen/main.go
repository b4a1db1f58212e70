// Command okrs-gen writes a synthetic organization in the okrs file format,
// for benchmarks and for trying the site on a realistic amount of data.
//
//	okrs-gen -size medium -o /tmp/org
//	okrs-gen -teams 200 -quarters 4 -seed 7 -o /tmp/org
//
// The same flags give the same bytes. It prints what it wrote and the
// as-of date to pass to okrs validate and okrs build (--as-of).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/okrs-dev/okrs/internal/gen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("okrs-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "", "preset: small (20 teams x 2 quarters), medium (200 x 4) or large (1000 x 8)")
	teams := fs.Int("teams", 0, "number of teams, the root included (overrides -size)")
	quarters := fs.Int("quarters", 0, "number of consecutive quarters (overrides -size)")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	year := fs.Int("year", 2025, "year of the first quarter")
	out := fs.String("o", "", "output directory; must be empty or absent")
	asOf := fs.Bool("as-of", false, "only print the as-of date of the organization the other flags describe")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: okrs-gen [-size small|medium|large] [-teams N] [-quarters Q] [-seed S] -o DIR")
		fmt.Fprintln(stderr, "\nWrites a synthetic organization in the okrs file format.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "okrs-gen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg := gen.Config{Teams: 20, Quarters: 2, Seed: *seed, Year: *year}
	if *size != "" {
		c, err := gen.Preset(*size, *seed)
		if err != nil {
			fmt.Fprintf(stderr, "okrs-gen: %v\n", err)
			return 2
		}
		cfg.Teams, cfg.Quarters = c.Teams, c.Quarters
	}
	if *teams > 0 {
		cfg.Teams = *teams
	}
	if *quarters > 0 {
		cfg.Quarters = *quarters
	}
	if *asOf {
		d, err := gen.AsOf(cfg)
		if err != nil {
			fmt.Fprintf(stderr, "okrs-gen: %v\n", err)
			return 2
		}
		fmt.Fprintln(stdout, d)
		return 0
	}
	if *out == "" {
		fmt.Fprintln(stderr, "okrs-gen: -o DIR is required")
		return 2
	}
	start := time.Now()
	st, err := gen.Write(*out, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "okrs-gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d files, %.1f MB, %d teams, %d people, %d cycles, %d objectives, %d key results, %d check-ins in %.2fs\n",
		*out, st.Files, float64(st.Bytes)/1e6, st.Teams, st.People, st.Cycles, st.Objectives, st.KeyResults, st.CheckIns, time.Since(start).Seconds())
	fmt.Fprintf(stdout, "as-of: %s\n", st.AsOf)
	return 0
}
