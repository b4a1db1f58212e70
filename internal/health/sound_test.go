package health

import "testing"

// TestWithin pins the pointer rule that decides what a schema problem
// touches: an entity is unsound when a problem is at it, above it, or
// below it outside the items of its list field.
func TestWithin(t *testing.T) {
	tests := []struct {
		p, base string
		want    bool
	}{
		{"/objectives/1", "/objectives/1", true},
		{"/objectives/1/titel", "/objectives/1", true},
		{"/objectives/10", "/objectives/1", false}, // a sibling, not a child
		{"/objectives/1/key_results/0/taget", "/objectives/1/key_results/", true},
		{"/objectives/1/key_results", "/objectives/1/key_results/", false},
		{"/objectives/1", "", true}, // everything is below the document
		{"", "/objectives/1", false},
	}
	for _, tt := range tests {
		if got := within(tt.p, tt.base); got != tt.want {
			t.Errorf("within(%q, %q) = %v, want %v", tt.p, tt.base, got, tt.want)
		}
	}
}
