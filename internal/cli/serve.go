package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/serve"
	"github.com/okrs-dev/okrs/internal/site"
)

// runServe previews the site until Ctrl-C. It exits 0 when stopped and 2
// when it cannot start (no data directory, the address is taken). Invalid
// data does not stop it: the pages show the findings instead.
func runServe(e *env, args []string) int {
	fs := newFlags(e, "serve")
	// Not dataFlags: the server keeps checked files in memory between
	// builds, so the on-disk cache and one-shot profiles do not apply.
	var data dataFlags
	data.registerInput(fs, "compute as of this date, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH, else the day of each build in UTC)")
	data.registerSince(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "the `address` to listen on; the default serves this machine only")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	dir, ok := dirArg(e, rest)
	if !ok {
		return exitError
	}
	if _, err := load.Files(dir); err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	// A fixed --as-of holds; otherwise every build takes the day it runs.
	first, err := compute.AsOf(data.asOf, e.getenv, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	if _, err := compute.Since(data.since, first); err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	asOf := func() okr.Date {
		d, _ := compute.AsOf(data.asOf, e.getenv, time.Now())
		return d
	}
	// A fixed --since holds (or, once the day passes it, is the as-of date);
	// otherwise it is a week before each build's as-of date.
	since := func(asOf okr.Date) okr.Date {
		d, err := compute.Since(data.since, asOf)
		if err != nil {
			return asOf
		}
		return d
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := serve.New(serve.Options{Dir: dir, Addr: *addr, MaxFileSize: data.maxFileSize, AsOf: asOf, Since: since, Render: siteRenderer(), Log: e.stderr})
	fmt.Fprintf(e.stderr, "okrs: serving %s at http://%s/ (Ctrl-C to stop)\n", dir, ln.Addr())
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	fmt.Fprintln(e.stderr, "okrs: stopped")
	return exitOK
}

// siteRenderer renders a checked organization as `okrs build` does, in
// memory. It keeps the last site it rendered, so that after a save only
// the pages whose data changed are rendered again, and leaves the data
// exports until someone asks for one. serve calls it for one build at a
// time.
func siteRenderer() serve.Renderer {
	var previous site.Files
	return func(res *pipeline.Result) (serve.Site, error) {
		in := site.Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}
		files, err := site.Render(in, site.Options{Previous: previous, NoExports: true})
		if err != nil {
			return serve.Site{}, err
		}
		previous = files
		later := func() (map[string][]byte, error) {
			exports, err := site.Exports(in, site.Options{})
			return byPath(exports), err
		}
		return serve.Site{Files: byPath(files), Later: later}, nil
	}
}

func byPath(files site.Files) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		out[f.Path] = f.Data
	}
	return out
}
