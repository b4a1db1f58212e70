package gen

// The vocabulary of the synthetic organization. The lists are long enough
// that neighbouring teams and objectives read differently, and short enough
// to stay readable here. Team words and first names never overlap, because
// people and teams share one id namespace.

var teamWords = []string{
	"platform", "payments", "search", "checkout", "identity", "growth",
	"mobile", "data", "billing", "onboarding", "catalog", "pricing",
	"logistics", "support", "security", "infra", "analytics", "ads",
	"messaging", "partners", "compliance", "reliability", "design", "web",
}

var firstNames = []string{
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "karl", "lena", "mallory", "nina", "oscar", "peggy",
	"quinn", "rupert", "sybil", "trent", "ursula", "victor", "wendy", "xavier",
	"yvonne", "zoe", "amir", "bea", "chen", "dmitri", "elif", "farah",
}

var lastNames = []string{
	"Adams", "Baker", "Costa", "Diaz", "Eriksen", "Fischer", "Garcia", "Huang",
	"Ivanova", "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor",
	"Petrov", "Quist", "Rossi", "Schmidt", "Tanaka", "Uddin", "Varga", "Weber",
	"Yilmaz", "Zhou",
}

// objectiveTemplate is an objective's id and title; teams pick three
// different ones per cycle.
type objectiveTemplate struct{ id, title string }

var objectiveTemplates = []objectiveTemplate{
	{"delight-customers", "Delight our customers at every touchpoint"},
	{"grow-revenue", "Grow revenue in new markets"},
	{"ship-faster", "Ship changes faster and more safely"},
	{"reliable-platform", "Run a platform customers can rely on"},
	{"effortless-checkout", "Make checkout effortless"},
	{"win-enterprise", "Win the enterprise segment"},
	{"cut-costs", "Cut infrastructure cost without slowing down"},
	{"great-place-to-work", "Make this a great place to work"},
	{"secure-by-default", "Be secure by default"},
	{"decide-with-data", "Decide with data, not opinions"},
	{"fast-onboarding", "Get new customers to value on day one"},
	{"quality-first", "Put quality first"},
	{"self-serve", "Let customers help themselves"},
	{"expand-partners", "Grow through partners"},
	{"mobile-first", "Make mobile the best way to use the product"},
	{"trusted-brand", "Become the brand customers trust"},
	{"accessible-product", "Make the product usable by everyone"},
	{"scale-support", "Scale support without scaling headcount"},
	{"developer-joy", "Make our engineers' days productive"},
	{"modern-stack", "Retire the legacy stack"},
	{"global-reach", "Serve customers in every time zone"},
	{"simplify-pricing", "Make pricing simple to understand"},
	{"observability", "See problems before customers do"},
	{"sustainable-pace", "Deliver at a sustainable pace"},
}

// Notes are short check-in comments, some of them Markdown.
var notes = []string{
	"On track.",
	"Slower week, holidays.",
	"Shipped the **new** flow to 10 % of users.",
	"Blocked on the vendor contract.",
	"Experiment results look promising.",
	"Hiring is behind plan.",
	"See the [dashboard](https://example.com/dash) for details.",
	"Quick win from the caching change.",
	"Rollout paused after an incident.",
	"Back on track after the fix.",
	"Need help from the platform team.",
	"Numbers include the new region.",
	"Measured on the full week for the first time.",
	"Data delayed, estimate only.",
	"Customer interviews done: `5 of 8`.",
	"Risky: depends on the Q-end freeze.",
}

var descriptions = []string{
	"Customers tell us this is where they lose time. Fixing it is the **biggest lever** we have this quarter.",
	"This builds on last quarter's work; see [the plan](https://example.com/plan).",
	"Leadership asked every group to contribute to this.\n\n- measure weekly\n- review in the group sync",
	"We keep this one *aspirational* on purpose.",
	"A prerequisite for the annual goals.",
	"Why: churn interviews point here again and again.",
}

