//go:build !unix

package pipeline

import "time"

// cpuTime is 0 where the test cannot read the process's CPU time: the
// bound then holds trivially, and the findings are still checked.
func cpuTime() time.Duration { return 0 }
