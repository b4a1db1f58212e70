package okr

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/okrs-dev/okrs/internal/load"
)

// Decode reads one document into its entity: *Organization, *Team, *OKRs,
// *CheckIns or *RACI (nil for an unknown kind), from the values its nodes
// hold; a released document decodes to an empty entity.
//
// It is lenient on purpose: the schema reports every wrong field with its
// place, so a field of the wrong type is left as it is here and the rest
// of the document is still used for reference checks. Documents decode
// independently, so callers may decode them in parallel.
//
// The rules are encoding/json's for the json tags of the model, which is
// what decoding used to go through, and TestDecodeMatchesJSON holds it to
// them, with one exception: a key names a field only when it spells it
// exactly (encoding/json also takes it in another case); a null empties a
// list or pointer and leaves anything else; a value of the wrong type
// leaves the field as it was, except that a pointer (a number, an item of
// a list of entities) is still allocated; a list is decoded into the
// elements already there; an empty list is an empty, non-nil slice.
func Decode(d *load.Document) any {
	dec := &decoder{d: d}
	e := dec.entity()
	dec.pack()
	switch e := e.(type) { // after pack, as link copies strings
	case *Organization:
		e.Cycles = compact(e.Cycles)
		e.People = compact(e.People)
	case *OKRs:
		e.link()
	case *CheckIns:
		e.CheckIns = compact(e.CheckIns)
	case *RACI:
		e.Activities = compact(e.Activities)
	}
	return e
}

// entity decodes the document's entity, according to its kind.
func (dec *decoder) entity() any {
	var e interface{ decode(*decoder, load.Node) }
	switch dec.d.Kind {
	case "Organization":
		e = &Organization{}
	case "Team":
		e = &Team{}
	case "OKRs":
		e = &OKRs{}
	case "CheckIns":
		e = &CheckIns{}
	case "RACI":
		e = &RACI{}
	default:
		return nil
	}
	e.decode(dec, load.Root)
	return e
}

// link ties objectives and key results to what holds them, once the whole
// document is read (its team may come after its objectives).
func (k *OKRs) link() {
	for _, o := range k.Objectives {
		if o == nil {
			continue
		}
		o.Team, o.Cycle = k.Team, k.Cycle
		for _, kr := range o.KeyResults {
			if kr != nil {
				kr.Objective = o
				kr.Milestones = compact(kr.Milestones)
				kr.CheckIns = compact(kr.CheckIns)
			}
		}
		o.KeyResults = compact(o.KeyResults)
	}
	k.Objectives = compact(k.Objectives)
}

// compact drops nil entries, which a null list item decodes to; the schema
// reports those. (An item of another wrong type, such as a string where a
// mapping belongs, decodes to an empty entity, as it did through JSON.)
func compact[T any](list []*T) []*T {
	out := list[:0]
	for _, v := range list {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// The fields of each type by their json names, in the order of the struct.
var (
	organizationFields    = jsonNames[Organization]()
	settingsFields        = jsonNames[Settings]()
	confidenceBandsFields = jsonNames[ConfidenceBands]()
	cycleFields           = jsonNames[Cycle]()
	eventsFields          = jsonNames[Events]()
	personFields          = jsonNames[Person]()
	rolesFields           = jsonNames[RolesSpec]()
	teamFields            = jsonNames[Team]()
	okrsFields            = jsonNames[OKRs]()
	objectiveFields       = jsonNames[Objective]()
	assignmentFields      = jsonNames[Assignment]()
	keyResultFields       = jsonNames[KeyResult]()
	milestoneFields       = jsonNames[Milestone]()
	checkInFields         = jsonNames[CheckIn]()
	checkInsFields        = jsonNames[CheckIns]()
	raciFields            = jsonNames[RACI]()
	activityFields        = jsonNames[Activity]()
)

func (o *Organization) decode(dec *decoder, n load.Node) {
	o.Source = dec.source(n)
	dec.fields(n, organizationFields, func(f string, v load.Node) {
		switch f {
		case "name":
			dec.string(&o.Name, v)
		case "mission":
			dec.string(&o.Mission, v)
		case "vision":
			dec.string(&o.Vision, v)
		case "settings":
			o.Settings.decode(dec, v)
		case "cycles":
			entities(dec, &o.Cycles, v, (*Cycle).decode)
		case "people":
			entities(dec, &o.People, v, (*Person).decode)
		case "roles":
			o.Roles.decode(dec, v)
		}
	})
}

func (s *Settings) decode(dec *decoder, n load.Node) {
	dec.fields(n, settingsFields, func(f string, v load.Node) {
		switch f {
		case "check_in_cadence":
			dec.string(&s.CheckInCadence, v)
		case "confidence_bands":
			s.ConfidenceBands.decode(dec, v)
		case "health":
			dec.stringMap(&s.Health, v)
		case "link_base":
			dec.string(&s.LinkBase, v)
		}
	})
}

func (b *ConfidenceBands) decode(dec *decoder, n load.Node) {
	dec.fields(n, confidenceBandsFields, func(f string, v load.Node) {
		switch f {
		case "on_track":
			dec.number(&b.OnTrack, v)
		case "at_risk":
			dec.number(&b.AtRisk, v)
		}
	})
}

func (c *Cycle) decode(dec *decoder, n load.Node) {
	c.Source = dec.source(n)
	dec.fields(n, cycleFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&c.ID, v)
		case "name":
			dec.string(&c.Name, v)
		case "parent":
			dec.string(&c.Parent, v)
		case "start":
			dec.date(&c.Start, v)
		case "end":
			dec.date(&c.End, v)
		case "events":
			c.Events.decode(dec, v)
		}
	})
}

