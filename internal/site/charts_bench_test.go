package site

import (
	"os"
	"syscall"
	"testing"

	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// BenchmarkCharts makes the charts of every objective page of a generated
// organization, one per key result and one of their confidence: the
// charts a build makes by the thousand. make bench reports it (small; set
// OKRS_BENCH_MEDIUM=1 for medium).
func BenchmarkCharts(b *testing.B) {
	for _, size := range []string{"small", "medium"} {
		b.Run(size, func(b *testing.B) {
			s := benchSite(b, size)
			n, bytes := 0, 0
			// The machine is shared: CPU time says more than the clock.
			cpu0 := cpuTime()
			for b.Loop() {
				n, bytes = 0, 0
				for _, o := range s.res.Objectives {
					p := s.newPage(objectivePath(o.Objective), "objective", o.ID, "teams")
					c := s.res.Cycle(o.Cycle)
					for _, kr := range o.KeyResults {
						if ch := s.krChart(p, kr, c); ch != nil {
							n, bytes = n+1, bytes+len(ch.Option)
						}
					}
					if ch := s.confidenceChart(p, o, c); ch != nil {
						n, bytes = n+1, bytes+len(ch.Option)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(max(n, 1)), "ns/chart")
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/float64(max(n, 1)), "cpu-ns/chart")
			b.ReportMetric(float64(bytes)/float64(max(n, 1)), "bytes/chart")
			b.ReportMetric(float64(n), "charts")
		})
	}
}

// cpuTime is the CPU time of the process so far, user and system, in
// nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkFeeds writes the organization's feed and every team's: the
// newest check-ins of a generated organization (small; set
// OKRS_BENCH_MEDIUM=1 for medium).
func BenchmarkFeeds(b *testing.B) {
	for _, size := range []string{"small", "medium"} {
		b.Run(size, func(b *testing.B) {
			s := benchSite(b, size)
			k := s.keyer()
			b.ReportAllocs()
			for b.Loop() {
				if err := s.writeFeeds(output.NewMemory(nil), k); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchSite is the site of a generated organization of the given size;
// medium, which takes a while to generate, only with OKRS_BENCH_MEDIUM=1,
// as the benchmarks of internal/bench and internal/export (make bench
// sets it).
func benchSite(b *testing.B, size string) *site {
	if size == "medium" && os.Getenv("OKRS_BENCH_MEDIUM") == "" {
		b.Skip("medium: set OKRS_BENCH_MEDIUM=1")
	}
	dir := b.TempDir()
	st, err := gen.WritePreset(dir, size, 1)
	if err != nil {
		b.Fatal(err)
	}
	s, err := newSite(fixture(b, dir, st.AsOf), Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}
