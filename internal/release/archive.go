// Package release makes okrs's release archives for `make dist`: one
// archive per operating system and architecture (tar.gz, zip for Windows)
// and a SHA256SUMS file over them.
//
// The archives are reproducible: the same commit built with the same Go
// toolchain gives the same bytes on any machine and at any time. Nothing in them comes from the file system
// they were made on: every entry has the same modification time (the
// commit's), owner and group 0/root, a mode of 0755 or 0644 and a place in
// name order, and the gzip header names no file and no time. That is why
// they are written here rather than by tar and gzip, whose flags for this
// differ between GNU, BSD and busybox.
package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// File is one entry of an archive, at the archive's root.
type File struct {
	Name string
	Exec bool // mode 0755 instead of 0644
	Data []byte
}

func (f File) mode() int64 {
	if f.Exec {
		return 0o755
	}
	return 0o644
}

// sorted returns the files in name order; a name given twice is an error,
// as the second entry would silently replace the first when unpacked.
func sorted(files []File) ([]File, error) {
	s := slices.Clone(files)
	slices.SortFunc(s, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(s); i++ {
		if s[i].Name == s[i-1].Name {
			return nil, fmt.Errorf("%s is in the archive twice", s[i].Name)
		}
	}
	return s, nil
}

// WriteTarGz writes files as a gzip-compressed tar archive whose every
// entry has the time mtime.
func WriteTarGz(w io.Writer, files []File, mtime time.Time) error {
	files, err := sorted(files)
	if err != nil {
		return err
	}
	// A zero gzip.Header: no name, no time (MTIME 0), OS "unknown".
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	for _, f := range files {
		h := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     f.Name,
			Mode:     f.mode(),
			Size:     int64(len(f.Data)),
			ModTime:  mtime.UTC().Truncate(time.Second),
			Uname:    "root",
			Gname:    "root",
			Format:   tar.FormatUSTAR,
		}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// WriteZip writes files as a zip archive whose every entry has the time
// mtime, for Windows, where tar.gz is not what people unpack.
func WriteZip(w io.Writer, files []File, mtime time.Time) error {
	files, err := sorted(files)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mtime.UTC().Truncate(time.Second)}
		h.SetMode(0o644)
		if f.Exec {
			h.SetMode(0o755)
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return zw.Close()
}

// Sums writes the SHA256SUMS file: one line per file, name order, in the
// form `sha256sum -c` reads ("HEX  NAME").
func Sums(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, name := range names {
		sum := sha256.Sum256(files[name])
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	return b.Bytes()
}
