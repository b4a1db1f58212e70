package site

import (
	"os"
	"testing"
)

func TestZZProfile(t *testing.T) {
	dir := os.Getenv("OKRS_PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	in := fixture(t, dir, os.Getenv("OKRS_PROF_ASOF"))
	render(t, in, Options{})
}
