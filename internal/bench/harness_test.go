package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okrs-dev/okrs/internal/gen"
)

// A trimmed GNU time -v report.
const timeV = `	Command being timed: "bin/okrs validate --as-of 2025-11-15 /tmp/okrs-bench/org-medium"
	User time (seconds): 9.54
	System time (seconds): 0.81
	Percent of CPU this job got: 188%
	Elapsed (wall clock) time (h:mm:ss or m:ss): 0:05.06
	Maximum resident set size (kbytes): 342764
	File system outputs: 0
	Exit status: 1
`

func TestParseTimeV(t *testing.T) {
	m, err := ParseTimeV([]byte(timeV))
	if err != nil {
		t.Fatal(err)
	}
	want := Measurement{Wall: 5060 * time.Millisecond, CPU: 9540*time.Millisecond + 810*time.Millisecond, MaxRSS: 342764 << 10, Exit: 1}
	if m != want {
		t.Errorf("got %+v, want %+v", m, want)
	}
	if _, err := ParseTimeV([]byte("Exit status: 0\n")); err == nil {
		t.Error("no error for output without wall time and RSS")
	}
}

func TestParseClock(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{in: "0:05.06", want: 5060 * time.Millisecond},
		{in: "1:02:03", want: time.Hour + 2*time.Minute + 3*time.Second},
		{in: "12:00.50", want: 12*time.Minute + 500*time.Millisecond},
		{in: "5.06", err: true},
		{in: "a:b", err: true},
	} {
		got, err := parseClock(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseClock(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestTable(t *testing.T) {
	got := Table([]Row{
		{Tool: "okrs build", Size: "medium", Measurement: Measurement{Wall: 2 * time.Second, CPU: 3500 * time.Millisecond, MaxRSS: 300 << 20}, Bytes: 13_000_000, Pages: 3000},
		{Tool: "okrs validate", Size: "small", Measurement: Measurement{Wall: time.Second, MaxRSS: 30 << 20, Exit: 1}, Bytes: 600_000, Note: "see x.err"},
	})
	want := `| tool | size | wall s | CPU s | MB/s | pages/s | peak RSS MB | note |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
| okrs build | medium | 2.00 | 3.50 | 6.5 | 1500 | 300 |  |
| okrs validate | small | 1.00 | 0.00 | 0.6 | – | 30 | exit 1 see x.err |
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestYAMLFloor(t *testing.T) {
	dir := t.TempDir()
	st, err := gen.Write(dir, gen.Config{Teams: 5, Quarters: 1})
	if err != nil {
		t.Fatal(err)
	}
	files, size, err := YAMLFloor(dir)
	if err != nil || files != st.Files || size != st.Bytes {
		t.Errorf("YAMLFloor = %d files, %d bytes, %v; want %d, %d", files, size, err, st.Files, st.Bytes)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("a: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := YAMLFloor(dir); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("err = %v, want one naming bad.yaml", err)
	}
}

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	m, err := Run(context.Background(), "", out, "", "sh", "-c", "echo hi; exit 3")
	if err != nil {
		t.Fatal(err)
	}
	if m.Exit != 3 || m.Wall <= 0 || m.MaxRSS <= 0 {
		t.Errorf("got %+v, want exit 3 and a wall time and peak RSS", m)
	}
	if b, _ := os.ReadFile(out); string(b) != "hi\n" {
		t.Errorf("stdout file holds %q", b)
	}
	if _, err := Run(context.Background(), "", "", "", "/nonexistent/tool"); err == nil && !timeInstalled() {
		t.Error("no error for a command that cannot run")
	}
}

func timeInstalled() bool {
	_, err := os.Stat(GNUTime)
	return err == nil
}
