package output

import (
	"fmt"
	"os"
	"path/filepath"
)

// swapByRenames swaps two folders with three renames through a free name.
func swapByRenames(tmp, target string) error {
	aside, err := os.MkdirTemp(filepath.Dir(target), leftoverPrefix(target))
	if err != nil {
		return err
	}
	os.Remove(aside) // only its unique name is needed
	if err := os.Rename(target, aside); err != nil {
		return fmt.Errorf("move the old site aside: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		if rerr := os.Rename(aside, target); rerr != nil {
			return fmt.Errorf("%v; the old site is in %s", err, aside)
		}
		return err
	}
	return os.Rename(aside, tmp)
}
