//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package output

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on the folder dir, waiting for another
// okrs build that holds it; unlock gives it back. The lock goes with the
// process, so a killed build never leaves it taken.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