var retrospectives = []string{
	"We under-estimated the migration. Next time: smaller steps.",
	"Good quarter. The weekly check-ins **helped** us spot the slip early.",
	"Dependencies on other teams hurt; align earlier in drafting.",
	"Target was too easy in hindsight.",
	"Scope changed twice; we should have dropped a KR instead.",
}

var dropReasons = []string{
	"Superseded by the new company priority.",
	"The vendor ended the product we depended on.",
	"Team moved to the incident backlog for the rest of the cycle.",
}

var teamDescriptions = []string{
	"Owns the services behind this area and the on-call rotation for them.",
	"A product team: one PM, one designer, engineers. See the [team page](https://example.com/teams).",
	"Works closely with **support** and sales.",
}

// krKind says how a key-result template behaves.
type krKind int

const (
	metricUp krKind = iota
	metricDown
	threshold
	boolean
	milestone
)

// krTemplate is a kind of key result. For metrics, start is drawn around
// scale and the target is start times a factor in [lo, hi]; values are
// printed with prec decimals. For thresholds, target is the bound.
type krTemplate struct {
	kind       krKind
	id, title  string // the title may hold {start}, {target}
	unit       string
	scale      float64
	lo, hi     float64
	spread     float64 // thresholds: how far values stray from the bound
	max        float64 // upper limit of values, 0 for none
	prec       int
	keep       string
	milestones []string
}

var krTemplates = []krTemplate{
	{kind: metricUp, id: "weekly-active-users", title: "Grow weekly active users from {start} to {target}", unit: "users", scale: 20000, lo: 1.2, hi: 1.8},
	{kind: metricUp, id: "nps", title: "Raise NPS from {start} to {target}", unit: "pts", scale: 30, lo: 1.2, hi: 1.6, max: 100},
	{kind: metricUp, id: "conversion-rate", title: "Lift conversion from {start} % to {target} %", unit: "%", scale: 2.5, lo: 1.1, hi: 1.5, prec: 1},
	{kind: metricUp, id: "deploys-per-week", title: "Deploy {target} times a week, up from {start}", unit: "deploys", scale: 12, lo: 1.5, hi: 3},
	{kind: metricUp, id: "test-coverage", title: "Raise test coverage from {start} % to {target} %", unit: "%", scale: 55, lo: 1.2, hi: 1.5, max: 100, prec: 1},
	{kind: metricUp, id: "mrr", title: "Grow monthly recurring revenue from {start} k€ to {target} k€", unit: "k€", scale: 800, lo: 1.1, hi: 1.4},
	{kind: metricUp, id: "activation-rate", title: "Activate {target} % of new sign-ups in their first week, up from {start} %", unit: "%", scale: 35, lo: 1.2, hi: 1.6, max: 100, prec: 1},
	{kind: metricUp, id: "self-serve-share", title: "Resolve {target} % of questions self-serve", unit: "%", scale: 40, lo: 1.2, hi: 1.6, max: 100},
	{kind: metricDown, id: "p95-latency", title: "Cut p95 latency from {start} ms to {target} ms", unit: "ms", scale: 1200, lo: 0.3, hi: 0.7},
	{kind: metricDown, id: "lead-time", title: "Cut lead time for changes from {start} to {target} days", unit: "days", scale: 9, lo: 0.4, hi: 0.7, prec: 1},
	{kind: metricDown, id: "churn-rate", title: "Reduce monthly churn from {start} % to {target} %", unit: "%", scale: 3, lo: 0.5, hi: 0.8, prec: 2},
	{kind: metricDown, id: "open-bugs", title: "Bring open bugs down from {start} to {target}", unit: "bugs", scale: 140, lo: 0.3, hi: 0.6},
	{kind: metricDown, id: "cloud-cost", title: "Cut the monthly cloud bill from {start} k€ to {target} k€", unit: "k€", scale: 90, lo: 0.7, hi: 0.9},
	{kind: metricDown, id: "build-time", title: "Cut CI build time from {start} to {target} minutes", unit: "min", scale: 25, lo: 0.4, hi: 0.7, prec: 1},
	{kind: metricDown, id: "mttr", title: "Restore service within {target} minutes, down from {start}", unit: "min", scale: 120, lo: 0.3, hi: 0.6},
	{kind: threshold, id: "availability", title: "Keep availability at or above {target} %", unit: "%", scale: 99.9, spread: 0.08, keep: "above", prec: 2, max: 100},
	{kind: threshold, id: "error-rate", title: "Keep the error rate at or below {target} %", unit: "%", scale: 0.5, spread: 0.2, keep: "below", prec: 2},
	{kind: threshold, id: "csat", title: "Keep customer satisfaction at or above {target}", unit: "pts", scale: 4.5, spread: 0.25, keep: "above", prec: 1, max: 5},
	{kind: threshold, id: "p99-budget", title: "Keep p99 latency under {target} ms", unit: "ms", scale: 800, spread: 120, keep: "below"},
	{kind: boolean, id: "pass-audit", title: "Pass the SOC 2 Type II audit"},
	{kind: boolean, id: "dpo-sign-off", title: "Get the DPO's sign-off on data retention"},
	{kind: boolean, id: "new-pricing-live", title: "Launch the new pricing page"},
	{kind: boolean, id: "legacy-off", title: "Switch off the legacy billing system"},
	{kind: milestone, id: "launch-beta", title: "Launch the beta", milestones: []string{"Design approved", "Private beta", "Public beta"}},
	{kind: milestone, id: "migrate-database", title: "Migrate to the new database", milestones: []string{"Schema frozen", "Dual writes on", "Reads switched", "Old database off"}},
	{kind: milestone, id: "staff-team", title: "Staff the new team", milestones: []string{"Roles approved", "Offers out", "Everyone onboarded"}},
	{kind: milestone, id: "self-serve-docs", title: "Publish self-serve docs", milestones: []string{"Outline reviewed", "First draft", "Published"}},
}

