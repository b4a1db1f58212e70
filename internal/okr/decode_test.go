package okr

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/okrs-dev/okrs/internal/gen"
	"github.com/okrs-dev/okrs/internal/load"
)

// TestDecodeMatchesJSON holds Decode to what it replaced: the document's
// value through encoding/json into the model's types. Entities and where
// they are written must come out the same, on real organizations and on
// documents with every field of the wrong type, and also from a document's
// binary form, which is how the cache hands documents back.
func TestDecodeMatchesJSON(t *testing.T) {
	t.Run("sample organization", func(t *testing.T) {
		docs, fs, err := load.Dir("../../okrs", load.Options{})
		if err != nil || len(fs) > 0 || len(docs) == 0 {
			t.Fatalf("load the sample: %v %v", err, fs)
		}
		for _, d := range docs {
			checkDecode(t, d, true)
		}
	})
	t.Run("generated organization", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := gen.Write(dir, gen.Config{Teams: 20, Quarters: 2, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		docs, fs, err := load.Dir(dir, load.Options{})
		if err != nil || len(fs) > 0 || len(docs) == 0 {
			t.Fatalf("load the generated organization: %v %v", err, fs)
		}
		for _, d := range docs {
			checkDecode(t, d, true)
		}
	})
	t.Run("wrong types", func(t *testing.T) {
		for _, src := range []string{
			// A string where a number is, a list where a mapping is, a
			// mapping where a list is, and the like, at every level.
			"kind: OKRs\nteam: 7\ncycle: [a]\nobjectives:\n  - just text\n  - null\n  - 3\n  - id: o\n    weight: heavy\n    grade: {a: 1}\n    aligns_to: [1, a, null, {b: 2}, []]\n    raci: [r]\n    key_results: {a: 1}\n  - id: p\n    raci: {accountable: 5, responsible: x}\n    key_results:\n      - id: k\n        start: '5'\n        target: '1e400'\n        milestones: [x, {done: 20260101, weight: true}, {done: '2026-02-30'}]\n        check_ins: [{date: 2026-01-05, value: '3', confidence: [1]}, {value: {a: 1}}, {value: true, kr: 9}, {value: '1e400'}, []]\n",
			"kind: Organization\ncycles: {a: 1}\npeople: [1, {id: p, name: 2}, null, [x]]\nsettings: {health: {a: 1, b: x, c: null, d: [1]}, confidence_bands: {on_track: '0.5', at_risk: null}}\nroles: {coaches: a, leadership: [], program_lead_office: null}\n",
			"kind: Organization\nname: [a]\nsettings: text\nroles: [a]\ncycles: [{id: c, start: 2026-01-01, end: 5, events: [a]}, {events: {review: 2026-03-01, drafting: x}}]\n",
			"kind: Team\nid: 12\nmembers: []\nlead: null\n",
			"kind: Team\nid: t\nmembers: {a: b}\ndescription: true\n",
			"kind: CheckIns\nteam: t\ncheck_ins: [{kr: o/k, date: x, value: null}, null, text, {kr: [a]}]\n",
			"kind: CheckIns\ncheck_ins: {}\n",
			"kind: RACI\nid: r\nactivities: [{id: a, responsible: x, accountable: [y], consulted: [1, c], informed: null}, 5, {phase: {}}]\n",
			// Keys that differ from a field's name in case only name no
			// field (the schema reports them); the exact key is taken.
			"kind: Team\nID: up\nid: low\nName: named\nMembers: [a, b, c]\nmembers: [d]\n",
			"kind: Team\nid: low\nſd: long-s\n",
			"kind: Team\nid: low\nID: up\nmembers: [d]\nMembers: [a, b, c]\n",
			"kind: Team\nſd: long-s\nid: low\n",
			"kind: CheckIns\ncheck_ins: [{Value: true, value: 3}, {value: 3, vaLue: false}, {Date: 2026-01-01, date: x}]\n",
			"kind: OKRs\nobjectives: [{id: o, Key_Results: [{id: a, title: A}, {id: b}], key_results: [{id: c}]}]\n",
		} {
			docs, fs := load.Parse("f.yaml", []byte(src))
			if len(fs) > 0 || len(docs) != 1 {
				t.Fatalf("parse %q: %v", src, fs)
			}
			checkDecode(t, docs[0], true)
		}
	})
	t.Run("every field", func(t *testing.T) {
		// A document per kind with every field, then the same with each
		// value in turn replaced by one of the wrong type, or its key
		// spelt in another case.
		wrong := []any{"text", 7, json.Number("1.7976931348623157e308"), true, nil, []any{1}, []any{}, map[string]any{"a": 1}, map[string]any{}}
		for _, kind := range kinds {
			full := fill(reflect.TypeOf(kind).Elem(), 2)
			full["kind"] = reflect.TypeOf(kind).Elem().Name()
			checkValue(t, full, true)
			for _, path := range paths(full, nil) {
				if len(path) == 1 && path[0] == "kind" || slices.Contains(path[:len(path)-1], any(1)) {
					continue // the second item of a list is as the first
				}
				for _, w := range wrong {
					checkValue(t, replace(full, path, func(any) any { return w }), true)
				}
				key, ok := path[len(path)-1].(string)
				if !ok {
					continue
				}
				for _, other := range otherCases(key) {
					// Only the other spelling: no field. Both: the
					// field's own spelling.
					checkValue(t, rename(full, path, other, false), true)
					checkValue(t, rename(full, path, other, true), true)
				}
			}
		}
	})
}

// TestDecodeKeepsNoTexts checks that no string of a decoded entity shares
// memory with the document's texts, parsed or read back from a cache
// entry: one that did would keep all of them (a whole cache entry) alive.
func TestDecodeKeepsNoTexts(t *testing.T) {
	docs, fs, err := load.Dir("../../okrs", load.Options{})
	if err != nil || len(fs) > 0 {
		t.Fatalf("load the sample: %v %v", err, fs)
	}
	for _, d := range docs {
		b, _ := d.MarshalBinary()
		var back load.Document
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		for _, from := range []*load.Document{d, &back} {
			texts := map[*byte]bool{}
			var walk func(n load.Node)
			walk = func(n load.Node) {
				if s := from.Text(n); from.Type(n) == load.String && s != "" {
					texts[unsafe.StringData(s)] = true
				}
				for _, c := range from.Members(n) {
					walk(c)
				}
				for c := range from.Items(n) {
					walk(c)
				}
			}
			walk(load.Root)
			e := Decode(from)
			kept := 0
			strs(reflect.ValueOf(e), map[uintptr]bool{}, func(s string) {
				kept++
				if texts[unsafe.StringData(s)] {
					t.Errorf("%s: %q is the document's own text", d.File, s)
				}
			})
			if kept == 0 {
				t.Errorf("%s: no strings decoded", d.File)
			}
		}
	}
}

// strs calls f with every non-empty string below v.
func strs(v reflect.Value, seen map[uintptr]bool, f func(string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() || v.Kind() == reflect.Pointer && seen[v.Pointer()] {
			return
		}
		if v.Kind() == reflect.Pointer {
			seen[v.Pointer()] = true
		}
		strs(v.Elem(), seen, f)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[Source]() {
			return // the document's, not the entity's
		}
		for i := range v.NumField() {
			strs(v.Field(i), seen, f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			strs(v.Index(i), seen, f)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			strs(it.Key(), seen, f)
			strs(it.Value(), seen, f)
		}
	case reflect.String:
		if v.Len() > 0 {
			f(v.String())
		}
	}
}

// exactKeys leaves out of v the keys that do not spell a field of typ
// exactly, at every level: what Decode takes, where encoding/json would
// also take a key spelt in another case.
func exactKeys(v any, typ reflect.Type) any {
	if typ == nil {
		return v
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if reflect.PointerTo(typ).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return v
	}
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		switch typ.Kind() {
		case reflect.Struct:
			fields := jsonFields(typ)
			for k, x := range v {
				if f, ok := fields[k]; ok {
					out[k] = exactKeys(x, f)
				}
			}
		case reflect.Map:
			for k, x := range v {
				out[k] = exactKeys(x, typ.Elem())
			}
		default:
			return v
		}
		return out
	case []any:
		if typ.Kind() != reflect.Slice {
			return v
		}
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = exactKeys(x, typ.Elem())
		}
		return out
	}
	return v
}

