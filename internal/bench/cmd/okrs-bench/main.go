// Command okrs-bench times okrs against a yaml.v3 parse floor and peer
// tools on generated organizations, prints a Markdown table and writes it
// to a results file. `make bench` runs it.
//
//	okrs-bench run -okrs bin/okrs -dir /tmp/okrs-bench -sizes small,medium,large -out internal/bench/RESULTS.md
//	okrs-bench floor DIR
//
// Every run is a fresh process; a row is the fastest of -runs runs. okrs
// runs "cold" with an empty --cache-dir, as in a first CI run, then "warm"
// on the cache that filled (the files were just written, so they sit in the
// page cache either way).
//
// Peer tools run only when installed: Hugo on the peer kit's Hugo tree
// (shared/bench/gen-org.py writes the same objectives as Hugo content),
// and ajv-cli when -ajv names its binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/okrs-dev/okrs/internal/bench"
	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "floor" {
		return runFloor(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "files" {
		return runFiles(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "run" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("okrs-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.okrs, "okrs", "bin/okrs", "the okrs binary to time")
	fs.StringVar(&c.dir, "dir", filepath.Join(os.TempDir(), "okrs-bench"), "work folder for generated data and sites")
	sizes := fs.String("sizes", "small,medium,large", "comma-separated sizes: small, medium, large")
	fs.StringVar(&c.kit, "kit", "", "the peer kit (shared/bench) with gen-org.py and hugo-site/; empty: no Hugo comparison")
	fs.StringVar(&c.ajv, "ajv", "", "the ajv binary of ajv-cli; empty: no ajv comparison")
	fs.StringVar(&c.schema, "schema", "schema/okrs.schema.json", "the JSON Schema file, for ajv")
	fs.StringVar(&c.out, "out", "", "write the results as Markdown to this file")
	fs.StringVar(&c.stages, "stages", "", "output of go test -bench on internal/bench, to include as the per-stage numbers")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Minute, "give up on one command after this long")
	fs.IntVar(&c.runs, "runs", 3, "time each command this many times and keep the fastest run")
	fs.IntVar(&c.runsLarge, "runs-large", 1, "-runs for the large size, where one okrs build takes minutes")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c.sizes = strings.Split(*sizes, ",")
	if c.runs < 1 || c.runsLarge < 1 {
		fmt.Fprintln(stderr, "okrs-bench: -runs and -runs-large must be at least 1")
		return 2
	}
	for _, s := range c.sizes {
		if _, err := gen.Preset(s, 1); err != nil {
			fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
			return 2
		}
	}
	if err := c.resolve(stderr); err != nil {
		fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
		return 2
	}
	// A trash an interrupted run left would take names; it goes now, and
	// the one this run fills goes once everything is timed.
	trash := filepath.Join(c.dir, "trash")
	if err := os.RemoveAll(trash); err != nil {
		fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
		return 1
	}
	defer os.RemoveAll(trash)
	r := &runner{config: c, log: stderr, loadBefore: loadAvg()}
	help, _ := exec.Command(c.okrs, "validate", "-h").CombinedOutput()
	r.cacheFlag = strings.Contains(string(help), "-cache-dir")
	if err := r.all(); err != nil {
		fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
		return 1
	}
	r.loadAfter = loadAvg()
	report := r.report()
	fmt.Fprint(stdout, report)
	if c.out != "" {
		if err := os.WriteFile(c.out, []byte(report), 0o644); err != nil {
			fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "wrote %s\n", c.out)
	}
	return 0
}

// runFloor is the yaml.v3 floor as its own process, so that it is timed
// the same way as the tools it is compared with.
func runFloor(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: okrs-bench floor DIR")
		return 2
	}
	files, size, err := bench.YAMLFloor(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "parsed %d files, %d bytes\n", files, size)
	return 0
}

// runFiles makes a site's folders and files again, empty, as its own
// process: the disk's share of writing that site.
func runFiles(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: okrs-bench files SITE DIR")
		return 2
	}
	files, dirs, err := bench.EmptyTree(args[0], args[1])
	if err != nil {
		fmt.Fprintf(stderr, "okrs-bench: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "made %d files in %d folders\n", files, dirs)
	return 0
}

type config struct {
	okrs, dir, kit, ajv, schema, out string
	stages                           string
	hugo, python, self               string
	sizes                            []string
	timeout                          time.Duration
	runs, runsLarge                  int
}

// resolve makes paths absolute (commands run in other folders) and finds
// the optional peer tools.
func (c *config) resolve(stderr io.Writer) error {
	var err error
	abs := func(p *string) {
		if *p != "" && err == nil {
			*p, err = filepath.Abs(*p)
		}
	}
	abs(&c.okrs)
	abs(&c.dir)
	abs(&c.kit)
	abs(&c.schema)
	if c.ajv != "" {
		if _, statErr := os.Stat(c.ajv); statErr != nil {
			c.ajv = "" // not installed: no ajv rows
		}
		abs(&c.ajv)
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.okrs); err != nil {
		return fmt.Errorf("okrs binary: %w (run make build)", err)
	}
	if c.self, err = os.Executable(); err != nil {
		return err
	}
	if c.kit != "" {
		if _, err := os.Stat(filepath.Join(c.kit, "gen-org.py")); err != nil {
			fmt.Fprintf(stderr, "okrs-bench: no peer kit at %s: no Hugo rows\n", c.kit)
			c.kit = ""
		}
	}
	if c.kit != "" {
		c.hugo, _ = exec.LookPath("hugo")
		c.python, _ = exec.LookPath("python3")
	}
	return os.MkdirAll(c.dir, 0o755)
}

type runner struct {
	config
	cacheFlag bool // okrs has --cache-dir
	// The load average (1, 5, 15 minutes) before and after: other work on
	// the machine slows the numbers down.
	loadBefore, loadAfter string
	log                   io.Writer
	rows                  []bench.Row
	sizes                 []string // one line per size: what was generated
	notes                 []string
	trashed               int // folders moved into the trash so far
}

// discard moves path out of the way, into the trash, which is removed once
// every command is timed. Removing a site of thousands of files just
// before timing the next command made that command's file creation
// several times slower, whichever tool it was: ext4 without a journal, as
// here, looks at each inode deleted in the last minutes before it reuses
// one.
func (r *runner) discard(path string) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	trash := filepath.Join(r.dir, "trash")
	if err := os.MkdirAll(trash, 0o755); err != nil {
		return err
	}
	r.trashed++
	return os.Rename(path, filepath.Join(trash, strconv.Itoa(r.trashed)))
}

func (r *runner) all() error {
	for _, size := range r.config.sizes {
		if err := r.size(size); err != nil {
			return fmt.Errorf("%s: %w", size, err)
		}
	}
	return nil
}

func (r *runner) size(size string) error {
	cfg, _ := gen.Preset(size, 1)
	org := filepath.Join(r.dir, "org-"+size)
	if err := r.discard(org); err != nil {
		return err
	}
	start := time.Now()
	st, err := gen.Write(org, cfg)
	if err != nil {
		return err
	}
	r.sizes = append(r.sizes, fmt.Sprintf("**%s**: %d teams x %d quarters: %d files, %.1f MB of YAML, %d objectives, %d key results, %d check-ins, as of %s (generated in %.1f s)",
		size, cfg.Teams, cfg.Quarters, st.Files, float64(st.Bytes)/1e6, st.Objectives, st.KeyResults, st.CheckIns, st.AsOf, time.Since(start).Seconds()))
	fmt.Fprintf(r.log, "%s: generated %d files, %.1f MB\n", size, st.Files, float64(st.Bytes)/1e6)

	floor, err := r.measure(job{tool: "yaml.v3 parse (floor)", size: size, input: st.Bytes, name: r.self, args: []string{"floor", org}})
	if err != nil {
		return err
	}
	validate, err := r.okrsTimes(job{tool: "okrs validate", size: size, input: st.Bytes,
		args: []string{"validate", "--as-of", st.AsOf, org}}, true)
	if err != nil {
		return err
	}
	if floor.Wall > 0 && floor.CPU > 0 && validate.Exit == 0 {
		r.notes = append(r.notes, fmt.Sprintf("%s: okrs validate (cold) takes %.1fx the wall time of the yaml.v3 floor, %.1fx its CPU time, and %.0f MB of memory at peak against %.0f MB",
			size, validate.Wall.Seconds()/floor.Wall.Seconds(), validate.CPU.Seconds()/floor.CPU.Seconds(),
			float64(validate.MaxRSS)/(1<<20), float64(floor.MaxRSS)/(1<<20)))
	}
	out := filepath.Join(r.dir, "site-"+size)
	build := job{tool: "okrs build", size: size, input: st.Bytes, site: out,
		args: []string{"build", "--as-of", st.AsOf, "-o", out, org}}
	built, err := r.okrsTimes(build, true)
	if err != nil {
		return err
	}
	if built.Exit == 0 {
		page, asset, err := largestFiles(out)
		if err != nil {
			return err
		}
		r.notes = append(r.notes, sizeNote(size, page, asset))
		if err := r.emptySite(size, out, floor, built); err != nil {
			return err
		}
	}
	if r.cacheFlag {
		if err := r.oneFileChanged(build, org, st.AsOf); err != nil {
			return err
		}
		if err := r.serveSave(size, org, st.AsOf); err != nil {
			return err
		}
	}
	if r.ajv != "" {
		if _, err := r.measure(job{tool: "ajv-cli (schema only)", size: size, input: st.Bytes, name: r.ajv,
			args: []string{"validate", "--spec=draft2020", "-c", "ajv-formats", "--strict=false", "-s", r.schema, "-d", org + "/**/*.yaml"}}); err != nil {
			return err
		}
	}
	if r.hugo != "" && r.python != "" {
		return r.peer(size, cfg, st.AsOf)
	}
	return nil
}

// emptySite times making the folders and files of the site okrs build
// wrote, every file empty: what writing any site with those paths costs
// on this disk, which the yaml.v3 floor does not pay.
func (r *runner) emptySite(size, site string, floor, build bench.Measurement) error {
	out := filepath.Join(r.dir, "empty-site-"+size)
	files, err := r.measure(job{tool: "the site's files, empty (disk floor)", size: size, site: out,
		name: r.self, args: []string{"files", site, out}})
	if err != nil || files.Exit != 0 || floor.Wall <= 0 {
		return err
	}
	both := floor.Wall + files.Wall
	r.notes = append(r.notes, fmt.Sprintf("%s: okrs build (cold) takes %.1fx the wall time of the yaml.v3 floor; making its folders and files empty takes %.2f s here, and build takes %.1fx the two floors together (%.2f s)",
		size, build.Wall.Seconds()/floor.Wall.Seconds(), files.Wall.Seconds(), build.Wall.Seconds()/both.Seconds(), both.Seconds()))
	return nil
}

// peer times Hugo and okrs on the peer kit's data: gen-org.py writes one
// organization both as okrs files and as a Hugo content tree.
func (r *runner) peer(size string, cfg gen.Config, asOf string) error {
	org := filepath.Join(r.dir, "peer-org-"+size)
	site := filepath.Join(r.dir, "peer-hugo-"+size)
	for _, d := range []string{org, site} {
		if err := r.discard(d); err != nil {
			return err
		}
	}
	if err := copyTree(filepath.Join(r.kit, "hugo-site"), site); err != nil {
		return err
	}
	cmd := exec.Command(r.python, filepath.Join(r.kit, "gen-org.py"), org,
		"--teams", strconv.Itoa(cfg.Teams), "--quarters", strconv.Itoa(cfg.Quarters), "--hugo", site)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("gen-org.py: %v: %s", err, out)
	}
	_, _, content, err := bench.DirStats(filepath.Join(site, "content"))
	if err != nil {
		return err
	}
	_, _, yamlBytes, err := bench.DirStats(org)
	if err != nil {
		return err
	}
	hugoOut := site + "-out"
	if _, err := r.measure(job{tool: "hugo (peer kit)", size: size, input: content, dir: site, site: hugoOut,
		name: r.hugo, args: []string{"--quiet", "-d", hugoOut}}); err != nil {
		return err
	}
	out := filepath.Join(r.dir, "peer-site-"+size)
	_, err = r.okrsTimes(job{tool: "okrs build (peer kit)", size: size, input: yamlBytes, site: out,
		args: []string{"build", "--as-of", asOf, "-o", out, org}}, false)
	return err
}

// savedFile picks the check-in file the runs save again and again, and
// returns its path and its content to restore at the end.
func savedFile(org, asOf string) (string, []byte, error) {
	paths, err := load.Files(org)
	if err != nil {
		return "", nil, err
	}
	day, err := okr.ParseDate(asOf)
	if err != nil {
		return "", nil, err
	}
	i, src, err := bench.SavedFile(paths, day)
	if err != nil {
		return "", nil, err
	}
	return paths[i], src, nil
}

// oneFileChanged times okrs build after a person changed one check-in:
// on the warm cache and over the site the warm runs of build left, as
// when someone rebuilds after an edit. Each run saves the file anew.
func (r *runner) oneFileChanged(build job, org, asOf string) error {
	path, src, err := savedFile(org, asOf)
	if err != nil {
		return err
	}
	defer os.WriteFile(path, src, 0o644)
	cache := filepath.Join(r.dir, "cache-"+slug(build.tool)+"-"+build.size)
	n := 0
	j := build
	j.tool = "okrs build, one file changed"
	j.name = r.okrs
	j.args = append([]string{j.args[0], "--cache-dir", cache}, j.args[1:]...)
	j.keepSite = true
	j.before = func() error {
		n++
		return os.WriteFile(path, bench.Save(src, n), 0o644)
	}
	_, err = r.measure(j)
	return err
}

// job is one command to time.
type job struct {
	tool, size string
	input      int64        // bytes the command reads, for MB/s
	dir        string       // working directory; "": the current one
	site       string       // the folder it writes pages into, removed before each run; "": none
	keepSite   bool         // keep the site between runs: the command replaces it
	before     func() error // untimed preparation before each run
	name       string
	args       []string
}

// okrsTimes times an okrs command (j.name is okrs) cold: a fresh process
// with an empty cache, as in a first CI run. When okrs keeps a cache and
// warm is set, it then times the command on the cache the cold runs filled.
func (r *runner) okrsTimes(j job, warm bool) (bench.Measurement, error) {
	j.name = r.okrs
	if !r.cacheFlag {
		return r.measure(j)
	}
	cache := filepath.Join(r.dir, "cache-"+slug(j.tool)+"-"+j.size)
	j.args = append([]string{j.args[0], "--cache-dir", cache}, j.args[1:]...)
	j.before = func() error { return r.discard(cache) }
	cold, err := r.measure(j)
	if err != nil || !warm {
		return cold, err
	}
	j.tool += ", warm cache"
	j.before = nil
	_, err = r.measure(j)
	return cold, err
}

// settle flushes what earlier runs wrote and removed, and waits a moment:
// on a disk mounted with discard, removing a site of thousands of files
// keeps the file system busy for a while, which the next run would pay
// for, whichever tool it is.
func settle() {
	syscall.Sync()
	time.Sleep(300 * time.Millisecond)
}

func slug(s string) string {
	return strings.NewReplacer(" ", "-", "(", "", ")", "", ",", "").Replace(s)
}

// measure runs a job r.runs times, adds the row of the fastest run (or of
// the first that failed) and returns its measurement.
func (r *runner) measure(j job) (bench.Measurement, error) {
	base := filepath.Join(r.dir, slug(j.tool)+"-"+j.size)
	var best bench.Row
	fmt.Fprintf(r.log, "%s: %s:", j.size, j.tool)
	defer fmt.Fprintln(r.log)
	runs := r.runs
	if j.size == "large" {
		runs = r.runsLarge
	}
	for i := range runs {
		if j.site != "" && !j.keepSite {
			if err := r.discard(j.site); err != nil {
				return best.Measurement, err
			}
		}
		if j.before != nil {
			if err := j.before(); err != nil {
				return best.Measurement, err
			}
		}
		settle()
		ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
		m, err := bench.Run(ctx, j.dir, base+".out", base+".err", j.name, j.args...)
		timedOut := ctx.Err() != nil
		cancel()
		if err != nil {
			return m, fmt.Errorf("%s: %w", j.tool, err)
		}
		fmt.Fprintf(r.log, " %.2fs", m.Wall.Seconds())
		row := bench.Row{Tool: j.tool, Size: j.size, Measurement: m, Bytes: j.input}
		if m.Exit != 0 {
			row.Note = "see " + base + ".err"
			if timedOut {
				row.Note = "timed out; " + row.Note
			}
			best = row
			break
		}
		if i == 0 || m.Wall < best.Wall {
			best = row
		}
	}
	if j.site != "" && best.Exit == 0 {
		_, pages, _, err := bench.DirStats(j.site) // the same pages on every run
		if err != nil {
			return best.Measurement, err
		}
		best.Pages = pages
	}
	r.rows = append(r.rows, best)
	return best.Measurement, nil
}

func (r *runner) report() string {
	var b strings.Builder
	b.WriteString("# Benchmark results\n\n")
	b.WriteString("Written by `make bench` (internal/bench/cmd/okrs-bench); do not edit by hand.\n\n")
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format(time.DateOnly))
	fmt.Fprintf(&b, "- machine: %s\n", bench.ThisMachine())
	if r.loadBefore != "" {
		fmt.Fprintf(&b, "- load average (1, 5, 15 min): %s before, %s after\n", r.loadBefore, r.loadAfter)
	}
	if v := version(r.okrs, "version"); v != "" {
		fmt.Fprintf(&b, "- okrs: %s\n", v)
	}
	if r.hugo != "" {
		fmt.Fprintf(&b, "- hugo: %s\n", version(r.hugo, "version"))
	}
	if r.ajv != "" {
		fmt.Fprintf(&b, "- ajv-cli: %s, node %s\n", ajvVersion(r.ajv), version("node", "--version"))
	}
	b.WriteString("\nData (internal/gen, seed 1):\n\n")
	for _, s := range r.sizes {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	b.WriteString("\n")
	b.WriteString(bench.Table(r.rows))
	b.WriteString("\n")
	for _, n := range r.notes {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	if r.stages != "" {
		if text, err := os.ReadFile(r.stages); err == nil {
			b.WriteString("\nPer stage (Go benchmarks in internal/bench, one iteration each, in-process; " +
				"Validate excludes loading, ValidateDir and Build include it, Render and Build write nothing to disk):\n\n```\n")
			for _, line := range strings.Split(string(text), "\n") {
				if strings.HasPrefix(line, "Benchmark") || strings.HasPrefix(line, "cpu:") {
					b.WriteString(line + "\n")
				}
			}
			b.WriteString("```\n")
		}
	}
	b.WriteString(`
How to read it:
- Each row is the fastest of ` + strconv.Itoa(r.runs) + ` runs (large: ` + strconv.Itoa(r.runsLarge) + `), each a fresh process,
  timed with ` + "`/usr/bin/time -v`" + `: wall time measured by the harness; CPU time (user +
  system, all threads) and peak RSS from time. The files were just written, so they
  sit in the page cache. okrs rows run with an empty --cache-dir (a first CI run);
  "warm cache" rows run again on the cache the row above filled (nothing changed).
  "one file changed" runs okrs build after one check-in value changed in one file,
  on the warm cache and over the site the run before wrote, as a person rebuilding
  after an edit does. "okrs serve, save to reload" is the time from writing one such
  edit to the reload event the open pages get (fastest of the saves; the note has
  the median); it has no CPU or memory figures of its own.
- MB/s is the tool's input over its wall time: the generated YAML for okrs, the
  yaml.v3 floor and ajv; the peer kit's content tree for Hugo.
- The yaml.v3 floor parses every file into yaml.Node on GOMAXPROCS workers, as okrs
  does, and nothing else: the least a yaml.v3-based validator has to do.
- "the site's files, empty (disk floor)" makes the folders and files of the site okrs
  build wrote again, every file empty, on GOMAXPROCS workers: what any tool that
  writes a site with those paths pays on this disk before writing a byte. Creating
  files and folders is what writing a site costs here, not its bytes, and it swings
  several times over from one minute to the next.
- ajv-cli (js-yaml + ajv) checks the schema only: no references, health rules or
  line numbers. It stops at a file's first error; on this valid data it checks all.
- Hugo and "okrs build (peer kit)" render the same objectives (shared/bench/gen-org.py)
  and write about as many pages, one per objective plus indexes; okrs's pages carry
  more (charts, RACI, alignment, check-in tables, rollups), Hugo's one short template.
- Nothing is deleted while commands are timed: old sites, caches and data go to a
  trash folder that is removed at the end. This disk's ext4 has no journal, and then
  it looks at every inode deleted in the last minutes each time it makes a file:
  removing a site just before a run made that run's file creation several times
  slower, whichever tool it was.
- The machine may be busy with other work (see the load average above; with 2 CPUs a
  load above 1 means okrs did not have them both); the fastest run is the least
  disturbed one.
`)
	return b.String()
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func version(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// ajvVersion reads ajv-cli's package.json next to its .bin folder.
func ajvVersion(bin string) string {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(bin), "..", "ajv-cli", "package.json"))
	if err != nil {
		return "unknown version"
	}
	_, rest, ok := strings.Cut(string(b), `"version": "`)
	if !ok {
		return "unknown version"
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

// copyTree copies a folder; the kit is read-only, the copy must not be.
func copyTree(from, to string) error {
	return filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
