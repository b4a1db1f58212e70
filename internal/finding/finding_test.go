package finding

import (
	"strings"
	"testing"
)

func TestCut(t *testing.T) {
	id63 := strings.Repeat("a", 63)
	tests := []struct {
		name, in, want string
	}{
		{"short", "payments", "payments"},
		{"the longest id stays whole", id63, id63},
		{"a long word", strings.Repeat("x", 1<<20), strings.Repeat("x", 64) + "…"},
		{"wide characters count as one", strings.Repeat("é", 70), strings.Repeat("é", 64) + "…"},
		{"a list of ids keeps each", id63 + " -> " + id63 + " -> " + id63, id63 + " -> " + id63 + " -> " + id63},
		{"a long word in a list", "a -> " + strings.Repeat("y", 100) + " -> b", "a -> " + strings.Repeat("y", 64) + "… -> b"},
		{"long text of short words", strings.Repeat("ab ", 200), strings.Repeat("ab ", 85) + "a…"},
		{"cut twice is cut once", Cut(strings.Repeat("x", 100)), strings.Repeat("x", 64) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cut(tt.in); got != tt.want {
				t.Errorf("Cut = %q (%d bytes), want %q", got, len(got), tt.want)
			}
		})
	}
	if got := Msg("unknown team %q as %s (line %d)", strings.Repeat("z", 100), "lead", 3); got != `unknown team "`+strings.Repeat("z", 64)+`…" as lead (line 3)` {
		t.Errorf("Msg = %q", got)
	}
}
