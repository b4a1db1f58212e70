package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Marker is the file that marks a folder as a site okrs build wrote. Write
// replaces a non-empty folder only when it holds this file, so that a
// mistyped -o can never delete anybody's files.
const Marker = ".okrs-site"

const markerText = "This folder is a site written by `okrs build`.\nThe next build replaces the whole folder: keep nothing else in it.\n"

// Write puts the site into dir as a whole or not at all: it writes every
// file into a temporary folder next to dir and swaps it in with a rename
// once all of it is on disk. An existing dir is replaced only if it is
// empty or was written by okrs build; anything else is refused and left
// untouched.
func Write(dir string, files Files) error {
	return replaceDir(dir, func(tmp, target string, _ bool) error {
		out := newFolder(tmp, target, false, nil)
		for _, f := range files {
			if err := out.write(f.Path, f.Data, f.Key); err != nil {
				return err
			}
		}
		return nil
	})
}

// replaceDir makes a temporary folder next to dir, lets fill write the
// site into it, marks it as a site, and swaps it in for dir. fill is told
// the absolute path of dir and whether there is a site there now. When
// fill fails, dir is left as it was.
func replaceDir(dir string, fill func(tmp, target string, exists bool) error) error {
	target, exists, err := resolveTarget(dir)
	if err != nil {
		return err
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".okrs-new-")
	if err != nil {
		return fmt.Errorf("write site: make a temporary folder next to %s: %w", dir, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := fill(tmp, target, exists); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	if !exists {
		if err := os.Rename(tmp, target); err != nil {
			return fmt.Errorf("write site: %w", err)
		}
		done = true
		return nil
	}
	old, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".okrs-old-")
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	os.Remove(old) // only its unique name is needed
	if err := os.Rename(target, old); err != nil {
		return fmt.Errorf("write site: move the old site aside: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		if rerr := os.Rename(old, target); rerr != nil {
			return fmt.Errorf("write site: %v; the old site is in %s", err, old)
		}
		return fmt.Errorf("write site: %w", err)
	}
	done = true
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("write site: the new site is in place, but the old one could not be removed from %s: %w", old, err)
	}
	return nil
}

// resolveTarget gives the absolute path of the output folder dir and
// whether there is a site in it, and refuses a folder okrs build may not
// replace.
func resolveTarget(dir string) (target string, exists bool, err error) {
	if dir == "" {
		return "", false, errors.New("write site: no output folder given")
	}
	target, err = filepath.Abs(dir)
	if err != nil {
		return "", false, fmt.Errorf("write site: %w", err)
	}
	// A symlink to a site is followed: the site it points to is replaced,
	// the link stays.
	if resolved, err := filepath.EvalSymlinks(target); err == nil {
		target = resolved
	}
	if filepath.Dir(target) == target {
		return "", false, fmt.Errorf("write site: refusing to replace %s, the root of the file system", target)
	}
	exists, err = checkReplaceable(dir, target)
	if err != nil {
		return "", false, err
	}
	return target, exists, nil
}

// checkReplaceable tells whether target exists, and refuses a target that
// okrs build may not replace.
func checkReplaceable(dir, target string) (bool, error) {
	info, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("write site: %w", err)
	}
	if !info.IsDir() {
		return false, fmt.Errorf("write site: %s is a file, not a folder; choose another -o", dir)
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return false, fmt.Errorf("write site: %w", err)
	}
	if len(entries) == 0 {
		return true, nil
	}
	if m, err := os.Lstat(filepath.Join(target, Marker)); err != nil || !m.Mode().IsRegular() {
		return false, fmt.Errorf("write site: refusing to replace %s: it is not empty and okrs build did not write it (it has no %s file); choose an empty or new folder with -o", dir, Marker)
	}
	return true, nil
}
