package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// decode reads JSON text the way the loader hands documents over: numbers
// as json.Number.
func decode(t *testing.T, text string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad test JSON: %v\n%s", err, text)
	}
	return v
}

// okrsDoc wraps objectives in an OKRs document.
func okrsDoc(objectives ...string) string {
	return `{"kind": "OKRs", "team": "payments", "cycle": "2026-Q1", "objectives": [` +
		strings.Join(objectives, ",") + `]}`
}

// objective is a valid objective with extra fields and the given key results.
func objective(extra string, krs ...string) string {
	if extra != "" {
		extra += ", "
	}
	return `{"id": "fast", "title": "Be fast", "owner": "alice", ` + extra +
		`"key_results": [` + strings.Join(krs, ",") + `]}`
}

// kr is a key result with the given fields besides id and title.
func kr(fields string) string {
	if fields != "" {
		fields = ", " + fields
	}
	return `{"id": "p95", "title": "Cut p95"` + fields + `}`
}

// metric is a valid metric key result.
var metric = kr(`"start": 1200, "target": 400`)

func org(fields string) string {
	return `{"kind": "Organization", "name": "Acme", "cycles": [{"id": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31"}]` + fields + `}`
}

const validOrganization = `{
  "kind": "Organization",
  "name": "Acme Corp",
  "mission": "Make *payments* boring.",
  "vision": "Everyone pays in one click.",
  "settings": {
    "check_in_cadence": "weekly",
    "confidence_bands": {"on_track": 0.7, "at_risk": 0.4},
    "health": {"objective-kr-count": "warning", "eased-target": "off", "kr-measurable": "error"}
  },
  "cycles": [
    {"id": "FY2026", "start": "2026-01-01", "end": "2026-12-31"},
    {"id": "2026-Q1", "name": "Q1 2026", "parent": "FY2026", "start": "2026-01-01", "end": "2026-03-31",
     "events": {"drafting": "2025-12-08", "alignment": "2025-12-19", "review": "2026-03-27", "retrospective": "2026-03-31"}}
  ],
  "people": [
    {"id": "carol", "name": "Carol Diaz", "email": "carol@example.com", "title": "PLO"},
    {"id": "eve", "name": "Eve"}
  ],
  "roles": {"program_lead_office": ["carol"], "executive_sponsor": "eve", "coaches": ["bob", "dana"], "leadership": ["eve", "frank"]}
}`

const validOKRs = `{
  "kind": "OKRs",
  "team": "payments",
  "cycle": "2026-Q1",
  "objectives": [{
    "id": "effortless-checkout",
    "title": "Make checkout effortless",
    "description": "Markdown.",
    "owner": "alice",
    "commitment": "committed",
    "status": "active",
    "weight": 1,
    "aligns_to": ["engineering/fast-platform", "company/grow-revenue/new-markets"],
    "raci": {"responsible": ["alice", "carl"], "accountable": "alice", "consulted": ["dana", "coaches"], "informed": ["leadership"]},
    "key_results": [
      {"id": "p95-latency", "title": "Cut p95", "owner": "carl", "type": "metric", "start": 1200, "target": 400, "unit": "ms", "weight": 2,
       "check_ins": [{"date": "2026-01-14", "value": 1100, "confidence": 0.6, "by": "carl", "note": "Markdown."}]},
      {"id": "uptime", "title": "Keep uptime", "type": "threshold", "keep": "above", "target": 99.9, "unit": "%",
       "check_ins": [{"date": "2026-01-14", "value": 99.95}]},
      {"id": "one-click", "title": "Ship one-click", "type": "milestone",
       "milestones": [{"title": "Design approved", "done": "2026-01-20"}, {"title": "Beta live", "weight": 2}],
       "check_ins": [{"date": "2026-01-21", "confidence": 0.8, "note": "Design done."}]},
      {"id": "pci-audit", "title": "Pass the PCI audit", "type": "boolean", "check_ins": [{"date": "2026-01-14", "value": false}]}
    ],
    "grade": 0.7,
    "retrospective": "Markdown."
  }]
}`

