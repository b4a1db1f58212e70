package cli

import (
	"os"
	"runtime/debug"

	"github.com/okrs-dev/okrs/internal/load"
)

// Memory budget of okrs validate and okrs build, per byte of YAML, and at
// least minBudget. The model and the site being written take about 4.5
// bytes per byte of YAML at their peak; with Go's default of collecting
// garbage when the heap has doubled, the process would grow to about
// twice that. A soft limit above the live data keeps it near the limit
// instead, at the cost of a few more collections at the peak, so that a
// 1,000-team organization builds in under 1.5 GiB.
const (
	budgetPerByte = 8
	minBudget     = 1 << 30
)

// limitMemory sets the Go runtime's soft memory limit for checking the
// data in dir, unless GOMEMLIMIT chooses one already. It is a limit for
// the garbage collector, not a cap: should the data need more, the process
// takes more, and only collects more often.
func limitMemory(getenv func(string) string, dir string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	paths, err := load.Files(dir)
	if err != nil {
		return // validate reports it
	}
	var size int64
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil {
			size += info.Size()
		}
	}
	debug.SetMemoryLimit(max(minBudget, budgetPerByte*size))
}
