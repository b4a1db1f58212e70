package site

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/site/output"
)

// Key identifies everything a page shows: two renders that give a page
// the same key give it the same bytes, so a page whose key did not change
// since the last render is not rendered again (see Options.Previous and
// Build). It is a hash of the model values the page is made from, never of
// where they sit in the files.
type Key = output.Key

// fingerprint hashes model values into a Key by walking them with
// reflection. Walking the values, rather than listing the fields a page
// reads, means a field added to the model later is covered without anyone
// remembering to add it here: a key may change more often than the page
// does, never less often.
type fingerprint struct {
	h     hash.Hash // SHA-256 of what buf held before
	buf   []byte
	depth int
	// shared numbers the model values that one walk meets twice: a key
	// result is reached from its objective and again from its numbers
	// (compute.KeyResult embeds it), a check-in from its key result and
	// from the merged list. The second time only its number is hashed.
	// The walk's order is fixed, so the numbers are too.
	shared map[uintptr]uint32
	// odd is set by a value the walk does not know how to hash: the key
	// is then one that no render ever gave before.
	odd bool
}

// Fingerprints are used again: a render makes one per objective and page,
// and each would otherwise grow its own buffer and table of shared values.
var fingerprints = sync.Pool{New: func() any {
	return &fingerprint{h: sha256.New(), buf: make([]byte, 0, 2*flushAt)}
}}

// flushAt is how many bytes the buffer collects before they are hashed.
const flushAt = 16 << 10

func newFingerprint() *fingerprint {
	return fingerprints.Get().(*fingerprint)
}

// add hashes more values into the key.
func (f *fingerprint) add(vs ...any) *fingerprint {
	for _, v := range vs {
		f.value(reflect.ValueOf(v))
		f.flush()
	}
	return f
}

func (f *fingerprint) flush() {
	if len(f.buf) >= flushAt {
		f.h.Write(f.buf)
		f.buf = f.buf[:0]
	}
}

// key adds the keys of other values (pages that show a summary of another
// objective take its key) and returns the result. The fingerprint is done
// with then.
func (f *fingerprint) key(parts ...Key) Key {
	var k Key
	for _, p := range parts {
		f.buf = append(f.buf, p[:]...)
		f.flush()
	}
	if f.odd {
		rand.Read(k[:])
	} else {
		f.h.Write(f.buf)
		f.h.Sum(k[:0])
	}
	f.h.Reset()
	f.buf, f.depth, f.odd = f.buf[:0], 0, false
	clear(f.shared)
	fingerprints.Put(f)
	return k
}

var (
	sourceType    = reflect.TypeFor[okr.Source]()
	checkInType   = reflect.TypeFor[okr.CheckIn]()
	keyResultType = reflect.TypeFor[okr.KeyResult]()

	checkInPtrType = reflect.TypeFor[*okr.CheckIn]()
)

// skip leaves out what a page never shows: where a value was written
// (okr.Source; pages show no file positions) and a check-in's place across
// all files (CheckIn.Order), which moves for every later check-in when one
// is added, and whose only effect, the order of check-ins, is hashed
// anyway through the computed, sorted lists. A key result's objective is
// the one being hashed already, or its own key covers it.
func skip(t reflect.Type, f reflect.StructField) bool {
	return f.Type == sourceType ||
		t == checkInType && f.Name == "Order" ||
		t == keyResultType && f.Name == "Objective"
}

// sharedTypes are the pointers that one walk may meet more than once.
var sharedTypes = map[reflect.Type]bool{
	reflect.TypeFor[*okr.Objective](): true,
	reflect.TypeFor[*okr.KeyResult](): true,
	reflect.TypeFor[*okr.CheckIn]():   true,
}

// fields lists, per struct type, the fields the walk hashes.
var fields sync.Map // reflect.Type -> []int

func fieldsOf(t reflect.Type) []int {
	if v, ok := fields.Load(t); ok {
		return v.([]int)
	}
	var list []int
	for i := range t.NumField() {
		if !skip(t, t.Field(i)) {
			list = append(list, i)
		}
	}
	fields.Store(t, list)
	return list
}

