package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/cache"
)

// sampleAsOf is a day in the sample organization's running cycle.
const sampleAsOf = "2026-11-20"

// edit is one save of one file of the sample organization.
type edit struct {
	name, file, old, new string
}

// edits change what pages show in different ways: a logged check-in, an
// inline one, a title that other objectives' pages list, a target, a
// drop, an alignment that moves, names every page shows, an ended cycle's
// grade, a new check-in.
var edits = []edit{
	{"logged check-in value", "2026-Q4/payments.checkins.yaml",
		"date: 2026-11-18, value: 780,", "date: 2026-11-18, value: 790,"},
	{"inline check-in confidence", "2026-Q4/payments.yaml",
		"{date: 2026-10-21, value: 1020, confidence: 0.65, by: carl}", "{date: 2026-10-21, value: 1020, confidence: 0.2, by: carl}"},
	{"objective title", "2026-Q4/payments.yaml",
		"title: Make checkout effortless", "title: Make checkout effortless for everyone"},
	{"key result target", "2026-Q4/payments.yaml",
		"start: 1200\n        target: 400", "start: 1200\n        target: 500"},
	{"dropped objective", "2026-Q4/payments.yaml",
		"    owner: alice\n    commitment: committed\n", "    owner: alice\n    status: dropped\n    reason: The board moved the money elsewhere.\n    commitment: committed\n"},
	{"alignment moves", "2026-Q4/payments.yaml",
		"aligns_to: [engineering/fast-platform]", "aligns_to: [engineering/secure-and-compliant]"},
	{"objective id", "2026-Q4/payments.yaml",
		"  - id: sepa-instant\n    title: Offer SEPA", "  - id: sepa-instant-payouts\n    title: Offer SEPA"},
	{"team name", "teams/payments.yaml", "name: Payments", "name: Payments and Billing"},
	{"person name", "org.yaml", "name: Carl Jensen", "name: Carl Jensen-Ito"},
	{"ended cycle grade", "2026-Q3/acme.yaml", "grade: 0.9", "grade: 0.6"},
	{"new check-in", "2026-Q4/payments.checkins.yaml",
		"  - {kr: fraud-losses/false-declines, date: 2026-11-25, value: 1.8, confidence: 0.3, by: tom}\n",
		"  - {kr: fraud-losses/false-declines, date: 2026-11-25, value: 1.8, confidence: 0.3, by: tom}\n  - {kr: fraud-losses/fraud-rate, date: 2026-11-19, value: 0.08, confidence: 0.6, by: tom}\n"},
	// Who owns what is on the person pages of both people.
	{"objective owner", "2026-Q4/payments.yaml",
		"    title: Offer SEPA Instant payouts\n    owner: alice\n", "    title: Offer SEPA Instant payouts\n    owner: maya\n"},
	// A team's RACI letters are its members' letters.
	{"team member", "teams/payments.yaml", "members: [alice, carl, maya, tom]", "members: [alice, carl, tom]"},
}

// copyDir copies a data directory so that a test can edit it.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func apply(t *testing.T, dir string, e edit) {
	t.Helper()
	path := filepath.Join(dir, e.file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(e.old)) {
		t.Fatalf("%s: %s does not contain %q", e.name, e.file, e.old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(e.old), []byte(e.new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A render that takes unchanged pages from the previous one must give
// exactly the site a render from scratch gives, after any edit; and it
// must actually take some, or the keys are no use.
func TestRenderAgainAfterEdit(t *testing.T) {
	renderAgainAfterEdit(t)
	// The views split by team subtree, as on a large organization, key
	// their pages as carefully.
	t.Run("split", func(t *testing.T) {
		splitAll(t)
		renderAgainAfterEdit(t)
	})
}

func renderAgainAfterEdit(t *testing.T) {
	base := copyDir(t, "../../okrs")
	first := render(t, fixture(t, base, sampleAsOf), Options{})
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			dir := copyDir(t, base)
			apply(t, dir, e)
			in := fixture(t, dir, sampleAsOf)
			again := render(t, in, Options{Previous: first})
			fresh := render(t, in, Options{})
			sameFiles(t, again, fresh)
			changed, reused, pages := 0, 0, 0
			for _, f := range fresh {
				if f.Key == (Key{}) {
					continue
				}
				pages++
				old, ok := first.Get(f.Path)
				if ok && !bytes.Equal(old, f.Data) {
					changed++
				}
				if i := index(first, f.Path); i >= 0 && first[i].Key == f.Key {
					reused++
				}
			}
			if changed == 0 {
				t.Errorf("the edit changed no page: it tests nothing")
			}
			t.Logf("%d pages changed, %d of %d taken from the previous render", changed, reused, pages)
			if !strings.HasPrefix(e.file, "teams/") && e.file != "org.yaml" && reused == 0 {
				t.Errorf("no page was taken from the previous render")
			}
		})
	}
}