// jsonFields are the types of a struct's fields by their JSON names,
// embedded structs' fields included.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case tag == "-" || !f.IsExported():
		case f.Anonymous && tag == "":
			for k, t := range jsonFields(f.Type) {
				out[k] = t
			}
		case tag != "":
			out[tag] = f.Type
		default:
			out[f.Name] = f.Type
		}
	}
	return out
}

// kinds are the entities of the document kinds.
var kinds = []any{&Organization{}, &Team{}, &OKRs{}, &CheckIns{}, &RACI{}}

// checkDecode compares Decode with the JSON round trip, on d and on d
// through its binary form. samePlaces: the entities' pointers must match
// too (not so when a key is spelt in another case only: JSON pointed at
// the field's own name).
func checkDecode(t *testing.T, d *load.Document, samePlaces bool) {
	t.Helper()
	want, wantPtrs := decodeJSON(d)
	wantPlaces := sources(want, func(s *Source) string { return wantPtrs[s] })
	b, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back load.Document
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatalf("%s: %v", d.File, err)
	}
	for _, from := range []*load.Document{d, &back} {
		got := Decode(from)
		places := sources(got, (*Source).Pointer)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s#%d %s: Decode differs from JSON\n got  %s\n want %s", d.File, d.Index, dump(d.JSON(load.Root)), dump(got), dump(want))
		} else if samePlaces && !slices.Equal(places, wantPlaces) {
			t.Errorf("%s#%d %s: entities at\n %q\nwant\n %q", d.File, d.Index, dump(d.JSON(load.Root)), places, wantPlaces)
		}
	}
}

