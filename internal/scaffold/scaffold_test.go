package scaffold

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
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

// workflow is the GitHub Actions workflow the scaffold writes when okrs
// of the given version writes it.
func workflow(t *testing.T, version string) []byte {
	t.Helper()
	files, err := Files(Options{AsOf: okr.MustDate("2026-05-27"), Version: version})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == ".github/workflows/okrs.yml" {
			return f.Data
		}
	}
	t.Fatal("the scaffold has no workflow")
	return nil
}

func TestWorkflow(t *testing.T) {
	wf := workflow(t, "v1.2.0")
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
		"validate": {"okrs validate okrs --format github"},
		"diff":     {"okrs diff", "--format markdown", "actions/github-script@"},
		"pages":    {"okrs build okrs -o public", "actions/upload-pages-artifact@", "actions/deploy-pages@"},
	} {
		// okrs comes from a release in every job: compiling it took a minute a job.
		want = append(want, "okrs-dev/okrs/.github/actions/setup-okrs@v1.2.0")
		for _, w := range want {
			if !strings.Contains(runs(job), w) {
				t.Errorf("job %s does not have %q", job, w)
			}
		}
	}
	for _, no := range []string{"go install", "setup-go"} {
		if strings.Contains(string(wf), no) {
			t.Errorf("the workflow has %q", no)
		}
	}
	if !strings.Contains(doc.Jobs["diff"].If, "pull_request") || !strings.Contains(doc.Jobs["pages"].If, "refs/heads/main") {
		t.Errorf("diff runs on %q, pages on %q", doc.Jobs["diff"].If, doc.Jobs["pages"].If)
	}
}

// TestWorkflowPin: the workflow installs the release that wrote it; a
// development build, which is no release, has it install the latest.
func TestWorkflowPin(t *testing.T) {
	for _, tc := range []struct {
		built, uses, version, says string
	}{
		{"v1.2.0", "setup-okrs@v1.2.0", "version: v1.2.0", "installs okrs v1.2.0, the release that wrote this file"},
		{"v1.3.0-rc.1", "setup-okrs@v1.3.0-rc.1", "version: v1.3.0-rc.1", "installs okrs v1.3.0-rc.1"},
		{"dev", "setup-okrs@main", "version: latest", "A development build of okrs (dev) wrote this file"},
		{"devel-a73eff6b1c2d+dirty", "setup-okrs@main", "version: latest", "(devel-a73eff6b1c2d+dirty)"},
		{"v0.0.0-20261204152159-a73eff6b1c2d", "setup-okrs@main", "version: latest", "A development build"},
		{"v1.2.1-0.20261204152159-a73eff6b1c2d", "setup-okrs@main", "version: latest", "A development build"},
		{"v1.2.0-3-ga73eff6", "setup-okrs@main", "version: latest", "A development build"},
		{"v1.2.0+dirty", "setup-okrs@main", "version: latest", "A development build"},
		{"", "setup-okrs@main", "version: latest", "A development build"},
	} {
		t.Run(tc.built, func(t *testing.T) {
			wf := string(workflow(t, tc.built))
			for _, want := range []string{tc.uses, tc.version, tc.says} {
				if !strings.Contains(wf, want) {
					t.Errorf("the workflow does not say %q", want)
				}
			}
			if n := strings.Count(wf, tc.uses); n != 3 {
				t.Errorf("%s in %d jobs, want 3", tc.uses, n)
			}
		})
	}
}

// TestWorkflowActionlint runs actionlint, the linter of GitHub Actions
// workflows, on the workflow of a release and of a development build.
func TestWorkflowActionlint(t *testing.T) {
	for _, version := range []string{"v1.2.0", "dev"} {
		t.Run(version, func(t *testing.T) {
			wf := workflow(t, version)
			var out bytes.Buffer
			l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever})
			if err != nil {
				t.Fatal(err)
			}
			errs, err := l.Lint("okrs.yml", wf, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("actionlint: %d problems\n%s\n%s", len(errs), out.String(), wf)
			}
		})
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