func index(fs Files, path string) int {
	for i, f := range fs {
		if f.Path == path {
			return i
		}
	}
	return -1
}

func sameFiles(t *testing.T, got, want Files) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path {
			t.Fatalf("file %d is %s, want %s", i, got[i].Path, want[i].Path)
		}
		if !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s differs from a fresh render", want[i].Path)
		}
	}
}

// Build with a cache writes the same folder a build from scratch writes,
// after every kind of edit: a new site, into which the unchanged pages are
// linked from the old one; a page someone touched in the built site is
// rendered again, a file someone left there is gone, and the page of an
// objective whose id changed is gone.
func TestBuildAgainAfterEdit(t *testing.T) {
	data := copyDir(t, "../../okrs")
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	first, err := Build(out, fixture(t, data, sampleAsOf), Options{Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if first.Rendered != first.Pages || first.Pages == 0 {
		t.Fatalf("first build rendered %d of %d pages", first.Rendered, first.Pages)
	}
	// Someone edits a page that no edit below changes: an objective of
	// the ended cycle.
	ended, err := filepath.Glob(filepath.Join(out, "teams", "*", "2026-Q3", "*.html"))
	if err != nil || len(ended) == 0 {
		t.Fatalf("no objective page of 2026-Q3 in %s", out)
	}
	if err := os.WriteFile(ended[0], []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		apply(t, data, e)
		// Someone leaves a file in the built site: the next build
		// removes it, and the folder it made.
		stray := filepath.Join(out, "teams", "stray", "left.html")
		if err := os.MkdirAll(filepath.Dir(stray), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(stray, []byte("left here\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		before, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		in := fixture(t, data, sampleAsOf)
		st, err := Build(out, in, Options{Cache: c})
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		if st.Rendered == 0 || st.Rendered == st.Pages && !strings.HasPrefix(e.file, "teams/") && e.file != "org.yaml" {
			// Teams and people are on every page.
			t.Errorf("%s: build rendered %d of %d pages, want some but not all", e.name, st.Rendered, st.Pages)
		}
		after, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if os.SameFile(before, after) {
			t.Errorf("%s: the build changed the site in place instead of making a new one", e.name)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.okrs-*")); len(left) > 0 {
			t.Errorf("%s: the build left %v next to the site", e.name, left)
		}
		if _, err := os.Stat(filepath.Dir(stray)); err == nil {
			t.Errorf("%s: the folder of a stray file is still there", e.name)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if _, err := Build(fresh, in, Options{}); err != nil {
			t.Fatal(err)
		}
		if x, y := readTree(t, out), readTree(t, fresh); !equalTrees(x, y) {
			for p := range x {
				if _, ok := y[p]; !ok {
					t.Errorf("%s: %s is left over", e.name, p)
				} else if !bytes.Equal(x[p], y[p]) {
					t.Errorf("%s: %s differs", e.name, p)
				}
			}
			for p := range y {
				if _, ok := x[p]; !ok {
					t.Errorf("%s: %s is missing", e.name, p)
				}
			}
			t.Fatalf("%s: the site differs from a build from scratch", e.name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "teams", "payments", "2026-Q4", "sepa-instant.html")); err == nil {
		t.Error("the page of the renamed objective is still there")
	}
}

// A build with nothing changed since the last one leaves the site as it
// is: no new folder, nothing linked or removed. A file someone left in the
// site, or a page someone touched, still makes it a new site as a build
// from scratch writes it.
func TestBuildUnchanged(t *testing.T) {
	data := copyDir(t, "../../okrs")
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	in := fixture(t, data, sampleAsOf)
	if _, err := Build(out, in, Options{Cache: c}); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := Build(fresh, in, Options{}); err != nil {
		t.Fatal(err)
	}
	build := func(what string, wantSame bool) {
		t.Helper()
		before, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Build(out, in, Options{Cache: c})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		after, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if same := os.SameFile(before, after); same != wantSame {
			t.Errorf("%s: the build kept the site folder: %v, want %v", what, same, wantSame)
		}
		if st.Rendered != 0 && wantSame {
			t.Errorf("%s: rendered %d pages, want none", what, st.Rendered)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.okrs-*")); len(left) > 0 {
			t.Errorf("%s: the build left %v next to the site", what, left)
		}
		if !equalTrees(readTree(t, out), readTree(t, fresh)) {
			t.Fatalf("%s: the site differs from a build from scratch", what)
		}
	}
	build("nothing changed", true)
	build("nothing changed, again", true)

	stray := filepath.Join(out, "teams", "payments", "left.html")
	if err := os.WriteFile(stray, []byte("left here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build("a stray file", false)
	if err := os.Mkdir(filepath.Join(out, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	build("a stray folder", false)
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build("a page edited by hand", false)
	build("nothing changed after all that", true)
}
