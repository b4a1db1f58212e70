package checkin

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

const orgYAML = `kind: Organization
name: Tiny Co
cycles:
  - {id: 2026-Q2, start: 2026-04-01, end: 2026-06-30}
people:
  - {id: ann, name: Ann Lee}
  - {id: bob, name: Bob Kim}
  - {id: cy, name: Cy Park}
roles:
  program_lead_office: [ann]
  executive_sponsor: ann
  coaches: [cy]
  leadership: [ann]
`

const teamYAML = `kind: Team
id: acme
name: Acme
lead: ann
coach: cy
`

var asOf = okr.MustDate("2026-05-27")

// setup writes an organization with one OKRs file (and optionally a
// check-in log) and returns the data directory.
func setup(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"org.yaml": orgYAML, "teams/acme.yaml": teamYAML}
	for k, v := range files {
		all[k] = v
	}
	for name, text := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// added returns the lines after has that before does not, when after is
// before with one block of lines inserted and nothing else changed.
func added(before, after string) (string, bool) {
	b := strings.SplitAfter(before, "\n")
	a := strings.SplitAfter(after, "\n")
	i := 0
	for i < len(b) && i < len(a) && a[i] == b[i] {
		i++
	}
	tail := len(b) - i
	if len(a) < len(b) || strings.Join(a[len(a)-tail:], "") != strings.Join(b[i:], "") {
		// The last line may have gained its line ending.
		if i == len(b)-1 && strings.HasPrefix(a[i], b[i]) && strings.TrimRight(a[i], "\r\n") == b[i] {
			return strings.Join(a[i+1:], ""), true
		}
		return "", false
	}
	return strings.Join(a[i:len(a)-tail], ""), true
}

const krs = `kind: OKRs
team: acme
cycle: 2026-Q2
objectives:
  - id: grow
    title: Grow
    owner: ann
    key_results:
`

