package gen

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/schema"
)

var small = Config{Teams: 20, Quarters: 2, Seed: 1}

func TestWriteIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	sa, err := Write(a, small)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Write(b, small)
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb {
		t.Errorf("stats differ: %+v and %+v", sa, sb)
	}
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}

	other := small
	other.Seed = 2
	c := t.TempDir()
	if _, err := Write(c, other); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(fa["2025-Q1/acme.yaml"], readTree(t, c)["2025-Q1/acme.yaml"]) {
		t.Error("another seed wrote the same OKRs")
	}
}

func TestWriteCounts(t *testing.T) {
	dir := t.TempDir()
	st, err := Write(dir, small)
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	logs := 0
	var size int64
	for name, data := range files {
		size += int64(len(data))
		if strings.HasSuffix(name, ".checkins.yaml") {
			logs++
		}
	}
	// org, raci, a team file per team, an OKRs file per team and quarter,
	// and a CheckIns log for every seventh team in the running quarter.
	wantFiles := 2 + 20 + 20*2 + logs
	switch {
	case logs != 3:
		t.Errorf("%d CheckIns logs, want 3", logs)
	case st.Files != wantFiles || len(files) != wantFiles:
		t.Errorf("Files = %d, on disk %d, want %d", st.Files, len(files), wantFiles)
	case st.Bytes != size:
		t.Errorf("Bytes = %d, on disk %d", st.Bytes, size)
	case st.Teams != 20 || st.Cycles != 2:
		t.Errorf("Teams, Cycles = %d, %d", st.Teams, st.Cycles)
	case st.People != 3*20+3+2:
		t.Errorf("People = %d, want 3 per team, 3 coaches and the PLO", st.People)
	case st.Objectives != 20*2*3 || st.KeyResults != 4*st.Objectives:
		t.Errorf("Objectives, KeyResults = %d, %d", st.Objectives, st.KeyResults)
	case st.AsOf != "2025-05-16":
		t.Errorf("AsOf = %s", st.AsOf)
	}
	// A full quarter has 13 weekly check-ins per key result, the running
	// one about half of that; a few neglected key results have fewer.
	full, half := 480/2*13, 480/2*6
	if st.CheckIns > full+half+480/2 || st.CheckIns < full+half-480/4 {
		t.Errorf("CheckIns = %d, want about %d", st.CheckIns, full+half)
	}
	if n := bytes.Count(concat(files), []byte("{date: ")) + bytes.Count(concat(files), []byte("{kr: ")); n != st.CheckIns {
		t.Errorf("%d check-ins on disk, Stats say %d", n, st.CheckIns)
	}
}

func TestWriteRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, small); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("err = %v, want a not-empty error", err)
	}
}

