package main

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// heaviest is the largest file of one kind in a built site.
type heaviest struct {
	path string
	size int64
}

// largestFiles finds the largest HTML page and the largest script or style
// a page loads (anything under assets/ but the licence texts) of the site
// in dir. The exports under data/ are left out: SPEC §9 holds pages and
// what they load to 1 MB, not the downloads.
func largestFiles(dir string) (page, asset heaviest, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		var top *heaviest
		switch {
		case strings.HasSuffix(rel, ".html"):
			top = &page
		case strings.HasPrefix(rel, "assets/") && path.Ext(rel) != ".txt":
			top = &asset
		default:
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > top.size || info.Size() == top.size && rel < top.path {
			*top = heaviest{rel, info.Size()}
		}
		return nil
	})
	return page, asset, err
}

// sizeNote is a line of the report about the largest files of a site.
func sizeNote(size string, page, asset heaviest) string {
	return fmt.Sprintf("%s: the largest page is %s, %s; the largest script or style a page loads is %s, %s (SPEC §9: at most 1 MB each)",
		size, page.path, kb(page.size), asset.path, kb(asset.size))
}

func kb(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+512)/1024)
}
