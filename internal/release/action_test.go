package release

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rhysd/actionlint"
)

// installScript is the script of the setup-okrs GitHub Action, which
// installs the archives Dist makes.
const installScript = "../../.github/actions/setup-okrs/install.sh"

// fakeRelease serves releases the way GitHub does, from memory:
// /download/TAG/FILE, and /latest redirecting to /tag/TAG. It records
// every path asked for.
type fakeRelease struct {
	latest string
	files  map[string][]byte // "TAG/FILE"
	mu     sync.Mutex
	asked  []string
}

func (f *fakeRelease) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.asked = append(f.asked, r.URL.Path)
	f.mu.Unlock()
	switch {
	case r.URL.Path == "/latest":
		http.Redirect(w, r, "/tag/"+f.latest, http.StatusFound)
	case strings.HasPrefix(r.URL.Path, "/tag/"):
		fmt.Fprintln(w, "a release page")
	case strings.HasPrefix(r.URL.Path, "/download/"):
		data, ok := f.files[strings.TrimPrefix(r.URL.Path, "/download/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeRelease) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.asked)
}

// newRelease makes the archives of one version for every target, each
// binary holding its platform's name, with their SHA256SUMS.
func newRelease(t *testing.T, version string) *fakeRelease {
	t.Helper()
	f := &fakeRelease{latest: version, files: map[string][]byte{}}
	archives := map[string][]byte{}
	for _, tg := range Targets {
		files := []File{
			{Name: tg.Binary(), Exec: true, Data: []byte("okrs for " + tg.OS + "/" + tg.Arch)},
			{Name: "README.md", Data: []byte("# okrs\n")},
		}
		var b bytes.Buffer
		var err error
		if tg.OS == "windows" {
			err = WriteZip(&b, files, commitTime)
		} else {
			err = WriteTarGz(&b, files, commitTime)
		}
		if err != nil {
			t.Fatal(err)
		}
		archives[tg.Archive(version)] = b.Bytes()
		f.files[version+"/"+tg.Archive(version)] = b.Bytes()
	}
	f.files[version+"/SHA256SUMS"] = Sums(archives)
	return f
}

type scriptRun struct {
	stdout, stderr string
	err            error
	githubPath     string
}

// runScript runs the install script with the given environment, and
// nothing of the test's own that could pick the platform or the folder.
func runScript(t *testing.T, srv *httptest.Server, arg string, env ...string) scriptRun {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "tar", "unzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the install script's test needs %s (.ci/run installs it)", tool)
		}
	}
	ghPath := filepath.Join(t.TempDir(), "github_path")
	cmd := exec.Command("bash", installScript, arg)
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + t.TempDir(),
		"OKRS_RELEASES_URL=" + srv.URL + "/",
		"GITHUB_PATH=" + ghPath,
	}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	gp, _ := os.ReadFile(ghPath)
	return scriptRun{stdout.String(), stderr.String(), err, string(gp)}
}

// TestInstallScript: for every platform the script fetches that
// platform's archive and nothing else, checks it, unpacks it into the
// folder and puts the folder on the runner's PATH.
func TestInstallScript(t *testing.T) {
	rel := newRelease(t, "v1.2.0")
	for _, tg := range Targets {
		t.Run(tg.OS+"-"+tg.Arch, func(t *testing.T) {
			rel.asked = nil
			srv := httptest.NewServer(rel)
			defer srv.Close()
			dir := filepath.Join(t.TempDir(), "okrs")
			r := runScript(t, srv, "install", "OKRS_VERSION=v1.2.0", "OKRS_OS="+tg.OS, "OKRS_ARCH="+tg.Arch, "OKRS_INSTALL_DIR="+dir)
			if r.err != nil {
				t.Fatalf("%v\n%s", r.err, r.stderr)
			}
			bin, err := os.ReadFile(filepath.Join(dir, tg.Binary()))
			if err != nil {
				t.Fatal(err)
			}
			if want := "okrs for " + tg.OS + "/" + tg.Arch; string(bin) != want {
				t.Errorf("installed %q, want %q", bin, want)
			}
			if fi, err := os.Stat(filepath.Join(dir, tg.Binary())); err != nil || fi.Mode().Perm()&0o100 == 0 {
				t.Errorf("%s is not executable", tg.Binary())
			}
			want := []string{"/download/v1.2.0/SHA256SUMS", "/download/v1.2.0/" + tg.Archive("v1.2.0")}
			if got := rel.paths(); !slices.Equal(got, want) {
				t.Errorf("asked for %v, want %v", got, want)
			}
			if r.githubPath != dir+"\n" {
				t.Errorf("GITHUB_PATH got %q, want %q", r.githubPath, dir+"\n")
			}
		})
	}
}