func (e *Events) decode(dec *decoder, n load.Node) {
	dec.fields(n, eventsFields, func(f string, v load.Node) {
		switch f {
		case "drafting":
			dec.date(&e.Drafting, v)
		case "alignment":
			dec.date(&e.Alignment, v)
		case "review":
			dec.date(&e.Review, v)
		case "retrospective":
			dec.date(&e.Retrospective, v)
		}
	})
}

func (p *Person) decode(dec *decoder, n load.Node) {
	p.Source = dec.source(n)
	dec.fields(n, personFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&p.ID, v)
		case "name":
			dec.string(&p.Name, v)
		case "email":
			dec.string(&p.Email, v)
		case "title":
			dec.string(&p.Title, v)
		}
	})
}

func (r *RolesSpec) decode(dec *decoder, n load.Node) {
	dec.fields(n, rolesFields, func(f string, v load.Node) {
		switch f {
		case "program_lead_office":
			dec.strings(&r.ProgramLeadOffice, v)
		case "executive_sponsor":
			dec.string(&r.ExecutiveSponsor, v)
		case "coaches":
			dec.strings(&r.Coaches, v)
		case "leadership":
			dec.strings(&r.Leadership, v)
		}
	})
}

func (t *Team) decode(dec *decoder, n load.Node) {
	t.Source = dec.source(n)
	dec.fields(n, teamFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&t.ID, v)
		case "name":
			dec.string(&t.Name, v)
		case "parent":
			dec.string(&t.Parent, v)
		case "lead":
			dec.string(&t.Lead, v)
		case "coach":
			dec.string(&t.Coach, v)
		case "members":
			dec.strings(&t.Members, v)
		case "description":
			dec.string(&t.Description, v)
		}
	})
}

func (k *OKRs) decode(dec *decoder, n load.Node) {
	k.Source = dec.source(n)
	dec.fields(n, okrsFields, func(f string, v load.Node) {
		switch f {
		case "team":
			dec.string(&k.Team, v)
		case "cycle":
			dec.string(&k.Cycle, v)
		case "objectives":
			entities(dec, &k.Objectives, v, (*Objective).decode)
		}
	})
}

func (o *Objective) decode(dec *decoder, n load.Node) {
	o.Source = dec.source(n)
	dec.fields(n, objectiveFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&o.ID, v)
		case "title":
			dec.string(&o.Title, v)
		case "description":
			dec.string(&o.Description, v)
		case "owner":
			dec.string(&o.Owner, v)
		case "commitment":
			dec.string(&o.Commitment, v)
		case "status":
			dec.string(&o.Status, v)
		case "reason":
			dec.string(&o.Reason, v)
		case "weight":
			dec.number(&o.Weight, v)
		case "carried_from":
			dec.string(&o.CarriedFrom, v)
		case "aligns_to":
			dec.strings(&o.AlignsTo, v)
		case "raci":
			pointer(dec, &o.RACI, v, (*Assignment).decode)
		case "key_results":
			entities(dec, &o.KeyResults, v, (*KeyResult).decode)
		case "grade":
			dec.number(&o.Grade, v)
		case "retrospective":
			dec.string(&o.Retrospective, v)
		case "labels":
			dec.strings(&o.Labels, v)
		}
	})
}

func (a *Assignment) decode(dec *decoder, n load.Node) {
	dec.fields(n, assignmentFields, a.set(dec))
}

// set decodes the fields of an assignment, on its own or in an activity.
func (a *Assignment) set(dec *decoder) func(f string, v load.Node) {
	return func(f string, v load.Node) {
		switch f {
		case "responsible":
			dec.strings(&a.Responsible, v)
		case "accountable":
			dec.string(&a.Accountable, v)
		case "consulted":
			dec.strings(&a.Consulted, v)
		case "informed":
			dec.strings(&a.Informed, v)
		}
	}
}