// maxDepth bounds the walk: the model is a tree a few levels deep, so a
// deeper value can only be a cycle.
const maxDepth = 32

func (f *fingerprint) value(v reflect.Value) {
	if !v.IsValid() {
		f.buf = append(f.buf, 'z')
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			f.buf = append(f.buf, 't')
		} else {
			f.buf = append(f.buf, 'f')
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.buf = append(f.buf, 'i')
		f.buf = binary.AppendVarint(f.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.buf = append(f.buf, 'u')
		f.buf = binary.AppendUvarint(f.buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		f.buf = append(f.buf, 'n')
		f.buf = binary.LittleEndian.AppendUint64(f.buf, math.Float64bits(v.Float()))
	case reflect.String:
		f.str(v.String())
	case reflect.Pointer:
		if v.IsNil() {
			f.buf = append(f.buf, 'z')
			return
		}
		if f.depth >= maxDepth {
			f.odd = true
			return
		}
		if sharedTypes[v.Type()] {
			if f.shared == nil {
				f.shared = map[uintptr]uint32{}
			}
			if n, ok := f.shared[v.Pointer()]; ok {
				f.buf = append(f.buf, 'r')
				f.buf = binary.AppendUvarint(f.buf, uint64(n))
				return
			}
			f.shared[v.Pointer()] = uint32(len(f.shared))
		}
		f.depth++
		f.buf = append(f.buf, 'p')
		if v.Type() == checkInPtrType {
			f.checkIn((*okr.CheckIn)(v.UnsafePointer()))
		} else {
			f.value(v.Elem())
		}
		f.depth--
	case reflect.Interface:
		if v.IsNil() {
			f.buf = append(f.buf, 'z')
			return
		}
		f.str(v.Elem().Type().String())
		f.value(v.Elem())
	case reflect.Struct:
		f.buf = append(f.buf, '{')
		for _, i := range fieldsOf(v.Type()) {
			f.value(v.Field(i))
		}
		f.buf = append(f.buf, '}')
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.buf = append(f.buf, 'z')
			return
		}
		f.buf = append(f.buf, '[')
		f.buf = binary.AppendUvarint(f.buf, uint64(v.Len()))
		for i := range v.Len() {
			f.value(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			f.buf = append(f.buf, 'z')
			return
		}
		keys := v.MapKeys()
		if v.Type().Key().Kind() != reflect.String {
			f.odd = true // the model's maps are keyed by strings
			return
		}
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		f.buf = append(f.buf, 'm')
		f.buf = binary.AppendUvarint(f.buf, uint64(len(keys)))
		for _, k := range keys {
			f.value(k)
			f.value(v.MapIndex(k))
		}
	default:
		// Functions and channels are not data; the model has none. Should
		// one appear, the page is always rendered rather than it ignored.
		f.odd = true
	}
}

// checkIn hashes a check-in without reflection: a large organization has
// a million of them, and walking each by reflection was most of the time
// keys took. It hashes the fields the walk would (TestCheckInKey keeps the
// two in step when CheckIn gets a field).
func (f *fingerprint) checkIn(c *okr.CheckIn) {
	f.buf = append(f.buf, 'c')
	f.str(c.KR)
	f.buf = binary.AppendVarint(f.buf, int64(c.Date.Sub(okr.Date{})))
	f.float(c.Value.Num)
	switch {
	case c.Value.Bool == nil:
		f.buf = append(f.buf, 'z')
	case *c.Value.Bool:
		f.buf = append(f.buf, 't')
	default:
		f.buf = append(f.buf, 'f')
	}
	f.float(c.Confidence)
	f.str(c.By)
	f.str(c.Note)
}

func (f *fingerprint) float(p *float64) {
	if p == nil {
		f.buf = append(f.buf, 'z')
		return
	}
	f.buf = append(f.buf, 'n')
	f.buf = binary.LittleEndian.AppendUint64(f.buf, math.Float64bits(*p))
}

func (f *fingerprint) str(s string) {
	f.buf = append(f.buf, 's')
	f.buf = binary.AppendUvarint(f.buf, uint64(len(s)))
	f.buf = append(f.buf, s...)
}
