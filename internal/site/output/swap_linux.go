package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swapDirs puts the folder at tmp in place of the folder at target and the
// old target at tmp, in one atomic rename: there is no moment without a
// site at target. File systems without RENAME_EXCHANGE get two renames.
func swapDirs(tmp, target string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return swapByRenames(tmp, target)
	}
	if err != nil {
		return &os.LinkError{Op: "renameat2", Old: tmp, New: target, Err: err}
	}
	return nil
}
