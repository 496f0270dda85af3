package pipeline

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/store"
)

// writeCustomerMaster writes a customer master workbook by hand: six
// customers on sheet "Clienti" whose dimension says A1:E1048576, as a
// sheet formatted down to the last row says.
func writeCustomerMaster(t *testing.T, path string) {
	t.Helper()
	rows := [][]string{
		{"Customer ID", "Customer Name", "Payment terms", "Email", "Category"},
		{"C1", "Alfa Srl", "60", "a@alfa.example", "retail"},
		{"C2", "Beta SpA", "Net 15", "b@beta.example", "retail"},
		{"C3", "Gamma", "", "g@gamma.example", ""},
		{"C4", "Delta", "30", "", ""},
		{"C5", "Epsilon", "30", "", ""},
		{"C6", "Zeta", "45", "", ""},
	}
	var sd strings.Builder
	for i, r := range rows {
		fmt.Fprintf(&sd, `<row r="%d">`, i+1)
		for j, c := range r {
			if c != "" {
				fmt.Fprintf(&sd, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+j, i+1, c)
			}
		}
		sd.WriteString(`</row>`)
	}
	files := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Clienti" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E1048576"/><sheetData>` + sd.String() + `</sheetData></worksheet>`,
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeText(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func clientByName(t *testing.T, res *analytics.Result, name string) *analytics.ClientFigures {
	t.Helper()
	for i := range res.Clients {
		if res.Clients[i].Name == name {
			return &res.Clients[i]
		}
	}
	var names []string
	for _, c := range res.Clients {
		names = append(names, c.Name)
	}
	t.Fatalf("no client %q in the report: %v", name, names)
	return nil
}

func floatIs(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s: got %v, want %v", what, deref(got), want)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestReportThreeFiles: invoices by customer id with no due dates, a
// collections sheet with partial and double payments (and one to an
// unknown invoice, one after the as-of date), a customer master whose
// dimension runs to row 1048576. The report of 2026-03 (A = 2026-03-31)
// has the names, the partial payments and the clients' own terms, the
// same from the files alone and from the ledger, whatever the order the
// files arrive in.
func TestReportThreeFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	inv := filepath.Join(dir, "invoices.csv")
	coll := filepath.Join(dir, "collections.csv")
	cust := filepath.Join(dir, "clienti.xlsx")
	writeText(t, inv, "Invoice No,Customer ID,Date,Amount\n1,C1,2026-01-10,1000.00\n2,C1,2026-02-15,500.00\n3,C2,2026-01-05,300.00\n4,C2,2026-03-01,250.00\n5,C3,2026-02-01,100.00\n")
	writeText(t, coll, "Collections\nInvoice No,Customer ID,Payment date,Amount\n1,C1,2026-02-01,400.00\n1,C1,2026-03-20,600.00\n2,C1,2026-03-01,200.00\n"+
		"3,C2,2026-02-04,300.00\n3,C2,2026-02-10,300.00\n5,C3,2026-04-05,100.00\n99,C2,2026-03-02,50.00\n")
	writeCustomerMaster(t, cust)

	month := invoice.Month{Year: 2026, Month: time.March}
	run := func(t *testing.T, ledger bool, files ...string) *ReportOutcome {
		d := t.TempDir()
		cfg := config.Default(d)
		cfg.Timezone = time.UTC
		cfg.Ledger = filepath.Join(d, "ledger.db")
		p := New(cfg, nil, func() time.Time { return time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC) })
		req := ReportRequest{Month: month, OutDir: filepath.Join(d, "out")}
		if !ledger {
			req.Files = files
		} else {
			l, err := store.Open(cfg.Ledger)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			// One file at a time, as imports or the drop folder bring
			// them; the report then reads the ledger alone.
			for _, f := range files {
				if io := p.Import(context.Background(), l, f); io.Err != nil {
					t.Fatal(io.Err)
				}
			}
			req.Ledger = l
		}
		out, err := p.Report(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		name   string
		ledger bool
		files  []string
	}{
		{"files", false, []string{inv, coll, cust}},
		{"ledger, payments first", true, []string{coll, cust, inv}},
		{"ledger, customers first", true, []string{cust, inv, coll}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out := run(t, c.ledger, c.files...)
			res := out.Input.Result
			// Alfa Srl (C1, 60 days): invoice 1 of 1000.00 issued 01-10,
			// due 01-10 + 60 = 03-11; paid 400.00 on 02-01 and 600.00 on
			// 03-20: paid 03-20, days to pay 21+28+20 = 69, late 9.
			// Invoice 2 of 500.00 issued 02-15, due 04-16, 200.00 paid on
			// 03-01: open 300.00 at A, not yet due.
			a := clientByName(t, res, "Alfa Srl")
			if a.PaidCount != 1 || a.OpenAmount != 30000 || a.OverdueAmount != 0 {
				t.Errorf("Alfa: paid %d, open %s, overdue %s; want 1, 300.00, 0.00", a.PaidCount, a.OpenAmount.Decimal(""), a.OverdueAmount.Decimal(""))
			}
			floatIs(t, "Alfa avg days to pay", a.AvgDaysToPay, 69)
			floatIs(t, "Alfa wadl", a.WADL, 9)
			floatIs(t, "Alfa on-time rate", a.OnTimeRate, 0)
			// Beta SpA (C2, "Net 15"): invoice 3 of 300.00 issued 01-05,
			// due 01-20, paid 300.00 on 02-04 (days to pay 30, late 15)
			// and again on 02-10 (an overpayment, noted). Invoice 4 of
			// 250.00 issued 03-01, due 03-16, no payment: open and 15
			// days overdue at A.
			b := clientByName(t, res, "Beta SpA")
			if b.PaidCount != 1 || b.OpenAmount != 25000 || b.OverdueAmount != 25000 || b.Aging.D1to30 != 25000 {
				t.Errorf("Beta: paid %d, open %s, overdue %s, aging %+v; want 1, 250.00, 250.00 in 1-30", b.PaidCount, b.OpenAmount.Decimal(""), b.OverdueAmount.Decimal(""), b.Aging)
			}
			floatIs(t, "Beta avg days to pay", b.AvgDaysToPay, 30)
			floatIs(t, "Beta wadl", b.WADL, 15)
			// Gamma (C3, no terms in the list: payment_terms_days 30):
			// invoice 5 of 100.00 issued 02-01, due 03-03, paid on 04-05,
			// after A: open 100.00, 28 days overdue at A.
			g := clientByName(t, res, "Gamma")
			if g.PaidCount != 0 || g.OpenAmount != 10000 || g.OverdueAmount != 10000 || g.MaxDaysPastDue == nil || *g.MaxDaysPastDue != 28 {
				t.Errorf("Gamma: paid %d, open %s, overdue %s, max days past due %v; want 0, 100.00, 100.00, 28", g.PaidCount, g.OpenAmount.Decimal(""), g.OverdueAmount.Decimal(""), g.MaxDaysPastDue)
			}
			// DSO: open 300 + 250 + 100 = 650.00 over the revenue of
			// Jan-Mar 2026 (2150.00) times 31+28+31 = 90 days.
			floatIs(t, "portfolio DSO", res.Portfolio.DSO, 650.0/2150.0*90)
			var keys []string
			for _, n := range out.Input.Quality.Notes {
				keys = append(keys, n.Key)
			}
			for _, k := range []string{analytics.KeyAssumptionPaymentsUnknown, analytics.KeyAssumptionPaymentsOverpaid,
				analytics.KeyAssumptionCustomerTerms, analytics.KeyAssumptionCustomerNames} {
				if !strings.Contains(strings.Join(keys, " "), k) {
					t.Errorf("data quality has no %s note: %v", k, keys)
				}
			}
		})
	}
}

// TestReportInvoiceNinjaV4Payments: the corpus' Invoice Ninja v4 invoices
// with their payments export, report of 2020-02 (A = 2020-02-29, W from
// 2019-03-01), base USD, from the files and from the ledger (payments
// imported first). The figures of two clients, read by hand from the two
// files (invoice: amount, issued, due; the payments export pays each
// invoice its whole amount on one date, here that due date; a row
// repeated in the payments export, as invoice 2's, is one payment):
//
// Ludwig Krajcik DVM, invoices issued on or before A (3, 5, 16, 17, 18
// are issued after it): paid on or before A are 1 (issued 2019-11-25,
// paid 2019-10-20: -36 days), 2 (02-19 -> 02-29: 10), 4 (2020-01-16 ->
// 2019-11-05: -72), 6 (02-03 -> 01-15: -19), 7 (02-27 -> 02-05: -22),
// 8 (11-22 -> 11-15: -7), 9 (2020-01-25 -> 2019-12-14: -42), 11
// (2019-12-12 -> 10-23: -50), 12 (2020-01-07 -> 2019-11-27: -41), 13
// (2019-10-21 -> 2020-02-26: 128), 14 (2019-10-21 -> 2020-02-24: 126),
// 15 (02-28 -> 02-17: -11), 19 (2019-10-24 -> 2020-02-24: 123), 20
// (02-07 -> 02-12: 5): 14 paid, days to pay summing to 92, mean 92/14;
// each paid on its due date: days late 0, all on time. Invoice 10
// (63.68, issued 2019-12-21, due 2020-03-08) is paid 2020-03-08, after
// A: open 63.68 at A, not yet due. Revenue of Dec-Feb: 2, 4, 6, 7, 9,
// 10, 11, 12, 15, 20 = 26.67 + 5.22 + 43.26 + 31.70 + 27.20 + 63.68 +
// 9.45 + 32.55 + 24.33 + 9.11 = 273.17; DSO = 63.68 / 273.17 * 91.
//
// Bradly Jaskolski Sr. (41-60; 45, 50, 52, 54, 55, 57, 58, 59 issued
// after A): paid on or before A are 42 (2019-12-07 -> 2020-01-14: 38),
// 43 (11-27 -> 11-06: -21), 44 (2019-12-07 -> 2020-02-23: 78), 46
// (02-04 -> 01-03: -32), 47 (02-17 -> 01-19: -29), 48 (11-30 -> 11-21:
// -9), 49 (02-20 -> 01-30: -21), 51 (02-17 -> 01-16: -32), 53
// (2019-12-22 -> 10-23: -60), 56 (2019-10-18 -> 2020-02-22: 127), 60
// (2019-11-04 -> 2020-02-17: 105): 11 paid, days to pay summing to 144;
// none late. Invoice 41 (46.65, issued 2020-02-11, due 03-25) is paid
// 03-25: open 46.65 at A, current. Revenue of Dec-Feb: 41, 42, 44, 46,
// 47, 49, 51, 53 = 46.65 + 21.68 + 25.28 + 28.16 + 8.27 + 38.61 + 9.76 +
// 5.60 = 184.01; DSO = 46.65 / 184.01 * 91.
func TestReportInvoiceNinjaV4Payments(t *testing.T) {
	t.Parallel()
	dir := corpustest.Sub(t, "invoices")
	invs := filepath.Join(dir, "invoiceninja__v4_invoices_export.csv")
	pays := filepath.Join(dir, "invoiceninja__v4_payments_export.csv")
	for _, c := range []struct {
		name   string
		ledger bool
		files  []string
	}{{"files", false, []string{invs, pays}}, {"ledger, payments first", true, []string{pays, invs}}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := t.TempDir()
			cfg := config.Default(d)
			cfg.Timezone = time.UTC
			cfg.Currency = "USD"
			cfg.Ledger = filepath.Join(d, "ledger.db")
			p := New(cfg, nil, func() time.Time { return time.Date(2020, 3, 10, 9, 0, 0, 0, time.UTC) })
			req := ReportRequest{Month: invoice.Month{Year: 2020, Month: time.February}, OutDir: filepath.Join(d, "out")}
			if c.ledger {
				l, err := store.Open(cfg.Ledger)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Close()
				for _, f := range c.files {
					if io := p.Import(context.Background(), l, f); io.Err != nil {
						t.Fatal(io.Err)
					}
				}
				req.Ledger = l
			} else {
				req.Files = c.files
			}
			out, err := p.Report(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			res := out.Input.Result
			for _, w := range []struct {
				name         string
				paid         int
				daysToPay    float64
				open         invoice.Money
				revenue3, pd float64
			}{
				{"Ludwig Krajcik DVM", 14, 92.0 / 14, 6368, 27317, 63.68 / 273.17 * 91},
				{"Bradly Jaskolski Sr.", 11, 144.0 / 11, 4665, 18401, 46.65 / 184.01 * 91},
			} {
				cl := clientByName(t, res, w.name)
				if cl.PaidCount != w.paid || cl.OpenAmount != w.open || cl.OverdueAmount != 0 || cl.Aging.Current != w.open {
					t.Errorf("%s: paid %d, open %s, overdue %s, current %s; want %d, %s, 0.00, %s", w.name, cl.PaidCount,
						cl.OpenAmount.Decimal("USD"), cl.OverdueAmount.Decimal("USD"), cl.Aging.Current.Decimal("USD"), w.paid, w.open.Decimal("USD"), w.open.Decimal("USD"))
				}
				floatIs(t, w.name+" avg days to pay", cl.AvgDaysToPay, w.daysToPay)
				floatIs(t, w.name+" wadl", cl.WADL, 0)
				floatIs(t, w.name+" on-time rate", cl.OnTimeRate, 1)
				if cl.DSO == nil || math.Abs(*cl.DSO-w.pd) > 1e-9 {
					t.Errorf("%s: DSO %v, want %v", w.name, deref(cl.DSO), w.pd)
				}
			}
		})
	}
}

// TestServeDropPaymentsBeforeInvoices: through the drop folder, a
// collections sheet and a customer master arriving before the invoices
// they belong to are kept, and the report made after the invoices come
// (on_drop: report) joins them: Alfa Srl by name, paid from its payments.
func TestServeDropPaymentsBeforeInvoices(t *testing.T) {
	t.Parallel()
	// 10 April 2026 in Rome: the drop folder's report is March's.
	e := newServeEnv(t, time.Date(2026, 4, 10, 10, 0, 0, 0, serveRome(t)), "report", false)
	src := t.TempDir()
	cust := filepath.Join(src, "clienti.xlsx")
	writeCustomerMaster(t, cust)
	custData, err := os.ReadFile(cust)
	if err != nil {
		t.Fatal(err)
	}
	rs := e.start()
	e.drop("collections.csv", []byte("Invoice No,Customer ID,Payment date,Amount\n1,C1,2026-02-01,400.00\n1,C1,2026-03-20,600.00\n"))
	e.drop("clienti.xlsx", custData)
	e.waitFor("the payments and the customers imported", func() (bool, string) {
		return len(e.imports()) == 2, fmt.Sprintf("imports %d", len(e.imports()))
	}, 500*time.Millisecond, rs.log)
	e.drop("invoices.csv", []byte("Invoice No,Customer ID,Date,Amount\n1,C1,2026-01-10,1000.00\n"))
	e.waitFor("the invoices imported and March reported", func() (bool, string) {
		runs := e.runs()
		return len(e.imports()) == 3 && runsString(runs) == "[2026-03/drop/done]", runsString(runs)
	}, 500*time.Millisecond, rs.log)
	rs.stop()
	b, err := os.ReadFile(filepath.Join(e.dir, "reports", "2026-03-client-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Clients []struct {
			Name      string  `json:"name"`
			PaidCount *int    `json:"paid_count"`
			AvgDays   float64 `json:"avg_days_to_pay"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	// Alfa Srl (C1, 60-day terms in the master): invoice 1 of 1000.00
	// issued 01-10; 400.00 on 02-01 and 600.00 on 03-20 cover it on
	// 03-20: paid, days to pay 21 + 28 + 20 = 69.
	if len(r.Clients) != 1 || r.Clients[0].Name != "Alfa Srl" || r.Clients[0].PaidCount == nil || *r.Clients[0].PaidCount != 1 || r.Clients[0].AvgDays != 69 {
		t.Errorf("clients of March's report: %s\nwant Alfa Srl, 1 paid, 69 days to pay", b)
	}
}
