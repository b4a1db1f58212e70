// Package lock serialises the commands that change the data directory
// (okrs check-in, okrs new-cycle): each reads the files,
// checks the change against all of them and writes one back, and two of
// them at once would each write a file without the other's change.
package lock

import (
	"fmt"
	"path/filepath"

	"github.com/rogpeppe/go-internal/lockedfile"
)

// Name is the lock file in the data directory. It is hidden, so the loader
// and okrs serve skip it, and it is left in place: removing it while
// another command waits on it would let a third one in beside it.
const Name = ".okrs.lock"

// Dir takes the data directory's lock, waiting for a command that holds
// it, and returns the function that lets it go. The lock is the operating
// system's (flock, LockFileEx) on Name, so it is let go when the process
// ends, however it ends.
func Dir(dir string) (unlock func(), err error) {
	unlock, err = lockedfile.MutexAt(filepath.Join(dir, Name)).Lock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return unlock, nil
}
