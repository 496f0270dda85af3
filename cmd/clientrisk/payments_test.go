package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckPaymentsAndCustomers: check names a payments export and a
// customer list by their counts, and, given them beside the invoices,
// says which source gave each invoice its paid date (as of today,
// 2026-11-04: every payment counts).
func TestCheckPaymentsAndCustomers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
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
