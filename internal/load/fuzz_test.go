package load

import (
	"os"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the loader: it must never panic, and
// every finding must carry a place.
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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		docs, fs := Parse("f.yaml", src)
		for _, x := range fs {
			if x.File != "f.yaml" || x.Line < 1 || x.Col < 1 || x.Message == "" {
				t.Fatalf("finding without a place or message: %+v", x)
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
