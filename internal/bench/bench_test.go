package bench

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/site"
	"github.com/okrs-dev/okrs/internal/validate"
)

// Benchmarks of each stage of the pipeline (load, validate, compute,
// render) on generated organizations. Each size is generated once per test
// process, into a temporary folder removed at the end.
//
// `make test` runs every benchmark once (-benchtime 1x) as a smoke test,
// so only the small organization runs by default. Medium runs with
// OKRS_BENCH_MEDIUM=1 or any -benchtime other than 1x; large (about 140 MB
// of YAML) only with OKRS_BENCH_LARGE=1.

var tmpRoot string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "okrs-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tmpRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// org is a generated organization and what every benchmark needs to know
// about it.
type org struct {
	dir   string
	bytes int64 // of YAML
	asOf  okr.Date
	stats gen.Stats
}

var (
	orgsMu sync.Mutex
	orgs   = map[string]*org{}
)

// orgOf generates the named preset once per process.
func orgOf(b *testing.B, size string) *org {
	b.Helper()
	orgsMu.Lock()
	defer orgsMu.Unlock()
	if o, ok := orgs[size]; ok {
		return o
	}
	dir := filepath.Join(tmpRoot, size)
	st, err := gen.WritePreset(dir, size, 1)
	if err != nil {
		b.Fatal(err)
	}
	asOf, err := okr.ParseDate(st.AsOf)
	if err != nil {
		b.Fatal(err)
	}
	o := &org{dir: dir, bytes: st.Bytes, asOf: asOf, stats: st}
	orgs[size] = o
	return o
}

// sizes runs f once per organization size that this run covers.
func sizes(b *testing.B, f func(b *testing.B, o *org)) {
	for _, size := range []string{"small", "medium", "large"} {
		b.Run(size, func(b *testing.B) {
			if skip := skipReason(size); skip != "" {
				b.Skip(skip)
			}
			f(b, orgOf(b, size))
		})
	}
}

func skipReason(size string) string {
	switch size {
	case "medium":
		if os.Getenv("OKRS_BENCH_MEDIUM") != "1" && benchtime() == "1x" {
			return "medium runs with OKRS_BENCH_MEDIUM=1 or a -benchtime other than 1x"
		}
	case "large":
		if os.Getenv("OKRS_BENCH_LARGE") != "1" {
			return "large (about 140 MB of YAML) runs with OKRS_BENCH_LARGE=1"
		}
	}
	return ""
}

func benchtime() string {
	if f := flag.Lookup("test.benchtime"); f != nil {
		return f.Value.String()
	}
	return ""
}

// BenchmarkYAMLFloor is the floor for loading: yaml.v3 parsing every file
// into nodes, and nothing else. Load and Validate are measured against it.
func BenchmarkYAMLFloor(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		b.SetBytes(o.bytes)
		for b.Loop() {
			if _, _, err := YAMLFloor(o.dir); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLoad reads and parses the files into documents with positions.
func BenchmarkLoad(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		b.SetBytes(o.bytes)
		for b.Loop() {
			docs, fs, err := load.Dir(o.dir, load.Options{})
			if err != nil || len(fs) > 0 || len(docs) != o.stats.Files {
				b.Fatalf("load: %d documents, %d findings, %v", len(docs), len(fs), err)
			}
		}
	})
}

// BenchmarkValidate checks loaded documents: schema, references, compute
// and health rules. Loading is left out; BenchmarkValidateDir has both.
func BenchmarkValidate(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		b.SetBytes(o.bytes)
		for b.Loop() {
			// Checking releases the documents' values: each run loads afresh.
			b.StopTimer()
			docs, lfs, err := load.Dir(o.dir, load.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			res := pipeline.Documents(o.dir, docs, lfs, pipeline.Options{AsOf: o.asOf})
			mustBeValid(b, res)
		}
	})
}

// BenchmarkValidateDir is `okrs validate` without the output: load and
// check.
func BenchmarkValidateDir(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		b.SetBytes(o.bytes)
		for b.Loop() {
			res, err := pipeline.Run(o.dir, pipeline.Options{AsOf: o.asOf})
			if err != nil {
				b.Fatal(err)
			}
			mustBeValid(b, res)
		}
	})
}

// BenchmarkModel turns loaded documents into the model.
func BenchmarkModel(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		docs, _, err := load.Dir(o.dir, load.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(o.bytes)
		for b.Loop() {
			if m := okr.Build(docs); len(m.OKRs) == 0 {
				b.Fatal("no OKRs")
			}
		}
	})
}

