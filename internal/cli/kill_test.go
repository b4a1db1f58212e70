package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestKilledBuild kills okrs build at points spread over its run, with the
// cache (pages linked from the old site) and without (every page
// rendered), and finds the old site or the new one in the output folder,
// whole, every time; the next build leaves nothing else next to it.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real builds: skipped with -short")
	}
	okrs, err := exec.LookPath("okrs") // the test binary, as testscript.Main put it on PATH
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	data := filepath.Join(work, "okrs")
	copyTree(t, "../../okrs", data)
	out := filepath.Join(work, "sites", "public")
	cacheDir := filepath.Join(work, "cache")
	build := func(dst, cache string) *exec.Cmd {
		cmd := exec.Command(okrs, "build", data, "-o", dst, "--cache-dir", cache)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1795651200") // 2026-11-27
		return cmd
	}
	mustBuild := func(dst, cache string) {
		t.Helper()
		if b, err := build(dst, cache).CombinedOutput(); err != nil {
			t.Fatalf("okrs build: %v\n%s", err, b)
		}
	}
	// Two versions of the data: the second retitles an objective, which
	// changes the pages that show it.
	file := filepath.Join(data, "2026-Q4", "payments.yaml")
	v1, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	v2 := bytes.Replace(v1, []byte("title: Make checkout effortless"), []byte("title: Make checkout effortless, again"), 1)
	if bytes.Equal(v1, v2) {
		t.Fatal("the edit changes nothing")
	}
	use := func(b []byte) {
		t.Helper()
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustBuild(filepath.Join(work, "old"), "off")
	old := readSite(t, filepath.Join(work, "old"))
	use(v2)
	start := time.Now()
	mustBuild(filepath.Join(work, "new"), "off")
	took := time.Since(start)
	fresh := readSite(t, filepath.Join(work, "new"))
	if sameSite(old, fresh) {
		t.Fatal("the two versions give the same site: the test tests nothing")
	}

	rng := rand.New(rand.NewPCG(1, 2))
	const kills = 10
	outcomes := map[string]int{}
	for _, mode := range []string{"with cache", "without cache"} {
		cache := cacheDir
		if mode == "without cache" {
			cache = "off"
		}
		for i := range kills {
			use(v1)
			mustBuild(out, cacheDir) // the old site, and the cache's list of its pages
			use(v2)
			// Points spread over the run, and a little past it.
			at := time.Duration((float64(i) + rng.Float64()) / kills * 1.3 * float64(took))
			cmd := build(out, cache)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(at)
			cmd.Process.Kill()
			cmd.Wait()
			got := readSite(t, out)
			switch {
			case sameSite(got, old):
				outcomes[mode+": old site"]++
			case sameSite(got, fresh):
				outcomes[mode+": new site"]++
			default:
				t.Fatalf("%s, killed after %v: the output is neither the old site nor the new one: %s",
					mode, at, siteDiff(got, old, fresh))
			}
		}
	}
	t.Logf("a build takes %v; outcomes: %v", took, outcomes)

	// The next build cleans up after the killed ones.
	mustBuild(out, cacheDir)
	if got := readSite(t, out); !sameSite(got, fresh) {
		t.Fatalf("the build after the kills: %s", siteDiff(got, fresh, fresh))
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("%s is left next to the site", e.Name())
		}
	}
}

// readSite reads every file below dir, by slash path.
func readSite(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return nil // no site at all: compared as empty
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameSite(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, x := range a {
		if y, ok := b[p]; !ok || !bytes.Equal(x, y) {
			return false
		}
	}
	return true
}

// siteDiff says how got differs from the old and the new site.
func siteDiff(got, old, fresh map[string][]byte) string {
	var missing, extra, differs []string
	for p, b := range got {
		o, inOld := old[p]
		n, inNew := fresh[p]
		switch {
		case !inOld && !inNew:
			extra = append(extra, p)
		case (!inOld || !bytes.Equal(b, o)) && (!inNew || !bytes.Equal(b, n)):
			differs = append(differs, p)
		}
	}
	for p := range fresh {
		if _, ok := got[p]; !ok {
			missing = append(missing, p)
		}
	}
	for _, l := range [][]string{missing, extra, differs} {
		slices.Sort(l)
	}
	return fmt.Sprintf("%d files; missing %d %v; not of either site %d %v; of neither version %d %v",
		len(got), len(missing), head(missing), len(extra), head(extra), len(differs), head(differs))
}

func head(l []string) string {
	if len(l) > 5 {
		return strings.Join(l[:5], " ") + " ..."
	}
	return strings.Join(l, " ")
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(to, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
