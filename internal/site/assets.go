package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"

	"github.com/okrs-dev/okrs/templates"
)

// The ECharts release the site is built with, as pinned in
// templates/package.json and templates/package-lock.json. Its build is
// committed in templates/vendor so that `go install` gives the whole
// product; TestEChartsPinned keeps the pin, these constants and the
// committed file in step, and compares the file with the one npm installs
// from the lock (npm checks the package against the lock's sha512).
const (
	EChartsVersion = "5.6.0"
	EChartsFile    = "echarts/dist/echarts.min.js"
	// EChartsIntegrity is the subresource-integrity hash of EChartsFile.
	EChartsIntegrity = "sha384-pPi0zxBAoDu6+JXW/C68UZLvBUUtU+7zonhif43rqj7pxsGyqyqzcian2Rj37Rss"
)

// vendored ECharts inside the templates FS, and where it lands in the site.
const (
	vendorECharts = "vendor/echarts.min.js"
	siteECharts   = "assets/echarts-" + EChartsVersion + ".min.js"
)

// assets are the site's static files and the names pages link them by.
type assets struct {
	CSS, JS string // site paths, with a content hash in the name
	Search  string // site path of the search index's manifest, always the same
	Icon    string
	ECharts string // site path
	files   map[string][]byte
}

// buildAssets reads the stylesheet and script, names them by their content
// hash so that browsers never mix an old script with a new page, and adds
// the vendored ECharts with its licence.
func buildAssets(search []byte) (*assets, error) {
	a := &assets{files: map[string][]byte{}}
	for _, f := range []struct {
		src  string
		dst  *string
		data []byte
	}{
		{src: "assets/site.css", dst: &a.CSS},
		{src: "assets/site.js", dst: &a.JS},
		{src: "search.js", dst: &a.Search, data: search},
		{src: "assets/favicon.svg", dst: &a.Icon},
	} {
		data := f.data
		if data == nil {
			b, err := fs.ReadFile(templates.FS, f.src)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", f.src, err)
			}
			data = b
		}
		if f.dst == &a.JS {
			data = append([]byte(chartBasesScript()), data...)
		}
		base := f.src[strings.LastIndex(f.src, "/")+1:]
		dot := strings.LastIndex(base, ".")
		name := "assets/" + base[:dot] + "." + shortHash(data) + base[dot:]
		if f.dst == &a.Search {
			// The manifest of the search index changes with every
			// objective title, and every page links it: a hashed name
			// would make one title edit re-render and re-upload the whole
			// site. Pages load it only when the reader searches; the
			// parts it lists have hashed names (searchIndex).
			name = "assets/" + base
		}
		*f.dst = name
		a.files[name] = data
	}
	for src, dst := range map[string]string{
		vendorECharts:                siteECharts,
		"vendor/ECHARTS-LICENSE.txt": "assets/ECHARTS-LICENSE.txt",
		"vendor/ECHARTS-NOTICE.txt":  "assets/ECHARTS-NOTICE.txt",
	} {
		b, err := fs.ReadFile(templates.FS, src)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", src, err)
		}
		a.files[dst] = b
	}
	a.ECharts = siteECharts
	return a, nil
}

func shortHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:10]
}
