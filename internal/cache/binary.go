package cache

// The compact binary forms okrs keeps in its cache: unsigned and signed
// varints, and byte strings prefixed with their length. The cache lives on
// disk between runs and may be damaged, so reading never trusts it: a
// length is checked against the bytes left, and after the first problem a
// Reader reads zeros and says so.

import (
	"encoding/binary"
	"math"
)

// AppendBytes appends p with its length before it.
func AppendBytes(b, p []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(p)))
	return append(b, p...)
}

// AppendString appends s with its length before it.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Reader reads B from the front.
type Reader struct {
	B   []byte
	Bad bool // set by the first read that did not fit
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.Bad {
		return 0
	}
	v, n := binary.Uvarint(r.B)
	if n <= 0 {
		r.Bad = true
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Varint reads a signed varint.
func (r *Reader) Varint() int64 {
	if r.Bad {
		return 0
	}
	v, n := binary.Varint(r.B)
	if n <= 0 {
		r.Bad = true
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Int reads an unsigned varint that fits an int32: a line, a column.
func (r *Reader) Int() int {
	v := r.Uvarint()
	if v > math.MaxInt32 {
		r.Bad = true
		return 0
	}
	return int(v)
}

// Count reads a length or a number of items, which cannot be more than
// the bytes left: damaged input cannot ask for a huge allocation.
func (r *Reader) Count() int {
	v := r.Uvarint()
	if v > uint64(len(r.B)) {
		r.Bad = true
		return 0
	}
	return int(v)
}

// Bytes reads a byte string; it shares memory with B.
func (r *Reader) Bytes() []byte {
	n := r.Count()
	p := r.B[:n:n]
	r.B = r.B[n:]
	return p
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.Bad || len(r.B) == 0 {
		r.Bad = true
		return 0
	}
	c := r.B[0]
	r.B = r.B[1:]
	return c
}

// Done tells whether everything was read, and read well.
func (r *Reader) Done() bool { return !r.Bad && len(r.B) == 0 }
