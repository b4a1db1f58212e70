// Package bench measures okrs on generated organizations (internal/gen):
// stage by stage as Go benchmarks (bench_test.go), and as whole commands
// side by side with a yaml.v3 parse floor and peer tools (cmd/okrs-bench,
// run by `make bench`, which keeps its table in RESULTS.md).
package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"
)

// Measurement is one timed run of a command.
type Measurement struct {
	Wall   time.Duration
	CPU    time.Duration // user + system, all threads
	MaxRSS int64         // peak resident set size, bytes
	Exit   int
}

// GNUTime is where GNU time lives; the README's hand-run commands use it
// too, so that numbers can be checked without this package.
const GNUTime = "/usr/bin/time"

// Run runs a command in dir with its output sent to the files stdout and
// stderr (either may be ""), under GNU time -v when it is installed, and
// returns its wall time and peak RSS. A command that exits non-zero is a
// measurement, not an error; the error is for one that could not run.
func Run(ctx context.Context, dir, stdout, stderr string, name string, args ...string) (Measurement, error) {
	var stats string
	if _, err := os.Stat(GNUTime); err == nil {
		f, err := os.CreateTemp("", "okrs-bench-time-")
		if err != nil {
			return Measurement{}, err
		}
		f.Close()
		stats = f.Name()
		defer os.Remove(stats)
		args = append([]string{"-v", "-o", stats, name}, args...)
		name = GNUTime
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := openOut(stdout)
	if err != nil {
		return Measurement{}, err
	}
	defer out.Close()
	errOut, err := openOut(stderr)
	if err != nil {
		return Measurement{}, err
	}
	defer errOut.Close()
	cmd.Stdout, cmd.Stderr = out, errOut

	start := time.Now()
	err = cmd.Run()
	m := Measurement{Wall: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		m.Exit = exit.ExitCode()
	case err != nil:
		return m, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.MaxRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	m.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if stats != "" {
		b, err := os.ReadFile(stats)
		if err != nil {
			return m, err
		}
		tv, err := ParseTimeV(b)
		if err != nil {
			return m, fmt.Errorf("%s: %w", GNUTime, err)
		}
		// time's own wall clock has 10 ms steps; ours is exact and
		// includes only time's negligible start-up.
		m.CPU, m.MaxRSS, m.Exit = tv.CPU, tv.MaxRSS, tv.Exit
	}
	return m, nil
}

func openOut(path string) (*os.File, error) {
	if path == "" {
		return os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	}
	return os.Create(path)
}

// ParseTimeV reads the output of GNU time -v: wall clock, CPU time, peak
// RSS and the command's exit status.
func ParseTimeV(out []byte) (Measurement, error) {
	var m Measurement
	var haveWall, haveRSS bool
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		key, val, ok := cut(line)
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(key, "Elapsed (wall clock) time"):
			d, err := parseClock(val)
			if err != nil {
				return m, err
			}
			m.Wall, haveWall = d, true
		case key == "Maximum resident set size (kbytes)":
			kb, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return m, fmt.Errorf("peak RSS %q: %w", val, err)
			}
			m.MaxRSS, haveRSS = kb<<10, true
		case key == "User time (seconds)" || key == "System time (seconds)":
			secs, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return m, fmt.Errorf("%s %q: %w", key, val, err)
			}
			m.CPU += time.Duration(secs * float64(time.Second))
		case key == "Exit status":
			n, err := strconv.Atoi(val)
			if err != nil {
				return m, fmt.Errorf("exit status %q: %w", val, err)
			}
			m.Exit = n
		}
	}
	if !haveWall || !haveRSS {
		return m, errors.New("no wall clock time or peak RSS in the output of time -v")
	}
	return m, nil
}

// cut splits "Key (may: have colons): value" at its last ": ".
func cut(line string) (key, val string, ok bool) {
	i := strings.LastIndex(line, ": ")
	if i < 0 {
		return "", "", false
	}
	return line[:i], strings.TrimSpace(line[i+2:]), true
}

