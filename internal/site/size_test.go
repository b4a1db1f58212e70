package site

import (
	"regexp"
	"strings"
	"testing"

	"github.com/okrs-dev/okrs/internal/gen"
)

// maxFile is the most a page, or a script or style a page loads, may
// weigh on an organization of 1,000 teams (SPEC §9).
const maxFile = 1 << 20

// maxPart is the most a page of a split view may weigh: its budget
// (split.go) aims at about 300 KB, which a phone lays out without a pause.
const maxPart = 400 << 10

// viewPage is a page of a view that is split by team subtree when it is
// large (split.go), and splitPage one of the pages it is split into.
var (
	viewPage  = regexp.MustCompile(`^(roadmap/|raci/|cycles/[^/]+/|alignment/)`)
	splitPage = regexp.MustCompile(`^(roadmap|raci|cycles/[^/]+|alignment/[^/]+|health)/[^/]+/[^/]+\.html$`)
)

// No page and no asset is over 1 MB on the large organization
// (okrs-gen -size large: 1,000 teams and 8 quarters), measured here on
// the medium one (200 teams and 4 quarters) so that `make test` stays
// quick. The pages of a view that is split by team subtree when it is
// large hold at most a page's budget whatever the size of the
// organization, so they must be under maxPart here already; every other
// page grows at most as the number of teams does, so it must be under the
// limit scaled down to 200 teams.
// `make bench` measures the large organization itself.
func TestPageSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("page sizes: skipped with -short")
	}
	dir := t.TempDir()
	st, err := gen.WritePreset(dir, "medium", 1)
	if err != nil {
		t.Fatal(err)
	}
	files := render(t, fixture(t, dir, st.AsOf), Options{NoExports: true})
	scaled := maxFile * st.Teams / 1000
	parts := 0
	for _, f := range files {
		limit := scaled
		switch {
		case splitPage.MatchString(f.Path):
			parts++
			limit = maxPart
		case viewPage.MatchString(f.Path):
			limit = maxFile
		case strings.HasPrefix(f.Path, "assets/"):
			limit = maxFile // the same on every organization, or split (the search index)
		}
		if len(f.Data) > limit {
			t.Errorf("%s: %d bytes, want at most %d", f.Path, len(f.Data), limit)
		}
	}
	if parts == 0 {
		t.Error("no view is split by team subtree on 200 teams: the test tests nothing")
	}
	for _, p := range []string{"roadmap/index.html", "people/index.html", "index.html", "assets/search.js"} {
		f, _ := files.File(p)
		t.Logf("%s: %d bytes", p, len(f.Data))
	}
}
