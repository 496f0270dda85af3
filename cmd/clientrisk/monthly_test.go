package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// monthlyJSON is the part of the JSON report TestMonthlyExportsThroughLedger
// checks: payment figures per client and for the portfolio.
type monthlyJSON struct {
	Portfolio struct {
		Revenue     json.Number            `json:"revenue"`
		OpenAmount  json.Number            `json:"open_amount"`
		Overdue     json.Number            `json:"overdue_amount"`
		DSO         *float64               `json:"dso"`
		WADL        *float64               `json:"wadl"`
		OnTimeRate  *float64               `json:"on_time_rate"`
		Aging       map[string]json.Number `json:"aging"`
		ClientCount int                    `json:"clients"`
	} `json:"portfolio"`
	Clients []struct {
		Name         string                 `json:"name"`
		Revenue      json.Number            `json:"revenue"`
		Share        float64                `json:"share"`
		PaidCount    int                    `json:"paid_count"`
		AvgDaysToPay *float64               `json:"avg_days_to_pay"`
		WADL         *float64               `json:"wadl"`
		MaxDaysLate  *float64               `json:"max_days_late"`
		OpenAmount   json.Number            `json:"open_amount"`
		Overdue      json.Number            `json:"overdue_amount"`
		Aging        map[string]json.Number `json:"aging"`
	} `json:"clients"`
}