// parseClock reads h:mm:ss or m:ss.ss.
func parseClock(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("wall clock %q is not h:mm:ss or m:ss", s)
	}
	var secs float64
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, fmt.Errorf("wall clock %q: %w", s, err)
		}
		secs = secs*60 + v
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// YAMLFloor reads and parses every *.yaml file below dir with yaml.v3 into
// nodes, and nothing else: the least any yaml.v3-based tool has to do, and
// so the floor okrs validate is measured against. Files are parsed on
// GOMAXPROCS workers, as okrs validate does, so the floor is not slowed
// by using one CPU where okrs uses all.
func YAMLFloor(dir string) (files int, size int64, err error) {
	var paths []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	sizes := make([]int64, len(paths))
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) { sizes[i], errs[i] = parseFile(paths[i]) })
	for i := range paths {
		if errs[i] != nil {
			return 0, 0, errs[i] // the first in path order, whatever finished first
		}
		size += sizes[i]
	}
	return len(paths), size, nil
}

// parallel runs work(0..n-1) on GOMAXPROCS workers.
func parallel(n int, work func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				work(i)
			}
		})
	}
	wg.Wait()
}

// EmptyTree makes below dst the folders and files that are below src, every
// file empty: the least any tool that writes the same site has to do on
// this disk, whatever it puts in the files. Folders are made first, in
// order; files on GOMAXPROCS workers, as okrs build writes them.
func EmptyTree(src, dst string) (files, dirs int, err error) {
	var paths []string
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, filepath.Join(dst, rel))
			return nil
		}
		dirs++
		return os.Mkdir(filepath.Join(dst, rel), 0o755)
	})
	if err != nil {
		return 0, 0, err
	}
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) { errs[i] = os.WriteFile(paths[i], nil, 0o644) })
	return len(paths), dirs, errors.Join(errs...)
}

func parseFile(path string) (int64, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return int64(len(src)), nil
			}
			return 0, fmt.Errorf("%s: %w", path, err)
		}
	}
}

// DirStats counts the files and bytes below dir, and the HTML pages.
func DirStats(dir string) (files, pages int, size int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		if strings.HasSuffix(path, ".html") {
			pages++
		}
		return nil
	})
	return files, pages, size, err
}

// Row is one line of the results table.
type Row struct {
	Tool, Size string
	Measurement
	Bytes int64 // input read, for MB/s
	Pages int   // HTML pages written; 0 for a tool that writes none
	Note  string
}

// Table renders rows as a Markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| tool | size | wall s | CPU s | MB/s | pages/s | peak RSS MB | note |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rows {
		secs := r.Wall.Seconds()
		mbs, pps := "–", "–"
		if secs > 0 && r.Bytes > 0 {
			mbs = fmt.Sprintf("%.1f", float64(r.Bytes)/1e6/secs)
		}
		if secs > 0 && r.Pages > 0 {
			pps = fmt.Sprintf("%.0f", float64(r.Pages)/secs)
		}
		note := r.Note
		if r.Exit != 0 {
			note = strings.TrimSpace(fmt.Sprintf("exit %d %s", r.Exit, note))
		}
		cpu, rss := fmt.Sprintf("%.2f", r.CPU.Seconds()), fmt.Sprintf("%.0f", float64(r.MaxRSS)/(1<<20))
		if r.CPU == 0 && r.MaxRSS == 0 {
			cpu, rss = "–", "–" // timed from outside the process
		}
		fmt.Fprintf(&b, "| %s | %s | %.2f | %s | %s | %s | %s | %s |\n",
			r.Tool, r.Size, secs, cpu, mbs, pps, rss, note)
	}
	return b.String()
}

// Machine describes where the numbers were taken.
type Machine struct {
	CPUs      int
	CPU       string
	Go        string
	OS        string
	MemoryGiB float64
}

// ThisMachine reads the machine's description from /proc where it can.
func ThisMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb float64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %g kB", &kb); err == nil {
			m.MemoryGiB = kb / (1 << 20)
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS += ", Linux " + strings.TrimSpace(string(b))
	}
	return m
}

func (m Machine) String() string {
	cpu := m.CPU
	if cpu == "" {
		cpu = "unknown CPU"
	}
	return fmt.Sprintf("%d CPUs (%s), %.0f GiB RAM, %s, %s", m.CPUs, cpu, m.MemoryGiB, m.OS, m.Go)
}
