package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/okrs-dev/okrs/internal/cache"
)

// Marker is the file that marks a folder as a site okrs build wrote. Write
// replaces a non-empty folder only when it holds this file, so that a
// mistyped -o can never delete anybody's files.
const Marker = ".okrs-site"

const markerText = "This folder is a site written by `okrs build`.\nThe next build replaces the whole folder: keep nothing else in it.\n"

// Write puts the files into dir as a whole or not at all, as Replace does.
func Write(dir string, files Files) error {
	_, _, err := Replace(dir, nil, func(out *Folder) error {
		for _, f := range files {
			if err := out.Write(f.Path, f.Data, f.Key); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// Replace lets fill write a new site into a Folder and puts it in place of
// dir once all of it is on disk. An existing dir is replaced only if it is
// empty or was written by okrs build; anything else is refused and left
// untouched. With a cache, which remembers the pages of the site in dir,
// the Folder hard-links the pages fill reuses from the old site, and when
// fill reuses every page of the old site and writes nothing, the site in
// dir is already what fill would write: it is left as it is, and nothing
// is made or removed. Replace says how many files the new site has, and
// whether dir was left as it was because it was already that site.
//
// Whatever happens, dir holds either the old site or the new one, whole:
// when fill fails, dir is left as it was, and the swap is one atomic
// rename where the system has one (Linux: renameat2 RENAME_EXCHANGE). A
// build that is killed can leave its temporary folder (or, after the swap,
// the old site in it) next to dir; the next build into dir removes them
// first. Builds into the same parent folder wait for each other, so that
// one never removes the folder another is writing.
func Replace(dir string, c *cache.Cache, fill func(out *Folder) error) (files int, upToDate bool, err error) {
	target, exists, err := resolveTarget(dir)
	if err != nil {
		return 0, false, err
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return 0, false, fmt.Errorf("write site: %w", err)
	}
	unlock, err := lockDir(parent)
	if err != nil {
		return 0, false, fmt.Errorf("write site: lock %s: %w", parent, err)
	}
	defer unlock()
	if err := removeLeftovers(target); err != nil {
		return 0, false, err
	}
	out := newFolder(target, exists, c)
	// From here on the temporary folder, once made, is removed on every
	// return: before the swap it is the new site that failed, after it the
	// old site.
	defer out.remove()
	if err := fill(out); err != nil {
		return 0, false, err
	}
	if out.upToDate() {
		return int(out.files.Load()), true, nil
	}
	tmp, err := out.start()
	if err != nil {
		return 0, false, err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return 0, false, fmt.Errorf("write site: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return 0, false, fmt.Errorf("write site: %w", err)
	}
	if !exists {
		if err := os.Rename(tmp, target); err != nil {
			return 0, false, fmt.Errorf("write site: %w", err)
		}
		out.tmp = ""
	} else if err := swapDirs(tmp, target); err != nil {
		return 0, false, fmt.Errorf("write site: put the new site in place of %s: %w", dir, err)
	}
	out.swapped = true
	out.commit()
	return int(out.files.Load()), false, nil
}

// leftoverPrefix is the start of the name of the temporary folders a build
// into target makes next to it.
func leftoverPrefix(target string) string {
	return "." + filepath.Base(target) + ".okrs-new-"
}

// removeLeftovers removes what killed builds into target left next to it:
// their temporary folders, and the old sites earlier versions of okrs
// moved aside (".okrs-old-").
func removeLeftovers(target string) error {
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, leftoverPrefix(target)) && !strings.HasPrefix(name, "."+base+".okrs-old-") {
			continue
		}
		if err := os.RemoveAll(filepath.Join(parent, name)); err != nil {
			return fmt.Errorf("write site: remove what an earlier build left: %w", err)
		}
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
