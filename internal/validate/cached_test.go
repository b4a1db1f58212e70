package validate

import (
	"reflect"
	"testing"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
)

// TestCacheEntryRoundTrip checks that an entry gives back the file it was
// made from: every field of every finding (a field added to Finding must
// be added to the entry too), what failed the schema, the documents.
func TestCacheEntryRoundTrip(t *testing.T) {
	src := []byte("kind: OKRs\nteam: web\ncycle: 2026-Q2\nobjectives:\n  - id: o\n    title: 5\n")
	f := checkFile("okrs/web.yaml", src, Options{})
	// A finding with every field set, on a line far past the entry's end,
	// in a file whose name is not UTF-8.
	var x finding.Finding
	v := reflect.ValueOf(&x).Elem()
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		for i := range v.NumField() {
			switch f := v.Field(i); f.Kind() {
			case reflect.Struct:
				fill(f)
			case reflect.String:
				f.SetString("\xff" + v.Type().Field(i).Name)
			case reflect.Int:
				f.SetInt(1_000_000 + int64(i))
			default:
				t.Fatalf("Finding has a %s field: add it to the cache entry and here", f.Kind())
			}
		}
	}
	fill(v)
	f.Findings = append(f.Findings, x)
	b, err := encodeFile(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != f.Path || !reflect.DeepEqual(got.Findings, f.Findings) || !reflect.DeepEqual(got.Problems, f.Problems) {
		t.Errorf("got %q %v %v\nwant %q %v %v", got.Path, got.Findings, got.Problems, f.Path, f.Findings, f.Problems)
	}
	if len(got.Docs) != 1 || len(got.Entities) != 1 || got.Docs[0].Pos("/objectives/0/title") != f.Docs[0].Pos("/objectives/0/title") {
		t.Fatalf("documents: got %d, entities %d", len(got.Docs), len(got.Entities))
	}
	k, ok := got.Entities[0].(*okr.OKRs)
	if !ok || k.Team != "web" || len(k.Objectives) != 1 || k.Objectives[0].ID != "o" {
		t.Errorf("entity: %+v", got.Entities[0])
	}
}