const validRACI = `{
  "kind": "RACI",
  "id": "okr-process",
  "title": "OKR process",
  "description": "Who does what.",
  "activities": [{
    "id": "rollout-plan", "title": "Create the OKR rollout plan", "phase": "setup",
    "responsible": ["program-lead-office"], "accountable": "executive-sponsor",
    "consulted": ["leadership"], "informed": ["coaches", "teams"], "description": "Once."
  }]
}`

func raci(activity string) string {
	return `{"kind": "RACI", "id": "okr-process", "title": "OKR process", "activities": [` + activity + `]}`
}

func checkIns(entries string) string {
	return `{"kind": "CheckIns", "team": "payments", "cycle": "2026-Q1", "check_ins": [` + entries + `]}`
}

const (
	o0  = "/objectives/0"
	kr0 = "/objectives/0/key_results/0"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		// want lists the problems' pointers; empty for a valid document.
		want []string
		// leaf is the instance location jsonschema itself reports for its
		// deepest leaf error, the raw material the lead maps to a line.
		leaf string
		// key says the (first) problem is about a property name.
		key bool
		// msg is a substring of the first problem's message.
		msg string
	}{
		// Valid documents.
		{name: "organization", doc: validOrganization},
		{name: "team", doc: `{"kind": "Team", "id": "payments", "name": "Payments", "parent": "engineering", "lead": "alice", "coach": "bob", "members": ["alice", "carl"], "description": "Pays."}`},
		{name: "okrs with every key result type", doc: validOKRs},
		{name: "check-ins log", doc: checkIns(`{"kr": "effortless-checkout/p95-latency", "date": "2026-01-21", "value": 950, "confidence": 0.7, "by": "carl", "note": "ok"}, {"kr": "o/pci", "date": "2026-01-22", "value": true}`)},
		{name: "raci", doc: validRACI},
		{name: "metric is the default type", doc: okrsDoc(objective("", metric))},
		{name: "no key results yet", doc: okrsDoc(objective(""))},
		{name: "no objectives", doc: okrsDoc()},
		{name: "one key result weight 0 and one default", doc: okrsDoc(objective("", kr(`"start": 0, "target": 1, "weight": 0`), metric))},
		{name: "dropped with reason", doc: okrsDoc(objective(`"status": "dropped", "reason": "Superseded."`, metric))},
		{name: "cycle id quoted number", doc: `{"kind": "OKRs", "team": "payments", "cycle": "2026", "objectives": []}`},
		{name: "objective without owner", doc: okrsDoc(`{"id": "o", "title": "T", "key_results": []}`)},
		{name: "metric without start, target known", doc: okrsDoc(objective("", kr(`"type": "metric", "target": 1`)))},
		{name: "metric with a change of each kind", doc: okrsDoc(objective(`"labels": ["p0", "security"]`, kr(`"change": 0.25, "labels": ["north star"]`), `{"id": "b", "title": "B", "change": "-20%", "score": 0.8}`, `{"id": "c", "title": "C", "start": 4, "change": "x2"}`, `{"id": "d", "title": "D", "change": "+3%", "check_ins": [{"date": "2026-01-01", "note": "no value yet"}]}`))},
		{name: "link_base", doc: org(`, "settings": {"link_base": "https://handbook.example.com"}`)},
		{name: "milestone weights zero and default", doc: okrsDoc(objective("", kr(`"type": "milestone", "milestones": [{"title": "a", "weight": 0}, {"title": "b"}]`)))},

		// The kind dispatch.
		{name: "missing kind", doc: `{"name": "Acme"}`, want: []string{""}, leaf: "", msg: `missing required field "kind"`},
		{name: "unknown kind", doc: `{"kind": "Organisation", "name": "Acme"}`, want: []string{"/kind"}, leaf: "/kind", msg: `did you mean "Organization"?`},
		{name: "kind not a string", doc: `{"kind": 1}`, want: []string{"/kind"}, leaf: "/kind"},
		{name: "document not an object", doc: `["Organization"]`, want: []string{""}, leaf: ""},

		// Unknown fields, reported at the field's key.
		{name: "unknown top-level field", doc: `{"kind": "Team", "id": "payments", "name": "Payments", "lead_id": "alice"}`, want: []string{"/lead_id"}, leaf: "", key: true, msg: `unknown field "lead_id" (did you mean "lead"?)`},
		{name: "unknown key result field", doc: okrsDoc(objective("", kr(`"start": 1, "taget": 2, "target": 2`))), want: []string{kr0 + "/taget"}, leaf: kr0, key: true, msg: `did you mean "target"?`},
		{name: "unknown check-in field", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "check_ins": [{"date": "2026-01-01", "vaule": 1}]`))), want: []string{kr0 + "/check_ins/0/vaule"}, leaf: kr0 + "/check_ins/0", key: true},
		{name: "unknown cycle event", doc: `{"kind": "Organization", "name": "A", "cycles": [{"id": "Q1", "start": "2026-01-01", "end": "2026-03-31", "events": {"kickoff": "2026-01-02"}}]}`, want: []string{"/cycles/0/events/kickoff"}, leaf: "/cycles/0/events", key: true},
		{name: "two unknown fields", doc: `{"kind": "Team", "id": "t", "name": "T", "b": 1, "a": 2}`, want: []string{"/a", "/b"}, leaf: "", key: true, msg: `unknown field "a"`},

		// Ids and references.
		{name: "bad team id", doc: `{"kind": "Team", "id": "Payments", "name": "Payments"}`, want: []string{"/id"}, leaf: "/id", msg: "an id is lower-case"},
		{name: "id too long", doc: `{"kind": "Team", "id": "` + strings.Repeat("a", 64) + `", "name": "T"}`, want: []string{"/id"}, leaf: "/id"},
		{name: "bad cycle id", doc: `{"kind": "OKRs", "team": "payments", "cycle": "-Q1", "objectives": []}`, want: []string{"/cycle"}, leaf: "/cycle", msg: "a cycle id is"},
		{name: "cycle id read as a number", doc: `{"kind": "OKRs", "team": "payments", "cycle": 2026, "objectives": []}`, want: []string{"/cycle"}, leaf: "/cycle", msg: "expected string, but got number"},
		{name: "bad owner", doc: okrsDoc(`{"id": "o", "title": "T", "owner": "Alice Smith", "key_results": []}`), want: []string{o0 + "/owner"}, leaf: o0 + "/owner"},
		{name: "aligns_to without team", doc: okrsDoc(objective(`"aligns_to": ["fast-platform"]`, metric)), want: []string{o0 + "/aligns_to/0"}, leaf: o0 + "/aligns_to/0", msg: "team/objective"},
		{name: "check-ins kr without objective", doc: checkIns(`{"kr": "p95-latency", "date": "2026-01-21"}`), want: []string{"/check_ins/0/kr"}, leaf: "/check_ins/0/kr", msg: "objective/kr"},
		{name: "duplicate member", doc: `{"kind": "Team", "id": "t", "name": "T", "members": ["alice", "bob", "alice"]}`, want: []string{"/members/2"}, leaf: "/members", msg: "item 2 repeats item 0"},

		// Dates.
		{name: "invalid calendar date", doc: `{"kind": "Organization", "name": "A", "cycles": [{"id": "Q1", "start": "2026-02-30", "end": "2026-03-31"}]}`, want: []string{"/cycles/0/start"}, leaf: "/cycles/0/start", msg: "must exist in the calendar"},
		{name: "date without leading zeros", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "check_ins": [{"date": "2026-1-5"}]`))), want: []string{kr0 + "/check_ins/0/date"}, leaf: kr0 + "/check_ins/0/date"},
		{name: "milestone done not a date", doc: okrsDoc(objective("", kr(`"type": "milestone", "milestones": [{"title": "a", "done": "yes"}]`))), want: []string{kr0 + "/milestones/0/done"}, leaf: kr0 + "/milestones/0/done"},

		// Ranges.
		{name: "confidence above 1", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "check_ins": [{"date": "2026-01-01", "confidence": 1.2}]`))), want: []string{kr0 + "/check_ins/0/confidence"}, leaf: kr0 + "/check_ins/0/confidence", msg: "from 0 to 1"},
		{name: "grade below 0", doc: okrsDoc(objective(`"grade": -0.1`, metric)), want: []string{o0 + "/grade"}, leaf: o0 + "/grade"},
		{name: "negative weight", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "weight": -1`))), want: []string{kr0 + "/weight"}, leaf: kr0 + "/weight", msg: "0 or more"},
		{name: "all key result weights 0", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "weight": 0`), `{"id": "b", "title": "B", "start": 1, "target": 2, "weight": 0}`)), want: []string{o0 + "/key_results"}, leaf: o0 + "/key_results", msg: "at least one key result"},
		{name: "all milestone weights 0", doc: okrsDoc(objective("", kr(`"type": "milestone", "milestones": [{"title": "a", "weight": 0}]`))), want: []string{kr0 + "/milestones"}, leaf: kr0 + "/milestones", msg: "at least one milestone"},
		{name: "confidence band above 1", doc: org(`, "settings": {"confidence_bands": {"on_track": 1.5}}`), want: []string{"/settings/confidence_bands/on_track"}, leaf: "/settings/confidence_bands/on_track"},

		// Key result types.
		{name: "metric without target", doc: okrsDoc(objective("", kr(`"start": 1`))), want: []string{kr0}, leaf: kr0, msg: `a metric key result needs target (the value to reach) or change`},
		{name: "metric with target and change", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "change": "+3%"`))), want: []string{kr0}, leaf: kr0, msg: `target or change, not both`},
		{name: "change x0", doc: okrsDoc(objective("", kr(`"change": "x0"`))), want: []string{kr0 + "/change"}, leaf: kr0 + "/change", msg: `a factor of x0 makes the target 0`},
		{name: "change not a number", doc: okrsDoc(objective("", kr(`"change": "+abc"`))), want: []string{kr0 + "/change"}, leaf: kr0 + "/change", msg: `a change is a number (0.25, -5), a percentage`},
		{name: "change percent without sign", doc: okrsDoc(objective("", kr(`"start": 5, "change": "3 %"`))), want: []string{kr0 + "/change"}, leaf: kr0 + "/change", msg: `a change is a number`},
		{name: "change on a threshold", doc: okrsDoc(objective("", kr(`"type": "threshold", "keep": "above", "target": 5, "change": 2`))), want: []string{kr0 + "/change"}, leaf: kr0 + "/change", key: true, msg: `field "change" is not allowed`},
		{name: "score above 1", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "score": 1.2`))), want: []string{kr0 + "/score"}, leaf: kr0 + "/score", msg: "from 0 to 1"},
		{name: "label with spaces around", doc: okrsDoc(objective(`"labels": [" p0"]`, metric)), want: []string{o0 + "/labels/0"}, leaf: o0 + "/labels/0", msg: "a label is a short text"},
		{name: "link_base not a URL", doc: org(`, "settings": {"link_base": "handbook.example.com"}`), want: []string{"/settings/link_base"}, leaf: "/settings/link_base", msg: "link_base is a URL"},
		{name: "metric with keep", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "keep": "above"`))), want: []string{kr0 + "/keep"}, leaf: kr0 + "/keep", key: true, msg: `field "keep" is not allowed`},
		{name: "threshold without keep", doc: okrsDoc(objective("", kr(`"type": "threshold", "target": 99.9`))), want: []string{kr0}, leaf: kr0, msg: `missing required field "keep"`},
		{name: "threshold with start", doc: okrsDoc(objective("", kr(`"type": "threshold", "keep": "below", "target": 5, "start": 9`))), want: []string{kr0 + "/start"}, leaf: kr0 + "/start", key: true},
		{name: "bad keep", doc: okrsDoc(objective("", kr(`"type": "threshold", "keep": "over", "target": 5`))), want: []string{kr0 + "/keep"}, leaf: kr0 + "/keep"},
		{name: "milestone without milestones", doc: okrsDoc(objective("", kr(`"type": "milestone"`))), want: []string{kr0}, leaf: kr0, msg: `missing required field "milestones"`},
		{name: "milestone with empty milestones", doc: okrsDoc(objective("", kr(`"type": "milestone", "milestones": []`))), want: []string{kr0 + "/milestones"}, leaf: kr0 + "/milestones"},
		{name: "milestone with target", doc: okrsDoc(objective("", kr(`"type": "milestone", "target": 1, "milestones": [{"title": "a"}]`))), want: []string{kr0 + "/target"}, leaf: kr0 + "/target", key: true},
		{name: "milestone without title", doc: okrsDoc(objective("", kr(`"type": "milestone", "milestones": [{"done": "2026-01-01"}]`))), want: []string{kr0 + "/milestones/0"}, leaf: kr0 + "/milestones/0"},
		{name: "boolean with start", doc: okrsDoc(objective("", kr(`"type": "boolean", "start": 0`))), want: []string{kr0 + "/start"}, leaf: kr0 + "/start", key: true, msg: "a boolean key result has no start"},
		{name: "unknown type", doc: okrsDoc(objective("", kr(`"type": "percentage", "start": 0, "target": 1`))), want: []string{kr0 + "/type"}, leaf: kr0 + "/type"},

		// Check-in values per key result type.
		{name: "metric check-in value true", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "check_ins": [{"date": "2026-01-01", "value": true}]`))), want: []string{kr0 + "/check_ins/0/value"}, leaf: kr0 + "/check_ins/0/value", msg: "is a number"},
		{name: "threshold check-in value true", doc: okrsDoc(objective("", kr(`"type": "threshold", "keep": "above", "target": 2, "check_ins": [{"date": "2026-01-01", "value": true}]`))), want: []string{kr0 + "/check_ins/0/value"}, leaf: kr0 + "/check_ins/0/value"},
		{name: "boolean check-in value number", doc: okrsDoc(objective("", kr(`"type": "boolean", "check_ins": [{"date": "2026-01-01", "value": 1}]`))), want: []string{kr0 + "/check_ins/0/value"}, leaf: kr0 + "/check_ins/0/value", msg: "true or false"},
		{name: "milestone check-in with value", doc: okrsDoc(objective("", kr(`"type": "milestone", "milestones": [{"title": "a"}], "check_ins": [{"date": "2026-01-01", "value": 1}]`))), want: []string{kr0 + "/check_ins/0/value"}, leaf: kr0 + "/check_ins/0/value", key: true, msg: "mark milestones done"},
		{name: "check-in without date", doc: okrsDoc(objective("", kr(`"start": 1, "target": 2, "check_ins": [{"value": 1}]`))), want: []string{kr0 + "/check_ins/0"}, leaf: kr0 + "/check_ins/0"},
		{name: "check-ins log value text", doc: checkIns(`{"kr": "o/k", "date": "2026-01-21", "value": "950"}`), want: []string{"/check_ins/0/value"}, leaf: "/check_ins/0/value"},

		// Objectives.
		{name: "dropped without reason", doc: okrsDoc(objective(`"status": "dropped"`, metric)), want: []string{o0}, leaf: o0, msg: `missing required field "reason": a dropped objective needs a reason`},
		{name: "bad commitment", doc: okrsDoc(objective(`"commitment": "stretch"`, metric)), want: []string{o0 + "/commitment"}, leaf: o0 + "/commitment"},
		{name: "bad status", doc: okrsDoc(objective(`"status": "done"`, metric)), want: []string{o0 + "/status"}, leaf: o0 + "/status"},
		{name: "objective raci accountable list", doc: okrsDoc(objective(`"raci": {"accountable": ["alice", "bob"]}`, metric)), want: []string{o0 + "/raci/accountable"}, leaf: o0 + "/raci/accountable", msg: "expected string, but got array: accountable is exactly one party"},

		// Organization and settings.
		{name: "organization without cycles", doc: `{"kind": "Organization", "name": "Acme"}`, want: []string{""}, leaf: "", msg: `"cycles"`},
		{name: "organization with no cycle", doc: `{"kind": "Organization", "name": "Acme", "cycles": []}`, want: []string{"/cycles"}, leaf: "/cycles"},
		{name: "cycle without end", doc: `{"kind": "Organization", "name": "A", "cycles": [{"id": "Q1", "start": "2026-01-01"}]}`, want: []string{"/cycles/0"}, leaf: "/cycles/0"},
		{name: "bad cadence", doc: org(`, "settings": {"check_in_cadence": "daily"}`), want: []string{"/settings/check_in_cadence"}, leaf: "/settings/check_in_cadence"},
		{name: "bad health rule id", doc: org(`, "settings": {"health": {"stale-checkin": "off"}}`), want: []string{"/settings/health/stale-checkin"}, leaf: "/settings/health/stale-checkin", key: true, msg: `unknown health rule id (did you mean "stale-check-in"?)`},
		{name: "bad health level", doc: org(`, "settings": {"health": {"coach-load": "warn"}}`), want: []string{"/settings/health/coach-load"}, leaf: "/settings/health/coach-load", msg: `did you mean "warning"?`},
		{name: "person without name", doc: org(`, "people": [{"id": "carol"}]`), want: []string{"/people/0"}, leaf: "/people/0"},
		{name: "bad email", doc: org(`, "people": [{"id": "carol", "name": "Carol", "email": "carol at example"}]`), want: []string{"/people/0/email"}, leaf: "/people/0/email"},
		{name: "executive sponsor list", doc: org(`, "roles": {"executive_sponsor": ["eve"]}`), want: []string{"/roles/executive_sponsor"}, leaf: "/roles/executive_sponsor"},

		// Teams and RACI.
		{name: "team without name", doc: `{"kind": "Team", "id": "t"}`, want: []string{""}, leaf: ""},
		{name: "raci accountable list", doc: raci(`{"id": "a", "title": "A", "accountable": ["program-lead-office"]}`), want: []string{"/activities/0/accountable"}, leaf: "/activities/0/accountable"},
		{name: "raci without accountable", doc: raci(`{"id": "a", "title": "A", "responsible": ["coaches"]}`), want: []string{"/activities/0"}, leaf: "/activities/0"},
		{name: "raci bad phase", doc: raci(`{"id": "a", "title": "A", "accountable": "coaches", "phase": "planning"}`), want: []string{"/activities/0/phase"}, leaf: "/activities/0/phase"},
		{name: "raci party not an id", doc: raci(`{"id": "a", "title": "A", "accountable": "coaches", "informed": ["All Teams"]}`), want: []string{"/activities/0/informed/0"}, leaf: "/activities/0/informed/0"},

		// Several problems are all reported.
		{name: "every problem reported", doc: okrsDoc(objective(`"status": "dropped", "grade": 2`, kr(`"start": 1`))), want: []string{o0, o0 + "/grade", kr0}, leaf: kr0},
	}
	s, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decode(t, tt.doc)
			problems, err := Validate(doc)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Logf("%s key=%v %s: %s", p.Pointer, p.Key, p.Keyword, p.Message)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.Pointer)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("pointers = %q, want %q; problems: %+v", got, tt.want, problems)
			}
			verr := s.Validate(doc)
			if len(tt.want) == 0 {
				if verr != nil {
					t.Fatalf("jsonschema refused a valid document: %v", verr)
				}
				return
			}
			var ve *jsonschema.ValidationError
			if !errors.As(verr, &ve) {
				t.Fatalf("want a *jsonschema.ValidationError, got %v", verr)
			}
			if leaf := deepestLeaf(ve); leaf.InstanceLocation != tt.leaf {
				t.Errorf("jsonschema leaf at %q (%s: %s), want %q", leaf.InstanceLocation, leaf.KeywordLocation, leaf.Message, tt.leaf)
			}
			if problems[0].Key != tt.key {
				t.Errorf("Key = %v, want %v: %+v", problems[0].Key, tt.key, problems[0])
			}
			if !strings.Contains(problems[0].Message, tt.msg) {
				t.Errorf("message %q does not contain %q", problems[0].Message, tt.msg)
			}
		})
	}
}

// deepestLeaf walks the causes to the leaf with the longest instance
// location; ties go to the smallest location, so the result is stable
// although jsonschema orders causes by map iteration.
func deepestLeaf(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return e
	}
	var best *jsonschema.ValidationError
	for _, c := range e.Causes {
		l := deepestLeaf(c)
		if best == nil || len(l.InstanceLocation) > len(best.InstanceLocation) ||
			len(l.InstanceLocation) == len(best.InstanceLocation) && l.InstanceLocation < best.InstanceLocation {
			best = l
		}
	}
	return best
}

func TestDidYouMean(t *testing.T) {
	fields := []string{"id", "title", "start", "target", "value", "lead", "name"}
	tests := []struct {
		name, typo string
		want       string
	}{
		{name: "one letter missing", typo: "taget", want: "target"},
		{name: "two letters swapped", typo: "vaule", want: "value"},
		{name: "suffix added", typo: "lead_id", want: "lead"},
		{name: "prefix of a candidate", typo: "tit", want: "title"},
		{name: "other case", typo: "Name", want: "name"},
		{name: "too short to guess", typo: "a"},
		{name: "nothing close", typo: "kickoff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := ""
			if tt.want != "" {
				want = fmt.Sprintf(" (did you mean %q?)", tt.want)
			}
			if got := didYouMean(tt.typo, fields); got != want {
				t.Errorf("didYouMean(%q) = %q, want %q", tt.typo, got, want)
			}
		})
	}
}

func TestProblemPointersAreUnescaped(t *testing.T) {
	problems, err := Validate(decode(t, `{"kind": "Team", "id": "t", "name": "T", "a/b c~": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{Pointer: "/a~1b c~0", Key: true, Keyword: "additionalProperties", Message: `unknown field "a/b c~"`}}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("got %+v, want %+v", problems, want)
	}
}

