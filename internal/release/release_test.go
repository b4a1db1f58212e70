package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var commitTime = time.Date(2026, 12, 4, 15, 25, 51, 0, time.UTC)

// files are what an archive holds, in an order that is not the archive's.
func files() []File {
	return []File{
		{Name: "README.md", Data: []byte("# okrs\n")},
		{Name: "okrs", Exec: true, Data: bytes.Repeat([]byte("binary "), 1000)},
		{Name: "ECHARTS-LICENSE.txt", Data: []byte("Apache License\n")},
	}
}

// TestReproducible writes each kind of archive twice, from files given in
// different orders and at different wall-clock times, and wants the same
// bytes; then reads one back and checks what it says about every entry.
func TestReproducible(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(io.Writer, []File, time.Time) error
		read  func(*testing.T, []byte) []entry
	}{
		{"tar.gz", WriteTarGz, readTarGz},
		{"zip", WriteZip, readZip},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tc.write(&a, files(), commitTime); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1100 * time.Millisecond) // a second later: nothing may depend on the clock
			reversed := files()
			reversed[0], reversed[2] = reversed[2], reversed[0]
			if err := tc.write(&b, reversed, commitTime.In(time.FixedZone("CET", 3600))); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("two archives of the same files differ (%d and %d bytes)", a.Len(), b.Len())
			}
			got := tc.read(t, a.Bytes())
			want := []entry{
				{"ECHARTS-LICENSE.txt", 0o644, "Apache License\n"},
				{"README.md", 0o644, "# okrs\n"},
				{"okrs", 0o755, strings.Repeat("binary ", 1000)},
			}
			if len(got) != len(want) {
				t.Fatalf("%d entries, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("entry %d: got %s %o (%d bytes), want %s %o", i, got[i].name, got[i].mode, len(got[i].data), want[i].name, want[i].mode)
				}
			}
		})
	}
}

type entry struct {
	name string
	mode int64
	data string
}

func readTarGz(t *testing.T, b []byte) []entry {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" {
		t.Errorf("gzip header has name %q, time %v, comment %q; want none", zr.Name, zr.ModTime, zr.Comment)
	}
	var out []entry
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "root" || h.Gname != "root" {
			t.Errorf("%s: owner %d/%s, group %d/%s; want 0/root", h.Name, h.Uid, h.Uname, h.Gid, h.Gname)
		}
		if !h.ModTime.Equal(commitTime) {
			t.Errorf("%s: time %v, want %v", h.Name, h.ModTime, commitTime)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, entry{h.Name, h.Mode, string(data)})
	}
}

func readZip(t *testing.T, b []byte) []entry {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, f := range zr.File {
		if !f.Modified.Equal(commitTime) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, commitTime)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, entry{f.Name, int64(f.Mode().Perm()), string(data)})
	}
	return out
}

func TestDuplicateName(t *testing.T) {
	fs := append(files(), File{Name: "README.md", Data: []byte("another")})
	if err := WriteTarGz(io.Discard, fs, commitTime); err == nil || !strings.Contains(err.Error(), "README.md is in the archive twice") {
		t.Errorf("tar.gz: err = %v", err)
	}
	if err := WriteZip(io.Discard, fs, commitTime); err == nil || !strings.Contains(err.Error(), "README.md is in the archive twice") {
		t.Errorf("zip: err = %v", err)
	}
}

func TestSums(t *testing.T) {
	got := string(Sums(map[string][]byte{"b.zip": []byte("b"), "a.tar.gz": []byte("")}))
	want := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.tar.gz\n" +
		"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.zip\n"
	if got != want {
		t.Errorf("Sums:\n%s\nwant\n%s", got, want)
	}
}

func TestArchiveNames(t *testing.T) {
	for _, tc := range []struct {
		t         Target
		bin, file string
	}{
		{Target{"linux", "arm64"}, "okrs", "okrs_v1.2.0_linux_arm64.tar.gz"},
		{Target{"darwin", "amd64"}, "okrs", "okrs_v1.2.0_darwin_amd64.tar.gz"},
		{Target{"windows", "amd64"}, "okrs.exe", "okrs_v1.2.0_windows_amd64.zip"},
	} {
		if got := tc.t.Binary(); got != tc.bin {
			t.Errorf("%v: binary %s, want %s", tc.t, got, tc.bin)
		}
		if got := tc.t.Archive("v1.2.0"); got != tc.file {
			t.Errorf("%v: archive %s, want %s", tc.t, got, tc.file)
		}
	}
}

// TestDist builds a tiny program for two platforms twice, into two
// folders, and wants the same SHA256SUMS and archives; the program's
// version is the one stamped with -X.
func TestDist(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	mod := t.TempDir()
	write(t, filepath.Join(mod, "go.mod"), "module example.com/hello\n\ngo 1.22\n")
	write(t, filepath.Join(mod, "main.go"), "package main\n\nvar Version = \"dev\"\n\nfunc main() { println(Version) }\n")
	write(t, filepath.Join(mod, "NOTICE"), "a notice\n")
	dist := func(out string) {
		t.Helper()
		opt := Options{
			Version: "v0.1.0-test",
			Time:    commitTime,
			Package: ".",
			Stamp:   "main.Version",
			Docs:    []string{filepath.Join(mod, "NOTICE")},
			Out:     out,
			Targets: []Target{{"linux", "amd64"}, {"windows", "amd64"}},
		}
		names, err := Dist(opt)
		if err != nil {
			t.Fatal(err)
		}
		if want := "okrs_v0.1.0-test_linux_amd64.tar.gz okrs_v0.1.0-test_windows_amd64.zip"; strings.Join(names, " ") != want {
			t.Errorf("archives %v, want %s", names, want)
		}
	}
	t.Chdir(mod)
	a, b := t.TempDir(), t.TempDir()
	dist(a)
	dist(b)
	for _, name := range []string{"SHA256SUMS", "okrs_v0.1.0-test_linux_amd64.tar.gz", "okrs_v0.1.0-test_windows_amd64.zip"} {
		x, y := read(t, filepath.Join(a, name)), read(t, filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	sums := string(read(t, filepath.Join(a, "SHA256SUMS")))
	if strings.Count(sums, "\n") != 2 || !strings.Contains(sums, "  okrs_v0.1.0-test_windows_amd64.zip\n") {
		t.Errorf("SHA256SUMS:\n%s", sums)
	}
	entries := readTarGz(t, read(t, filepath.Join(a, "okrs_v0.1.0-test_linux_amd64.tar.gz")))
	if len(entries) != 2 || entries[0].name != "NOTICE" || entries[1].name != "okrs" || entries[1].mode != 0o755 {
		t.Fatalf("linux archive holds %v", entries)
	}
	if !strings.Contains(entries[1].data, "v0.1.0-test") {
		t.Errorf("the binary does not hold the stamped version")
	}
	if strings.Contains(entries[1].data, mod) {
		t.Errorf("the binary names the build folder %s: not built with -trimpath", mod)
	}
	if entries := readZip(t, read(t, filepath.Join(a, "okrs_v0.1.0-test_windows_amd64.zip"))); len(entries) != 2 || entries[1].name != "okrs.exe" {
		t.Errorf("windows archive holds %v", entries)
	}
}

func TestBadVersion(t *testing.T) {
	for _, v := range []string{"", "v1/2", "v1 2", "-v1"} {
		if _, err := Dist(Options{Version: v, Out: t.TempDir()}); err == nil {
			t.Errorf("version %q accepted", v)
		}
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
