package diff

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/compute"
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"

	goldenpkg "github.com/okrs-dev/okrs/internal/golden"
)

var testdata, _ = filepath.Abs("testdata")

// golden compares got with testdata/NAME, which -update rewrites.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenpkg.Check(t, filepath.Join(testdata, name), got)
}

// sample compares a frozen copy of the sample organization (base) with a
// change to it (the files in testdata/sample/head, over the base): an
// objective added, one moved to another team, a key result renamed and
// one removed, two targets eased, new check-ins, and text that needs
// escaping. The copy is frozen so that work on okrs/ does not move it.
func sample(t *testing.T) *Report {
	t.Helper()
	work := t.TempDir()
	src := filepath.Join(testdata, "sample")
	var err error
	if err := os.CopyFS(filepath.Join(work, "base"), os.DirFS(filepath.Join(src, "base"))); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(work, "head"), os.DirFS(filepath.Join(src, "base"))); err != nil {
		t.Fatal(err)
	}
	over := filepath.Join(src, "head")
	err = filepath.WalkDir(over, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(over, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(work, "head", rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(work) // file names in the report are then base/... and head/...
	l := NewLoader(Options{AsOf: okr.MustDate("2026-12-02")})
	base, err := l.Directory("base", "base")
	if err != nil {
		t.Fatal(err)
	}
	head, err := l.Directory("head", "head")
	if err != nil {
		t.Fatal(err)
	}
	return Compare(base, head)
}

func TestSampleMarkdown(t *testing.T) {
	r := sample(t)
	for _, f := range []struct{ name, golden string }{{"markdown", "sample.md"}, {"text", "sample.txt"}} {
		var b bytes.Buffer
		if err := Formats[f.name](&b, r); err != nil {
			t.Fatal(err)
		}
		golden(t, f.golden, b.Bytes())
	}
}

func TestSampleReport(t *testing.T) {
	r := sample(t)
	changes := map[string]string{}
	for _, o := range r.Objectives {
		changes[o.Ref()] = o.Change
	}
	for _, k := range r.KeyResults {
		changes[k.Ref] = k.Change
	}
	for ref, want := range map[string]string{
		"mobile/offline-mode":                             Added,
		"go-to-market/invoicing-v2":                       Moved,
		"payments/effortless-checkout":                    Changed,
		"platform/cost-efficient/infra-cost-per-merchant": Renamed,
		"go-to-market/keep-merchants/qbr-coverage":        Removed,
		"payments/effortless-checkout/p95-latency":        Changed,
	} {
		if changes[ref] != want {
			t.Errorf("%s: %q, want %q", ref, changes[ref], want)
		}
	}
	// The objective's key results moved with it and are not listed again.
	for ref := range changes {
		if strings.HasPrefix(ref, "go-to-market/invoicing-v2/") {
			t.Errorf("key result %s of a moved objective is listed", ref)
		}
	}
	if len(r.EasedTargets) != 2 {
		t.Errorf("%d eased targets, want 2: %v", len(r.EasedTargets), r.EasedTargets)
	}
	// JSON round-trips with the fields a tool would read.
	var b bytes.Buffer
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var back struct {
		AsOf       string `json:"as_of"`
		Objectives []struct {
			Change string `json:"change"`
			From   *struct {
				Ref string `json:"ref"`
			} `json:"from"`
		} `json:"objectives"`
		Progress []struct {
			Ref  string `json:"ref"`
			Base struct {
				Progress *float64 `json:"progress"`
				State    string   `json:"state"`
			} `json:"base"`
		} `json:"progress"`
	}
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.AsOf != "2026-12-02" || len(back.Objectives) != len(r.Objectives) || back.Objectives[0].From == nil {
		t.Errorf("JSON: %+v", back)
	}
}

func TestEasedTarget(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name                   string
		typ, keep              string
		start, target, newTarg *float64
		eased                  bool
	}{
		{"metric up, lowered", "metric", "", f(100), f(150), f(140), true},
		{"metric up, raised", "metric", "", f(100), f(150), f(160), false},
		{"metric down, raised", "metric", "", f(1200), f(400), f(500), true},
		{"metric down, lowered", "metric", "", f(1200), f(400), f(300), false},
		{"metric, no start", "metric", "", nil, f(400), f(500), false},
		{"threshold above, lowered", "threshold", "above", nil, f(99.9), f(99.5), true},
		{"threshold above, raised", "threshold", "above", nil, f(99.9), f(99.95), false},
		{"threshold below, raised", "threshold", "below", nil, f(1.5), f(1.8), true},
		{"threshold below, lowered", "threshold", "below", nil, f(1.5), f(1.2), false},
		{"unchanged", "metric", "", f(0), f(10), f(10), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &comparer{r: &Report{}, eased: finding.Warning}
			c.easedTarget(kr(tc.typ, tc.keep, tc.start, tc.target), kr(tc.typ, tc.keep, tc.start, tc.newTarg))
			if got := len(c.r.EasedTargets) == 1; got != tc.eased {
				t.Errorf("eased: %v, want %v (%v)", got, tc.eased, c.r.EasedTargets)
			}
		})
	}
	// Off in settings.health: never reported.
	c := &comparer{r: &Report{}, eased: finding.Off}
	c.easedTarget(kr("metric", "", f(0), f(10)), kr("metric", "", f(0), f(5)))
	if len(c.r.EasedTargets) != 0 {
		t.Errorf("reported while off: %v", c.r.EasedTargets)
	}
}

