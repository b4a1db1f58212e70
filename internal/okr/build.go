package okr

import "github.com/okrs-dev/okrs/internal/load"

// Build turns loaded documents into the model.
func Build(docs []*load.Document) *Model {
	entities := make([]any, len(docs))
	for i, d := range docs {
		entities[i] = Decode(d)
	}
	return Assemble(entities)
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
