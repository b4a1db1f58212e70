package cli

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestUnreadableFolder runs okrs on a data directory that cannot be listed,
// and on one with a folder below it that cannot be: each is an error at
// that folder (exit 1), not an I/O error without a place (exit 2). The
// tests run as root here, which every permission lets through, so okrs is
// run as the unprivileged user nobody (65534); as another user, chmod is
// enough.
func TestUnreadableFolder(t *testing.T) {
	self, err := exec.LookPath("okrs") // the test binary, as testscript.Main put it on PATH
	if err != nil {
		t.Fatal(err)
	}
	// Everything nobody needs must be reachable by nobody: a folder of
	// our own, not t.TempDir, whose parents are private.
	work, err := os.MkdirTemp("", "okrs-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(work, func(path string, d os.DirEntry, err error) error {
			os.Chmod(path, 0o755)
			return nil
		})
		os.RemoveAll(work)
	})
	okrs := filepath.Join(work, "okrs")
	copyFile(t, self, okrs, 0o755)
	data := filepath.Join(work, "data")
	copyTree(t, "testdata/base", data)
	locked := filepath.Join(data, "locked")
	if err := os.Mkdir(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(data, "teams", "web.yaml"), filepath.Join(locked, "web.yaml"), 0o644)
	if err := filepath.WalkDir(work, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path == okrs {
			return os.Chmod(path, 0o755)
		}
		return os.Chmod(path, 0o644)
	}); err != nil {
		t.Fatal(err)
	}

	run := func(t *testing.T, want string) {
		t.Helper()
		cmd := exec.Command(okrs, "validate", data, "--cache-dir", "off", "--as-of", "2026-05-27")
		cmd.Dir = work
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + work}
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != 1 || !strings.Contains(string(out), want) {
			t.Errorf("exit %d, output:\n%s\nwant exit 1 and %q", code, out, want)
		}
	}
	lock := func(t *testing.T, dir string) {
		t.Helper()
		if err := os.Chmod(dir, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		if os.Geteuid() != 0 {
			if _, err := os.ReadDir(dir); err == nil {
				t.Skip("chmod 0 does not stop this user from reading a folder")
			}
		}
	}

	t.Run("a folder below the data directory", func(t *testing.T) {
		lock(t, locked)
		run(t, data+"/locked:1:1: error: cannot read folder: permission denied; make it readable (chmod +rx) or move it out of the data directory [file]")
	})
	t.Run("the data directory", func(t *testing.T) {
		lock(t, data)
		run(t, data+":1:1: error: cannot read folder: permission denied")
	})
}

func copyFile(t *testing.T, from, to string, perm os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
