package load

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRefusals(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		{name: "tab in indentation", src: "kind: Team\nid: a\nname: A\nmembers:\n  - b\n\t- c\n", line: 6, col: 1, msg: "tab character"},
		{name: "unclosed flow list", src: "kind: Team\nid: a\nmembers: [a, b\nname: c\n", line: 3, col: 1, msg: "did not find expected ',' or ']'"},
		{name: "bad dedent", src: "kind: Team\nid: a\nname:\n  x: 1\n  y: 2\n z: 3\n", line: 6, col: 2, msg: "YAML syntax error"},
		{name: "mapping in scalar", src: "kind: Team\nid: a: b\n", line: 2, col: 1, msg: "mapping values"},
		{name: "unclosed quote", src: "kind: Team\nid: \"a\nname: b\n", line: 2, col: 1, msg: "YAML syntax error"},
		{name: "duplicate key", src: "kind: Team\nid: a\nname: A\nid: b\n", line: 4, col: 1, msg: `duplicate key "id" (first at line 2)`},
		{name: "anchor", src: "kind: Team\nid: a\nmembers: &m [a]\n", line: 3, col: 10, msg: "anchor &m"},
		{name: "alias", src: "kind: Team\nid: a\nname: *x\n", line: 3, col: 1, msg: "unknown anchor 'x'"},
		{name: "merge key", src: "kind: Team\nid: a\n<<: {name: b}\n", line: 3, col: 1, msg: "merge key"},
		{name: "billion laughs", src: "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", line: 1, col: 4, msg: "anchor &a"},
		{name: "missing kind", src: "id: a\nname: A\n", line: 1, col: 1, msg: "missing kind"},
		{name: "unknown kind", src: "kind: Teams\nid: a\n", line: 1, col: 7, msg: `unknown kind "Teams"; use one of Organization, Team, OKRs, CheckIns, RACI (did you mean "Team"?)`},
		{name: "empty file", src: "# just a comment\n", line: 1, col: 1, msg: "file is empty"},
		{name: "empty document", src: "kind: Team\nid: a\n---\n", line: 3, col: 1, msg: "document 2 is empty"},
		{name: "not a mapping", src: "- kind: Team\n", line: 1, col: 1, msg: "must be a mapping"},
		{name: "invalid utf-8", src: "kind: Team\nname: caf\xe9\n", line: 2, col: 10, msg: "not valid UTF-8"},
		{name: "infinity", src: "kind: Team\nweight: .inf\n", line: 2, col: 9, msg: "not a finite number"},
		{name: "NUL in a value", src: "kind: Team\nid: a\nname: Pay\x00ments\n", line: 3, col: 10, msg: "control character U+0000 is not allowed in YAML; delete it"},
		{name: "escape in a quoted value, after a wide character", src: "kind: Team\nid: a\nname: \"Zoë \x1b[31m\"\n", line: 3, col: 12, msg: "control character U+001B"},
		{name: "DEL in a key", src: "kind: Team\nid: a\nna\x7fme: b\n", line: 3, col: 3, msg: "control character U+007F"},
		{name: "custom tag", src: "kind: Team\nid: !secret a\n", line: 2, col: 5, msg: "tag !secret"},
		{name: "complex key", src: "kind: Team\n? [a, b]\n: c\n", line: 2, col: 3, msg: "key must be plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := Parse("f.yaml", []byte(tt.src))
			if tt.msg == "" {
				if len(fs) != 0 {
					t.Fatalf("want no findings, got %v", fs)
				}
				return
			}
			if len(fs) == 0 {
				t.Fatalf("want a finding containing %q, got none", tt.msg)
			}
			f := fs[0]
			if f.Line != tt.line || f.Col != tt.col || !strings.Contains(f.Message, tt.msg) {
				t.Errorf("got %s, want f.yaml:%d:%d with %q", f, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestScalarsKeepTheirText(t *testing.T) {
	src := "kind: Team\nid: 017\ndate: 2026-01-15\nneg: -0012\nf: 1.50\nb: true\nn: null\ns: '017'\n"
	docs, fs := Parse("f.yaml", []byte(src))
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	got, _ := json.Marshal(docs[0].JSON(Root))
	want := `{"b":true,"date":"2026-01-15","f":1.50,"id":17,"kind":"Team","n":null,"neg":-12,"s":"017"}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if lit := docs[0].Literal("/id"); lit != "017" {
		t.Errorf("literal of /id = %q, want 017", lit)
	}
	if lit := docs[0].Literal("/s"); lit != "" {
		t.Errorf("literal of a quoted string = %q, want empty", lit)
	}
}

// Numbers YAML reads but people do not write where they mean a decimal
// are refused at the value, with the decimal to write instead, whichever
// reader (the fast one or yaml.v3) reads the file.
func TestNumbersAsPeopleWriteThem(t *testing.T) {
	tests := []struct {
		value string
		msg   string // "" when the value is read as written
	}{
		{"0x1F", `0x1F is a hexadecimal number, which okrs does not read; write 31, or quote it ("0x1F") if it is text`},
		{"-0x10", "write -16"},
		{"0o17", "0o17 is an octal number, which okrs does not read; write 15"},
		{"0b1", "0b1 is a binary number, which okrs does not read; write 1"},
		{"1__0", "1__0 has _ in it, which okrs does not read in numbers; write 10"},
		{"1_000", "write 1000"},
		{"1_000.5", "write 1000.5"},
		{"1e400", `1e400 is out of range: a number must lie between -1.8e308 and 1.8e308; write one that does, or quote it ("1e400") if it is text`},
		{"-1e400", "-1e400 is out of range"},
		{"'1e400'", ""},
		{"017", ""},
		{"1e300", ""},
		{"-12.5", ""},
	}
	for _, tt := range tests {
		for _, reader := range []string{"fast", "yaml.v3"} {
			t.Run(tt.value+"/"+reader, func(t *testing.T) {
				src := "kind: Team\nid: a\nweight: " + tt.value + "\n"
				if reader == "yaml.v3" {
					src += "description: >\n  folded, which the fast reader leaves to yaml.v3\n"
				}
				if _, ok := new(fastParser).parse([]byte(src)); ok != (reader == "fast") {
					t.Fatalf("the fast reader read it: %v, want %v", ok, reader == "fast")
				}
				_, fs := Parse("f.yaml", []byte(src))
				if tt.msg == "" {
					if len(fs) != 0 {
						t.Fatalf("want no findings, got %v", fs)
					}
					return
				}
				if len(fs) != 1 || fs[0].Line != 3 || fs[0].Col != 9 || !strings.Contains(fs[0].Message, tt.msg) {
					t.Fatalf("got %v, want one finding at f.yaml:3:9 with %q", fs, tt.msg)
				}
			})
		}
	}
}

func TestPositions(t *testing.T) {
	src := "kind: OKRs\nteam: a\nobjectives:\n  - id: o1\n    key_results:\n      - id: k1\n        target: 3\n"
	docs, fs := Parse("f.yaml", []byte(src))
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	d := docs[0]
	tests := []struct {
		name, ptr string
		key       bool
		line, col int
	}{
		{"root", "", false, 1, 1},
		{"value", "/team", false, 2, 7},
		{"key", "/team", true, 2, 1},
		{"list item", "/objectives/0", false, 4, 5},
		{"nested value", "/objectives/0/key_results/0/target", false, 7, 17},
		{"nested key", "/objectives/0/key_results/0/target", true, 7, 9},
		{"missing field falls back to its object", "/objectives/0/title", false, 4, 5},
		{"missing item falls back to the list", "/objectives/3", false, 4, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := d.Pos(tt.ptr)
			if tt.key {
				p = d.KeyPos(tt.ptr)
			}
			if p.Line != tt.line || p.Col != tt.col {
				t.Errorf("%s: got %d:%d, want %d:%d", tt.ptr, p.Line, p.Col, tt.line, tt.col)
			}
		})
	}
}

func TestMultipleDocuments(t *testing.T) {
	src := "kind: Team\nid: a\nname: A\n---\nkind: Team\nid: b\nname: B\n"
	docs, fs := Parse("f.yaml", []byte(src))
	if len(fs) != 0 || len(docs) != 2 {
		t.Fatalf("got %d docs, findings %v", len(docs), fs)
	}
	if docs[1].Index != 1 || docs[1].Pos("/id").Line != 6 {
		t.Errorf("second document: index %d, /id at line %d", docs[1].Index, docs[1].Pos("/id").Line)
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", "kind: Team\nid: a\n")
	write("sub/deeper/b.yml", "kind: Team\nid: b\n")
	write(".hidden/c.yaml", "kind: [\n")
	write("sub/.d.yaml", "kind: [\n")
	write("notes.txt", "kind: [\n")
	write("big.yaml", "kind: Team\nid: big\ndescription: "+strings.Repeat("x", 200)+"\n")
	docs, fs, err := Dir(dir, Options{MaxFileSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.JSON(Root).(map[string]any)["id"].(string))
	}
	if strings.Join(ids, ",") != "a,b" {
		t.Errorf("documents %v, want a,b (hidden and non-YAML files skipped)", ids)
	}
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "over the limit of 100") || fs[0].Rule != RuleFile {
		t.Errorf("want one size finding for big.yaml, got %v", fs)
	}
	if _, _, err := Dir(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Error("a missing directory is an error")
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	src := "kind: OKRs\nteam: a\nid: 017\nobjectives:\n  - id: o1\n    key_results: [{id: k1, target: 3}]\n"
	docs, fs := Parse("f.yaml", []byte(src))
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	b, _ := docs[0].MarshalBinary()
	var d Document
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for _, ptr := range []string{"", "/team", "/objectives/0/key_results/0/target", "/objectives/0/missing"} {
		if got, want := d.Pos(ptr), docs[0].Pos(ptr); got != want {
			t.Errorf("Pos(%q) = %v, want %v", ptr, got, want)
		}
		if got, want := d.KeyPos(ptr), docs[0].KeyPos(ptr); got != want {
			t.Errorf("KeyPos(%q) = %v, want %v", ptr, got, want)
		}
	}
	if d.Literal("/id") != "017" || d.Kind != "OKRs" || d.File != "f.yaml" {
		t.Errorf("got %+v, literal %q", d, d.Literal("/id"))
	}
	if err := d.UnmarshalBinary(b[:len(b)-3]); err == nil {
		t.Error("a truncated document decoded without error")
	}
}

// TestWidePositions checks the positions that do not fit the compact form
// of the position index: a line past 65535, a column past it, a key many
// lines above its value.
func TestWidePositions(t *testing.T) {
	src := "kind: Team\nitems:\n" + strings.Repeat("  - a\n", 70000) +
		"wide: {pad: " + strings.Repeat("x", 70000) + ", far: 1}\n" +
		"low:" + strings.Repeat("\n", 70000) + "  v\n"
	docs, fs := Parse("f.yaml", []byte(src))
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	if n := len(docs[0].pos.wide); n != 2 {
		t.Errorf("%d wide entries, want 2 (far and low)", n)
	}
	b, _ := docs[0].MarshalBinary()
	var back Document
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ptr       string
		key       bool
		line, col int
	}{
		{"/items/69999", false, 70002, 5},
		{"/wide/far", true, 70003, 70015},
		{"/wide/far", false, 70003, 70020},
		{"/low", true, 70004, 1},
		{"/low", false, 140004, 3},
		{"/wide", false, 70003, 7},
	}
	for _, d := range []*Document{docs[0], &back} {
		for _, tt := range tests {
			p := d.Pos(tt.ptr)
			if tt.key {
				p = d.KeyPos(tt.ptr)
			}
			if p.Line != tt.line || p.Col != tt.col {
				t.Errorf("%s (key %v): got %d:%d, want %d:%d", tt.ptr, tt.key, p.Line, p.Col, tt.line, tt.col)
			}
		}
		if got := d.PointerOf(Node(len(d.pos.nodes) - 1)); got != "/low" {
			t.Errorf("pointer of the last node = %q, want /low", got)
		}
	}
}

// TestPositionsInLongMappings: past manyChildren keys, a key is found
// through the mapping's table rather than a walk; the places are the same.
func TestPositionsInLongMappings(t *testing.T) {
	var b strings.Builder
	b.WriteString("kind: Team\nkeys:\n")
	for i := range 500 {
		fmt.Fprintf(&b, "  k%03d: {v: %d}\n", i, i)
	}
	docs, fs := Parse("f.yaml", []byte(b.String()))
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	d := docs[0]
	for _, i := range []int{0, 31, 32, 33, 499} {
		ptr := fmt.Sprintf("/keys/k%03d/v", i)
		if p := d.Pos(ptr); p.Line != i+3 || p.Col != 13 {
			t.Errorf("%s at %d:%d, want %d:13", ptr, p.Line, p.Col, i+3)
		}
		if n, ok := d.Find(ptr); !ok || d.PointerOf(n) != ptr {
			t.Errorf("%s: found %v, pointer back %q", ptr, ok, d.PointerOf(n))
		}
	}
	if d.Has("/keys/k500") {
		t.Error("/keys/k500 found in a mapping that does not have it")
	}
}
