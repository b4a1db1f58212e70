package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/okrs-dev/okrs/internal/finding"
	"github.com/okrs-dev/okrs/internal/health"
	"github.com/okrs-dev/okrs/internal/load"
	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/pipeline"
	"github.com/okrs-dev/okrs/internal/validate"
)

// formats write validation results; each is a view of the same findings.
var formats = map[string]func(io.Writer, *pipeline.Result) error{
	"text":   writeText,
	"json":   writeJSON,
	"github": writeGitHub,
	"sarif":  writeSARIF,
}

func summary(r *pipeline.Result) string {
	c := finding.Tally(r.Findings)
	s := fmt.Sprintf("%s, %s", plural(c.Errors, "error"), plural(c.Warnings, "warning"))
	if c.Infos > 0 {
		s += ", " + plural(c.Infos, "info")
	}
	return s + " in " + plural(r.Files, "file")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func writeText(w io.Writer, r *pipeline.Result) error {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f)
	}
	_, err := fmt.Fprintln(w, summary(r))
	return err
}

func writeJSON(w io.Writer, r *pipeline.Result) error {
	c := finding.Tally(r.Findings)
	out := struct {
		AsOf       okr.Date          `json:"as_of"`
		Since      okr.Date          `json:"since"`
		Findings   []finding.Finding `json:"findings"`
		Introduced []finding.Finding `json:"findings_introduced"`
		Resolved   []finding.Finding `json:"findings_resolved"`
		Summary    map[string]int    `json:"summary"`
	}{
		AsOf:       r.Numbers.AsOf,
		Since:      r.Numbers.Since,
		Findings:   r.Findings,
		Introduced: r.Introduced,
		Resolved:   r.Resolved,
		Summary:    map[string]int{"errors": c.Errors, "warnings": c.Warnings, "infos": c.Infos, "files": r.Files},
	}
	for _, list := range []*[]finding.Finding{&out.Findings, &out.Introduced, &out.Resolved} {
		if *list == nil {
			*list = []finding.Finding{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeGitHub writes workflow commands, which GitHub Actions turns into
// annotations on the lines of the pull request's diff.
func writeGitHub(w io.Writer, r *pipeline.Result) error {
	for _, f := range r.Findings {
		cmd := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning"}[f.Severity]
		if cmd == "" {
			cmd = "notice"
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", cmd,
			ghProperty(filepath.ToSlash(f.File)), max(f.Line, 1), max(f.Col, 1), ghProperty("okrs "+f.Rule), ghData(f.Message))
	}
	_, err := fmt.Fprintln(w, summary(r))
	return err
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Rule ids that are not health rules, with what they cover.
var coreRules = []struct{ id, summary string }{
	{load.RuleFile, "a data file cannot be read: size, encoding, empty"},
	{load.RuleYAML, "YAML syntax, duplicate keys, anchors, aliases, merge keys, tags"},
	{load.RuleKind, "a document's kind is unknown"},
	{validate.RuleSchema, "a document does not match the JSON Schema"},
	{validate.RuleRef, "a reference does not resolve, an id is not unique, or dates are inconsistent"},
}

// sarifURI is a finding's file as SARIF names it: relative to the working
// directory, which code scanning takes for the root of the checkout, even
// when the data directory was given as an absolute path; a file outside it
// as an absolute file URI.
func sarifURI(file, wd string) string {
	if !filepath.IsAbs(file) {
		return filepath.ToSlash(file)
	}
	if wd != "" {
		if rel, err := filepath.Rel(wd, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
}

// writeSARIF writes SARIF 2.1.0, which code scanning services accept.
func writeSARIF(w io.Writer, r *pipeline.Result) error {
	type rule struct {
		ID               string            `json:"id"`
		ShortDescription map[string]string `json:"shortDescription"`
		DefaultConfig    map[string]string `json:"defaultConfiguration"`
	}
	level := func(s finding.Severity) string {
		switch s {
		case finding.Error:
			return "error"
		case finding.Warning:
			return "warning"
		}
		return "note"
	}
	var rules []rule
	for _, c := range coreRules {
		rules = append(rules, rule{c.id, map[string]string{"text": c.summary}, map[string]string{"level": "error"}})
	}
	for _, h := range health.Rules {
		rules = append(rules, rule{h.ID, map[string]string{"text": h.Summary}, map[string]string{"level": level(h.Default)}})
	}
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
	}
	type result struct {
		RuleID    string            `json:"ruleId"`
		RuleIndex int               `json:"ruleIndex"`
		Level     string            `json:"level"`
		Message   map[string]string `json:"message"`
		Locations []any             `json:"locations"`
	}
	results := []result{}
	wd, _ := os.Getwd()
	for _, f := range r.Findings {
		results = append(results, result{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: level(f.Severity),
			Message: map[string]string{"text": f.Message},
			Locations: []any{map[string]any{"physicalLocation": map[string]any{
				"artifactLocation": map[string]string{"uri": sarifURI(f.File, wd)},
				"region":           map[string]int{"startLine": max(f.Line, 1), "startColumn": max(f.Col, 1)},
			}}},
		})
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "okrs", "version": version(), "informationUri": "https://okrs.dev",
				"rules": rules,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