// TestInstallScriptRunner: without OKRS_OS and OKRS_ARCH the platform is
// the runner's, and the folder is in the runner's tool cache; an okrs
// already there (the cache restored it) is not downloaded again.
func TestInstallScriptRunner(t *testing.T) {
	rel := newRelease(t, "v1.2.0")
	srv := httptest.NewServer(rel)
	defer srv.Close()
	tools := t.TempDir()
	env := []string{"OKRS_VERSION=v1.2.0", "RUNNER_OS=macOS", "RUNNER_ARCH=ARM64", "RUNNER_TOOL_CACHE=" + tools}
	dir := filepath.Join(tools, "okrs", "v1.2.0", "darwin-arm64")

	r := runScript(t, srv, "resolve", env...)
	want := "version=v1.2.0\nos=darwin\narch=arm64\narchive=okrs_v1.2.0_darwin_arm64.tar.gz\ndir=" + dir + "\n"
	if r.err != nil || r.stdout != want {
		t.Fatalf("resolve: %v\n%s\ngot:\n%s\nwant:\n%s", r.err, r.stderr, r.stdout, want)
	}
	if r := runScript(t, srv, "install", env...); r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	if bin, err := os.ReadFile(filepath.Join(dir, "okrs")); err != nil || string(bin) != "okrs for darwin/arm64" {
		t.Fatalf("installed %q, %v", bin, err)
	}
	before := len(rel.paths())
	r = runScript(t, srv, "install", env...)
	if r.err != nil || !strings.Contains(r.stdout, "already in") || len(rel.paths()) != before {
		t.Errorf("second install: %v, asked for %v, said %q", r.err, rel.paths()[before:], r.stdout)
	}
	if r.githubPath != dir+"\n" {
		t.Errorf("second install: GITHUB_PATH %q", r.githubPath)
	}
}

