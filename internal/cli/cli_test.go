package cli

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and script expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"okrs": func() { os.Exit(Run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script: each holds a tiny
// data directory, runs okrs on it and checks output and exit code.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOURCE_DATE_EPOCH", "1779840000") // 2026-05-27, so scripts never depend on today
			return addBase(env.WorkDir)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exit": cmdExit,
		},
	})
}

// addBase copies the small valid organization in testdata/base into the
// script's okrs/ folder, except for files the script brings itself. A
// script that wants a data folder of its own creates a file named nobase;
// one with a file named realbase gets the organization of the repository's
// testdata/real that the file names instead.
func addBase(work string) error {
	if _, err := os.Stat(filepath.Join(work, "nobase")); err == nil {
		return nil
	}
	dir := "testdata/base"
	if name, err := os.ReadFile(filepath.Join(work, "realbase")); err == nil {
		dir = filepath.Join("../../testdata/real", strings.TrimSpace(string(name)))
	}
	base, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	return filepath.WalkDir(base, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(base, path)
		dst := filepath.Join(work, "okrs", rel)
		if _, err := os.Stat(dst); err == nil {
			return nil // the script's own version wins
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// cmdExit runs a command and checks its exact exit code: "exit 1 okrs
// validate okrs". testscript's own "! exec" only tells zero from non-zero,
// and okrs promises 1 for findings and 2 for usage and I/O errors.
func cmdExit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exit CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exit: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exit: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// okrs version names what was built: the module version Go records, or the
// commit of a checkout, and "dev" only when Go recorded neither.
func TestVersionOf(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "a73eff6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"}}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{name: "no build info", ok: false, want: "dev"},
		{name: "go install at a tag", info: &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, ok: true, want: "v1.2.3"},
		{name: "go install from a checkout", info: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204152159-a73eff6b1c2d+dirty"}}, ok: true, want: "v0.0.0-20261204152159-a73eff6b1c2d+dirty"},
		{name: "devel with a commit", info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, ok: true, want: "devel-a73eff6b1c2d"},
		{name: "devel with changes", info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"})}, ok: true, want: "devel-a73eff6b1c2d+dirty"},
		{name: "go test", info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, ok: true, want: "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionOf(tc.info, tc.ok); got != tc.want {
				t.Errorf("versionOf = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"okrs", "--strict"}, []string{"okrs"}},
		{[]string{"--strict", "okrs"}, []string{"okrs"}},
		{[]string{"--", "-a", "-b"}, []string{"-a", "-b"}},
		{[]string{"--strict", "--", "-a", "--strict"}, []string{"-a", "--strict"}},
		{[]string{"a", "--", "-b", "-c"}, []string{"a", "-b", "-c"}},
		{[]string{"--note", "--", "a"}, []string{"a"}},
		{[]string{"--note", "--", "--", "-a"}, []string{"-a"}},
		{[]string{"--note=--", "a", "--strict"}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.Bool("strict", false, "")
			note := fs.String("note", "", "")
			got, err := parseArgs(fs, tt.args)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
			if tt.args[0] == "--note" && *note != "--" {
				t.Errorf("--note = %q, want --", *note)
			}
		})
	}
}
