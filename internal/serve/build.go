package serve

import (
	"fmt"
	"os"
	"time"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/validate"
)

// build is one rebuild's outcome, served until the next one.
type build struct {
	version  int64
	files    map[string][]byte // the site; nil when the build failed
	later    func() (map[string][]byte, error)
	failure  string            // why it failed, when it did
	findings []finding.Finding // all of them, errors first when failed
	asOf     okr.Date
	reread   int // files parsed again for this build
	took     time.Duration
}

// cached is a data file as it was last parsed and schema-checked.
type cached struct {
	mod  time.Time
	size int64
	file validate.File
}

// loader keeps the parsed files of the data directory between builds and
// parses again only those that changed: by the watcher's word (dirty) or
// by their modification time and size, in case an event was missed.
type loader struct {
	dir   string
	max   int64
	files map[string]cached
}

// load checks the data directory, reusing what did not change.
func (l *loader) load(asOf, since okr.Date, dirty map[string]bool) (*pipeline.Result, int, error) {
	paths, err := load.Files(l.dir)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", l.dir, err)
	}
	opt := pipeline.Options{AsOf: asOf, Since: since, MaxFileSize: l.max}
	next := make(map[string]cached, len(paths))
	files := make([]validate.File, len(paths))
	var changed []int
	infos := make([]os.FileInfo, len(paths))
	for i, p := range paths {
		info, statErr := os.Lstat(p) // a link is reported, not followed
		c, ok := l.files[p]
		if ok && statErr == nil && !dirty[p] && c.mod.Equal(info.ModTime()) && c.size == info.Size() {
			files[i] = c.file
			next[p] = c
			continue
		}
		infos[i] = info // nil when stat failed: the loader reports why
		changed = append(changed, i)
	}
	todo := make([]string, len(changed))
	for j, i := range changed {
		todo[j] = paths[i]
	}
	for j, f := range validate.CheckFiles(todo, opt.FileOptions()) {
		i := changed[j]
		files[i] = f
		if infos[i] != nil {
			next[paths[i]] = cached{infos[i].ModTime(), infos[i].Size(), f}
		}
	}
	l.files = next // files that went away are forgotten
	return pipeline.Files(l.dir, files, opt), len(changed), nil
}
