package load

import (
	"strings"
	"testing"
)

// TestSyntaxHints: the YAML errors people make most say what to change,
// at the line where it must change.
func TestSyntaxHints(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{
			name: "a colon in a value",
			src:  "kind: OKRs\nobjectives:\n  - id: a\n    title: Ship v2: the rewrite\n    owner: bob\n",
			line: 4,
			want: `mapping values are not allowed in this context; the value of title holds ": ", which YAML reads as another key; put the value in quotes: title: "Ship v2: the rewrite"`,
		},
		{
			name: "a key indented under a plain value",
			src:  "kind: OKRs\nobjectives:\n  - id: a\n    title: Ship\n      owner: bob\n",
			line: 5,
			want: "this line is indented deeper (6 spaces) than a key can be here",
		},
		{
			name: "a key between two indentations",
			src:  "kind: OKRs\nobjectives:\n  - id: a\n    key_results:\n    - id: k\n      title: y\n     check_ins: []\n",
			line: 7,
			want: "did not find expected key; this line is indented 5 spaces and the keys of the line above 6; indent it like the keys it belongs with (6 spaces to belong with the line above)",
		},
		{
			name: "a list item among keys",
			src:  "kind: OKRs\nobjectives:\n  - id: a\n    title: x\n    - id: b\n",
			line: 5,
			want: `this list item (indented 4 spaces) sits among the keys of a mapping`,
		},
		{
			name: "a key dedented into a list",
			src:  "kind: OKRs\nobjectives:\n  - id: a\n    title: x\n   owner: b\n",
			line: 5,
			want: "did not find expected '-' indicator; this line is indented 3 spaces and the keys of the line above 4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := Parse("f.yaml", []byte(tt.src))
			if len(fs) != 1 {
				t.Fatalf("findings %v, want one", fs)
			}
			if fs[0].Line != tt.line || !strings.Contains(fs[0].Message, tt.want) {
				t.Errorf("line %d: %s\nwant line %d: ...%s...", fs[0].Line, fs[0].Message, tt.line, tt.want)
			}
		})
	}
}
