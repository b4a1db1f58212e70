package cli

import (
	"fmt"
	"net/url"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/site"
)

// runBuild renders the site: validate, refuse invalid data, render every
// file into a folder next to the output, then swap it in, so that a failed
// build leaves the previous site as it was.
func runBuild(e *env, args []string) int {
	fs := newFlags(e, "build")
	var data dataFlags
	data.register(e, fs)
	out := fs.String("o", "public", "the output `folder`; replaced as a whole, and only if it is empty or okrs build wrote it")
	baseURL := fs.String("base-url", "", "the `URL` the site is published at; only adds <link rel=\"canonical\"> (links stay relative)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return exitError
	}
	dir, ok := dirArg(e, rest)
	if !ok {
		return exitError
	}
	if *baseURL != "" {
		u, err := url.Parse(*baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(e.stderr, "okrs: --base-url %q is not an absolute http or https URL\n", *baseURL)
			return exitError
		}
	}
	return data.profiled(e, func() int { return build(e, &data, dir, *out, *baseURL) })
}

// build is the work of okrs build, for the profiles to measure.
func build(e *env, data *dataFlags, dir, out, baseURL string) int {
	res, code := data.check(e, dir)
	if res == nil {
		return code
	}
	if !res.Valid() {
		writeText(e.stderr, res)
		fmt.Fprintf(e.stderr, "okrs: not building the site from invalid data; %s is unchanged\n", out)
		return exitFindings
	}
	in := site.Input{Model: res.Model, Numbers: res.Numbers, Findings: res.Findings}
	st, err := site.Build(out, in, site.Options{BaseURL: baseURL, Cache: data.cache()})
	if err != nil {
		fmt.Fprintf(e.stderr, "okrs: %v\n", err)
		return exitError
	}
	c := finding.Tally(res.Findings)
	// A build that finds the site already up to date writes nothing, and
	// says so rather than "wrote".
	if st.UpToDate {
		fmt.Fprintf(e.stdout, "okrs: %s is up to date (%d files)", out, st.Files)
	} else {
		fmt.Fprintf(e.stdout, "okrs: wrote %d files to %s", st.Files, out)
	}
	if !st.UpToDate && st.Rendered < st.Pages {
		fmt.Fprintf(e.stdout, " (%d of %d pages rendered, the others unchanged)", st.Rendered, st.Pages)
	}
	fmt.Fprintf(e.stdout, ", as of %s", res.Numbers.AsOf)
	if c.Warnings+c.Infos > 0 {
		fmt.Fprintf(e.stdout, " (%s, %s: see health/index.html)", plural(c.Warnings, "warning"), plural(c.Infos, "info"))
	}
	fmt.Fprintln(e.stdout)
	return exitOK
}
