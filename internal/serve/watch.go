package serve

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/okrs-dev/okrs/internal/load"
)

// watcher watches the data directory and every folder below it. Folders
// are watched rather than files, so that editors that save by writing a
// temporary file and renaming it over the original (an atomic replace)
// are seen as a create of the file's name.
type watcher struct {
	root string
	fw   *fsnotify.Watcher
	dirs map[string]bool
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	w := &watcher{root: root, fw: fw, dirs: map[string]bool{}}
	if err := w.addTree(root); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	return w, nil
}

func (w *watcher) close() { w.fw.Close() }

// addTree watches a folder and the folders below it, skipping hidden ones
// as the loader does.
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone since it was listed
		}
		if !d.IsDir() {
			return nil
		}
		if p != w.root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !w.dirs[p] {
			if err := w.fw.Add(p); err != nil {
				return err
			}
			w.dirs[p] = true
		}
		return nil
	})
}

// run waits for changes and calls build once they have settled for
// debounce, with the paths that changed. It returns when ctx is done.
func (w *watcher) run(ctx context.Context, debounce time.Duration, build func(dirty map[string]bool), warn func(error)) {
	timer := time.NewTimer(debounce)
	timer.Stop()
	var fire <-chan time.Time
	dirty := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if !w.relevant(ev, warn) {
				continue
			}
			dirty[ev.Name] = true
			timer.Reset(debounce)
			fire = timer.C
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			warn(err)
		case <-fire:
			fire = nil
			build(dirty)
			dirty = map[string]bool{}
		}
	}
}

// relevant tells whether an event may change the site: a data file, or a
// folder that appeared or went away. A new folder is watched at once.
func (w *watcher) relevant(ev fsnotify.Event, warn func(error)) bool {
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil {
		return false
	}
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return false // editor swap files, okrs check-in's temporary files, .git
		}
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			if err := w.addTree(ev.Name); err != nil {
				warn(err)
			}
			return true
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.dirs[ev.Name] {
			prefix := ev.Name + string(filepath.Separator)
			for d := range w.dirs {
				if d == ev.Name || strings.HasPrefix(d, prefix) {
					delete(w.dirs, d)
					w.fw.Remove(d) // the system may have dropped it already
				}
			}
			return true
		}
	}
	if ev.Op == fsnotify.Chmod {
		return false
	}
	return load.IsDataFile(ev.Name)
}
