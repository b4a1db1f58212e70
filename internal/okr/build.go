package okr

import (
	"encoding/json"
	"strconv"

	"github.com/okrs-dev/okrs/internal/load"
)

// Build turns loaded documents into the model.
func Build(docs []*load.Document) *Model {
	entities := make([]any, len(docs))
	for i, d := range docs {
		entities[i] = Decode(d)
	}
	return Assemble(entities)
}

// Decode reads one document into its entity: *Organization, *Team, *OKRs,
// *CheckIns or *RACI (nil for an unknown kind). It is lenient on purpose:
// the schema reports every wrong field with its place, so a field of the
// wrong type is left at its zero value here and the rest of the document
// is still used for reference checks. Documents decode independently, so
// callers may decode them in parallel.
func Decode(d *load.Document) any {
	raw, err := json.Marshal(d.Value)
	if err != nil {
		return nil
	}
	return DecodeJSON(d, raw)
}

// DecodeJSON is Decode from the document's value already encoded as JSON,
// as a cache keeps it.
func DecodeJSON(d *load.Document, raw []byte) any {
	src := Source{Doc: d}
	decode := func(v any) {
		_ = json.Unmarshal(raw, v) // type mismatches are the schema's to report
	}
	switch d.Kind {
	case "Organization":
		o := &Organization{Source: src}
		decode(o)
		o.setSources()
		return o
	case "Team":
		t := &Team{Source: src}
		decode(t)
		return t
	case "OKRs":
		k := &OKRs{Source: src}
		decode(k)
		k.setSources()
		return k
	case "CheckIns":
		c := &CheckIns{Source: src}
		decode(c)
		for i, ci := range c.CheckIns {
			if ci != nil {
				ci.Source = src.child("check_ins", i)
			}
		}
		c.CheckIns = compact(c.CheckIns)
		return c
	case "RACI":
		r := &RACI{Source: src}
		decode(r)
		for i, a := range r.Activities {
			if a != nil {
				a.Source = src.child("activities", i)
			}
		}
		r.Activities = compact(r.Activities)
		return r
	}
	return nil
}

// Assemble puts decoded documents, in file order, into a model. The first
// Organization wins (the validator reports any other). Check-ins are
// numbered in file order here, which breaks ties between equal dates.
func Assemble(entities []any) *Model {
	m := &Model{}
	files := map[string]bool{}
	order := 0
	number := func(cs []*CheckIn) {
		for _, c := range cs {
			c.Order = order
			order++
		}
	}
	for _, e := range entities {
		switch e := e.(type) {
		case *Organization:
			files[e.Doc.File] = true
			if m.Org == nil {
				m.Org = e
			}
		case *Team:
			files[e.Doc.File] = true
			m.Teams = append(m.Teams, e)
		case *OKRs:
			files[e.Doc.File] = true
			for _, o := range e.Objectives {
				for _, kr := range o.KeyResults {
					number(kr.CheckIns)
				}
			}
			m.OKRs = append(m.OKRs, e)
		case *CheckIns:
			files[e.Doc.File] = true
			number(e.CheckIns)
			m.CheckIns = append(m.CheckIns, e)
		case *RACI:
			files[e.Doc.File] = true
			m.RACIs = append(m.RACIs, e)
		}
	}
	m.Files = len(files)
	return m
}

// Organizations counts the Organization documents; Build keeps the first.
func Organizations(docs []*load.Document) []*load.Document {
	var out []*load.Document
	for _, d := range docs {
		if d.Kind == "Organization" {
			out = append(out, d)
		}
	}
	return out
}

func (s Source) child(field string, i int) Source {
	return Source{Doc: s.Doc, Ptr: s.Ptr + load.Pointer(field, strconv.Itoa(i))}
}

func (o *Organization) setSources() {
	for i, c := range o.Cycles {
		if c != nil {
			c.Source = o.child("cycles", i)
		}
	}
	for i, p := range o.People {
		if p != nil {
			p.Source = o.child("people", i)
		}
	}
	o.Cycles = compact(o.Cycles)
	o.People = compact(o.People)
}

func (k *OKRs) setSources() {
	for i, o := range k.Objectives {
		if o == nil {
			continue
		}
		o.Source = k.child("objectives", i)
		o.Team, o.Cycle = k.Team, k.Cycle
		for j, kr := range o.KeyResults {
			if kr == nil {
				continue
			}
			kr.Source = o.child("key_results", j)
			kr.Objective = o
			for n, ms := range kr.Milestones {
				if ms != nil {
					ms.Source = kr.child("milestones", n)
				}
			}
			kr.Milestones = compact(kr.Milestones)
			for n, ci := range kr.CheckIns {
				if ci != nil {
					ci.Source = kr.child("check_ins", n)
				}
			}
			kr.CheckIns = compact(kr.CheckIns)
		}
		o.KeyResults = compact(o.KeyResults)
	}
	k.Objectives = compact(k.Objectives)
}

// compact drops nil entries, which a list item of the wrong type (a string
// where a mapping belongs) decodes to; the schema reports those.
func compact[T any](list []*T) []*T {
	out := list[:0]
	for _, v := range list {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}
