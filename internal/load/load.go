// Package load finds the data files below a directory and turns each YAML
// document into a flat tree of nodes with their values, for the schema and
// for reading the model, and an index from JSON pointers back to
// file:line:col.
//
// It is deliberately stricter than YAML: anchors, aliases, merge keys,
// duplicate keys, tabs and custom tags are refused, because OKR files are
// reviewed by people and every one of those makes a file mean something
// other than what it shows.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/finding"
)

// DefaultMaxFileSize is the size above which a data file is refused.
const DefaultMaxFileSize = 10 << 20

// Kinds are the document kinds okrs knows, in the order the docs list them.
var Kinds = []string{"Organization", "Team", "OKRs", "CheckIns", "RACI"}

// Options tune the loader.
type Options struct {
	// MaxFileSize is the largest file read, in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
}

// Document is one YAML document of a data file.
type Document struct {
	File  string // the path as the user would type it
	Index int    // 0-based position of the document in its file
	Kind  string
	pos   *posIndex
	// Until released:
	vals  []scalar  // by node
	texts string    // the texts of vals
	lits  []literal // by node
}

// Rule ids of loader findings.
const (
	RuleYAML = "yaml"
	RuleFile = "file"
	RuleKind = "kind"
)

// Dir loads every *.yaml and *.yml file below dir, recursively, skipping
// hidden files and folders. It returns the documents that could be read and
// findings for everything that could not. The error is for the directory
// itself being unreadable, not for bad files.
func Dir(dir string, opt Options) ([]*Document, []finding.Finding, error) {
	files, err := Files(dir)
	if err != nil {
		return nil, nil, err
	}
	var docs []*Document
	var fs []finding.Finding
	for _, f := range files {
		d, ff := File(f, opt)
		docs = append(docs, d...)
		fs = append(fs, ff...)
	}
	return docs, fs, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse parses the bytes of one data file named path.
func Parse(path string, src []byte) ([]*Document, []finding.Finding) {
	at := func(line, col int, rule, msg string, args ...any) finding.Finding {
		return finding.Finding{Pos: finding.Pos{File: path, Line: line, Col: col}, Severity: finding.Error, Rule: rule, Message: fmt.Sprintf(msg, args...)}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line, col := firstInvalidUTF8(src)
		return nil, []finding.Finding{at(line, col, RuleFile, "file is not valid UTF-8; save it as UTF-8")}
	}
	if !hasContent(src) {
		return nil, []finding.Finding{at(1, 1, RuleFile, "file is empty; add a document with a kind (%s) or delete the file", strings.Join(Kinds, ", "))}
	}

	var docs []*Document
	var fs []finding.Finding
	fast := fastParsers.Get().(*fastParser)
	defer fastParsers.Put(fast) // after converting: the trees are in its memory
	if roots, ok := fast.parse(src); ok {
		for i, root := range roots {
			d, ff := convert(path, src, i, root)
			fs = append(fs, ff...)
			if d != nil {
				docs = append(docs, d)
			}
		}
		return docs, fs
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for i := 0; ; i++ {
		var root yaml.Node
		err := dec.Decode(&root)
		if err == io.EOF {
			break
		}
		if err != nil {
			fs = append(fs, syntaxFinding(path, src, err))
			break // the decoder cannot resynchronise after a syntax error
		}
		d, ff := convert(path, src, i, &root)
		fs = append(fs, ff...)
		if d != nil {
			docs = append(docs, d)
		}
	}
	return docs, fs
}

// hasContent tells whether src holds more than blank lines, whole-line
// comments (a modeline) and document markers. It stops at the first line
// that does: every file is asked.
func hasContent(src []byte) bool {
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) > 0 && t[0] != '#' && string(t) != "---" && string(t) != "..." {
			return true
		}
	}
	return false
}

func firstInvalidUTF8(src []byte) (line, col int) {
	line, col = 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		src = src[size:]
	}
	return line, col
}
