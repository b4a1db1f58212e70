package validate

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/schema"
)

// TestSchemaMatchesModel keeps one source of truth: every field the schema
// allows is read into the model, and the model reads no field the schema
// does not allow. A field added on one side only fails here.
func TestSchemaMatchesModel(t *testing.T) {
	var doc struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schema.JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]any{
		"Organization":  okr.Organization{},
		"settings":      okr.Settings{},
		"cycle":         okr.Cycle{},
		"cycleEvents":   okr.Events{},
		"person":        okr.Person{},
		"roles":         okr.RolesSpec{},
		"Team":          okr.Team{},
		"OKRs":          okr.OKRs{},
		"objective":     okr.Objective{},
		"objectiveRaci": okr.Assignment{},
		"keyResult":     okr.KeyResult{},
		"milestone":     okr.Milestone{},
		"checkIn":       okr.CheckIn{},
		"loggedCheckIn": okr.CheckIn{},
		"CheckIns":      okr.CheckIns{},
		"RACI":          okr.RACI{},
		"raciActivity":  okr.Activity{},
	}
	for def, v := range types {
		t.Run(def, func(t *testing.T) {
			d, ok := doc.Defs[def]
			if !ok {
				t.Fatalf("schema has no $defs/%s", def)
			}
			var inSchema []string
			for name := range d.Properties {
				if name != "kind" {
					inSchema = append(inSchema, name)
				}
			}
			inModel := jsonFields(reflect.TypeOf(v))
			if def == "checkIn" {
				inModel = slices.DeleteFunc(inModel, func(s string) bool { return s == "kr" }) // CheckIns files only
			}
			slices.Sort(inSchema)
			slices.Sort(inModel)
			if !slices.Equal(inSchema, inModel) {
				t.Errorf("schema $defs/%s has %v\nmodel %T reads   %v", def, inSchema, v, inModel)
			}
		})
	}
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// TestSchemaHealthRules checks that the rule ids the schema accepts in
// settings.health are exactly the rules okrs runs.
func TestSchemaHealthRules(t *testing.T) {
	var doc struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schema.JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range health.Rules {
		ids = append(ids, r.ID)
	}
	got := slices.Sorted(slices.Values(doc.Defs["healthRule"].Enum))
	slices.Sort(ids)
	if !slices.Equal(got, ids) {
		t.Errorf("schema healthRule enum %v\nhealth.Rules          %v", got, ids)
	}
}