// BenchmarkCompute derives progress, states and rollups from the model.
func BenchmarkCompute(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		res := checked(b, o)
		for b.Loop() {
			n := compute.Compute(res.Model, o.asOf)
			if len(n.Objectives) != o.stats.Objectives {
				b.Fatalf("%d objectives, want %d", len(n.Objectives), o.stats.Objectives)
			}
		}
		b.ReportMetric(float64(o.stats.Objectives)*float64(b.N)/b.Elapsed().Seconds(), "objectives/s")
	})
}

// BenchmarkRender renders the whole site in memory from checked data.
func BenchmarkRender(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		res := checked(b, o)
		in := site.Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}
		pages, total := 0, 0
		for b.Loop() {
			files, err := site.Render(in, site.Options{})
			if err != nil {
				b.Fatal(err)
			}
			pages, total = countPages(files)
		}
		reportPages(b, pages, total)
	})
}

// BenchmarkBuild is `okrs build` without writing the files: load, check,
// compute and render.
func BenchmarkBuild(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		b.SetBytes(o.bytes)
		pages, total := 0, 0
		for b.Loop() {
			res, err := pipeline.Run(o.dir, pipeline.Options{AsOf: o.asOf})
			if err != nil {
				b.Fatal(err)
			}
			mustBeValid(b, res)
			files, err := site.Render(site.Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}, site.Options{})
			if err != nil {
				b.Fatal(err)
			}
			pages, total = countPages(files)
		}
		reportPages(b, pages, total)
	})
}

// BenchmarkSave is what okrs serve does when a file is saved: check that
// file again, check the organization as a whole, and render the site
// taking every page whose data did not change from the previous render,
// leaving the data exports until they are asked for. The saved file moves
// one check-in value of the running cycle.
func BenchmarkSave(b *testing.B) {
	sizes(b, func(b *testing.B, o *org) {
		paths, err := load.Files(o.dir)
		if err != nil {
			b.Fatal(err)
		}
		opt := pipeline.Options{AsOf: o.asOf}
		files := validate.CheckFiles(paths, opt.FileOptions())
		i, src, err := SavedFile(paths, o.asOf)
		if err != nil {
			b.Fatal(err)
		}
		res := pipeline.Files(o.dir, files, opt)
		mustBeValid(b, res)
		previous, err := site.Render(site.Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}, site.Options{NoExports: true})
		if err != nil {
			b.Fatal(err)
		}
		var checking time.Duration
		rendered, pages := 0, 0
		for n := 0; b.Loop(); n++ {
			start := time.Now()
			files[i] = validate.CheckFile(paths[i], Save(src, n%2), opt.FileOptions())
			res := pipeline.Files(o.dir, files, opt)
			mustBeValid(b, res)
			checking += time.Since(start)
			next, err := site.Render(site.Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}, site.Options{Previous: previous, NoExports: true})
			if err != nil {
				b.Fatal(err)
			}
			rendered, pages = 0, 0
			for _, f := range next {
				if !strings.HasSuffix(f.Path, ".html") {
					continue
				}
				pages++
				if was, ok := previous.File(f.Path); !ok || was.Key != f.Key {
					rendered++
				}
			}
			previous = next
		}
		b.ReportMetric(float64(checking.Milliseconds())/float64(b.N), "check-ms/op")
		b.ReportMetric(float64(rendered), "pages-rendered")
		b.ReportMetric(float64(pages), "pages")
	})
}

func checked(b *testing.B, o *org) *pipeline.Result {
	b.Helper()
	res, err := pipeline.Run(o.dir, pipeline.Options{AsOf: o.asOf})
	if err != nil {
		b.Fatal(err)
	}
	mustBeValid(b, res)
	return res
}

// mustBeValid fails on errors: the generator writes valid data, and a
// benchmark of a validator that rejects it measures the wrong thing.
func mustBeValid(b *testing.B, res *pipeline.Result) {
	b.Helper()
	if !res.Valid() {
		for _, f := range res.Findings[:min(len(res.Findings), 10)] {
			b.Log(f)
		}
		b.Fatal("generated data does not validate")
	}
}

func countPages(files site.Files) (pages, total int) {
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			pages++
		}
	}
	return pages, len(files)
}

func reportPages(b *testing.B, pages, files int) {
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(files), "files")
}
