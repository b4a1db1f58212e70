package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "org")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "small", args: []string{"-size", "small", "-o", dir}, stdout: "65 files, 0.6 MB, 20 teams, 65 people, 2 cycles, 120 objectives, 480 key results"},
		{name: "not empty", args: []string{"-size", "small", "-o", dir}, code: 1, stderr: "is not empty"},
		{name: "as-of", args: []string{"-size", "large", "-as-of"}, stdout: "2026-11-15\n"},
		{name: "override", args: []string{"-size", "large", "-quarters", "1", "-as-of"}, stdout: "2025-02-14\n"},
		{name: "unknown size", args: []string{"-size", "huge", "-o", dir}, code: 2, stderr: `unknown size "huge"`},
		{name: "no output", args: []string{"-teams", "3"}, code: 2, stderr: "-o DIR is required"},
		{name: "stray argument", args: []string{"-o", dir, "extra"}, code: 2, stderr: `unexpected argument "extra"`},
		{name: "bad flag", args: []string{"-teams", "x"}, code: 2, stderr: "invalid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q, want it to contain %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
		})
	}
}