func (k *KeyResult) decode(dec *decoder, n load.Node) {
	k.Source = dec.source(n)
	dec.fields(n, keyResultFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&k.ID, v)
		case "title":
			dec.string(&k.Title, v)
		case "description":
			dec.string(&k.Description, v)
		case "owner":
			dec.string(&k.Owner, v)
		case "type":
			dec.string(&k.Type, v)
		case "start":
			dec.number(&k.Start, v)
		case "target":
			dec.number(&k.Target, v)
		case "change":
			dec.change(&k.Change, v)
		case "keep":
			dec.string(&k.Keep, v)
		case "unit":
			dec.string(&k.Unit, v)
		case "weight":
			dec.number(&k.Weight, v)
		case "milestones":
			entities(dec, &k.Milestones, v, (*Milestone).decode)
		case "check_ins":
			entities(dec, &k.CheckIns, v, (*CheckIn).decode)
		case "score":
			dec.number(&k.Score, v)
		case "labels":
			dec.strings(&k.Labels, v)
		}
	})
}

func (m *Milestone) decode(dec *decoder, n load.Node) {
	m.Source = dec.source(n)
	dec.fields(n, milestoneFields, func(f string, v load.Node) {
		switch f {
		case "title":
			dec.string(&m.Title, v)
		case "done":
			dec.date(&m.Done, v)
		case "weight":
			dec.number(&m.Weight, v)
		}
	})
}

func (c *CheckIn) decode(dec *decoder, n load.Node) {
	c.Source = dec.source(n)
	dec.fields(n, checkInFields, func(f string, v load.Node) {
		switch f {
		case "kr":
			dec.string(&c.KR, v)
		case "date":
			dec.date(&c.Date, v)
		case "value":
			dec.value(&c.Value, v)
		case "confidence":
			dec.number(&c.Confidence, v)
		case "by":
			dec.string(&c.By, v)
		case "note":
			dec.string(&c.Note, v)
		}
	})
}

func (c *CheckIns) decode(dec *decoder, n load.Node) {
	c.Source = dec.source(n)
	dec.fields(n, checkInsFields, func(f string, v load.Node) {
		switch f {
		case "team":
			dec.string(&c.Team, v)
		case "cycle":
			dec.string(&c.Cycle, v)
		case "check_ins":
			entities(dec, &c.CheckIns, v, (*CheckIn).decode)
		}
	})
}

func (r *RACI) decode(dec *decoder, n load.Node) {
	r.Source = dec.source(n)
	dec.fields(n, raciFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&r.ID, v)
		case "title":
			dec.string(&r.Title, v)
		case "description":
			dec.string(&r.Description, v)
		case "activities":
			entities(dec, &r.Activities, v, (*Activity).decode)
		}
	})
}

func (a *Activity) decode(dec *decoder, n load.Node) {
	a.Source = dec.source(n)
	assignment := a.Assignment.set(dec)
	dec.fields(n, activityFields, func(f string, v load.Node) {
		switch f {
		case "id":
			dec.string(&a.ID, v)
		case "title":
			dec.string(&a.Title, v)
		case "phase":
			dec.string(&a.Phase, v)
		case "description":
			dec.string(&a.Description, v)
		default:
			assignment(f, v)
		}
	})
}

// decoder reads the values of one document's nodes.
type decoder struct {
	d *load.Document
	// floats are where numbers are allocated, for a document at once:
	// millions of them one by one are each a small allocation among the
	// parser's short-lived ones, and keep that memory from being reused.
	floats []float64
	// kept are the string fields set, for pack.
	kept []*string
}

func (dec *decoder) newFloat() *float64 {
	if len(dec.floats) == 0 {
		dec.floats = make([]float64, 64)
	}
	f := &dec.floats[0]
	dec.floats = dec.floats[1:]
	return f
}

func (dec *decoder) source(n load.Node) Source { return Source{Doc: dec.d, Node: n} }

// fields calls set with the field each member of the mapping n names, out
// of names, and the member's value, in the order they are written. A key
// must spell its field exactly: the schema reports any other as an unknown
// field (with "did you mean"), so decoding it anyway would only let a
// wrong key count in references.
func (dec *decoder) fields(n load.Node, names []string, set func(field string, v load.Node)) {
	if dec.d.Type(n) != load.Map {
		return // the schema reports it; a struct is left as it is
	}
	for key, v := range dec.d.Members(n) {
		if slices.Contains(names, key) {
			set(key, v)
		}
	}
}

func (dec *decoder) string(dst *string, n load.Node) {
	if dec.d.Type(n) == load.String {
		*dst = dec.d.Text(n)
		dec.kept = append(dec.kept, dst)
	}
}