// TestMonthlyExportsThroughLedger is the case the ledger exists for: each
// month the user exports "this year so far", so February's export repeats
// January's invoices, one now paid and one corrected, beside a new one.
// Imported one after the other, each invoice counts once, with its newest
// content; taking February's import back out puts January's back. Every
// figure is computed by hand below.
func TestMonthlyExportsThroughLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "") // demo config: EUR, 12-month window, 30-day terms, 0 grace days
	const header = "Invoice No,Client,Invoice date,Due date,Paid date,Amount,Currency\n"
	jan := header +
		"INV-1,Alfa Srl,2026-01-05,2026-02-04,,1000.00,EUR\n" +
		"INV-2,Alfa Srl,2026-01-20,2026-02-19,,500.00,EUR\n" +
		"INV-3,Beta Spa,2026-01-10,2026-02-09,2026-01-25,2000.00,EUR\n"
	feb := header +
		"INV-1,Alfa Srl,2026-01-05,2026-02-04,2026-02-20,1000.00,EUR\n" + // paid since: updated
		"INV-2,Alfa Srl,2026-01-20,2026-02-19,,550.00,EUR\n" + // amount corrected: updated
		"INV-3,Beta Spa,2026-01-10,2026-02-09,2026-01-25,2000.00,EUR\n" + // unchanged
		"INV-4,Alfa Srl,2026-02-03,2026-03-05,,300.00,EUR\n" + // new
		"INV-4,Alfa Srl,2026-02-03,2026-03-05,,300.00,EUR\n" // the same row again: a duplicate
	janPath, febPath := filepath.Join(dir, "jan.csv"), filepath.Join(dir, "feb.csv")
	for p, s := range map[string]string{janPath: jan, febPath: feb} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := newCLI(t)
	c.now = time.Date(2026, 3, 2, 9, 0, 0, 0, rome(t))

	o := c.mustRun(0, "import", "--config", cfg, janPath)
	checkImportLine(t, o.stdout, "jan.csv", "1 3 0 0 0 0 0") // import, new, updated, unchanged, rejected, duplicates, time entries
	o = c.mustRun(0, "import", "--config", cfg, febPath)
	checkImportLine(t, o.stdout, "feb.csv", "2 1 2 1 0 1 0")

	report := func() monthlyJSON {
		t.Helper()
		c.mustRun(0, "report", "--config", cfg, "--month", "2026-02")
		var r monthlyJSON
		d := json.NewDecoder(bytes.NewReader(readFile(t, filepath.Join(dir, "reports", "2026-02-client-report.json"))))
		d.UseNumber()
		if err := d.Decode(&r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	money := func(what string, got json.Number, want string) {
		t.Helper()
		if got.String() != want {
			t.Errorf("%s = %s, want %s", what, got, want)
		}
	}
	near := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", what, deref(got), want)
		}
	}

	// February, as-of 2026-02-28. Alfa: 1000.00 + 550.00 + 300.00 =
	// 1850.00 (INV-1 and INV-2 once each, INV-4 once); Beta 2000.00.
	r := report()
	money("revenue", r.Portfolio.Revenue, "3850.00")
	if len(r.Clients) != 2 || r.Clients[0].Name != "Beta Spa" || r.Clients[1].Name != "Alfa Srl" {
		t.Fatalf("clients: %+v, want Beta Spa then Alfa Srl", r.Clients)
	}
	beta, alfa := r.Clients[0], r.Clients[1]
	money("Alfa revenue", alfa.Revenue, "1850.00")
	money("Beta revenue", beta.Revenue, "2000.00")
	near("Alfa share", &alfa.Share, 1850.0/3850.0)
	// INV-1: issued 5 Jan, due 4 Feb, paid 20 Feb: 46 days to pay
	// (26 left in January + 20), 16 days late.
	if alfa.PaidCount != 1 {
		t.Errorf("Alfa paid_count = %d, want 1", alfa.PaidCount)
	}
	near("Alfa avg_days_to_pay", alfa.AvgDaysToPay, 46)
	near("Alfa wadl", alfa.WADL, 16)
	near("Alfa max_days_late", alfa.MaxDaysLate, 16)
	// INV-3: issued 10 Jan, paid 25 Jan: 15 days, due 9 Feb: 0 late.
	near("Beta avg_days_to_pay", beta.AvgDaysToPay, 15)
	near("Beta wadl", beta.WADL, 0)
	// Open at 28 Feb: INV-2 550.00 due 19 Feb (9 days past due, 1-30)
	// and INV-4 300.00 due 5 Mar (current).
	money("Alfa open", alfa.OpenAmount, "850.00")
	money("Alfa overdue", alfa.Overdue, "550.00")
	money("Alfa aging 1-30", alfa.Aging["1-30"], "550.00")
	money("Alfa aging current", alfa.Aging["current"], "300.00")
	money("Beta open", beta.OpenAmount, "0.00")
	// Portfolio: wadl (1000 * 16 + 2000 * 0) / 3000; one of two paid on
	// time; DSO 850.00 / 3850.00 (Dec-Feb revenue) * 90 days (31+31+28).
	near("portfolio wadl", r.Portfolio.WADL, 16.0*1000/3000)
	near("portfolio on_time_rate", r.Portfolio.OnTimeRate, 0.5)
	near("portfolio dso", r.Portfolio.DSO, 850.0/3850.0*90)
	money("portfolio overdue", r.Portfolio.Overdue, "550.00")

	// February's import taken back out: INV-1 and INV-2 revert to
	// January's content, INV-4 goes.
	o = c.mustRun(0, "imports", "--config", cfg, "remove", "2")
	if !strings.Contains(o.stdout, "import 2 removed: 2 documents reverted to an earlier import, 1 removed") {
		t.Errorf("imports remove 2: %q", o.stdout)
	}
	r = report()
	money("revenue after removal", r.Portfolio.Revenue, "3500.00") // 1000 + 500 + 2000
	alfa = r.Clients[1]
	money("Alfa revenue after removal", alfa.Revenue, "1500.00")
	if alfa.PaidCount != 0 || alfa.AvgDaysToPay != nil {
		t.Errorf("Alfa after removal: paid_count %d, avg_days_to_pay %v; want 0, null", alfa.PaidCount, deref(alfa.AvgDaysToPay))
	}
	// INV-1 1000.00 due 4 Feb (24 days past due) and INV-2 500.00 due
	// 19 Feb (9): both 1-30.
	money("Alfa open after removal", alfa.OpenAmount, "1500.00")
	money("Alfa aging 1-30 after removal", alfa.Aging["1-30"], "1500.00")
	near("portfolio dso after removal", r.Portfolio.DSO, 1500.0/3500.0*90)
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