func TestCompileOnce(t *testing.T) {
	a, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compile()
	if a != b {
		t.Error("Compile compiled twice")
	}
}

func TestJSON(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["$id"] != URL {
		t.Errorf("$id = %v, want %s", doc["$id"], URL)
	}
	b := JSON()
	b[0] = 'x'
	if !bytes.Equal(JSON(), raw) || raw[0] == 'x' {
		t.Error("JSON returned the embedded bytes themselves")
	}
}

// TestSchemaConventions keeps the schema honest as it grows: every object
// refuses unknown fields and every field has a description for editors.
func TestSchemaConventions(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	resolve := func(m map[string]any) map[string]any {
		if ref, ok := m["$ref"].(string); ok {
			if d, ok := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any); ok {
				return d
			}
		}
		return m
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			// The root only dispatches on kind; each kind's definition
			// refuses unknown fields.
			if x["type"] == "object" && path != "#" {
				if x["additionalProperties"] != false && x["propertyNames"] == nil {
					t.Errorf("%s: object without additionalProperties: false or propertyNames", path)
				}
				props, _ := x["properties"].(map[string]any)
				for name, p := range props {
					pm, _ := p.(map[string]any)
					if pm["description"] == nil && resolve(pm)["description"] == nil {
						t.Errorf("%s/properties/%s: no description", path, name)
					}
				}
			}
			for k, c := range x {
				walk(path+"/"+k, c)
			}
		case []any:
			for i, c := range x {
				walk(fmt.Sprintf("%s/%d", path, i), c)
			}
		}
	}
	walk("#", root)
}

