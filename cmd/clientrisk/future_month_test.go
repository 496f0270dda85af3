package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestReportFutureMonthRefused: the current month (in the config's time
// zone, Europe/Rome for the demo config) may be reported, a later one is a
// usage error that names the latest month allowed.
func TestReportFutureMonthRefused(t *testing.T) {
	t.Parallel()
	qb := filepath.Join(samplesDir(), "quickbooks_invoice_list.xlsx")
	// 2026-11-30 23:30 UTC is already 2026-12-01 00:30 in Rome.
	lateNovemberUTC := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		now   time.Time
		month string
		code  int
		want  string // in stderr (code 2) or stdout (code 0)
	}{
		{"next month", demoNow(t), "2026-12", 2,
			"--month 2026-12 is in the future: the latest month a report can be made for is 2026-11"},
		{"next year", demoNow(t), "2027-03", 2,
			"--month 2027-03 is in the future: the latest month a report can be made for is 2026-11"},
		{"current month", demoNow(t), "2026-11", 0, "report for 2026-11:"},
		{"current month in the config's zone, not UTC's", lateNovemberUTC, "2026-12", 0, "report for 2026-12:"},
		{"a month after the zone's current one", lateNovemberUTC, "2027-01", 2,
			"--month 2027-01 is in the future: the latest month a report can be made for is 2026-12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeConfig(t, dir, "")
			c := newCLI(t)
			c.now = tc.now
			o := c.run("report", "--config", cfg, "--no-ledger", "--month", tc.month, "--out", filepath.Join(dir, "out"), "--in", qb)
			if o.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", o.code, tc.code, o.stdout, o.stderr)
			}
			got := o.stdout
			if tc.code != 0 {
				got = o.stderr
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, got)
			}
			if written, _ := filepath.Glob(filepath.Join(dir, "out", "*")); tc.code != 0 && len(written) > 0 {
				t.Errorf("a refused month wrote %q", written)
			}
		})
	}
}

// TestReportSummaryLine checks the line printed after a report against
// hand-made results: lost clients count among the clients named and the
// flagged ones, so flagged never exceeds the clients.
func TestReportSummaryLine(t *testing.T) {
	t.Parallel()
	m := invoice.Month{Year: 2026, Month: time.October}
	flag := func(name string) []analytics.Flag { return []analytics.Flag{{Flag: name}} }
	tests := []struct {
		name string
		res  analytics.Result
		want string
	}{
		{"only lost clients", analytics.Result{Month: m, Currency: "EUR",
			Lost: []analytics.LostClient{{Key: "a"}, {Key: "b"}}},
			"report for 2026-10: 0 clients with revenue, 2 of 2 clients flagged (2 lost, without revenue in the window), revenue 0.00 EUR"},
		{"a lost client also listed is counted once", analytics.Result{Month: m, Currency: "EUR",
			Portfolio: analytics.Portfolio{Clients: 1, Revenue: 150000},
			Clients: []analytics.ClientFigures{
				{Key: "a", Revenue: 150000, Flags: flag(analytics.FlagOverDependent)},
				{Key: "b", Flags: flag(analytics.FlagLost)}, // listed with no revenue in the window
				{Key: "c"},
			},
			Lost: []analytics.LostClient{{Key: "b"}, {Key: "d"}}},
			// named: a, b, c, d = 4; flagged: a, b, d = 3; d is lost and not listed.
			"report for 2026-10: 1 client with revenue, 3 of 4 clients flagged (1 lost, without revenue in the window), revenue 1500.00 EUR"},
		{"no flags", analytics.Result{Month: m, Currency: "JPY",
			Portfolio: analytics.Portfolio{Clients: 2, Revenue: 5000},
			Clients:   []analytics.ClientFigures{{Key: "a"}, {Key: "b"}}},
			"report for 2026-10: 2 clients with revenue, 0 of 2 clients flagged, revenue 5000 JPY"},
	}
	for _, tc := range tests {
		if got := reportSummary(&tc.res); got != tc.want {
			t.Errorf("%s:\n got  %q\n want %q", tc.name, got, tc.want)
		}
	}
}
