package pipeline

import (
	"archive/zip"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
