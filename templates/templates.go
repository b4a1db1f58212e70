// Package templates holds what the site is made of: the html/template
// pages, the shared stylesheet and script, and the pinned ECharts build in
// vendor/ (committed; see vendor/README.md). Everything is embedded so that
// an okrs binary renders a complete site on its own.
package templates

import "embed"

// FS holds layout.html, pages/*.html, assets/* and vendor/*.
//
//go:embed layout.html pages assets vendor
var FS embed.FS
