package output

import (
	"bytes"
	"reflect"
	"testing"
)

// The list of built pages comes back as it was written, and a damaged one
// is no list: the build after it makes a whole new site.
func TestBuiltPagesList(t *testing.T) {
	pages := map[string]builtPage{
		"index.html":           {key: Key{1, 2, 3}, size: 4096, mtime: 1_700_000_000_123_456_789},
		"teams/web/index.html": {key: Key{9}, size: 0, mtime: -1},
		"data/okrs.json":       {key: Key{31: 7}, size: 1 << 40, mtime: 0},
	}
	b := encodeBuilt(pages)
	got, err := decodeBuilt(b)
	if err != nil || !reflect.DeepEqual(got, pages) {
		t.Fatalf("round trip: %v, %v", got, err)
	}
	for cut := range len(b) {
		if _, err := decodeBuilt(b[:cut]); err == nil {
			t.Fatalf("a list cut at %d of %d bytes reads as whole", cut, len(b))
		}
	}
	if _, err := decodeBuilt(append(bytes.Clone(b), 0)); err == nil {
		t.Error("a list with a byte appended reads as whole")
	}
}
