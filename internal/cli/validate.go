package cli

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/okrs-dev/okrs/internal/cache"
	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/schema"
)

var osGetenv = os.Getenv

// dataFlags are the flags every command that reads the data directory has.
type dataFlags struct {
	asOf        string
	since       string
	maxFileSize int64
	cacheDir    string
	prof        profileFlags
	opened      *cache.Cache // the cache, once opened
	healthSince bool         // also the health findings as of --since (pipeline.Options.HealthSince)
}

func (d *dataFlags) register(e *env, fs *flag.FlagSet) {
	d.registerInput(fs, "compute as of this date, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else today in UTC)")
	d.registerSince(fs)
	fs.StringVar(&d.cacheDir, "cache-dir", "", "keep parsed and checked files, and which pages of a built site are unchanged, here between runs, keyed by content (default: okrs in the user cache folder; \"off\": no cache)")
	d.prof.register(fs)
}

// cache opens the cache of checked files. A cache that cannot be opened
// (a read-only home, no home at all in CI) only makes okrs slower.
func (d *dataFlags) cache() *cache.Cache {
	if d.opened == nil {
		d.opened = d.open()
	}
	return d.opened
}

func (d *dataFlags) open() *cache.Cache {
	dir := d.cacheDir
	if dir == "off" {
		return nil
	}
	if dir == "" {
		var err error
		if dir, err = cache.Default(); err != nil {
			return nil
		}
	}
	c, err := cache.Open(dir)
	if err != nil {
		return nil
	}
	return c
}

// registerInput registers the flags of every command that reads the data
// directory: the as-of date (with the command's own usage text) and the
// file size limit.
func (d *dataFlags) registerInput(fs *flag.FlagSet, asOfUsage string) {
	fs.StringVar(&d.asOf, "as-of", "", asOfUsage)
	fs.Int64Var(&d.maxFileSize, "max-file-size", load.DefaultMaxFileSize, "refuse data files larger than this many bytes")
}

// registerSince registers --since, the date the numbers are compared with.
func (d *dataFlags) registerSince(fs *flag.FlagSet) {
	fs.StringVar(&d.since, "since", "", "compare the numbers with this earlier date, YYYY-MM-DD (default: the as-of date minus 7 days)")
}

// profiled runs a command's work with the CPU and memory profiles asked
// for by --cpuprofile and --memprofile.
func (d *dataFlags) profiled(e *env, work func() int) int {
	stop, err := d.prof.start()
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	code := work()
	if err := stop(); err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return max(code, exitError)
	}
	return code
}

// check resolves the as-of date and validates dir. On failure it has
// printed the reason and returns the exit code to use.
func (d *dataFlags) check(e *env, dir string) (*pipeline.Result, int) {
	asOf, err := compute.AsOf(d.asOf, e.getenv, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return nil, exitError
	}
	since, err := compute.Since(d.since, asOf)
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return nil, exitError
	}
	tuneMemory(e.getenv, dir)
	res, err := pipeline.Run(dir, pipeline.Options{AsOf: asOf, Since: since, MaxFileSize: d.maxFileSize, Cache: d.cache(), HealthSince: d.healthSince})
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return nil, exitError
	}
	return res, exitOK
}

// dirArg is the data directory: the one positional argument, or ./okrs.
func dirArg(e *env, args []string) (string, bool) {
	switch len(args) {
	case 0:
		return "okrs", true
	case 1:
		return args[0], true
	}
	fmt.Fprintf(e.stderr, "okrs: expected one data directory, got %d arguments\n", len(args))
	return "", false
}

func runValidate(e *env, args []string) int {
	fs := newFlags(e, "validate")
	var data dataFlags
	data.register(e, fs)
	format := fs.String("format", "text", "output format: text, json, github or sarif")
	strict := fs.Bool("strict", false, "fail on warnings and infos too")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	dir, ok := dirArg(e, rest)
	if !ok {
		return exitError
	}
	out, ok := formats[*format]
	if !ok {
		fmt.Fprintf(e.stderr, "okrs: unknown --format %q; use text, json, github or sarif\n", *format)
		return exitError
	}
	// Only the JSON has room for what changed since the comparison date;
	// the other formats are read line by line, by people and by CI.
	if data.since != "" && *format != "json" {
		fmt.Fprintf(e.stderr, "okrs: --since only changes --format json (the health findings introduced and resolved since that date); add --format json, or leave --since out\n")
		return exitError
	}
	data.healthSince = *format == "json"
	return data.profiled(e, func() int {
		res, code := data.check(e, dir)
		if res == nil {
			return code
		}
		if err := out(e.stdout, res); err != nil {
			fmt.Fprintf(e.stderr, "okrs: write output: %v\n", err)
			return exitError
		}
		return exitCode(res.Findings, *strict)
	})
}

func exitCode(fs []finding.Finding, strict bool) int {
	c := finding.Tally(fs)
	if c.Errors > 0 || strict && c.Warnings+c.Infos > 0 {
		return exitFindings
	}
	return exitOK
}

func runSchema(e *env, args []string) int {
	fs := newFlags(e, "schema")
	if _, err := parseArgs(fs, args); err != nil {
		return exitError
	}
	e.stdout.Write(schema.JSON())
	return exitOK
}
