package okr

import (
	"bytes"
	"slices"
	"testing"

	"github.com/okrs-dev/okrs/internal/load"
)

// FuzzDecodeBinary feeds damaged binary forms of documents to the loader
// and, when it takes them, to Decode: a corrupt cache entry must be refused
// or decode to something, never panic, and positions must stay in range.
func FuzzDecodeBinary(f *testing.F) {
	for _, b := range sampleBinaries(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { decodeDamaged(b) })
}

// TestDamagedBinary runs what FuzzDecodeBinary does on every truncation
// and every single-byte change of the smallest document and the smallest
// with check-ins.
func TestDamagedBinary(t *testing.T) {
	bins := sampleBinaries(t)
	slices.SortFunc(bins, func(a, b []byte) int { return len(a) - len(b) })
	i := slices.IndexFunc(bins, func(b []byte) bool { return bytes.Contains(b, []byte("check_ins")) })
	for _, b := range [][]byte{bins[0], bins[i]} {
		for n := range len(b) {
			decodeDamaged(b[:n])
			for _, x := range []byte{0x01, 0x80, 0xff} {
				c := append([]byte(nil), b...)
				c[n] ^= x
				decodeDamaged(c)
			}
		}
	}
}

func sampleBinaries(tb testing.TB) [][]byte {
	docs, fs, err := load.Dir("../../okrs", load.Options{})
	if err != nil || len(fs) > 0 {
		tb.Fatalf("load the sample: %v %v", err, fs)
	}
	var out [][]byte
	for _, d := range docs {
		b, err := d.MarshalBinary()
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// decodeDamaged decodes b and looks up positions through what it decodes
// to; a panic fails the test.
func decodeDamaged(b []byte) {
	var d load.Document
	if d.UnmarshalBinary(b) != nil {
		return
	}
	for _, k := range load.Kinds {
		d.Kind = k // whatever the damage did to it
		src := func(s Source) {
			s.Pos("id")
			s.KeyPos("check_ins", "0", "date")
			s.Pointer()
		}
		switch e := Decode(&d).(type) {
		case *OKRs:
			src(e.Source)
			for _, o := range e.Objectives {
				src(o.Source)
				for _, kr := range o.KeyResults {
					src(kr.Source)
					for _, c := range kr.CheckIns {
						src(c.Source)
					}
				}
			}
		case *Organization:
			src(e.Source)
		}
	}
	d.Pos("/objectives/0/key_results/1/check_ins/2")
	d.Literal("/a/0")
	d.Start()
}
