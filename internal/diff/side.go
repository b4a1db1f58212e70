package diff

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/validate"
)

// Options tune how a side is read and computed.
type Options struct {
	// AsOf is the day both sides are computed for. Using one day for both
	// is what makes a progress or state move mean a change in the files.
	AsOf        okr.Date
	MaxFileSize int64 // 0: load.DefaultMaxFileSize
}

func (o Options) validate() pipeline.Options {
	return pipeline.Options{AsOf: o.AsOf, MaxFileSize: o.MaxFileSize}
}

// Side is one version of the data directory, loaded and checked.
type Side struct {
	Name   string // what the user called it: a revision, "working tree" or a directory
	Dir    string // the data directory as file names show it
	Result *pipeline.Result
	// Empty is set when the side has no data files at all, such as a base
	// revision from before the data directory existed.
	Empty bool
	// broken holds the files (relative to Dir) that did not load; what they
	// define is unknown, so it is neither added nor removed.
	broken map[string]bool
}

// rel is a file name relative to the side's data directory, with forward
// slashes, so that the same file compares equal on both sides.
func (s *Side) rel(file string) string {
	r, err := filepath.Rel(s.Dir, file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(r)
}

// readable tells whether the file (relative to the data directory) loaded
// on this side, or does not exist on it.
func (s *Side) readable(rel string) bool { return !s.broken[rel] }

// Loader reads the sides of a comparison. A file with the same content
// and name on both sides is parsed and schema-checked once: in a pull
// request most files do not change.
type Loader struct {
	opt  Options
	seen map[string]validate.File // name + blob id -> the checked file
}

// NewLoader makes a loader for sides computed with opt.
func NewLoader(opt Options) *Loader {
	return &Loader{opt: opt, seen: map[string]validate.File{}}
}

// Directory reads a data directory from the disk: the working tree, or
// one of two directories being compared.
func (l *Loader) Directory(name, dir string) (*Side, error) {
	paths, err := load.Files(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	srcs := make([][]byte, len(paths))
	ids := make([]string, len(paths))
	refused := make([][]finding.Finding, len(paths))
	for i, p := range paths {
		// Read as every command reads a data file: regular files up to
		// the size limit; links and special files are findings.
		b, fs := load.ReadFile(p, l.opt.MaxFileSize)
		if fs != nil {
			refused[i] = fs
			continue
		}
		srcs[i], ids[i] = b, blobID(b)
	}
	return l.side(name, dir, paths, ids, srcs, refused), nil
}

// side checks the files of one side, reusing those seen before. A file
// with findings in refused was not read: they are its findings.
func (l *Loader) side(name, dir string, paths, ids []string, srcs [][]byte, refused [][]finding.Finding) *Side {
	vopt := l.opt.validate()
	files := make([]validate.File, len(paths))
	var todo []int
	for i, p := range paths {
		if refused[i] != nil {
			files[i] = validate.File{Path: p, Findings: refused[i]}
			continue
		}
		if f, ok := l.seen[p+"\x00"+ids[i]]; ok && ids[i] != "" {
			files[i] = f
			continue
		}
		todo = append(todo, i)
	}
	parallel(len(todo), func(j int) {
		i := todo[j]
		files[i] = validate.CheckFile(paths[i], srcs[i], vopt.FileOptions())
	})
	for _, i := range todo {
		if ids[i] != "" {
			l.seen[paths[i]+"\x00"+ids[i]] = files[i]
		}
	}
	return newSide(name, dir, pipeline.Files(dir, files, vopt))
}

// blobID is git's object id of a file's content, so that a file on disk
// and the same file in a revision are known to be equal.
func blobID(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// parallel runs work(0..n-1) on at most GOMAXPROCS goroutines; each call
// writes only its own slot, so the result does not depend on the schedule.
func parallel(n int, work func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				work(i)
			}
		}()
	}
	wg.Wait()
}

// loaderRules are the rules of findings about a file that could not be
// read (whole, or a document of it).
var loaderRules = map[string]bool{load.RuleFile: true, load.RuleYAML: true, load.RuleKind: true}

func newSide(name, dir string, res *pipeline.Result) *Side {
	s := &Side{Name: name, Dir: dir, Result: res, Empty: res.Files == 0, broken: map[string]bool{}}
	for _, f := range res.Findings {
		if f.Severity == finding.Error && loaderRules[f.Rule] {
			s.broken[s.rel(f.File)] = true
		}
	}
	return s
}

