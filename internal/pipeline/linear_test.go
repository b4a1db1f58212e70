package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
)

// TestManyProblemsInOneFile checks that the cost of a file with a great
// many problems grows with its size, not with its size squared, and that
// its findings are capped. Finding the place of each unknown key walked
// every key before it: 80,000 keys took 31 s on a quiet machine, and a
// 9 MB file of 850,000 keys did not end in two minutes. Now they take
// about 2 s of CPU (the bound is on CPU time, not the clock's, which a
// shared machine stretches).
func TestManyProblemsInOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("a large file")
	}
	for _, tc := range []struct {
		name string
		file string
	}{
		{"80,000 unknown keys", "kind: Team\nid: bomb\nname: Bomb\nlead: ann\n" + repeat(80000, "k%06d: 1\n")},
		{"40,000 wrong check-ins", "kind: CheckIns\nteam: web\ncycle: 2026-Q2\ncheck_ins:\n" + repeat(40000, "  - {kr: fast-site/uptime, date: 2026-05-20, value: %d, confidence: 7}\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, "../cli/testdata/base", dir)
			if err := os.WriteFile(filepath.Join(dir, "bomb.yaml"), []byte(tc.file), 0o644); err != nil {
				t.Fatal(err)
			}
			start := cpuTime()
			res, err := Run(dir, Options{AsOf: okr.MustDate("2026-05-27")})
			if err != nil {
				t.Fatal(err)
			}
			if took := cpuTime() - start; took > 15*time.Second {
				t.Errorf("took %s of CPU, want well under 15 s", took)
			}
			n, more := 0, ""
			for _, f := range res.Findings {
				if strings.HasSuffix(f.File, "bomb.yaml") {
					n++
					if f.Rule == finding.RuleMore {
						more = f.Message
					}
				}
			}
			if n != finding.PerFile+1 || !strings.HasPrefix(more, "and ") {
				t.Errorf("%d findings in the file, the last %q; want %d and one that counts the rest", n, more, finding.PerFile+1)
			}
		})
	}
}

func repeat(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// TestMarkdownLength: Markdown fields have a maxLength, so the issue's
// "[a](" x 20,000 (1.6 s to render) is refused with its place instead.
func TestMarkdownLength(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../cli/testdata/base", dir)
	file := "kind: Team\nid: bomb\nname: Bomb\nlead: ann\ndescription: \"" + strings.Repeat("[a](", 20000) + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "bomb.yaml"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(dir, Options{AsOf: okr.MustDate("2026-05-27")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if strings.HasSuffix(f.File, "bomb.yaml") && f.Line == 5 && f.Rule == "schema" && strings.Contains(f.Message, "description") {
			return
		}
	}
	t.Errorf("no schema finding for the long description at bomb.yaml:5: %v", res.Findings)
}

// TestLongValuesInMessages: a message quotes at most the first 64
// characters of a value. A 1 MB id was repeated whole in its schema and
// reference messages (and the text, JSON and SARIF outputs, the health
// page and the pull-request comment with them), and an unknown 1 MB key
// made "did you mean" build a matrix of 1M rows per field name.
func TestLongValuesInMessages(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../cli/testdata/base", dir)
	long := strings.Repeat("x", 1<<20)
	files := map[string]string{
		"2026-Q2/long.yaml": "kind: OKRs\nteam: " + long + "\ncycle: 2026-Q2\nobjectives:\n  - id: o\n    title: T\n    owner: " + long +
			"\n    aligns_to: [acme/" + long + "]\n    " + long + ": 1\n    key_results:\n      - id: k\n        title: K\n        target: 1\n",
		"number.yaml":                "kind: Team\nid: number\nname: N\nlead: ann\nweight: 1_" + strings.Repeat("0", 1<<20) + "\n",
		"2026-Q2/long.checkins.yaml": "kind: CheckIns\nteam: web\ncycle: 2026-Q2\ncheck_ins:\n  - {kr: fast-site/" + long + ", date: 2026-05-20, value: 1}\n",
		"teams/long.yaml":            "kind: Team\nid: long\nname: Long\nlead: " + long + "\nparent: " + long + "\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(dir, Options{AsOf: okr.MustDate("2026-05-27")})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for _, f := range res.Findings {
		rules[f.Rule]++
		if len(f.Message) > 600 {
			t.Errorf("%s: %s message of %d bytes: %.200s…", f.Pos, f.Rule, len(f.Message), f.Message)
		}
	}
	if rules["reference"] < 1 || rules["schema"] < 6 || rules["yaml"] < 1 {
		t.Errorf("findings by rule %v; want reference, schema and yaml findings about the long values", rules)
	}
}