func kr(typ, keep string, start, target *float64) *compute.KeyResult {
	obj := &okr.Objective{Team: "t", ID: "o"}
	return &compute.KeyResult{KeyResult: &okr.KeyResult{Objective: obj, ID: "k", Type: typ, Keep: keep, Start: start, Target: target}, Start: start, Target: target}
}

func TestMarkdownEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a | b":                       `a \| b`,
		"<script>alert(1)</script>":   `&lt;script&gt;alert(1)&lt;/script&gt;`,
		"**bold** _it_ `code` [l](u)": "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[l\\](u)",
		"two\nlines\r\nhere":          "two lines here",
		"a & b":                       "a &amp; b",
		`back\slash`:                  `back\\slash`,
		"thanks @alice and @org/team": "thanks @\u200balice and @\u200borg/team",
		"fixes #12 and org/repo#3":    "fixes \\#\u200b12 and org/repo\\#\u200b3",
		"&#64;bob":                    "&amp;\\#\u200b64;bob",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// The bot posts the Markdown as a pull-request comment: a title or a
// finding must not ping anyone, link an issue or bring in HTML.
func TestMarkdownMentionsNobody(t *testing.T) {
	title := "Ask @alice and @acme/leads about #12, org/repo#3 and <img src=x onerror=alert(1)>"
	r := &Report{AsOf: okr.MustDate("2026-05-27"), Base: SideInfo{Name: "main"}, Head: SideInfo{Name: WorkingTree},
		Objectives: []ObjectiveChange{{Change: Added, Cycle: "2026-Q2", Team: "t", ID: "o", Title: title, KeyResults: 1}},
		Introduced: []finding.Finding{{Pos: finding.Pos{File: "okrs/`@x`.yaml", Line: 1, Col: 1}, Severity: finding.Warning, Rule: "r", Message: "objective o: " + title}},
	}
	var b bytes.Buffer
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"@alice", "@acme", "#12", "#3", "<img", "`@x`"} {
		if strings.Contains(out, bad) {
			t.Errorf("the Markdown holds %q:\n%s", bad, out)
		}
	}
}

func TestMarkdownFoldsLongLists(t *testing.T) {
	r := &Report{AsOf: okr.MustDate("2026-05-27"), Base: SideInfo{Name: "main"}, Head: SideInfo{Name: WorkingTree}}
	for i := range foldAfter + 1 {
		r.Introduced = append(r.Introduced, finding.Finding{Pos: finding.Pos{File: "okrs/x.yaml", Line: i + 1, Col: 1}, Severity: finding.Warning, Rule: "stale-check-in", Message: "m"})
	}
	r.Resolved = r.Introduced[:2]
	var b bytes.Buffer
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "<details><summary><b>Findings introduced</b> (11)</summary>\n") || !strings.Contains(out, "\n</details>\n") {
		t.Errorf("11 findings are not folded:\n%s", out)
	}
	if !strings.Contains(out, "\n#### Findings resolved\n") {
		t.Errorf("2 findings are folded:\n%s", out)
	}
	if !strings.HasPrefix(out, "**OKR changes:** 11 findings introduced, 2 resolved\n") {
		t.Errorf("summary line:\n%s", out)
	}
}
