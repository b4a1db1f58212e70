package site

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPeopleIndexListsEveryone: the index of everyone links every person
// of the organization, by name, to their page, or, for a person whose id
// cannot name a page of its own ("index"), to their entry on the index;
// only such an entry carries an id, since a large organization has
// thousands of entries.
func TestPeopleIndexListsEveryone(t *testing.T) {
	dir := copyDir(t, "../../okrs")
	org := filepath.Join(dir, "org.yaml")
	b, err := os.ReadFile(org)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "people:\n", "people:\n  - {id: index, name: Ida Index, title: Archivist}\n", 1))
	if err := os.WriteFile(org, b, 0o644); err != nil {
		t.Fatal(err)
	}
	in := fixture(t, dir, sampleAsOf)
	files := render(t, in, Options{})
	checkLinks(t, files)
	index, ok := files.Get("people/index.html")
	if !ok {
		t.Fatal("no people/index.html")
	}
	_, everyone, _ := strings.Cut(string(index), `id="everyone-heading"`)
	everyone, _, _ = strings.Cut(everyone, "</section>")
	// An entry, not a letter of the letters' links (href="#letter-A").
	entry := regexp.MustCompile(`<li( id="([^"]+)")?><a href="([^"#][^"]*)">([^<]+)</a>`)
	listed := map[string]string{} // site path -> name
	for _, m := range entry.FindAllStringSubmatch(everyone, -1) {
		target := path.Join("people", m[3])
		listed[target] = m[4]
		if m[2] != "" && m[3] != "index.html#"+m[2] {
			t.Errorf("the entry of %s has the id %q but links to %s", m[4], m[2], m[3])
		}
	}
	if len(in.Model.Org.People) < 20 {
		t.Fatalf("%d people in the sample: the test tests little", len(in.Model.Org.People))
	}
	for _, per := range in.Model.Org.People {
		want := personPath(per.ID)
		if name, ok := listed[want]; !ok || name != per.Name {
			t.Errorf("%s (%s) is not on the index with a link to %s", per.Name, per.ID, want)
		}
	}
	if n := len(listed); n != len(in.Model.Org.People) {
		t.Errorf("the index has %d entries for %d people", n, len(in.Model.Org.People))
	}
	if !strings.Contains(everyone, `<li id="person-index"><a href="index.html#person-index">Ida Index</a>`) {
		t.Error("the person named index has no entry of their own to link to")
	}
}