// raciActivities is the OKR-process RACI of an OKR rollout, as `okrs init`
// writes it: the PLO drives, the sponsor backs it, coaches facilitate,
// leadership drafts top-level OKRs.
var raciActivities = []struct {
	id, title, phase    string
	responsible         []string
	accountable         string
	consulted, informed []string
}{
	{"rollout-plan", "Create the OKR rollout plan", "setup", []string{"program-lead-office"}, "executive-sponsor", []string{"leadership"}, []string{"coaches", "teams"}},
	{"stakeholders", "Manage stakeholders of the rollout", "setup", []string{"program-lead-office"}, "executive-sponsor", []string{"leadership"}, []string{"teams"}},
	{"coach-enablement", "Train and enable the coach community", "setup", []string{"program-lead-office"}, "program-lead-office", []string{"coaches"}, []string{"leadership"}},
	{"cycle-calendar", "Publish the cycle calendar and events", "setup", []string{"program-lead-office"}, "program-lead-office", []string{"coaches"}, []string{"teams", "leadership"}},
	{"top-level-okrs", "Draft the top-level OKRs", "drafting", []string{"leadership"}, "executive-sponsor", []string{"program-lead-office", "coaches"}, []string{"teams"}},
	{"team-okrs", "Draft team OKRs", "drafting", []string{"teams"}, "leadership", []string{"coaches"}, []string{"program-lead-office"}},
	{"alignment", "Facilitate the alignment event", "alignment", []string{"coaches"}, "program-lead-office", []string{"leadership", "teams"}, nil},
	{"check-ins", "Check in weekly", "check-ins", []string{"teams"}, "leadership", []string{"coaches"}, []string{"program-lead-office"}},
	{"reporting", "Report progress to management", "check-ins", []string{"program-lead-office"}, "executive-sponsor", nil, []string{"leadership"}},
	{"review", "Review and grade the OKRs", "review", []string{"teams", "coaches"}, "leadership", []string{"program-lead-office"}, []string{"executive-sponsor"}},
	{"retrospective", "Run the cycle retrospective", "retrospective", []string{"coaches"}, "program-lead-office", []string{"teams"}, []string{"leadership", "executive-sponsor"}},
}
