package export

import (
	"bytes"
	"path/filepath"
	"testing"

	goldenpkg "github.com/okrs-dev/okrs/internal/golden"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
)

// TestSampleOrganization pins data/okrs.json and the running quarter's CSV
// for the sample organization in okrs/ at a fixed as-of date: the numbers
// executives act on change only with a reviewed golden diff.
func TestSampleOrganization(t *testing.T) {
	t.Chdir("../..") // file names in findings as a user at the top of the repository sees them
	golden := func(t *testing.T, got []byte) {
		t.Helper()
		goldenpkg.Check(t, filepath.Join("internal/export/testdata", t.Name()+".golden"), got)
	}
	res, err := pipeline.Run("okrs", pipeline.Options{AsOf: okr.MustDate("2026-11-20"), Since: okr.MustDate("2026-11-13")})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid() {
		t.Fatalf("the sample organization has errors: %v", res.Findings)
	}
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := JSON(&b, res.Numbers, res.Model, res.Findings); err != nil {
			t.Fatal(err)
		}
		golden(t, b.Bytes())
	})
	t.Run("csv", func(t *testing.T) {
		var b bytes.Buffer
		if err := CSV(&b, res.Numbers, "2026-Q4"); err != nil {
			t.Fatal(err)
		}
		golden(t, b.Bytes())
	})
}

func TestCSVGuardsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1 NPS":            "'+1 NPS",
		"-5 % churn":        "'-5 % churn",
		"@sum":              "'@sum",
		"Grow revenue":      "Grow revenue",
		"":                  "",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealOrganizations pins okrs.json for two organizations written the
// way public OKR sets are (SPEC §10): a handbook quarter inside its year,
// with job titles, team owners and a few objectives graded, and working
// groups with no owners, no scores and several roots. Both are valid with
// warnings only.
func TestRealOrganizations(t *testing.T) {
	t.Chdir("../..")
	for _, name := range []string{"handbook", "working-groups"} {
		t.Run(name, func(t *testing.T) {
			res, err := pipeline.Run(filepath.Join("testdata/real", name), pipeline.Options{AsOf: okr.MustDate("2026-11-20"), Since: okr.MustDate("2026-11-13")})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Valid() {
				t.Fatalf("%s has errors: %v", name, res.Findings)
			}
			var b bytes.Buffer
			if err := JSON(&b, res.Numbers, res.Model, res.Findings); err != nil {
				t.Fatal(err)
			}
			goldenpkg.Check(t, filepath.Join("internal/export/testdata", t.Name()+".golden"), b.Bytes())
		})
	}
}
