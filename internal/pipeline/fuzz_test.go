package pipeline

import (
	"os"
	"testing"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// FuzzValidate runs the whole check over a small organization (the CLI
// scripts' base) with one file replaced by arbitrary bytes: no input may
// panic, and every finding has a place and a message of bounded length.
// The corpus in testdata/fuzz holds the hostile files of issue #17.
func FuzzValidate(f *testing.F) {
	files, err := load.Files("../cli/testdata/base")
	if err != nil || len(files) == 0 {
		f.Fatalf("no base files: %v", err)
	}
	base := map[string][]byte{}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		base[p] = b
		f.Add(uint8(len(base)-1), b)
	}
	f.Add(uint8(0), []byte("kind: OKRs\nteam: x\ncycle: y\nobjectives: [{id: a, key_results: [{id: b, type: milestone, check_ins: [{date: 2026-01-01, value: 1}]}]}]\n"))
	f.Add(uint8(1), []byte("kind: Team\nid: payments\nparent: payments\n"))
	f.Add(uint8(2), []byte("kind: CheckIns\nteam: payments\ncycle: 2026-Q4\ncheck_ins: [{kr: a/b, date: 2026-13-01}]\n"))
	f.Add(uint8(3), []byte("kind: Organization\ncycles: [{id: a, start: 2026-01-02, end: 2026-01-01, parent: a}]\n"))
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		var docs []*load.Document
		var fs []finding.Finding
		i := 0
		for _, p := range files {
			b := base[p]
			if i == int(which)%len(files) {
				b = src
			}
			i++
			d, ff := load.Parse(p, b)
			docs = append(docs, d...)
			fs = append(fs, ff...)
		}
		res := Documents("okrs", docs, fs, Options{AsOf: okr.MustDate("2026-11-20")})
		for _, x := range res.Findings {
			if x.File == "" || x.Line < 1 || x.Col < 1 || x.Message == "" || x.Rule == "" {
				t.Fatalf("finding without a place, rule or message: %+v", x)
			}
			if len(x.Message) > 4096 { // values are quoted cut (finding.Cut)
				t.Fatalf("a message of %d bytes: %.300s…", len(x.Message), x.Message)
			}
		}
	})
}
