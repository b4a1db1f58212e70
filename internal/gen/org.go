package gen

// The Organization, RACI and Team documents.

func (o *org) writeOrg(b *buf) {
	b.s("kind: Organization\nname: Acme Corp\nmission: ")
	b.block("Help every team **focus** on what matters most.\nSee [how we work](https://example.com/okrs).", 2)
	b.s("vision: Synthetic organization written by okrs-gen.\n")
	b.s("settings:\n  check_in_cadence: weekly\n  confidence_bands: {on_track: 0.7, at_risk: 0.4}\n")
	b.s("  health:\n    coach-load: info\n    unaligned-objective: info\n")
	b.s("cycles:\n")
	for _, c := range o.cycles {
		b.s("  - id: ", c.id, "\n    name: ", c.name, "\n    start: ", o.date(c.start), "\n    end: ", o.date(c.end), "\n")
		b.s("    events:\n")
		b.s("      drafting: ", o.date(c.start-24), "\n")
		b.s("      alignment: ", o.date(c.start-12), "\n")
		b.s("      review: ", o.date(c.end-4), "\n")
		b.s("      retrospective: ", o.date(c.end), "\n")
	}
	b.s("people:\n")
	for _, p := range o.people {
		b.s("  - {id: ", p.id, ", name: ")
		b.text(p.name, true)
		b.s(", email: ", p.id, "@example.com")
		if p.title != "" {
			b.s(", title: ")
			b.text(p.title, true)
		}
		b.s("}\n")
	}
	root := &o.teams[0]
	b.s("roles:\n  program_lead_office: [", o.person(o.plo[0]), ", ", o.person(o.plo[1]), "]\n")
	b.s("  executive_sponsor: ", o.person(root.lead()), "\n")
	b.s("  coaches:\n")
	for _, c := range o.coaches {
		b.s("    - ", o.person(c), "\n")
	}
	// Leadership is the root team: they own the top-level objectives.
	b.s("  leadership: [")
	for i, m := range root.members {
		if i > 0 {
			b.s(", ")
		}
		b.s(o.person(m))
	}
	b.s("]\n")
}

func (o *org) writeRACI(b *buf) {
	b.s("kind: RACI\nid: okr-process\ntitle: OKR process\n")
	b.s("description: Who does what in the OKR rollout and in every cycle.\nactivities:\n")
	list := func(key string, parties []string) {
		if len(parties) == 0 {
			return
		}
		b.s("    ", key, ": [")
		for i, p := range parties {
			if i > 0 {
				b.s(", ")
			}
			b.s(p)
		}
		b.s("]\n")
	}
	for _, a := range raciActivities {
		b.s("  - id: ", a.id, "\n    title: ")
		b.text(a.title, false)
		b.s("\n    phase: ", a.phase, "\n")
		list("responsible", a.responsible)
		b.s("    accountable: ", a.accountable, "\n")
		list("consulted", a.consulted)
		list("informed", a.informed)
	}
}

func (o *org) writeTeam(b *buf, i int) {
	t := &o.teams[i]
	b.s("kind: Team\nid: ", t.id, "\nname: ")
	b.text(t.name, false)
	b.s("\n")
	if t.parent >= 0 {
		b.s("parent: ", o.teams[t.parent].id, "\n")
	}
	b.s("lead: ", o.person(t.lead()), "\ncoach: ", o.person(t.coach), "\n")
	b.s("members: [", o.person(t.members[0]), ", ", o.person(t.members[1]), ", ", o.person(t.members[2]), "]\n")
	b.s("description: ")
	b.block(teamDescriptions[i%len(teamDescriptions)], 2)
}
