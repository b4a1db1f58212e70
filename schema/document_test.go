package schema

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/load"
)

// The schema reads a loaded document through Document; what it finds must be
// what it finds in the same document as JSON values, valid or not. A
// mistake in Document (a member skipped, a wrong end) would let invalid
// documents pass without a word.
func TestTreeGivesTheSameProblems(t *testing.T) {
	okrs := func(checkIn string) string {
		return "kind: OKRs\nteam: payments\ncycle: 2026-Q2\nobjectives:\n  - id: grow\n    title: Grow\n    owner: ann\n" +
			"    key_results:\n      - id: arr\n        title: ARR\n        type: metric\n        start: 1\n        target: 2\n" +
			"        check_ins:\n          - {date: '2026-04-08', value: 1.2, confidence: 0.7, by: ann}\n" + checkIn +
			"  - id: keep\n    title: Keep\n    owner: ann\n    key_results: []\n"
	}
	docs := map[string]string{
		"valid":                     okrs(""),
		"a value of the wrong type": okrs("          - {date: '2026-04-15', value: [1], confidence: 0.7}\n"),
		"a day that does not exist": okrs("          - {date: '2026-02-30', value: 1.3}\n"),
		"out of range":              okrs("          - {date: '2026-04-15', value: 1.3, confidence: 7}\n"),
		"an unknown field":          okrs("          - {date: '2026-04-15', value: 1.3, mood: good}\n"),
		"a missing field":           okrs("          - {value: 1.3}\n"),
		"not an enum value":         strings.Replace(okrs(""), "type: metric", "type: metrc", 1),
		"a repeated list item":      "kind: Team\nid: payments\nname: Payments\nmembers: [ann, bob, ann]\n",
		"a list where a map is":     "kind: Team\nid: payments\nname: [Payments]\n",
	}
	for _, dir := range []string{"../okrs"} {
		files, err := load.Files(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs[f] = string(src)
		}
	}
	failing := 0
	for name, src := range docs {
		ds, fs := load.Parse("f.yaml", []byte(src))
		if len(fs) > 0 || len(ds) == 0 {
			t.Fatalf("%s: does not load: %v", name, fs)
		}
		for _, d := range ds {
			got, err1 := ValidateTree(Document(d))
			want, err2 := Validate(d.JSON(load.Root))
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %v, %v", name, err1, err2)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: through the nodes\n %v\nas JSON values\n %v", name, got, want)
			}
			if len(want) > 0 {
				failing++
			}
			if strings.HasPrefix(name, "valid") || strings.HasPrefix(name, "../") {
				if len(want) > 0 {
					t.Errorf("%s: %s", name, fmt.Sprint(want))
				}
			} else if len(got) == 0 {
				t.Errorf("%s: no problem found", name)
			}
		}
	}
	if failing < 8 {
		t.Errorf("only %d documents with problems", failing)
	}
}