// TestHealthRulesListedOnce checks that the health settings offer exactly
// the rule ids that propertyNames accepts.
func TestHealthRulesListedOnce(t *testing.T) {
	var root struct {
		Defs struct {
			Settings struct {
				Properties struct {
					Health struct {
						Properties map[string]any `json:"properties"`
					} `json:"health"`
				} `json:"properties"`
			} `json:"settings"`
			HealthRule struct {
				Enum []string `json:"enum"`
			} `json:"healthRule"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	var listed []string
	for id := range root.Defs.Settings.Properties.Health.Properties {
		listed = append(listed, id)
	}
	sort.Strings(listed)
	enum := append([]string(nil), root.Defs.HealthRule.Enum...)
	sort.Strings(enum)
	if !reflect.DeepEqual(listed, enum) || len(enum) == 0 { // the ids themselves: validate.TestSchemaHealthRules
		t.Errorf("health properties %q, rule ids %q", listed, enum)
	}
}

// No id or reference is megabytes long, so no suggestion is looked for:
// comparing two 1 MB names of about the same length took minutes and
// gigabytes (a hostile pull request's aligns_to against an objective of
// a team with a 1 MB id).
func TestDidYouMeanLongNames(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	if got := DidYouMean(long+"y", []string{long + "z", "acme/" + long, "grow"}); got != "" {
		t.Errorf("DidYouMean of a 1 MB name = %.80q, want none", got)
	}
	if got := DidYouMean("grwo", []string{long, "grow"}); got != ` (did you mean "grow"?)` {
		t.Errorf("DidYouMean beside a 1 MB candidate = %q, want grow", got)
	}
}