// checkValue checks the document with value v.
// Keys are written in reverse order, so that the order of the document is
// not the order JSON took them in.
func checkValue(t *testing.T, v map[string]any, samePlaces bool) {
	t.Helper()
	src := flow(v)
	docs, fs := load.Parse("f.yaml", []byte(src))
	if len(fs) > 0 || len(docs) != 1 {
		t.Fatalf("parse %s: %v", src, fs)
	}
	checkDecode(t, docs[0], samePlaces)
}

// decodeJSON is how a document was decoded before Decode, with the
// pointer of each entity's Source.
func decodeJSON(d *load.Document) (any, map[*Source]string) {
	var typ reflect.Type
	for _, k := range kinds {
		if reflect.TypeOf(k).Elem().Name() == d.Kind {
			typ = reflect.TypeOf(k)
		}
	}
	raw, err := json.Marshal(exactKeys(d.JSON(load.Root), typ))
	if err != nil {
		panic(err)
	}
	ptrs := map[*Source]string{}
	at := func(s *Source, ptr string, field string, i int) {
		ptrs[s] = ptr + load.Pointer(field, fmt.Sprint(i))
	}
	var v any
	switch d.Kind {
	case "Organization":
		o := &Organization{}
		json.Unmarshal(raw, o)
		ptrs[&o.Source] = ""
		for i, c := range o.Cycles {
			if c != nil {
				at(&c.Source, "", "cycles", i)
			}
		}
		for i, p := range o.People {
			if p != nil {
				at(&p.Source, "", "people", i)
			}
		}
		o.Cycles, o.People = compact(o.Cycles), compact(o.People)
		v = o
	case "Team":
		tm := &Team{}
		json.Unmarshal(raw, tm)
		ptrs[&tm.Source] = ""
		v = tm
	case "OKRs":
		k := &OKRs{}
		json.Unmarshal(raw, k)
		ptrs[&k.Source] = ""
		for i, o := range k.Objectives {
			if o == nil {
				continue
			}
			at(&o.Source, "", "objectives", i)
			o.Team, o.Cycle = k.Team, k.Cycle
			for j, kr := range o.KeyResults {
				if kr == nil {
					continue
				}
				at(&kr.Source, ptrs[&o.Source], "key_results", j)
				kr.Objective = o
				for n, ms := range kr.Milestones {
					if ms != nil {
						at(&ms.Source, ptrs[&kr.Source], "milestones", n)
					}
				}
				kr.Milestones = compact(kr.Milestones)
				for n, ci := range kr.CheckIns {
					if ci != nil {
						at(&ci.Source, ptrs[&kr.Source], "check_ins", n)
					}
				}
				kr.CheckIns = compact(kr.CheckIns)
			}
			o.KeyResults = compact(o.KeyResults)
		}
		k.Objectives = compact(k.Objectives)
		v = k
	case "CheckIns":
		c := &CheckIns{}
		json.Unmarshal(raw, c)
		ptrs[&c.Source] = ""
		for i, ci := range c.CheckIns {
			if ci != nil {
				at(&ci.Source, "", "check_ins", i)
			}
		}
		c.CheckIns = compact(c.CheckIns)
		v = c
	case "RACI":
		r := &RACI{}
		json.Unmarshal(raw, r)
		ptrs[&r.Source] = ""
		for i, a := range r.Activities {
			if a != nil {
				at(&a.Source, "", "activities", i)
			}
		}
		r.Activities = compact(r.Activities)
		v = r
	}
	return v, ptrs
}

