package newcycle

import "testing"

// TestNameAfter names the next cycle after the pattern of the one it
// follows, and gives no name where the name does not follow the id.
func TestNameAfter(t *testing.T) {
	for _, tc := range []struct {
		fromID, fromName, id, want string
	}{
		{fromID: "2026-Q4", fromName: "Q4 2026", id: "2027-Q1", want: "Q1 2027"},
		{fromID: "2027-Q1", fromName: "Q1 2027", id: "2027-Q2", want: "Q2 2027"},
		{fromID: "2026-Q4", fromName: "2026 Q4", id: "2027-Q1", want: "2027 Q1"},
		{fromID: "FY2026", fromName: "Fiscal year 2026", id: "FY2027", want: "Fiscal year 2027"},
		{fromID: "2026-H2", fromName: "Second half of 2026 (H2)", id: "2027-H1", want: "Second half of 2027 (H1)"}, // only the parts of the id change
		{fromID: "2026-Q4", fromName: "", id: "2027-Q1", want: ""},                                                 // no name to follow
		{fromID: "2026-Q1", fromName: "Spring", id: "2026-Q2", want: ""},                                           // the name does not hold the id
		{fromID: "2026-Q4", fromName: "Q4", id: "2027-Q1", want: ""},                                               // the year that changes is not in it
		{fromID: "2026-Q4", fromName: "Q4 2026", id: "FY2027", want: ""},                                           // another shape of id
		{fromID: "2026-Q2", fromName: "Q2 2026", id: "2026-QX", want: ""},                                          // a number becomes letters
		{fromID: "2-2", fromName: "2 and 2", id: "3-4", want: ""},                                                  // one run, two new ones
		{fromID: "2026-Q3", fromName: "Q3 2026", id: "2026-Q4", want: "Q4 2026"},
		{fromID: "Q3", fromName: "Q3 (summer)", id: "Q4", want: "Q4 (summer)"},
	} {
		if got := NameAfter(tc.fromID, tc.fromName, tc.id); got != tc.want {
			t.Errorf("NameAfter(%q, %q, %q) = %q, want %q", tc.fromID, tc.fromName, tc.id, got, tc.want)
		}
	}
}
