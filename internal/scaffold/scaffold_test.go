package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
)

func TestQuarter(t *testing.T) {
	for _, tc := range []struct {
		day, id, start, end, drafting, alignment, review string
	}{
		{"2026-05-27", "2026-Q2", "2026-04-01", "2026-06-30", "2026-03-11", "2026-03-25", "2026-06-23"},
		{"2026-01-01", "2026-Q1", "2026-01-01", "2026-03-31", "2025-12-11", "2025-12-25", "2026-03-24"},
		{"2026-12-31", "2026-Q4", "2026-10-01", "2026-12-31", "2026-09-10", "2026-09-24", "2026-12-24"},
		{"2028-02-29", "2028-Q1", "2028-01-01", "2028-03-31", "2027-12-11", "2027-12-25", "2028-03-24"},
	} {
		t.Run(tc.day, func(t *testing.T) {
			c := Quarter(okr.MustDate(tc.day))
			got := []string{c.ID, c.Start.String(), c.End.String(), c.Drafting.String(), c.Alignment.String(), c.Review.String()}
			want := []string{tc.id, tc.start, tc.end, tc.drafting, tc.alignment, tc.review}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Quarter:\n got %v\nwant %v", got, want)
			}
			if c.Retrospective != c.End || c.Today.String() != tc.day {
				t.Errorf("retrospective %s, today %s", c.Retrospective, c.Today)
			}
		})
	}
}

// TestScaffoldValidates checks that what init writes validates without a
// single finding on the day it is written, whatever the day.
func TestScaffoldValidates(t *testing.T) {
	for _, day := range []string{"2026-04-01", "2026-05-27", "2026-06-30", "2027-01-01", "2028-02-29"} {
		t.Run(day, func(t *testing.T) {
			files, err := Files(Options{AsOf: okr.MustDate(day), Name: `Acme "Payments" & Co: the: best`})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := Write(dir, files); err != nil {
				t.Fatal(err)
			}
			res, err := pipeline.Run(filepath.Join(dir, "okrs"), pipeline.Options{AsOf: okr.MustDate(day)})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				t.Errorf("finding: %s", f)
			}
			if res.Model.Org.Name != `Acme "Payments" & Co: the: best` {
				t.Errorf("name %q", res.Model.Org.Name)
			}
			if len(res.Model.RACIs) != 1 || len(res.Model.RACIs[0].Activities) < 10 {
				t.Errorf("the RACI of the OKR process is missing or short")
			}
		})
	}
}

func TestWorkflow(t *testing.T) {
	files, err := Files(Options{AsOf: okr.MustDate("2026-05-27")})
	if err != nil {
		t.Fatal(err)
	}
	var wf []byte
	for _, f := range files {
		if f.Path == ".github/workflows/okrs.yml" {
			wf = f.Data
		}
	}
	var doc struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			If    string `yaml:"if"`
			Steps []struct {
				Run  string `yaml:"run"`
				Uses string `yaml:"uses"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(wf, &doc); err != nil {
		t.Fatalf("the workflow is not YAML: %v\n%s", err, wf)
	}
	for _, ev := range []string{"pull_request", "push"} {
		if _, ok := doc.On[ev]; !ok {
			t.Errorf("the workflow does not run on %s", ev)
		}
	}
	runs := func(job string) string {
		var b strings.Builder
		for _, s := range doc.Jobs[job].Steps {
			b.WriteString(s.Run + "\n" + s.Uses + "\n")
		}
		return b.String()
	}
	for job, want := range map[string][]string{
		"validate": {"go install github.com/okrs-dev/okrs/cmd/okrs@latest", "okrs validate okrs --format github"},
		"diff":     {"okrs diff", "--format markdown", "actions/github-script@"},
		"pages":    {"okrs build okrs -o public", "actions/upload-pages-artifact@", "actions/deploy-pages@"},
	} {
		for _, w := range want {
			if !strings.Contains(runs(job), w) {
				t.Errorf("job %s does not have %q", job, w)
			}
		}
	}
	if !strings.Contains(doc.Jobs["diff"].If, "pull_request") || !strings.Contains(doc.Jobs["pages"].If, "refs/heads/main") {
		t.Errorf("diff runs on %q, pages on %q", doc.Jobs["diff"].If, doc.Jobs["pages"].If)
	}
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	files := []File{{"a/one.yaml", []byte("1")}, {"two.yaml", []byte("2")}}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "two.yaml"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(dir, files)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(exists.Paths) != 1 || exists.Paths[0] != filepath.Join(dir, "two.yaml") {
		t.Fatalf("Write: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Write wrote something although a file was in the way")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "two.yaml")); string(b) != "mine" {
		t.Errorf("Write overwrote a file: %q", b)
	}
}

func TestNameFor(t *testing.T) {
	for in, want := range map[string]string{"acme-corp": "Acme Corp", "/x/y/okr_repo": "Okr Repo", "tiny.co": "Tiny Co"} {
		if got := NameFor(in); got != want {
			t.Errorf("NameFor(%q) = %q, want %q", in, got, want)
		}
	}
}
