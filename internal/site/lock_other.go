//go:build !unix

package site

// lockDir does not lock where the system has no flock: two builds into one
// folder at once may then remove each other's temporary folders, and one
// of them fails.
func lockDir(dir string) (unlock func(), err error) { return func() {}, nil }
