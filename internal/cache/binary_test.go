package cache

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	b := AppendString(nil, "okrs")
	b = AppendBytes(b, []byte{0, 1, 2})
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -5)
	b = append(b, 7)
	r := Reader{B: b}
	if s := string(r.Bytes()); s != "okrs" {
		t.Errorf("string: %q", s)
	}
	if p := r.Bytes(); !bytes.Equal(p, []byte{0, 1, 2}) {
		t.Errorf("bytes: %v", p)
	}
	if v := r.Int(); v != 300 {
		t.Errorf("int: %d", v)
	}
	if v := r.Varint(); v != -5 {
		t.Errorf("varint: %d", v)
	}
	if v := r.Byte(); v != 7 {
		t.Errorf("byte: %d", v)
	}
	if !r.Done() {
		t.Error("not done after reading everything")
	}
}

// Every cut of a valid form, and a length larger than what follows, reads
// as damaged rather than panicking or reading past the end.
func TestDamaged(t *testing.T) {
	b := AppendString(nil, "objective")
	b = binary.AppendVarint(b, -1234567)
	b = append(b, 1)
	for cut := range len(b) {
		r := Reader{B: b[:cut]}
		r.Bytes()
		r.Varint()
		r.Byte()
		if r.Done() {
			t.Errorf("a form cut at %d of %d bytes reads as whole", cut, len(b))
		}
	}
	r := Reader{B: binary.AppendUvarint(nil, 1<<40)}
	if p := r.Bytes(); len(p) != 0 || !r.Bad {
		t.Errorf("a length past the end: %d bytes, bad %v", len(p), r.Bad)
	}
	r = Reader{B: binary.AppendUvarint(nil, 1<<33)}
	if r.Int(); !r.Bad {
		t.Error("an int past int32 reads as good")
	}
	r = Reader{B: []byte{1}}
	r.Byte()
	if !r.Done() {
		t.Error("one byte read is not done")
	}
	if r.Byte(); r.Done() {
		t.Error("reading past the end is done")
	}
}
