package health

import (
	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/okr"
)

// Points a finding costs a team's health score, out of 100.
const (
	CostError   = 15
	CostWarning = 5
	CostInfo    = 1
)

// Levels of a health score.
const (
	LevelHealthy        = "healthy"         // 90 and more
	LevelNeedsAttention = "needs-attention" // 70 to 89
	LevelUnhealthy      = "unhealthy"       // below 70
)

// Score is a team's health score: 100, less 15 points for each error, 5
// for each warning and 1 for each info found in the team's files (its Team
// document, its OKRs and its check-in logs), never below 0.
type Score struct {
	Score                   int
	Level                   string // LevelHealthy, LevelNeedsAttention or LevelUnhealthy
	Errors, Warnings, Infos int
}

// FileTeams maps each data file to the team it belongs to: the team a Team,
// OKRs or CheckIns document in it is about. Files of the organization (the
// Organization, RACI) belong to no team.
func FileTeams(m *okr.Model) map[string]string {
	out := map[string]string{}
	for _, t := range m.Teams {
		if t.Doc != nil {
			out[t.Doc.File] = t.ID
		}
	}
	for _, k := range m.OKRs {
		if k.Doc != nil && k.Team != "" {
			out[k.Doc.File] = k.Team
		}
	}
	for _, k := range m.CheckIns {
		if k.Doc != nil && k.Team != "" {
			out[k.Doc.File] = k.Team
		}
	}
	return out
}

// Scores gives the health score of every team of the model, by team id.
func Scores(m *okr.Model, findings []finding.Finding) map[string]Score {
	files := FileTeams(m)
	out := make(map[string]Score, len(m.Teams))
	for _, t := range m.Teams {
		out[t.ID] = Score{}
	}
	for _, f := range findings {
		team, ok := files[f.File]
		if !ok {
			continue
		}
		s, ok := out[team]
		if !ok {
			continue
		}
		switch f.Severity {
		case finding.Error:
			s.Errors++
		case finding.Warning:
			s.Warnings++
		case finding.Info:
			s.Infos++
		}
		out[team] = s
	}
	for id, s := range out {
		s.Score = max(0, 100-CostError*s.Errors-CostWarning*s.Warnings-CostInfo*s.Infos)
		switch {
		case s.Score >= 90:
			s.Level = LevelHealthy
		case s.Score >= 70:
			s.Level = LevelNeedsAttention
		default:
			s.Level = LevelUnhealthy
		}
		out[id] = s
	}
	return out
}
