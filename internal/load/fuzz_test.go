package load

import (
	"bytes"
	"os"
	"testing"
	"unicode/utf8"
)

// maxMessage bounds a finding's message: one quotes at most 256
// characters of each value (finding.Cut), however long the value.
const maxMessage = 4096

// FuzzParse feeds arbitrary bytes to the loader: it must never panic,
// every finding must carry a place and a message of bounded length, and
// what the fast path reads it must read as yaml.v3 does. The corpus in
// testdata/fuzz holds the hostile files of issue #17 (numbers, control
// characters, long ids, many keys, Markdown bombs, weights near the
// largest float64).
func FuzzParse(f *testing.F) {
	files, _ := Files("../../okrs")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"kind: Team\nid: a\n", "a: &x 1\nb: *x\n", "\t- x\n", "kind: [\n", "---\n---\n", "<<: {a: 1}\n",
		"kind: Team\nid: 017\nw: .inf\nx: 0x1F\ny: !!binary aGk=\n", "? [a]\n: b\n", "\xff\xfe",
		"a:\n- {b: 1, c: 'x'}\n- |\n  y\nd: [e, f] # g\n", "a:\n  -\n  - b: |-\n      c\n    d: e\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if utf8.Valid(src) && !bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
			checkFast(t, "fuzz", src) // Parse only asks it of such files
		}
		docs, fs := Parse("f.yaml", src)
		for _, x := range fs {
			if x.File != "f.yaml" || x.Line < 1 || x.Col < 1 || x.Message == "" {
				t.Fatalf("finding without a place or message: %+v", x)
			}
			if len(x.Message) > maxMessage {
				t.Fatalf("a message of %d bytes: %.300s…", len(x.Message), x.Message)
			}
		}
		for _, d := range docs {
			if d.Kind == "" {
				t.Fatalf("document without a kind: %+v", d)
			}
			_ = d.Pos("/a/0/b")
			_ = d.KeyPos("/kind")
		}
	})
}
