package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStatusFreshLedger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		now  time.Time // in Europe/Rome
		next string
	}{
		// Mid-month: the next run is 07:00 on the 1st, for the month then ended.
		{"mid month", time.Date(2026, 11, 25, 10, 0, 0, 0, rome(t)), "next scheduled run: 2026-12-01 07:00 CET (cron \"0 7 1 * *\", Europe/Rome), for 2026-11"},
		// Before 07:00 on the 1st: today's run is still ahead.
		{"early on the 1st", time.Date(2026, 12, 1, 6, 59, 0, 0, rome(t)), "next scheduled run: 2026-12-01 07:00 CET (cron \"0 7 1 * *\", Europe/Rome), for 2026-11"},
		// Summer time: 07:00 CEST.
		{"summer", time.Date(2026, 6, 15, 12, 0, 0, 0, rome(t)), "next scheduled run: 2026-07-01 07:00 CEST (cron \"0 7 1 * *\", Europe/Rome), for 2026-06"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeConfig(t, dir, "")
			// Two exports wait in the inbox, one failed earlier.
			for _, p := range []string{"drop/inbox/a.xlsx", "drop/inbox/b.csv", "drop/failed/c.xlsx"} {
				full := filepath.Join(dir, p)
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c := newCLI(t)
			c.now = tc.now
			o := c.mustRun(0, "status", "--config", cfg)
			want := []string{
				"ledger: " + filepath.Join(dir, "ledger.db") + " does not exist yet (nothing imported: 'clientrisk import', 'report' or 'serve' makes it)",
				tc.next,
				"report runs: none yet",
				"drop folder " + filepath.Join(dir, "drop", "inbox") + ": inbox 2, processing 0, failed 1",
				"outbox: empty",
			}
			lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
			if strings.Join(lines, "\n") != strings.Join(want, "\n") {
				t.Errorf("status output:\n%s\nwant:\n%s", o.stdout, strings.Join(want, "\n"))
			}
			// status only reads: it made no ledger.
			if _, err := os.Stat(filepath.Join(dir, "ledger.db")); !os.IsNotExist(err) {
				t.Errorf("status created the ledger (stat: %v)", err)
			}
		})
	}
}
