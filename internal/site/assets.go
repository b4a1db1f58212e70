package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"

	"github.com/okrs-dev/okrs/internal/site/charts"
	"github.com/okrs-dev/okrs/templates"
)

// The ECharts release the site is built with, as pinned in
// templates/package.json and templates/package-lock.json. The site loads
// a smaller build than the package's own: templates/echarts/entry.js
// takes only the charts and components the site draws with from the
// package's ES modules, and the pinned esbuild bundles it. That build is
// committed in templates/vendor so that `go install` gives the whole
// product; TestEChartsPinned keeps the pin, these constants and the
// committed files in step, and rebuilds the bundle from the packages npm
// installs from the lock (npm checks them against the lock's sha512) to
// compare it byte for byte.
const (
	EChartsVersion = "5.6.0"
	// EChartsIntegrity is the subresource-integrity hash of the committed
	// build, templates/vendor/echarts.min.js.
	EChartsIntegrity = "sha384-HFhfZFDgnExXJCA2Vq+tudnxLJub9jE8/HoqXihe2m3dYwhHdjeWCQavnbliRwON"
)

// vendorECharts is the ECharts build inside the templates FS.
const vendorECharts = "vendor/echarts.min.js"

// vendorLicenses are the licences of what the ECharts build contains, and
// where they land in the site: ECharts (with the d3 code it carries),
// ZRender and tslib.
var vendorLicenses = map[string]string{
	"vendor/ECHARTS-LICENSE.txt":    "assets/ECHARTS-LICENSE.txt",
	"vendor/ECHARTS-NOTICE.txt":     "assets/ECHARTS-NOTICE.txt",
	"vendor/ECHARTS-LICENSE-d3.txt": "assets/ECHARTS-LICENSE-d3.txt",
	"vendor/ZRENDER-LICENSE.txt":    "assets/ZRENDER-LICENSE.txt",
	"vendor/TSLIB-LICENSE.txt":      "assets/TSLIB-LICENSE.txt",
}

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
// the vendored ECharts with the licences of what it contains.
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
			bases, err := charts.BasesScript()
			if err != nil {
				return nil, err
			}
			data = append([]byte(bases), data...)
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
	for src, dst := range vendorLicenses {
		b, err := fs.ReadFile(templates.FS, src)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", src, err)
		}
		a.files[dst] = b
	}
	// The build is named by its content as well as its version: a new
	// chart type in the entry changes the file, not the version.
	b, err := fs.ReadFile(templates.FS, vendorECharts)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", vendorECharts, err)
	}
	a.ECharts = "assets/echarts-" + EChartsVersion + "." + shortHash(b) + ".min.js"
	a.files[a.ECharts] = b
	return a, nil
}

func shortHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:10]
}
