package release

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

// Target is an operating system and architecture okrs is released for,
// in Go's names (GOOS, GOARCH), which are also the names in the archives'.
type Target struct{ OS, Arch string }

// Targets are the platforms of a release.
var Targets = []Target{
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// Binary is the name of the okrs executable on the target.
func (t Target) Binary() string {
	if t.OS == "windows" {
		return "okrs.exe"
	}
	return "okrs"
}

// Archive is the name of the target's archive in a release, e.g.
// okrs_v1.2.0_linux_amd64.tar.gz. The install script of the GitHub Action
// (.github/actions/setup-okrs/install.sh) makes the same names.
func (t Target) Archive(version string) string {
	ext := ".tar.gz"
	if t.OS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("okrs_%s_%s_%s%s", version, t.OS, t.Arch, ext)
}

// Options say what Dist builds and where it writes.
type Options struct {
	Version string    // stamped into the binary with -X and named in the archives
	Time    time.Time // the time of every entry in the archives: the commit's
	Package string    // what to build, e.g. ./cmd/okrs
	Stamp   string    // the string variable -X sets to Version, e.g. github.com/okrs-dev/okrs/internal/cli.Version
	Docs    []string  // files put next to the binary in every archive, by their base names
	Out     string    // the folder the archives and SHA256SUMS go to
	Go      string    // the go command; empty: "go"
	Targets []Target  // empty: Targets
	Log     io.Writer // progress, one line per archive
}

// versionRE is what a version may look like: it becomes part of file names.
var versionRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+-]*$`)

// Dist cross-compiles the package for every target with -trimpath and
// without cgo, packs each binary with the docs, and writes the archives
// and SHA256SUMS into Out. It returns the archives' names.
func Dist(opt Options) ([]string, error) {
	if !versionRE.MatchString(opt.Version) {
		return nil, fmt.Errorf("version %q: use letters, digits, '.', '+' and '-' only", opt.Version)
	}
	if opt.Go == "" {
		opt.Go = "go"
	}
	if len(opt.Targets) == 0 {
		opt.Targets = Targets
	}
	var docs []File
	for _, p := range opt.Docs {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("docs: %w", err)
		}
		docs = append(docs, File{Name: filepath.Base(p), Data: data})
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "okrs-dist-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	archives := map[string][]byte{}
	var names []string
	for _, t := range opt.Targets {
		bin, err := build(opt, t, filepath.Join(tmp, t.OS+"_"+t.Arch, t.Binary()))
		if err != nil {
			return nil, fmt.Errorf("build %s/%s: %w", t.OS, t.Arch, err)
		}
		files := append([]File{{Name: t.Binary(), Exec: true, Data: bin}}, docs...)
		var b bytes.Buffer
		if t.OS == "windows" {
			err = WriteZip(&b, files, opt.Time)
		} else {
			err = WriteTarGz(&b, files, opt.Time)
		}
		if err != nil {
			return nil, fmt.Errorf("archive %s/%s: %w", t.OS, t.Arch, err)
		}
		name := t.Archive(opt.Version)
		if err := os.WriteFile(filepath.Join(opt.Out, name), b.Bytes(), 0o644); err != nil {
			return nil, err
		}
		archives[name] = b.Bytes()
		names = append(names, name)
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "%s  %d bytes\n", filepath.Join(opt.Out, name), b.Len())
		}
	}
	if err := os.WriteFile(filepath.Join(opt.Out, "SHA256SUMS"), Sums(archives), 0o644); err != nil {
		return nil, err
	}
	return names, nil
}

// build compiles one target's binary and returns its bytes.
func build(opt Options, t Target, out string) ([]byte, error) {
	ldflags := "-s -w"
	if opt.Stamp != "" {
		ldflags += " -X " + opt.Stamp + "=" + opt.Version
	}
	cmd := exec.Command(opt.Go, "build", "-trimpath", "-ldflags", ldflags, "-o", out, opt.Package)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.OS, "GOARCH="+t.Arch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w\n%s", err, stderr.Bytes())
	}
	return os.ReadFile(out)
}
