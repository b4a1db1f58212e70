package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
)

// TestPreviousIsASeparateComputation checks the "previous" numbers of
// okrs.json against a second okrs.json computed as of the "since" date,
// for every cycle, team cycle, objective and key result: the comparison
// must be the numbers a reader gets by building as of that date.
func TestPreviousIsASeparateComputation(t *testing.T) {
	generated := t.TempDir()
	st, err := gen.Write(generated, gen.Config{Teams: 12, Quarters: 3, Seed: 15})
	if err != nil {
		t.Fatal(err)
	}
	genAsOf := okr.MustDate(st.AsOf)
	for _, tc := range []struct {
		name        string
		dir         string
		asOf, since okr.Date
	}{
		{"sample, a week", "../../okrs", okr.MustDate("2026-11-20"), okr.MustDate("2026-11-13")},
		{"sample, across quarters", "../../okrs", okr.MustDate("2026-11-20"), okr.MustDate("2026-08-03")},
		{"generated, a week", generated, genAsOf, genAsOf.AddDays(-7)},
		{"generated, a quarter", generated, genAsOf, genAsOf.AddDays(-91)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := exported(t, tc.dir, pipeline.Options{AsOf: tc.asOf, Since: tc.since})
			then := exported(t, tc.dir, pipeline.Options{AsOf: tc.since})
			if now.Since != tc.since.String() {
				t.Errorf("since = %q, want %s", now.Since, tc.since)
			}
			compared := 0
			same := func(what string, previous, want any) {
				t.Helper()
				compared++
				if g, w := mustJSON(t, previous), mustJSON(t, want); g != w {
					t.Errorf("%s: previous = %s, computed as of %s: %s", what, g, tc.since, w)
				}
			}
			if len(now.Cycles) != len(then.Cycles) || len(now.TeamCycles) != len(then.TeamCycles) || len(now.Objectives) != len(then.Objectives) {
				t.Fatalf("the two computations list different entities")
			}
			for i, c := range now.Cycles {
				same("cycle "+c.ID, c.Previous, map[string]any{"progress": then.Cycles[i].Progress})
			}
			for i, tcy := range now.TeamCycles {
				same("team cycle "+tcy.Team+" "+tcy.Cycle, tcy.Previous, map[string]any{"progress": then.TeamCycles[i].Progress})
			}
			for i, o := range now.Objectives {
				was := then.Objectives[i]
				ref := o.Cycle + "/" + o.Team + "/" + o.ID
				same("objective "+ref, o.Previous, map[string]any{"progress": was.Progress, "state": was.State})
				for j, kr := range o.KeyResults {
					k := was.KeyResults[j]
					same("key result "+ref+"/"+kr.ID, kr.Previous, map[string]any{"progress": k.Progress, "state": k.State, "current": k.Current})
				}
			}
			if compared < 20 {
				t.Errorf("only %d numbers compared", compared)
			}
			t.Logf("%d cycles, team cycles, objectives and key results compared", compared)
		})
	}
}

// parsed is the part of okrs.json the comparison reads.
type parsed struct {
	Since  string `json:"since"`
	Cycles []struct {
		ID       string          `json:"id"`
		Progress json.RawMessage `json:"progress"`
		Previous json.RawMessage `json:"previous"`
	} `json:"cycles"`
	TeamCycles []struct {
		Team     string          `json:"team"`
		Cycle    string          `json:"cycle"`
		Progress json.RawMessage `json:"progress"`
		Previous json.RawMessage `json:"previous"`
	} `json:"team_cycles"`
	Objectives []struct {
		Cycle      string          `json:"cycle"`
		Team       string          `json:"team"`
		ID         string          `json:"id"`
		Progress   json.RawMessage `json:"progress"`
		State      json.RawMessage `json:"state"`
		Previous   json.RawMessage `json:"previous"`
		KeyResults []struct {
			ID       string          `json:"id"`
			Progress json.RawMessage `json:"progress"`
			State    json.RawMessage `json:"state"`
			Current  json.RawMessage `json:"current"`
			Previous json.RawMessage `json:"previous"`
		} `json:"key_results"`
	} `json:"objectives"`
}

func exported(t *testing.T, dir string, opt pipeline.Options) parsed {
	t.Helper()
	res, err := pipeline.Run(filepath.Clean(dir), opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := JSON(&b, res.Numbers, res.Model, res.Findings); err != nil {
		t.Fatal(err)
	}
	var p parsed
	if err := json.Unmarshal(b.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// mustJSON is v as compact JSON with sorted keys, so that equal numbers
// compare equal whatever their order.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var any any
	if err := json.Unmarshal(b, &any); err != nil {
		t.Fatal(fmt.Errorf("%s: %w", b, err))
	}
	b, _ = json.Marshal(any)
	return string(b)
}
