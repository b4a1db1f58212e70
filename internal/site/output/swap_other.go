//go:build !linux

package output

// swapDirs puts the folder at tmp in place of the folder at target and the
// old target at tmp. Without an atomic exchange, a build killed between
// its two renames leaves no site at target, but the old one whole next to
// it, which the next build removes as it writes a new one.
func swapDirs(tmp, target string) error { return swapByRenames(tmp, target) }