func TestAddOnlyAddsLines(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string // the OKRs file, 2026-Q2/acme.yaml
		ref  string
		req  Request
		want string // the lines added
	}{{
		name: "flow list with comments",
		file: krs + `      # revenue first
      - id: revenue   # the big one
        title: Revenue
        start: 100
        target: 150
        check_ins:   # weekly
          - {date: 2026-05-20, value: 130, confidence: 0.8, by: ann}  # good week
          # - {date: 2026-05-13, value: 120}
      - id: churn
        title: Churn
        start: 5
        target: 3
# the end
`,
		ref:  "acme/grow/revenue",
		req:  Request{Value: "135", Confidence: "0.8", By: "ann"},
		want: "          - {date: 2026-05-27, value: 135, confidence: 0.8, by: ann}\n",
	}, {
		name: "block list ending in a block scalar, no final line ending",
		file: krs + `      - id: revenue
        title: Revenue
        start: 100
        target: 150
        check_ins:
          -   date: 2026-05-20
              value: 130
              note: |
                First line.

                Second paragraph.`,
		ref:  "acme/grow/revenue",
		req:  Request{Value: "140", Note: "Third."},
		want: "          -   date: 2026-05-27\n              value: 140\n              note: \"Third.\"\n",
	}, {
		name: "no check_ins key: the file's style",
		file: krs + `      - id: revenue
        title: Revenue
        start: 100
        target: 150
        unit: k      # thousands
        # more to come
      - id: churn
        title: Churn
        start: 5
        target: 3
        check_ins:
        - date: 2026-05-20
          value: 4
`,
		ref:  "acme/grow/revenue",
		req:  Request{Value: "120", By: "bob"},
		want: "        check_ins:\n        - date: 2026-05-27\n          value: 120\n          by: bob\n",
	}, {
		name: "no check_ins anywhere: flow, two spaces in",
		file: krs + `      - id: revenue
        title: Revenue
        start: 100
        target: 150
      - id: churn
        title: Churn
        start: 5
        target: 3
`,
		ref:  "acme/grow/churn",
		req:  Request{Value: "4.5", Confidence: ".6"},
		want: "        check_ins:\n          - {date: 2026-05-27, value: 4.5, confidence: 0.6}\n",
	}, {
		name: "an empty check_ins key",
		file: krs + `      - id: revenue
        title: Revenue
        start: 100
        target: 150
        check_ins:    # none yet
      - id: churn
        title: Churn
        start: 5
        target: 3
`,
		ref:  "acme/grow/revenue",
		req:  Request{Value: "101"},
		want: "          - {date: 2026-05-27, value: 101}\n",
	}, {
		name: "dash at the key's indentation, a key after the list",
		file: krs + `      - id: revenue
        title: Revenue
        check_ins:
        - {date: 2026-05-20, value: 130}
        - {date: 2026-05-21, value: 131}
        start: 100
        target: 150
`,
		ref:  "acme/grow/revenue",
		req:  Request{Value: "132"},
		want: "        - {date: 2026-05-27, value: 132}\n",
	}, {
		name: "windows line endings",
		file: strings.ReplaceAll(krs+`      - id: revenue
        title: Revenue
        start: 100
        target: 150
        check_ins:
          - {date: 2026-05-20, value: 130}
      - id: churn
        title: Churn
        start: 5
        target: 3
`, "\n", "\r\n"),
		ref:  "acme/grow/revenue",
		req:  Request{Value: "131"},
		want: "          - {date: 2026-05-27, value: 131}\r\n",
	}, {
		name: "a file of several documents",
		file: "# teams and OKRs together\n---\n" + krs + `      - id: revenue
        title: Revenue
        start: 100
        target: 150
        check_ins:
          - {date: 2026-05-20, value: 130}
---
kind: Team
id: beta
name: Beta
parent: acme
lead: ann
coach: cy
`,
		ref:  "acme/grow/revenue",
		req:  Request{Value: "131"},
		want: "          - {date: 2026-05-27, value: 131}\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := setup(t, map[string]string{"2026-Q2/acme.yaml": tc.file})
			path := filepath.Join(dir, "2026-Q2", "acme.yaml")
			tc.req.Ref = tc.ref
			if _, err := Add(dir, tc.req, Options{AsOf: asOf}); err != nil {
				t.Fatalf("Add: %v", err)
			}
			after, _ := os.ReadFile(path)
			got, ok := added(tc.file, string(after))
			if !ok {
				t.Fatalf("the file changed other than by added lines:\n--- before\n%s\n--- after\n%s", tc.file, after)
			}
			if got != tc.want {
				t.Errorf("added lines:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAddFlowList(t *testing.T) {
	// A one-line [...] list is the one layout where a line changes: the
	// entry goes inside the brackets.
	for _, tc := range []struct{ list, want string }{
		{"[]", "[{date: 2026-05-27, value: 131}]"},
		{`[{date: 2026-05-20, value: 130, note: "a ] in text"}]   # kept`, `[{date: 2026-05-20, value: 130, note: "a ] in text"}, {date: 2026-05-27, value: 131}]   # kept`},
	} {
		dir := setup(t, map[string]string{"2026-Q2/acme.yaml": krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - id: revenue\n        title: Revenue\n        start: 100\n        target: 150\n        check_ins: " + tc.list + "\n"})
		if _, err := Add(dir, Request{Ref: "acme/grow/revenue", Value: "131"}, Options{AsOf: asOf}); err != nil {
			t.Fatalf("Add to %s: %v", tc.list, err)
		}
		after, _ := os.ReadFile(filepath.Join(dir, "2026-Q2", "acme.yaml"))
		if !strings.Contains(string(after), "        check_ins: "+tc.want+"\n") {
			t.Errorf("Add to %s:\n%s", tc.list, after)
		}
	}
	// A key result written as a one-line mapping cannot take a new key.
	dir := setup(t, map[string]string{"2026-Q2/acme.yaml": krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - {id: revenue, title: Revenue, start: 100, target: 150}\n"})
	_, err := Add(dir, Request{Ref: "acme/grow/churn", Value: "4"}, Options{AsOf: asOf})
	if err == nil || !strings.Contains(err.Error(), "one-line {...} mapping") {
		t.Errorf("Add to a flow mapping: %v", err)
	}
}

func TestAddToLog(t *testing.T) {
	okrs := krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - {id: revenue, title: Revenue, start: 100, target: 150}\n"
	log := `# yaml-language-server: $schema=../../okrs.schema.json
kind: CheckIns   # the log
team: acme
cycle: 2026-Q2
check_ins:
  - kr: grow/churn
    date: 2026-05-20
    value: 4
    by: ann

# keep appending above this line? No: below.
`
	dir := setup(t, map[string]string{"2026-Q2/acme.yaml": okrs, "2026-Q2/acme.checkins.yaml": log})
	res, err := Add(dir, Request{Ref: "acme/grow/revenue", Value: "120", By: "bob", Confidence: "0.7"}, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "2026-Q2", "acme.checkins.yaml"); res.File != want || res.Line != 10 {
		t.Errorf("written to %s:%d, want %s:10", res.File, res.Line, want)
	}
	after, _ := os.ReadFile(res.File)
	got, ok := added(log, string(after))
	want := "  - kr: grow/revenue\n    date: 2026-05-27\n    value: 120\n    by: bob\n    confidence: 0.7\n"
	if !ok || got != want {
		t.Errorf("added %q (only added: %v), want %q", got, ok, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "2026-Q2", "acme.yaml")); string(b) != okrs {
		t.Errorf("the OKRs file changed")
	}
}

func TestNoteRoundTrip(t *testing.T) {
	notes := []string{
		`plain`,
		`He said "fast" \ and left`,
		"two\nlines\n\nand a tab\there",
		`- {a: b}, [c] # not a comment: 'quoted' & <b>bold</b>`,
		"unicode ✓ ünïcødé 😀 and a line separator \u2028 and NEL \u0085",
		"control \x01\x1b characters",
		`: starts with a colon`,
		`@mention and *stars* and 100 %`,
	}
	for _, note := range notes {
		dir := setup(t, map[string]string{"2026-Q2/acme.yaml": krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - id: revenue\n        title: Revenue\n        start: 100\n        target: 150\n"})
		if _, err := Add(dir, Request{Ref: "acme/grow/revenue", Value: "110", Note: note}, Options{AsOf: asOf}); err != nil {
			t.Fatalf("note %q: %v", note, err)
		}
		src, _ := os.ReadFile(filepath.Join(dir, "2026-Q2", "acme.yaml"))
		docs, fs := load.Parse("acme.yaml", src)
		if len(fs) > 0 {
			t.Fatalf("note %q: the file does not parse: %v\n%s", note, fs, src)
		}
		m := okr.Build(docs)
		got := m.OKRs[0].Objectives[0].KeyResults[1].CheckIns[0].Note
		if got != note {
			t.Errorf("note reads back as %q, want %q", got, note)
		}
	}
}

func TestRefusedLeavesFileAlone(t *testing.T) {
	file := krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - id: revenue\n        title: Revenue\n        start: 100\n        target: 150\n"
	dir := setup(t, map[string]string{"2026-Q2/acme.yaml": file})
	path := filepath.Join(dir, "2026-Q2", "acme.yaml")
	_, err := Add(dir, Request{Ref: "acme/grow/revenue", Value: "x, by: eve}", By: "zed", Date: "2026-07-01"}, Options{AsOf: asOf})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("Add: %v, want a refusal", err)
	}
	var msgs []string
	for _, f := range refused.Findings {
		msgs = append(msgs, f.Message)
	}
	for _, want := range []string{"outside cycle 2026-Q2", `unknown person "zed"`, `found "x, by: eve}"`} {
		if !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("refusal does not say %q:\n%s", want, strings.Join(msgs, "\n"))
		}
	}
	if b, _ := os.ReadFile(path); string(b) != file {
		t.Errorf("a refused check-in changed the file:\n%s", b)
	}
}

func TestWriteKeepsModeAndLeavesNoTemporaryFile(t *testing.T) {
	file := krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - id: revenue\n        title: Revenue\n        start: 100\n        target: 150\n"
	dir := setup(t, map[string]string{"2026-Q2/acme.yaml": file})
	path := filepath.Join(dir, "2026-Q2", "acme.yaml")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Add(dir, Request{Ref: "acme/grow/revenue", Value: "110"}, Options{AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only acme.yaml: %v", len(entries), entries)
	}
}

func TestScalars(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(string) string
		in   string
		want string
	}{
		{"id", idScalar, "bob", "bob"},
		{"id that reads as a number", idScalar, "2026", `"2026"`},
		{"id that reads as a boolean", idScalar, "yes", `"yes"`},
		{"id with a colon", idScalar, "a: b", `"a: b"`},
		{"date", dateScalar, "2026-05-27", "2026-05-27"},
		{"not a date", dateScalar, "May 27", `"May 27"`},
		{"number as typed", numberScalar, "0.10", "0.10"},
		{"number with a leading dot", numberScalar, ".5", "0.5"},
		{"exponent", numberScalar, "1e3", "1000"},
		{"not a number", numberScalar, "NaN", `"NaN"`},
		{"infinity", numberScalar, "1e999", `"1e999"`},
		{"boolean value", valueScalar, "True", "true"},
		{"value", valueScalar, "-3.5", "-3.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f(tc.in); got != tc.want {
				t.Errorf("%q: got %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// TestSymlinkNotFollowed: a data file that is a symbolic link is not read
// (by any command), so check-in neither finds its key results nor writes
// through it.
func TestSymlinkNotFollowed(t *testing.T) {
	file := krs + "      - {id: churn, title: Churn, start: 5, target: 3}\n      - id: revenue\n        title: Revenue\n        start: 100\n        target: 150\n"
	dir := setup(t, nil)
	real := filepath.Join(t.TempDir(), "acme.yaml")
	if err := os.WriteFile(real, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "2026-Q2", "acme.yaml")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := Add(dir, Request{Ref: "acme/grow/revenue", Value: "110"}, Options{AsOf: asOf}); err == nil || !strings.Contains(err.Error(), "no key result acme/grow/revenue") {
		t.Fatalf("check-in through a link: %v, want no key result found", err)
	}
	if b, _ := os.ReadFile(real); string(b) != file {
		t.Errorf("the linked file was changed:\n%s", b)
	}
}
