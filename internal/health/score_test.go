package health

import (
	"testing"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
)

// A team's score counts the findings in its own files only, 15/5/1 points
// each, and never goes below 0.
func TestScores(t *testing.T) {
	src := func(file string) okr.Source { return okr.Source{Doc: &load.Document{File: file}} }
	m := &okr.Model{
		Teams: []*okr.Team{
			{ID: "web", Source: src("teams/web.yaml")},
			{ID: "app", Source: src("teams/app.yaml")},
			{ID: "ops", Source: src("teams/ops.yaml")},
			{ID: "quiet", Source: src("teams/quiet.yaml")},
		},
		OKRs:     []*okr.OKRs{{Team: "web", Source: src("2026-Q1/web.yaml")}},
		CheckIns: []*okr.CheckIns{{Team: "web", Source: src("2026-Q1/web.checkins.yaml")}},
	}
	at := func(file string, sev finding.Severity) finding.Finding {
		return finding.Finding{Pos: finding.Pos{File: file, Line: 1, Col: 1}, Severity: sev, Rule: "x"}
	}
	var fs []finding.Finding
	// web: one error in its OKRs, two warnings in its log, an info in its
	// Team file: 100 - 15 - 10 - 1 = 74.
	fs = append(fs, at("2026-Q1/web.yaml", finding.Error),
		at("2026-Q1/web.checkins.yaml", finding.Warning), at("2026-Q1/web.checkins.yaml", finding.Warning),
		at("teams/web.yaml", finding.Info))
	// app: two warnings: 90, still healthy.
	fs = append(fs, at("teams/app.yaml", finding.Warning), at("teams/app.yaml", finding.Warning))
	// ops: seven errors would be -5: 0.
	for range 7 {
		fs = append(fs, at("teams/ops.yaml", finding.Error))
	}
	// The organization's files count for no team.
	fs = append(fs, at("org.yaml", finding.Error))

	got := Scores(m, fs)
	for team, want := range map[string]Score{
		"web":   {Score: 74, Level: LevelNeedsAttention, Errors: 1, Warnings: 2, Infos: 1},
		"app":   {Score: 90, Level: LevelHealthy, Warnings: 2},
		"ops":   {Score: 0, Level: LevelUnhealthy, Errors: 7},
		"quiet": {Score: 100, Level: LevelHealthy},
	} {
		if got[team] != want {
			t.Errorf("%s: got %+v, want %+v", team, got[team], want)
		}
	}
	if len(got) != 4 {
		t.Errorf("scores for %d teams, want 4: %v", len(got), got)
	}
}