// Git reads the data directory as it is in a git revision, without
// checking it out: one `git ls-tree` lists the files and one
// `git cat-file --batch` reads them all.
func (l *Loader) Git(rev, dir string) (*Side, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// The repository is the one that holds the data directory, found from
	// its nearest existing folder (it may exist only in the revision).
	top, err := git(existingAncestor(abs), "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	top = strings.TrimSpace(top)
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("unknown revision %q", rev)
	}
	commit, err := git(top, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("unknown revision %q: not a commit, branch or tag in this repository", rev)
	}
	commit = strings.TrimSpace(commit)
	inRepo, err := repoPath(top, dir)
	if err != nil {
		return nil, err
	}
	// -l: with each blob's size, so that a blob over the limit is never
	// read (a file of zeros packs to almost nothing).
	listing, err := git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", inRepo)
	if err != nil {
		return nil, err
	}
	type entry struct {
		path, object string
		refused      []finding.Finding
	}
	limit := l.opt.MaxFileSize
	if limit <= 0 {
		limit = load.DefaultMaxFileSize
	}
	var entries []entry
	for _, rec := range strings.Split(listing, "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta) // mode type object size
		if len(f) != 4 || f[1] != "blob" {
			continue // submodules are not data files
		}
		rel := name
		if inRepo != "." {
			rel = strings.TrimPrefix(name, inRepo+"/")
		}
		// The same entries as load.Files lists on disk, refused alike.
		link := f[0] == "120000"
		if hidden(rel) || !link && !load.IsDataFile(rel) {
			continue
		}
		e := entry{path: filepath.Join(dir, filepath.FromSlash(rel)), object: f[2]}
		if size, err := strconv.ParseInt(f[3], 10, 64); link {
			e.refused = []finding.Finding{load.Symlink(e.path)}
		} else if err != nil || size > limit {
			e.refused = []finding.Finding{load.TooLarge(e.path, limit)}
		}
		entries = append(entries, e)
	}
	// Files in the order load.Files gives them on disk: it decides which
	// of two equal ids wins and how check-ins of one day are ordered.
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.path, b.path) })
	paths := make([]string, len(entries))
	ids := make([]string, len(entries))
	refused := make([][]finding.Finding, len(entries))
	var missing []string // objects not seen on the other side
	for i, e := range entries {
		paths[i], ids[i], refused[i] = e.path, e.object, e.refused
		if _, ok := l.seen[e.path+"\x00"+e.object]; !ok && e.refused == nil {
			missing = append(missing, e.object)
		}
	}
	blobs, err := catFiles(top, missing, limit)
	if err != nil {
		return nil, err
	}
	srcs := make([][]byte, len(entries))
	for i, id := range ids {
		srcs[i] = blobs[id]
		if _, seen := l.seen[paths[i]+"\x00"+id]; srcs[i] == nil && refused[i] == nil && !seen {
			// Dropped by catFiles: a file in a revision is never read
			// from the disk instead.
			refused[i] = []finding.Finding{load.TooLarge(paths[i], limit)}
		}
	}
	return l.side(rev, dir, paths, ids, srcs, refused), nil
}

// hidden tells whether a path has a hidden file or folder in it, which
// the loader skips.
func hidden(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// repoPath is dir as a path from the top of the repository.
func repoPath(top, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	// The top comes from git with symlinks resolved; resolve dir the same
	// way as far as it exists (it may exist only in the revision).
	abs = resolveExisting(abs)
	top = resolveExisting(top)
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the git repository at %s", dir, top)
	}
	return path.Clean(filepath.ToSlash(rel)), nil
}

func existingAncestor(p string) string {
	for !IsDir(p) {
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		p = parent
	}
	return p
}

func resolveExisting(p string) string {
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// catFiles reads blobs by object id with one `git cat-file --batch`. A
// blob over limit (which ls-tree's sizes should have kept out) is read
// through and dropped, never held.
func catFiles(dir string, objects []string, limit int64) (map[string][]byte, error) {
	blobs := make(map[string][]byte, len(objects))
	if len(objects) == 0 {
		return blobs, nil
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run git: %w", err)
	}
	// Write in the background: git stops reading its input while its
	// output is not read, so writing everything first could deadlock.
	go func() {
		w := bufio.NewWriter(in)
		for _, o := range objects {
			w.WriteString(o + "\n")
		}
		w.Flush()
		in.Close()
	}()
	r := bufio.NewReaderSize(out, 1<<16)
	var readErr error
	for _, id := range objects {
		header, err := r.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		f := strings.Fields(header) // object type size
		if len(f) != 3 {
			readErr = fmt.Errorf("git cat-file: %s", strings.TrimSpace(header))
			break
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(header))
			break
		}
		if int64(size) > limit {
			if _, err := io.CopyN(io.Discard, r, int64(size)+1); err != nil {
				readErr = fmt.Errorf("git cat-file: %w", err)
				break
			}
			continue
		}
		b := make([]byte, size+1) // the content and a newline
		if _, err := io.ReadFull(r, b); err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		blobs[id] = b[:size]
	}
	io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return blobs, readErr
}

// git runs a git command and returns its output. Errors carry git's own
// message, such as "not a git repository".
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg := strings.TrimSpace(stderr.String())
			msg = strings.TrimPrefix(msg, "fatal: ")
			if msg == "" {
				msg = ee.Error()
			}
			return "", fmt.Errorf("git %s: %s", args[0], msg)
		}
		return "", fmt.Errorf("run git: %w", err)
	}
	return stdout.String(), nil
}

// IsDir tells whether path is an existing directory.
func IsDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}
