package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitWritesExampleOnce(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "clientrisk.yaml")
	o := c.mustRun(0, "init", path)
	if !strings.Contains(o.stdout, "wrote "+path) {
		t.Errorf("init stdout = %q, want it to say it wrote %s", o.stdout, path)
	}
	first := readFile(t, path)
	for _, key := range []string{"company:", "currency:", "rates:", "email:", "password_env:"} {
		if !bytes.Contains(first, []byte(key)) {
			t.Errorf("example config lacks %q", key)
		}
	}
	// The example must be a config the program itself accepts.
	c.mustRun(0, "status", "--config", path)

	// The user edits it; a second init must not lose the edit.
	edited := append(first, []byte("\n# my own note\n")...)
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	o = c.mustRun(1, "init", path)
	if !strings.Contains(o.stderr, "already exists") {
		t.Errorf("second init stderr = %q, want it to say the file already exists", o.stderr)
	}
	if got := readFile(t, path); !bytes.Equal(got, edited) {
		t.Errorf("second init changed the existing file")
	}
}

func TestHelpOfEveryCommand(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, cmd := range c.mainCommands() {
		for _, flag := range []string{"--help", "-h"} {
			o := c.run(cmd, flag)
			if o.code != 0 {
				t.Errorf("%s %s: exit %d, want 0", cmd, flag, o.code)
			}
			if want := "Usage: clientrisk " + cmd; !strings.Contains(o.stderr+o.stdout, want) {
				t.Errorf("%s %s: output lacks %q:\n%s", cmd, flag, want, o.stderr)
			}
			if !strings.Contains(o.stderr, "-log-level") {
				t.Errorf("%s %s: flags not listed:\n%s", cmd, flag, o.stderr)
			}
		}
	}
	o := c.run("--help")
	if o.code != 0 || !strings.Contains(o.stderr, "Commands:") {
		t.Errorf("--help: exit %d, output %q; want 0 and the command list", o.code, o.stderr)
	}
}

// mainCommands are the names the command table has; the test fails if a
// command is added without help.
func (c *cli) mainCommands() []string {
	var out []string
	for _, cmd := range (&Main{}).commands() {
		out = append(out, cmd.name)
	}
	want := []string{"check", "report", "import", "imports", "serve", "status", "init"}
	if strings.Join(out, " ") != strings.Join(want, " ") {
		c.t.Errorf("commands = %v, want %v", out, want)
	}
	return out
}

func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	qb := filepath.Join(samplesDir(), "quickbooks_invoice_list.xlsx")
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no command", nil, "Usage:"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"bad flag", []string{"report", "--config", cfg, "--frobnicate"}, "flag provided but not defined"},
		{"bad flag on check", []string{"check", "--colour", qb}, "flag provided but not defined"},
		{"bad month", []string{"report", "--config", cfg, "--month", "2026-13", "--in", qb}, "--month"},
		{"month not a month", []string{"report", "--config", cfg, "--month", "October", "--in", qb}, "--month"},
		{"bad lang", []string{"report", "--config", cfg, "--lang", "de", "--in", qb}, "--lang"},
		{"bad log level", []string{"check", "--log-level", "loud", qb}, "--log-level"},
		{"bad log format", []string{"check", "--log-format", "xml", qb}, "--log-format"},
		{"check without files", []string{"check"}, "name at least one export"},
		{"no-ledger without files", []string{"report", "--config", cfg, "--no-ledger"}, "--no-ledger needs"},
		{"resend without email", []string{"report", "--config", cfg, "--resend", "--in", qb}, "--resend goes with --email"},
		{"imports bad verb", []string{"imports", "--config", cfg, "drop", "1"}, "imports remove ID"},
		{"imports remove not a number", []string{"imports", "--config", cfg, "remove", "one"}, "not a number"},
		{"init two paths", []string{"init", filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")}, "at most one PATH"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newCLI(t).run(tc.args...)
			if o.code != 2 {
				t.Errorf("clientrisk %v: exit %d, want 2\nstderr: %s", tc.args, o.code, o.stderr)
			}
			if !strings.Contains(o.stderr, tc.want) {
				t.Errorf("clientrisk %v: stderr lacks %q:\n%s", tc.args, tc.want, o.stderr)
			}
		})
	}
	// None of the refused commands may have made a report or a ledger.
	for _, p := range []string{filepath.Join(dir, "reports"), filepath.Join(dir, "ledger.db")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists after usage errors only", p)
		}
	}
}