// sources lists where the entities below v are, in the order of the walk,
// and clears their Source so that what remains can be compared as data.
func sources(v any, ptr func(*Source) string) []string {
	var out []string
	seen := map[uintptr]bool{}
	sourceType := reflect.TypeFor[Source]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Struct:
			if v.Type() == sourceType {
				s := v.Addr().Interface().(*Source)
				out = append(out, ptr(s))
				*s = Source{}
				return
			}
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// flow writes v in YAML's flow style, keys in reverse order.
func flow(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		slices.Reverse(keys)
		var b strings.Builder
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: %s", dump(k), flow(v[k]))
		}
		b.WriteString("}")
		return b.String()
	case []any:
		items := make([]string, len(v))
		for i, x := range v {
			items[i] = flow(x)
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return dump(v)
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fill is a value for type t with every field given, lists of n items.
func fill(t reflect.Type, n int) map[string]any {
	m := map[string]any{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case tag == "-":
			case f.Anonymous:
				walk(f.Type)
			default:
				m[tag] = fillValue(f.Type, tag, n)
			}
		}
	}
	walk(t)
	return m
}

func fillValue(t reflect.Type, name string, n int) any {
	switch {
	case t == reflect.TypeFor[Date]():
		return "2026-01-02"
	case t == reflect.TypeFor[Value]():
		return 3
	case t == reflect.TypeFor[Change]():
		return "+3%"
	case t.Kind() == reflect.String:
		return "s-" + name
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Float64:
		return 0.5
	case t.Kind() == reflect.Pointer:
		return fill(t.Elem(), n)
	case t.Kind() == reflect.Struct:
		return fill(t, n)
	case t.Kind() == reflect.Map:
		return map[string]any{"a": "x", "b": "y"}
	case t.Kind() == reflect.Slice:
		var list []any
		for i := range n {
			list = append(list, fillValue(t.Elem(), fmt.Sprint(name, i), n))
		}
		return list
	}
	panic("fill: no value for " + t.String())
}

// paths lists the paths (keys and indexes) of every value below v.
func paths(v any, at []any) [][]any {
	var out [][]any
	add := func(k any, c any) {
		p := append(slices.Clone(at), k)
		out = append(out, p)
		out = append(out, paths(c, p)...)
	}
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			add(k, v[k])
		}
	case []any:
		for i, c := range v {
			add(i, c)
		}
	}
	return out
}

// replace copies v with the value at path changed by f.
func replace(v any, path []any, f func(any) any) map[string]any {
	var walk func(v any, path []any) any
	walk = func(v any, path []any) any {
		if len(path) == 0 {
			return f(v)
		}
		switch v := v.(type) {
		case map[string]any:
			c := map[string]any{}
			for k, x := range v {
				c[k] = x
			}
			k := path[0].(string)
			c[k] = walk(v[k], path[1:])
			return c
		case []any:
			c := slices.Clone(v)
			i := path[0].(int)
			c[i] = walk(v[i], path[1:])
			return c
		}
		panic("replace: no such path")
	}
	return walk(v, path).(map[string]any)
}

// rename copies v with the key at the end of path spelt as other, keeping
// the original key too when both.
func rename(v any, path []any, other string, both bool) map[string]any {
	key := path[len(path)-1].(string)
	return replace(v, path[:len(path)-1], func(parent any) any {
		m := map[string]any{}
		for k, x := range parent.(map[string]any) {
			m[k] = x
		}
		alt := m[key]
		if both {
			// A shorter, different value under the other spelling, so
			// that which one wins shows.
			alt = replace(map[string]any{"v": alt}, []any{"v"}, shorter)["v"]
		} else {
			delete(m, key)
		}
		m[other] = alt
		return m
	})
}

// shorter is another value of the same shape: strings changed, lists cut
// to their first item.
func shorter(v any) any {
	switch v := v.(type) {
	case string:
		return v + "-other"
	case []any:
		if len(v) == 0 {
			return v
		}
		return []any{shorter(v[0])}
	case map[string]any:
		m := map[string]any{}
		for k, x := range v {
			if k != "title" { // a field the other spelling does not set
				m[k] = shorter(x)
			}
		}
		return m
	}
	return v
}

// otherCases are spellings of key that encoding/json takes for it: upper
// case, which sorts before it, and a long s or Kelvin sign, which sort after.
func otherCases(key string) []string {
	out := []string{strings.ToUpper(key[:1]) + key[1:]}
	if i := strings.IndexAny(key, "sk"); i >= 0 {
		r := "ſ"
		if key[i] == 'k' {
			r = "\u212a"
		}
		out = append(out, key[:i]+r+key[i+1:])
	}
	return out
}