// pack copies the strings the entity keeps into one allocation, each
// distinct text once (a person's id, a unit, a key result's reference
// repeat in every check-in). Left as the document holds them, they would
// be one small allocation each, scattered among the parser's short-lived
// ones and keeping that memory from being reused; and from a cache entry,
// cut from a copy of the whole entry, they would keep all of it.
func (dec *decoder) pack() {
	offset := make(map[string]int, len(dec.kept))
	var texts []string
	size := 0
	for _, p := range dec.kept {
		if _, ok := offset[*p]; !ok {
			offset[*p] = size
			texts = append(texts, *p)
			size += len(*p)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, s := range texts {
		b.WriteString(s)
	}
	block := b.String()
	for _, p := range dec.kept {
		at := offset[*p]
		*p = block[at : at+len(*p)]
	}
}

func (dec *decoder) number(dst **float64, n load.Node) {
	t := dec.d.Type(n)
	if t == load.Null {
		*dst = nil
		return
	}
	if *dst == nil {
		*dst = dec.newFloat()
	}
	if t != load.Number {
		return
	}
	if f, err := strconv.ParseFloat(dec.d.Text(n), 64); err == nil {
		**dst = f // out of range (1e400) leaves it, as JSON did
	}
}

func (dec *decoder) date(dst *Date, n load.Node) {
	if dec.d.Type(n) != load.String {
		return
	}
	if v, err := ParseDate(dec.d.Text(n)); err == nil {
		*dst = v
	}
}

func (dec *decoder) value(dst *Value, n load.Node) {
	switch dec.d.Type(n) {
	case load.Number:
		if f, err := strconv.ParseFloat(dec.d.Text(n), 64); err == nil {
			dst.Num = dec.newFloat()
			*dst.Num = f
		}
	case load.Bool:
		b := dec.d.Text(n) == "true"
		dst.Bool = &b
	}
}

func (dec *decoder) change(dst *Change, n load.Node) {
	switch dec.d.Type(n) {
	case load.Number:
		*dst = numberChange(dec.d.Text(n))
	case load.String:
		*dst = ParseChange(dec.d.Text(n))
	default:
		return
	}
	dec.kept = append(dec.kept, &dst.Text)
}

func (dec *decoder) strings(dst *[]string, n load.Node) { list(dec, dst, n, dec.string) }

func (dec *decoder) stringMap(dst *map[string]string, n load.Node) {
	switch dec.d.Type(n) {
	case load.Null:
		*dst = nil
	case load.Map:
		if *dst == nil {
			*dst = map[string]string{}
		}
		for key, v := range dec.d.Members(n) {
			s := "" // a value of the wrong type is still a key
			if dec.d.Type(v) == load.String {
				s = strings.Clone(dec.d.Text(v)) // see pack
			}
			(*dst)[key] = s
		}
	}
}

// pointer decodes n into *dst, allocating it for anything but null.
func pointer[T any](dec *decoder, dst **T, n load.Node, decode func(*T, *decoder, load.Node)) {
	if dec.d.Type(n) == load.Null {
		*dst = nil
		return
	}
	if *dst == nil {
		*dst = new(T)
	}
	decode(*dst, dec, n)
}

// entities decodes a list of entities. They are allocated together, as
// they live together: for the same reason as numbers (see decoder), and
// one allocation costs less than many.
func entities[T any](dec *decoder, dst *[]*T, n load.Node, decode func(*T, *decoder, load.Node)) {
	var all []T
	list(dec, dst, n, func(p **T, v load.Node) {
		if *p == nil && dec.d.Type(v) != load.Null {
			if len(all) == 0 {
				all = make([]T, dec.count(n))
			}
			*p, all = &all[0], all[1:]
		}
		pointer(dec, p, v, decode)
	})
}

// count is how many items the list n has.
func (dec *decoder) count(n load.Node) int {
	c := 0
	for range dec.d.Items(n) {
		c++
	}
	return c
}

// list decodes the list n into *dst, item by item into the elements
// already there: a field named twice (in two cases) is decoded twice.
func list[T any](dec *decoder, dst *[]T, n load.Node, item func(*T, load.Node)) {
	switch dec.d.Type(n) {
	case load.Null:
		*dst = nil
		return
	case load.List:
	default:
		return
	}
	s, i, count := *dst, 0, dec.count(n)
	for v := range dec.d.Items(n) {
		if i >= len(s) {
			if i >= cap(s) {
				// All at once, where JSON grew the slice by appending:
				// elements past the length are zero either way.
				s = slices.Grow(s, count-i)
			}
			s = s[:i+1]
		}
		item(&s[i], v)
		i++
	}
	if i == 0 {
		s = []T{}
	}
	*dst = s[:i]
}

// jsonNames lists the json names of T's fields, in order, with those of
// embedded structs in their place.
func jsonNames[T any]() []string {
	var names []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case tag == "-":
			case f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct:
				walk(f.Type)
			case tag != "":
				names = append(names, tag)
			default:
				names = append(names, f.Name)
			}
		}
	}
	walk(reflect.TypeFor[T]())
	return names
}