// TestInstallScriptLatest: latest is the tag the latest release's page
// redirects to, and that tag is what the archive's name and folder say.
func TestInstallScriptLatest(t *testing.T) {
	srv := httptest.NewServer(newRelease(t, "v1.3.0-rc.1"))
	defer srv.Close()
	dir := t.TempDir()
	r := runScript(t, srv, "resolve", "OKRS_VERSION=latest", "OKRS_OS=linux", "OKRS_ARCH=amd64", "RUNNER_TOOL_CACHE="+dir)
	if r.err != nil || !strings.Contains(r.stdout, "version=v1.3.0-rc.1\n") || !strings.Contains(r.stdout, "dir="+dir+"/okrs/v1.3.0-rc.1/linux-amd64\n") {
		t.Errorf("resolve latest: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
}

// TestInstallScriptRefuses: what the script must not install, and the
// message that says why.
func TestInstallScriptRefuses(t *testing.T) {
	rel := newRelease(t, "v1.2.0")
	// A tampered archive: SHA256SUMS lists the honest one.
	tampered := newRelease(t, "v1.2.0")
	name := Target{"linux", "amd64"}.Archive("v1.2.0")
	tampered.files["v1.2.0/"+name] = append(slices.Clone(tampered.files["v1.2.0/"+name]), 0)
	// A release whose SHA256SUMS has no line for the archive.
	unlisted := newRelease(t, "v1.2.0")
	unlisted.files["v1.2.0/SHA256SUMS"] = []byte("0000  okrs_v1.2.0_linux_amd64.tar.gz.sig\n")

	for _, tc := range []struct {
		name string
		rel  *fakeRelease
		env  []string
		want string
	}{
		{"wrong checksum", tampered, []string{"OKRS_VERSION=v1.2.0"}, "but the release's SHA256SUMS says"},
		{"archive not in SHA256SUMS", unlisted, []string{"OKRS_VERSION=v1.2.0"}, "has no line for okrs_v1.2.0_linux_amd64.tar.gz"},
		{"no version", rel, nil, "no version: set the action's version input"},
		{"empty version", rel, []string{"OKRS_VERSION="}, "no version: set the action's version input"},
		{"version not released", rel, []string{"OKRS_VERSION=v9.9.9"}, "okrs v9.9.9 has no SHA256SUMS"},
		{"version not a tag", rel, []string{"OKRS_VERSION=../v1.2.0"}, `version "../v1.2.0" is not a release tag`},
		{"no such platform", rel, []string{"OKRS_VERSION=v1.2.0", "OKRS_OS=plan9"}, "no okrs release for plan9/amd64"},
		{"no such runner", rel, []string{"OKRS_VERSION=v1.2.0", "OKRS_OS=", "OKRS_ARCH=", "RUNNER_OS=Linux", "RUNNER_ARCH=ARM"}, "no okrs release for the architecture ARM"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.rel)
			defer srv.Close()
			dir := filepath.Join(t.TempDir(), "okrs")
			env := append([]string{"OKRS_OS=linux", "OKRS_ARCH=amd64", "OKRS_INSTALL_DIR=" + dir}, tc.env...)
			r := runScript(t, srv, "install", env...)
			if r.err == nil {
				t.Fatalf("installed, want refused\n%s", r.stdout)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr:\n%s\nwant it to say %q", r.stderr, tc.want)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s was made", dir)
			}
			if r.githubPath != "" {
				t.Errorf("GITHUB_PATH got %q", r.githubPath)
			}
		})
	}
}

// TestActionMetadata has actionlint read the action's action.yml through a
// workflow that uses it as a local action: a workflow that passes the
// version is clean, one that misspells the input is not.
func TestActionMetadata(t *testing.T) {
	meta, err := os.ReadFile(filepath.Join(filepath.Dir(installScript), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		with string
		want string // an error actionlint must report; empty: none
	}{
		{"version: v1.2.0", ""},
		{"versoin: v1.2.0", `missing input "version"`},
	} {
		t.Run(tc.with, func(t *testing.T) {
			repo := t.TempDir()
			write := func(path, data string) {
				p := filepath.Join(repo, filepath.FromSlash(path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(".git/HEAD", "ref: refs/heads/main\n")
			write(".github/actions/setup-okrs/action.yml", string(meta))
			write(".github/workflows/ci.yml", "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"+
				"      - uses: actions/checkout@v4\n      - uses: ./.github/actions/setup-okrs\n        with:\n          "+tc.with+"\n"+
				"      - run: okrs validate okrs\n")
			var out bytes.Buffer
			l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever, WorkingDir: repo})
			if err != nil {
				t.Fatal(err)
			}
			errs, err := l.LintRepository(repo)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Errorf("actionlint:\n%s", out.String())
			case tc.want != "" && !strings.Contains(out.String(), tc.want):
				t.Errorf("actionlint did not say %q:\n%s", tc.want, out.String())
			}
		})
	}
}

// TestReleaseWorkflow lints the workflow that publishes what setup-okrs
// installs.
func TestReleaseWorkflow(t *testing.T) {
	const path = "../../.github/workflows/release.yml"
	wf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever})
	if err != nil {
		t.Fatal(err)
	}
	if errs, err := l.Lint("release.yml", wf, nil); err != nil || len(errs) > 0 {
		t.Errorf("actionlint: %v\n%s", err, out.String())
	}
	for _, want := range []string{"make dist VERSION=", "dist/*", "-f .github/image/Containerfile"} {
		if !bytes.Contains(wf, []byte(want)) {
			t.Errorf("release.yml does not have %q", want)
		}
	}
}
