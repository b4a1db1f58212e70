package cli

import (
	"os"
	"runtime/debug"

	"github.com/okrs-dev/okrs/internal/load"
)

// Memory budget of okrs validate and okrs build, per byte of YAML, and at
// least minBudget. The model and the site being written take about 4.5
// bytes per byte of YAML at their peak; a tighter budget makes the
// collector run more often near it (the large generated organization
// builds in 20 s at 8 bytes, in 18 s at 9).
const (
	budgetPerByte = 9
	minBudget     = 1 << 30
	// gcPercent is GOGC: collect garbage when the heap has grown by 400 %
	// since the last collection, not Go's default 100 %. Parsing makes
	// many short-lived values; fewer collections cut a cold validate by
	// about a fifth, and the budget still bounds the heap.
	gcPercent = 400
)

// tuneMemory sets how the Go runtime collects garbage while checking and
// rendering the data in dir, unless GOGC and GOMEMLIMIT choose already: a
// soft memory limit of budgetPerByte per byte of YAML, and gcPercent below
// it. The limit is not a cap: should the data need more, the process takes
// more, and only collects more often. A 1,000-team organization so builds
// in under 1.5 GiB, where Go's defaults would let it grow to twice its
// live data.
func tuneMemory(getenv func(string) string, dir string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
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
