package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// logLines decodes stderr as JSON lines, failing on any other line.
func logLines(t *testing.T, stderr string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for i, l := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("stderr line %d is not JSON: %v\n%s", i+1, err, l)
		}
		out = append(out, m)
	}
	return out
}

func TestLogging(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "empty.xlsx")
	if err := os.WriteFile(bad, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(samplesDir(), "facturas_emitidas.csv")
	cfg := writeConfig(t, dir, "")
	tests := []struct {
		name      string
		args      []string
		code      int
		wantMsgs  []string // msg of the lines expected, in order
		wantLevel map[string]bool
	}{
		{
			name:     "json info",
			args:     []string{"check", "--log-format", "json", good, bad},
			code:     1,
			wantMsgs: []string{"file read", "file could not be read"},
		},
		{
			name:     "json warn hides info",
			args:     []string{"check", "--log-format", "json", "--log-level", "warn", good, bad},
			code:     1,
			wantMsgs: []string{"file could not be read"},
		},
		{
			name: "report json",
			// --keep-going: exit 0 although empty.xlsx cannot be read.
			args:     []string{"report", "--config", cfg, "--no-ledger", "--keep-going", "--month", "2026-10", "--out", filepath.Join(dir, "out"), "--log-format", "json", "--in", good, "--in", bad},
			code:     0,
			wantMsgs: []string{"file read", "file could not be read", "report written"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newCLI(t).mustRun(tc.code, tc.args...)
			var msgs []string
			var lines []map[string]any
			for _, m := range logLines(t, onlyLogLines(o.stderr)) {
				msgs = append(msgs, m["msg"].(string))
				lines = append(lines, m)
			}
			if strings.Join(msgs, "|") != strings.Join(tc.wantMsgs, "|") {
				t.Errorf("log messages %q, want %q\n%s", msgs, tc.wantMsgs, o.stderr)
			}
			for _, m := range lines {
				if _, ok := m["time"]; !ok || m["level"] == nil {
					t.Errorf("log line without time or level: %v", m)
				}
				if m["msg"] == "file could not be read" {
					if m["level"] != "WARN" || m["file"] != bad || !strings.Contains(m["err"].(string), "is empty") {
						t.Errorf("failed file logged as %v, want WARN with file=%s and its reason", m, bad)
					}
				}
			}
		})
	}
}

// onlyLogLines drops the lines report prints to stderr for the user
// ("warning: ...") beside the log, which are not log records.
func onlyLogLines(stderr string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "{") {
			keep = append(keep, l)
		} else if l != "" && !strings.HasPrefix(l, "warning: ") {
			keep = append(keep, l) // let logLines fail on it
		}
	}
	return strings.Join(keep, "\n")
}

func TestLogTextWarnHidesInfo(t *testing.T) {
	t.Parallel()
	good := filepath.Join(samplesDir(), "facturas_emitidas.csv")
	o := newCLI(t).mustRun(0, "check", "--log-format", "text", good)
	if !strings.Contains(o.stderr, "level=INFO") || !strings.Contains(o.stderr, `msg="file read"`) {
		t.Errorf("text log at info lacks the file read line:\n%s", o.stderr)
	}
	o = newCLI(t).mustRun(0, "check", "--log-format", "text", "--log-level", "warn", good)
	if o.stderr != "" {
		t.Errorf("--log-level warn still logs:\n%s", o.stderr)
	}
}
