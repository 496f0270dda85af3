package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fileWriter returns a function that writes a text file into dir and
// returns its path.
func fileWriter(t *testing.T, dir string) func(name, s string) string {
	return func(name, s string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// TestCheckPaymentsAndCustomers: check names a payments export and a
// customer list by their counts, and, given them beside the invoices,
// says which source gave each invoice its paid date (as of today,
// 2026-11-04: every payment counts).
func TestCheckPaymentsAndCustomers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := fileWriter(t, dir)
	cfg := write("clientrisk.yaml", "currency: EUR\n")
	// Invoice 2 has a paid date of its own; the payment for it does not
	// replace it. Invoice 3 is paid in part.
	inv := write("invoices.csv", "Invoice No,Customer ID,Date,Amount,Paid date\n1,C1,2026-01-10,1000.00,\n2,C1,2026-02-15,500.00,2026-02-20\n3,C2,2026-01-05,300.00,\n")
	pay := write("collections.csv", "Invoice No,Customer ID,Payment date,Amount\n1,C1,2026-02-01,400.00\n1,C1,2026-03-20,600.00\n2,C1,2026-03-01,500.00\n3,C2,2026-02-04,100.00\n")
	cust := write("customers.csv", "Customer ID,Customer Name,Payment terms\nC1,Alfa Srl,60\nC2,Beta SpA,Net 15\nC3,Gamma,\nC4,Delta,30\nC5,Epsilon,30\nC6,Zeta,45\n")
	o := newCLI(t).mustRun(0, "check", "--config", cfg, inv, pay, cust)
	space := regexp.MustCompile(`\s+`)
	lines := map[string]bool{}
	for _, l := range strings.Split(o.stdout, "\n") {
		lines[space.ReplaceAllString(strings.TrimSpace(l), " ")] = true
	}
	for _, want := range []string{
		"a payments export: 4 payments",
		"a customer list: 6 customers",
		`sheet "collections.csv": payments table, header on row 1`,
		`paid_date <- column C "Payment date" (exact)`,
		`terms_days <- column C "Payment terms" (exact)`,
		// Invoice 1 from its payments (400 + 600 on 03-20), invoice 2
		// from the export; invoice 3 has none (100.00 of 300.00 paid).
		"paid dates: 1 from payments, 1 from the invoice export, none for 1",
		// Due 2026-01-10 + 60 days = 03-11 (21 + 28 + 11); 2026-02-15 +
		// 60 = 04-16 (13 + 31 + 16); 2026-01-05 + 15 = 01-20.
		"invoices.csv 2 1 Alfa Srl 2026-03-11 2026-03-20 payments 0.00",
		"invoices.csv 3 2 Alfa Srl 2026-04-16 2026-02-20 invoice export -",
		"invoices.csv 4 3 Beta SpA 2026-01-20 - - 200.00",
	} {
		if !lines[want] {
			t.Errorf("check output has no line %q:\n%s", want, o.stdout)
		}
	}
}

// TestImportPaymentsFirst: a payments export imported before its invoices
// is kept and applied when they come; `import` says what it kept.
func TestImportPaymentsFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := fileWriter(t, dir)
	cfg := write("clientrisk.yaml", "currency: EUR\nledger: "+filepath.Join(dir, "ledger.db")+"\noutput_dir: "+filepath.Join(dir, "out")+"\n")
	pay := write("collections.csv", "Invoice No,Customer ID,Payment date,Amount\n1,C1,2026-02-01,400.00\n1,C1,2026-03-20,600.00\n")
	cust := write("customers.csv", "Customer ID,Customer Name\nC1,Alfa Srl\n")
	inv := write("invoices.csv", "Invoice No,Customer ID,Date,Due date,Amount\n1,C1,2026-01-10,2026-03-11,1000.00\n")
	c := newCLI(t)
	o := c.mustRun(0, "import", "--config", cfg, pay, cust)
	for _, want := range []string{pay + ": 2 payments kept", cust + ": 1 customer kept"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("import output has no %q:\n%s", want, o.stdout)
		}
	}
	// No invoices yet: no report, and it says why.
	if o := c.mustRun(1, "report", "--config", cfg, "--month", "2026-03"); !strings.Contains(o.stderr, "the ledger holds payments or customer lists but no invoices yet") {
		t.Errorf("report before the invoices: stderr %q", o.stderr)
	}
	if o := c.mustRun(1, "report", "--config", cfg, "--no-ledger", "--month", "2026-03", "--in", pay); !strings.Contains(o.stderr, "the files hold payments or customer lists but no invoices yet") {
		t.Errorf("report of a payments export alone: stderr %q", o.stderr)
	}
	c.mustRun(0, "import", "--config", cfg, inv)
	// The list of imports says what each brought: 2 payments, 1
	// customer, 1 invoice.
	o = c.mustRun(0, "imports", "--config", cfg)
	for name, want := range map[string]string{"collections.csv": "done 0 0 0 0 0 2 0", "customers.csv": "done 0 0 0 0 0 0 1", "invoices.csv": "done 1 0 0 0 1 0 0"} {
		if l := strings.Join(strings.Fields(lineWith(o.stdout, name)), " "); !strings.Contains(l, want) {
			t.Errorf("imports line of %s = %q, want status, new, updated, unchanged, rejected, current, payments, customers %q", name, l, want)
		}
	}
	c.mustRun(0, "report", "--config", cfg, "--month", "2026-03")
	var r struct {
		Clients []struct {
			Name      string   `json:"name"`
			PaidCount int      `json:"paid_count"`
			WADL      *float64 `json:"wadl"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "out", "2026-03-client-report.json")), &r); err != nil {
		t.Fatal(err)
	}
	// One client, named by the customer list; invoice 1 (1000.00) paid
	// 400 + 600 on 03-20, 9 days after its due date 03-11.
	if len(r.Clients) != 1 || r.Clients[0].Name != "Alfa Srl" || r.Clients[0].PaidCount != 1 || r.Clients[0].WADL == nil || *r.Clients[0].WADL != 9 {
		t.Errorf("report clients %+v; want Alfa Srl alone, 1 paid, 9 days late", r.Clients)
	}
}
