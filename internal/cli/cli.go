// Package cli is the okrs command line: subcommands, flags, output formats
// and exit codes. Each subcommand lives in its own file and returns an exit
// code; nothing below main calls os.Exit.
package cli

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Exit codes, as in the spec: findings at error level are 1, a command that
// could not do its work at all (usage, I/O) is 2.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
// Left empty, the version is the one Go records in the binary: the module
// version for `go install ...@v1.2.3`, the pseudo-version or commit for a
// build from a checkout.
var Version = ""

// version is what `okrs version` and SARIF's driver.version say.
func version() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	return versionOf(info, ok)
}

func versionOf(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v // a tag, or a pseudo-version naming the commit (+dirty when changed)
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "+dirty"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return "devel-" + rev + dirty
}

type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name, usage, summary string
	run                  func(e *env, args []string) int
}

// commands is the list `okrs help` prints, in this order.
var commands []command

func init() {
	commands = []command{
		{"init", "okrs init [DIR] [--as-of DATE] [--name NAME]", "scaffold a working OKR repository: org, RACI, a team, a cycle, a CI workflow", runInit},
		{"validate", "okrs validate [DIR] [--format text|json|github|sarif] [--strict] [--as-of DATE]", "check the data files: YAML, schema, references and health rules", runValidate},
		{"build", "okrs build [DIR] [-o public] [--as-of DATE] [--base-url URL]", "render the static site", runBuild},
		{"serve", "okrs serve [DIR] [--addr 127.0.0.1:8080] [--as-of DATE]", "preview the site: rebuild on every change and reload the browser", runServe},
		{"diff", "okrs diff BASE [HEAD] [--dir okrs] [--format markdown|text|json] [--as-of DATE]", "what a change does to the OKRs, between git revisions or two directories", runDiff},
		{"new-cycle", "okrs new-cycle ID --start DATE --end DATE [--from CYCLE] [--name NAME] [--dir okrs] [--as-of DATE]", "start the next cycle: add it to the Organization and carry each team's open objectives as drafts", runNewCycle},
		{"check-in", "okrs check-in REF --value V [--confidence C] [--note TEXT] [--by ID] [--date D] [--dir okrs]", "append a check-in to the right file, keeping its comments and layout", runCheckIn},
		{"schema", "okrs schema", "print the JSON Schema of the data files", runSchema},
		{"version", "okrs version", "print the version", runVersion},
		{"help", "okrs help", "show this help", runHelp},
	}
}

// Run runs okrs with the given arguments and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	return run(&env{stdout: stdout, stderr: stderr, getenv: osGetenv}, args)
}

func run(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitError
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	case "--version", "-version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "okrs: unknown command %q%s\n\n", name, suggest(name))
	usage(e.stderr)
	return exitError
}

func suggest(name string) string {
	for _, c := range commands {
		if strings.HasPrefix(c.name, name) || strings.HasPrefix(name, c.name) {
			return fmt.Sprintf(" (did you mean %q?)", c.name)
		}
	}
	return ""
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "okrs keeps OKRs as code: it validates YAML files and renders them into a static site.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "okrs COMMAND -h" for the flags of a command.`)
}

func runHelp(e *env, args []string) int {
	usage(e.stdout)
	return exitOK
}

func runVersion(e *env, args []string) int {
	fmt.Fprintf(e.stdout, "okrs %s\n", version())
	return exitOK
}

// newFlags makes a flag set that reports errors instead of exiting, with a
// usage line taken from the command table.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(e.stderr, "Usage: %s\n\n%s.\n\nFlags:\n", c.usage, c.summary)
			}
		}
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags that may come before or after positional
// arguments ("okrs validate okrs --strict" and "okrs validate --strict
// okrs" both work, as users expect). Everything after "--" is positional,
// wherever it stands: "okrs diff -- -a -b" compares revisions named -a and
// -b.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if endedFlags(fs, args[:len(args)-len(rest)]) {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// endedFlags tells whether the flags fs just parsed ended with "--", as
// opposed to a flag's value that is "--" (--note --).
func endedFlags(fs *flag.FlagSet, parsed []string) bool {
	for i := 0; i < len(parsed); i++ {
		arg := parsed[i]
		if arg == "--" {
			return i == len(parsed)-1
		}
		name := strings.TrimLeft(arg, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) {
			i++ // its value
		}
	}
	return false
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
