package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/okrs-dev/okrs/internal/gen"
)

// fastParse is the fast reader on a parser of its own.
func fastParse(src []byte) ([]*yaml.Node, bool) { return new(fastParser).parse(src) }

// yamlTrees is what yaml.v3 reads from src: the trees fastParse must give.
func yamlTrees(src []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var docs []*yaml.Node
	for {
		var root yaml.Node
		err := dec.Decode(&root)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &root)
	}
}

// treeDiff describes the first difference between two trees in what the
// loader reads from them, or returns "".
func treeDiff(path string, got, want *yaml.Node) string {
	if got.Kind != want.Kind || got.Style != want.Style || got.Tag != want.Tag || got.Value != want.Value ||
		got.Anchor != want.Anchor || got.Line != want.Line || got.Column != want.Column || len(got.Content) != len(want.Content) {
		return fmt.Sprintf("%s: got %s, want %s", path, describe(got), describe(want))
	}
	for i := range got.Content {
		if d := treeDiff(fmt.Sprintf("%s/%d", path, i), got.Content[i], want.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

func describe(n *yaml.Node) string {
	return fmt.Sprintf("{kind %d style %d tag %q value %q anchor %q at %d:%d, %d children}",
		n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Line, n.Column, len(n.Content))
}

// checkFast fails t if fastParse reads src and yaml.v3 reads it otherwise.
// It tells whether fastParse read it.
func checkFast(t *testing.T, name string, src []byte) bool {
	t.Helper()
	got, ok := fastParse(src)
	if !ok {
		return false
	}
	want, err := yamlTrees(src)
	if err != nil {
		t.Fatalf("%s: the fast path read what yaml.v3 refuses (%v):\n%s", name, err, src)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d documents, yaml.v3 reads %d:\n%s", name, len(got), len(want), src)
	}
	for i := range got {
		if d := treeDiff("", got[i].Content[0], want[i].Content[0]); d != "" {
			t.Fatalf("%s, document %d: %s\n%s", name, i+1, d, src)
		}
	}
	return true
}

// Every data file the project has is read by the fast path, to the same
// trees as yaml.v3: the sample organization, the test organizations and a
// generated one.
func TestFastParseReadsTheProjectsFiles(t *testing.T) {
	dirs := []string{"../../okrs", "../site/testdata/org", "../diff/testdata/sample", "../export/testdata"}
	generated := t.TempDir()
	if _, err := gen.WritePreset(generated, "small", 1); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, generated)
	read := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !IsDataFile(path) {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if !checkFast(t, path, src) {
				t.Errorf("%s: the fast path gave up on it", path)
			}
			read++
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if read < 80 {
		t.Fatalf("read only %d files", read)
	}
}

// The edges of the subset: what it reads must come out as yaml.v3 reads
// it, and what it does not read it must leave to yaml.v3.
func TestFastParseEdges(t *testing.T) {
	for _, tc := range []struct {
		src  string
		fast bool
	}{
		{"kind: Team\nid: a\n", true},
		{"kind: Team\nid: a", true},
		{"---\nkind: Team\n---\nkind: RACI\n", true},
		{"# c\n\n---   \nkind: Team # c\n  # c\nid: 'a''b' # c\n", true},
		{"a:\n  b:\n    - c\n    - d: 1\n      e: [x, 'y', \"z\"]\n  f:\n  - {g: 1, h: -2.5, i: null, j: ~, k: true}\n  - []\n  - {}\nl: m\n", true},
		{"a:\n-\n- # c\n  b: 1\n-\n  - 1\nc:\n", true},
		{"a: |\n  x\n\n   y\n  # z\nb: |-\n    one\n    two\n\nc: |\n  end", true},
		{"a:\n  - |\n    x\n  - |-\n    y\n", true},
		{"a: k€ ✓ 𝄞\nb: {c: €€, d: x}\n", true},
		{"a: 2026-01-15\nb: 017\nc: 0x1F\nd: .inf\ne: 1_000\nf: +3\ng: 1e3\nh: Yes\ni: on\nj: 10:30\nk: http://x.y/z\n", true},
		{"a: b\na: c\n", true},     // duplicate keys are the loader's to refuse
		{"a: -x\nb: - y\n", false}, // a list after a key on the same line is an error
		{"a: b: c\n", false},
		{"a: b:\n", false},
		{"a: x\n  y\n", false},
		{"a:\n  x\n", false},
		{"a: 'x\n  y'\n", false},
		{"a: \"x\\ty\"\n", false},
		{"a: >\n  x\n", false},
		{"a: |+\n  x\n", false},
		{"a: |2\n   x\n", false},
		{"a: |\n  x\n \n", true},
		{"a: |\n  x\n    \n", false},
		{"a: |\n\n  x\n", false},
		{"a: &x 1\nb: *x\n", false},
		{"a: !!str 1\n", false},
		{"<<: {a: 1}\n", false},
		{"a: <<\n", false},
		{"? a\n: b\n", false},
		{"a: {b: 1,\n  c: 2}\n", false},
		{"a: {b: 1,}\n", false},
		{"a: {b: {c: 1}}\n", false},
		{"a: [b: 1]\n", false},
		{"a:\tb\n", false},
		{"a: b\r\n", false},
		{"a: b\u2028c\n", false},
		{"- a\n", false},
		{"  a: 1\n", false},
		{"a: 1\n  b: 2\n", false},
		{"a:\n    b: 1\n  c: 2\n", false},
		{"kind: Team\n---\n", false},
		{"kind: Team\n...\n", false},
		{"%YAML 1.2\n---\nkind: Team\n", false},
		{"a: 'x'y\n", false},
		{"a: x #c\nb: x# not a comment\n", true},
		{"\"a\": 1\n", false},
		{"a b: 1\n", false},
		{"a: [x, y]  # c\n", true},
		{"a: [x,y]\n", true},
		{"a: {b:c}\n", false},
		{"- - a\n", false},
		{"a:\n- - a\n", false},
		{"a: @x\n", false},
		{"a: `x`\n", false},
	} {
		got := checkFast(t, fmt.Sprintf("%q", tc.src), []byte(tc.src))
		if got != tc.fast {
			t.Errorf("%q: fast path read it: %v, want %v", tc.src, got, tc.fast)
		}
	}
}

// The fast path is what reads the files a rollout writes; one that gave up
// on them all would pass every other test and be slow.
func TestFastParseReadsTypicalFiles(t *testing.T) {
	src := strings.Join([]string{
		"kind: OKRs",
		"team: payments",
		"cycle: 2026-Q1",
		"objectives:",
		"  - id: grow",
		"    title: Grow revenue",
		"    description: |",
		"      Why: because.",
		"    key_results:",
		"      - id: arr",
		"        type: metric",
		"        start: 1",
		"        target: 2",
		"        check_ins:",
		"          - {date: '2026-01-08', value: 1.2, confidence: 0.7, by: ann, note: \"On track: yes.\"}",
		"",
	}, "\n")
	if !checkFast(t, "typical", []byte(src)) {
		t.Fatal("the fast path gave up on a typical file")
	}
	if !utf8.ValidString(src) {
		t.Fatal("test data")
	}
}

// Random documents built from the subset's pieces and from the things
// next to its edges, then mutated a character at a time: whatever the
// fast path reads of them, it must read as yaml.v3 does.
func TestFastParseRandomDocuments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	scalars := []string{"x", "Grow revenue", "-1", "1.5", "017", "0x1F", "2026-01-15", "~", "null", "Null", "true",
		"yes", "on", ".inf", "-.inf", ".nan", "1e3", "+.5", "1_000", "0", "-0", "09", "-05", "0.5", "-0.25", "12.", "1.2.3",
		"123456789012345678", "1234567890123456789", "3.14159265358979323846", "0x1F", "1:30", "-", "a:b", "a: b", "x:", "a #b", "a#b", "k€", "it's",
		"'q'", "\"d\"", "{", "[a]", "- x", "-x", "<<", "&a", "*a", "!x", "%x", "@x", "|", ">", "a\\b", "?x", "? x", ",x"}
	keys := []string{"kind", "id", "a", "b-c", "d_e", "f.g", "h/i", "true", "1", "null", "y", "2026-Q1"}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	quote := func(s string) string {
		switch r.IntN(4) {
		case 0:
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		case 1:
			return `"` + s + `"`
		}
		return s
	}
	comment := func() string {
		if r.IntN(5) == 0 {
			return pick([]string{" # c", "  #c", "#c"})
		}
		return ""
	}
	flow := func() string {
		var items []string
		isMap := r.IntN(2) == 0
		for range r.IntN(4) {
			if isMap {
				items = append(items, pick(keys)+": "+quote(pick(scalars)))
			} else {
				items = append(items, quote(pick(scalars)))
			}
		}
		sep := pick([]string{", ", ",", " , "})
		if isMap {
			return "{" + strings.Join(items, sep) + "}"
		}
		return "[" + strings.Join(items, sep) + "]"
	}
	var block func(b *strings.Builder, indent string, depth int, list bool)
	value := func(b *strings.Builder, indent string, depth int) {
		switch n := r.IntN(10); {
		case n < 4 || depth > 3:
			b.WriteString(" " + quote(pick(scalars)) + comment() + "\n")
		case n < 6:
			b.WriteString(" " + flow() + comment() + "\n")
		case n < 7:
			b.WriteString(" " + pick([]string{"|", "|-", "| ", "|+", ">"}) + "\n")
			inner := indent + pick([]string{" ", "  ", "    "})
			for range 1 + r.IntN(3) {
				b.WriteString(pick([]string{inner + pick(scalars), "", inner + "  more", inner + "# not a comment", " "}) + "\n")
			}
		default:
			b.WriteString(comment() + "\n")
			if r.IntN(6) > 0 {
				inner := indent + pick([]string{"  ", "    ", " ", ""})
				block(b, inner, depth+1, r.IntN(2) == 0)
			}
		}
	}
	block = func(b *strings.Builder, indent string, depth int, list bool) {
		for range 1 + r.IntN(3) {
			if r.IntN(8) == 0 {
				b.WriteString(pick([]string{"", indent + "# c", "#c", "   "}) + "\n")
			}
			if !list {
				b.WriteString(indent + pick(keys) + ":")
				value(b, indent, depth)
				continue
			}
			b.WriteString(indent + "-")
			if r.IntN(3) == 0 {
				inner := indent + pick([]string{"  ", " ", "   "})
				b.WriteString(inner[len(indent)+1:] + pick(keys) + ":")
				value(b, inner, depth)
				if r.IntN(2) == 0 {
					b.WriteString(inner + pick(keys) + ":")
					value(b, inner, depth)
				}
				continue
			}
			value(b, indent, depth)
		}
	}
	runs := 20000
	if testing.Short() {
		runs = 2000
	}
	if s := os.Getenv("FAST_RUNS"); s != "" {
		runs, _ = strconv.Atoi(s)
	}
	read := 0
	for i := range runs {
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteString("---\n")
		}
		block(&b, "", 0, false)
		if r.IntN(4) == 0 {
			b.WriteString("---\n")
			block(&b, "", 0, false)
		}
		src := []byte(b.String())
		for range r.IntN(3) {
			if len(src) == 0 {
				break
			}
			at := r.IntN(len(src))
			switch r.IntN(3) {
			case 0:
				src = append(src[:at:at], src[at+1:]...)
			case 1:
				c := " :-#'\"{}[],|\n"[r.IntN(13)]
				src = append(src[:at:at], append([]byte{c}, src[at:]...)...)
			case 2:
				src = src[:at]
			}
		}
		if checkFast(t, fmt.Sprintf("random document %d", i), src) {
			read++
		}
	}
	// The test is only worth something if the fast path reads a fair share.
	if read < runs/5 {
		t.Fatalf("the fast path read only %d of %d random documents", read, runs)
	}
	t.Logf("the fast path read %d of %d random documents", read, runs)
}

// numberTag answers as yaml.v3 does for every number it answers for.
func TestNumberTag(t *testing.T) {
	answered := 0
	for _, s := range []string{"0", "-0", "7", "42", "-3", "017", "09", "-05", "0.5", "-0.25", "12.", ".5", "1.2.3",
		"123456789012345678", "1234567890123456789", "99999999999999999999", "3.14159265358979323846", "1e3", "1_0",
		"0x1F", "1:30", "-", "--1", "0.0", "00.5", "1.0e5", "+1", "2026-01-15"} {
		got := numberTag(s)
		if got == "" {
			continue
		}
		answered++
		if want := (&yaml.Node{Kind: yaml.ScalarNode, Value: s}).ShortTag(); got != want {
			t.Errorf("numberTag(%q) = %s, yaml.v3 says %s", s, got, want)
		}
	}
	if answered < 10 {
		t.Errorf("numberTag answered for only %d numbers", answered)
	}
}
