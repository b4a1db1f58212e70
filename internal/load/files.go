package load

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/okrs-dev/okrs/internal/finding"
)

// What a data file is, for every command alike (validate, build, serve,
// diff, check-in): a regular file named *.yaml or *.yml below the data
// directory, hidden files and folders skipped, read up to the size limit
// and never past it. Symbolic links are not followed, whatever they point
// to: a link could make the site show a file that a review of the data
// directory never sees (one elsewhere in the repository, or outside it,
// such as /dev/zero), and `okrs diff`, which reads revisions from git,
// could not follow it the same way. A link named like a data file is an
// error; any other link a warning, so that a linked folder is never
// skipped in silence. Devices, named pipes and sockets are refused
// without being opened for reading: their size says nothing (0), and
// reading one may never end.

// Files lists what the loader reads below dir, in lexical order: the data
// files, and the entries it reports instead of reading (symbolic links,
// data-file names that are not regular files, folders it cannot list).
// Each is read, or reported with its place, by File.
func Files(dir string) ([]string, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if path == dir {
			if err != nil && d != nil {
				// The data directory itself cannot be listed: File
				// reports it at its place, like any folder below it.
				files = append(files, path)
				return filepath.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case err != nil:
			// A folder that cannot be listed: File reports it.
			files = append(files, path)
			if d.IsDir() {
				return filepath.SkipDir
			}
		case d.Type()&fs.ModeSymlink != 0:
			files = append(files, path)
		case !d.IsDir() && IsDataFile(path):
			files = append(files, path)
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// IsDataFile tells whether a path names a YAML data file.
func IsDataFile(path string) bool {
	ext := filepath.Ext(path)
	return (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(filepath.Base(path), ".")
}

// File reads and parses one entry that Files listed.
func File(path string, opt Options) ([]*Document, []finding.Finding) {
	src, fs := ReadFile(path, opt.MaxFileSize)
	if fs != nil {
		return nil, fs
	}
	return Parse(path, src)
}

// ReadFile reads one entry that Files listed, as the loader does: the
// bytes of a regular file up to limit (0: DefaultMaxFileSize), or the
// findings that say why it is not read.
func ReadFile(path string, limit int64) ([]byte, []finding.Finding) {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	fail := func(msg string, args ...any) []finding.Finding {
		return []finding.Finding{{Pos: finding.Pos{File: path, Line: 1, Col: 1}, Severity: finding.Error, Rule: RuleFile, Message: fmt.Sprintf(msg, args...)}}
	}
	info, err := os.Lstat(path)
	if err != nil {
		return nil, fail("cannot read file: %v", unwrapPath(err))
	}
	switch mode := info.Mode(); {
	case mode&fs.ModeSymlink != 0:
		return nil, []finding.Finding{Symlink(path)}
	case mode.IsDir():
		_, err := os.ReadDir(path)
		if err == nil {
			return nil, nil // readable after all: it was listed while it was not
		}
		return nil, fail("cannot read folder: %v; make it readable (chmod +rx) or move it out of the data directory", unwrapPath(err))
	case !mode.IsRegular():
		return nil, fail("%s is %s, not a regular file; okrs reads regular files only: replace it with the file itself", filepath.Base(path), special(mode))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail("cannot read file: %v", unwrapPath(err))
	}
	defer f.Close()
	// The size the file system reports is only a hint: the bytes read are
	// what the limit holds to.
	var buf bytes.Buffer
	buf.Grow(int(min(info.Size(), limit) + 1))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, fail("cannot read file: %v", unwrapPath(err))
	}
	if int64(buf.Len()) > limit {
		return nil, []finding.Finding{TooLarge(path, limit)}
	}
	return buf.Bytes(), nil
}

// special names a file that is neither regular, a folder nor a link.
func special(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Symlink is the finding for a symbolic link below the data directory,
// which okrs does not follow: an error when it is named like a data file,
// a warning otherwise. Directories and git revisions report links alike.
func Symlink(path string) finding.Finding {
	f := finding.Finding{Pos: finding.Pos{File: path, Line: 1, Col: 1}, Severity: finding.Error, Rule: RuleFile,
		Message: "this data file is a symbolic link, which okrs does not follow (so that every command and a review of the data directory see the same files); put the file itself here"}
	if !IsDataFile(path) {
		f.Severity = finding.Warning
		f.Message = "symbolic link not followed: okrs reads only the files and folders themselves below the data directory, so what this link points to is not read; put the folder or file itself here, or move the link out of the data directory"
	}
	return f
}

// Bytes parses a data file that was read elsewhere (from a git revision,
// from an editor's buffer), refusing it over the size limit as File does.
func Bytes(path string, src []byte, opt Options) ([]*Document, []finding.Finding) {
	limit := opt.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	if int64(len(src)) > limit {
		return nil, []finding.Finding{TooLarge(path, limit)}
	}
	return Parse(path, src)
}

// TooLarge is the finding for a data file over the size limit.
func TooLarge(path string, limit int64) finding.Finding {
	return finding.Finding{Pos: finding.Pos{File: path, Line: 1, Col: 1}, Severity: finding.Error, Rule: RuleFile,
		Message: fmt.Sprintf("file is over the limit of %d bytes; split it into smaller files (e.g. one per team and cycle) or raise --max-file-size", limit)}
}
