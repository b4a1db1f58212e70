package export

import (
	"bytes"
	"os"
	"testing"

	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
)

// BenchmarkJSON writes okrs.json of a generated organization, which every
// cold build writes: 9 MB for medium (OKRS_BENCH_MEDIUM=1, as make bench
// sets).
func BenchmarkJSON(b *testing.B) {
	for _, size := range []string{"small", "medium"} {
		b.Run(size, func(b *testing.B) {
			if size == "medium" && os.Getenv("OKRS_BENCH_MEDIUM") == "" {
				b.Skip("medium: set OKRS_BENCH_MEDIUM=1")
			}
			dir := b.TempDir()
			st, err := gen.WritePreset(dir, size, 1)
			if err != nil {
				b.Fatal(err)
			}
			res, err := pipeline.Run(dir, pipeline.Options{AsOf: okr.MustDate(st.AsOf)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				var buf bytes.Buffer
				if err := JSON(&buf, res.Numbers, res.Model, res.Findings); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
