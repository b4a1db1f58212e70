package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/okrs-dev/okrs/internal/bench"
	"github.com/okrs-dev/okrs/internal/serve"
)

// saves is how many times serveSave saves the file.
const saves = 7

var serving = regexp.MustCompile(`serving .* at (http://[^/ ]+)/`)

// serveSave times okrs serve the way a person sees it: from writing a
// one-line edit of a data file to the reload event the open pages get
// over the events stream, which is when the browser asks for the new page.
func (r *runner) serveSave(size, org, asOf string) error {
	path, src, err := savedFile(org, asOf)
	if err != nil {
		return err
	}
	defer os.WriteFile(path, src, 0o644)

	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.okrs, "serve", "--addr", "127.0.0.1:0", "--as-of", asOf, org)
	logPath := filepath.Join(r.dir, "okrs-serve-"+size+".err")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(logFile, sc.Text())
			if m := serving.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-addr:
	case <-ctx.Done():
		return fmt.Errorf("okrs serve did not start; see %s", logPath)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+serve.EventsPath, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("okrs serve: %w", err)
	}
	defer resp.Body.Close()
	versions := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				versions <- v
			}
		}
		close(versions)
	}()
	next := func() (string, error) {
		select {
		case v, ok := <-versions:
			if !ok {
				return "", errors.New("okrs serve closed the event stream")
			}
			return v, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	// The stream starts with the current version: 0 until the first build.
	v, err := next()
	for err == nil && v == "0" {
		v, err = next()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(r.log, "%s: okrs serve, save to reload:", size)
	defer fmt.Fprintln(r.log)
	var took []time.Duration
	for n := range saves {
		time.Sleep(300 * time.Millisecond) // a person does not save twice in a burst
		start := time.Now()
		if err := os.WriteFile(path, bench.Save(src, n+1), 0o644); err != nil {
			return err
		}
		if _, err := next(); err != nil {
			return err
		}
		took = append(took, time.Since(start))
		fmt.Fprintf(r.log, " %.3fs", took[n].Seconds())
	}
	slices.Sort(took)
	r.rows = append(r.rows, bench.Row{Tool: "okrs serve, save to reload", Size: size,
		Measurement: bench.Measurement{Wall: took[0]},
		Note:        fmt.Sprintf("median %.3f s of %d saves", took[len(took)/2].Seconds(), saves)})
	return nil
}
