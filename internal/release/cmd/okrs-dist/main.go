// Command okrs-dist writes okrs's release archives and their SHA256SUMS;
// `make dist` runs it from the repository's root:
//
//	okrs-dist -version v1.2.0 -time 1764859551 -o dist README.md templates/vendor/ECHARTS-LICENSE.txt
//
// The arguments are the files put next to the binary in every archive.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/okrs-dev/okrs/internal/release"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("okrs-dist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	version := fs.String("version", "", "the version stamped into okrs and named in the archives (required)")
	unix := fs.Int64("time", -1, "the time of every archive entry, in seconds since 1970: the commit's (required)")
	out := fs.String("o", "dist", "output folder")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: okrs-dist -version V -time UNIX [-o dist] [DOC...]")
		fmt.Fprintln(stderr, "\nBuilds okrs for every release platform and writes reproducible archives and SHA256SUMS.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *version == "" || *unix < 0 {
		fs.Usage()
		return 2
	}
	_, err := release.Dist(release.Options{
		Version: *version,
		Time:    time.Unix(*unix, 0),
		Package: "./cmd/okrs",
		Stamp:   "github.com/okrs-dev/okrs/internal/cli.Version",
		Docs:    fs.Args(),
		Out:     *out,
		Log:     stdout,
	})
	if err != nil {
		fmt.Fprintf(stderr, "okrs-dist: %v\n", err)
		return 1
	}
	return 0
}
