package cli

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are --cpuprofile and --memprofile, for the commands that do
// real work (validate, build), so that `make profile` can look inside the
// real command rather than a benchmark of it.
type profileFlags struct{ cpu, mem string }

func (p *profileFlags) register(fs interface {
	StringVar(*string, string, string, string)
}) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile to `FILE` (go tool pprof)")
	fs.StringVar(&p.mem, "memprofile", "", "write a memory profile of all allocations to `FILE` when done (go tool pprof)")
}

// start starts the CPU profile, if asked for. Call the returned stop once
// the command's work is done: it ends the CPU profile and writes the
// memory profile.
func (p *profileFlags) start() (stop func() error, err error) {
	var cpu *os.File
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				errs = append(errs, fmt.Errorf("cpu profile: %w", err))
			}
		}
		if p.mem != "" {
			errs = append(errs, writeAllocs(p.mem))
		}
		return errors.Join(errs...)
	}, nil
}

// writeAllocs writes the allocs profile: every allocation since the start
// (alloc_space, alloc_objects) and what is still live (inuse_space).
func writeAllocs(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("memory profile: %w", err)
	}
	runtime.GC() // up-to-date in-use numbers
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("memory profile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("memory profile: %w", err)
	}
	return nil
}