// TestOutputIsValid loads the generated files with okrs' own loader and
// checks them against the schema and the references the schema cannot
// see, independently of the validator, and then runs the validator.
func TestOutputIsValid(t *testing.T) {
	dir := t.TempDir()
	st, err := Write(dir, Config{Teams: 50, Quarters: 3, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	docs, findings, err := load.Dir(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("load: %s", f)
	}
	if len(docs) != st.Files {
		t.Errorf("%d documents, want %d", len(docs), st.Files)
	}
	for _, d := range docs {
		problems, err := schema.Validate(d.JSON(load.Root))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s: %s", d.File, p.Pointer, p.Message)
		}
	}
	checkReferences(t, docs, st.AsOf)

	// okrs validate finds nothing but the few neglected key results the
	// generator writes on purpose, and the practice rules that random
	// check-ins and grades trip as real teams do (green but behind, every
	// stretch goal met).
	asOf, err := okr.ParseDate(st.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(dir, pipeline.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	stale := 0
	for _, f := range res.Findings {
		if f.Rule == "stale-check-in" && f.Severity == finding.Warning {
			stale++
			continue
		}
		if f.Rule == "confidence-mismatch" || f.Rule == "sandbagging" {
			continue
		}
		t.Errorf("validate: %s", f)
	}
	if krs := st.KeyResults / 3; stale == 0 || stale > krs/10 {
		t.Errorf("%d stale key results of %d in the running quarter, want a few", stale, krs)
	}
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

func checkReferences(t *testing.T, docs []*load.Document, asOf string) {
	t.Helper()
	type span struct{ start, end string }
	cycles := map[string]span{}
	people, teams, refs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	coachLoad := map[string]int{}
	for _, d := range docs {
		v := d.JSON(load.Root).(map[string]any)
		switch d.Kind {
		case "Organization":
			for _, c := range list(v["cycles"]) {
				cycles[str(c, "id")] = span{str(c, "start"), str(c, "end")}
			}
			for _, p := range list(v["people"]) {
				people[str(p, "id")] = true
			}
		case "Team":
			teams[str(v, "id")] = true
			coachLoad[str(v, "coach")]++
		case "OKRs":
			team := str(v, "team")
			for _, o := range list(v["objectives"]) {
				ref := team + "/" + str(o, "id")
				refs[ref] = true
				for _, k := range list(o.(map[string]any)["key_results"]) {
					refs[ref+"/"+str(k, "id")] = true
				}
			}
		}
	}
	for c, n := range coachLoad {
		if n > 8 {
			t.Errorf("coach %s supports %d teams", c, n)
		}
	}
	id := func(d *load.Document, what, s string) {
		if !idPattern.MatchString(s) {
			t.Errorf("%s: %s %q is not an id", d.File, what, s)
		}
	}
	for _, d := range docs {
		v := d.JSON(load.Root).(map[string]any)
		if d.Kind != "OKRs" && d.Kind != "CheckIns" {
			continue
		}
		cy := cycles[str(v, "cycle")]
		inCycle := func(date string) {
			if date < cy.start || date > cy.end || date > asOf {
				t.Errorf("%s: date %s outside %v or after %s", d.File, date, cy, asOf)
			}
		}
		for _, ci := range list(v["check_ins"]) {
			inCycle(str(ci, "date"))
			if !people[str(ci, "by")] {
				t.Errorf("%s: unknown person %s", d.File, str(ci, "by"))
			}
			if !refs[str(v, "team")+"/"+str(ci, "kr")] {
				t.Errorf("%s: unknown key result %s", d.File, str(ci, "kr"))
			}
		}
		for _, o := range list(v["objectives"]) {
			id(d, "objective", str(o, "id"))
			if !people[str(o, "owner")] {
				t.Errorf("%s: unknown owner %s", d.File, str(o, "owner"))
			}
			for _, a := range list(o.(map[string]any)["aligns_to"]) {
				if !refs[a.(string)] {
					t.Errorf("%s: aligns to unknown %s", d.File, a)
				}
			}
			for _, k := range list(o.(map[string]any)["key_results"]) {
				id(d, "key result", str(k, "id"))
				for _, ci := range list(k.(map[string]any)["check_ins"]) {
					inCycle(str(ci, "date"))
				}
				for _, m := range list(k.(map[string]any)["milestones"]) {
					if done := str(m, "done"); done != "" {
						inCycle(done)
					}
				}
			}
		}
	}
	for tm := range teams {
		if people[tm] {
			t.Errorf("%s is both a team and a person", tm)
		}
	}
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any, key string) string {
	m, _ := v.(map[string]any)
	s, _ := m[key].(string)
	return s
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func concat(files map[string][]byte) []byte {
	var b bytes.Buffer
	for _, data := range files {
		b.Write(data)
	}
	return b.Bytes()
}

func TestAsOf(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{name: "small", cfg: Presets["small"], want: "2025-05-16"},
		{name: "medium", cfg: Presets["medium"], want: "2025-11-15"},
		{name: "large", cfg: Presets["large"], want: "2026-11-15"},
		{name: "other year", cfg: Config{Teams: 1, Quarters: 1, Year: 2030}, want: "2030-02-14"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AsOf(tt.cfg)
			if err != nil || got != tt.want {
				t.Errorf("AsOf = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	for _, tt := range []struct {
		s          string
		flow, want bool
	}{
		{s: "Make checkout effortless", want: true},
		{s: "Slower week, holidays.", want: true},
		{s: "Slower week, holidays.", flow: true, want: false},
		{s: "Done: yes", want: false},
		{s: "%", want: false},
		{s: "**bold** start", want: false},
		{s: "yes", want: false},
		{s: "Grow from 3 k€ to 4 k€", flow: true, want: true},
	} {
		if got := plain(tt.s, tt.flow); got != tt.want {
			t.Errorf("plain(%q, flow=%v) = %v, want %v", tt.s, tt.flow, got, tt.want)
		}
	}
}
