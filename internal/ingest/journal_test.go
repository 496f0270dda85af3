package ingest

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestLedgerWaveCorpus reads Wave's transaction export. The expected
// totals are computed here from the CSV rows themselves: per Invoice
// Number, the sum of the lines whose Account Type is Income, which must
// equal that invoice's Accounts Receivable charge.
func TestJournalWaveCorpus(t *testing.T) {
	t.Parallel()
	path := filepath.Join(corpusDir(t, "invoices"), "invoiceninja__wave_invoices.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	cents := func(s string) invoice.Money {
		// "4974.00", "-590.50", "2.50": always two decimals in this file.
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		whole, frac, _ := strings.Cut(s, ".")
		var v int64
		for _, c := range whole + (frac + "00")[:2] {
			v = v*10 + int64(c-'0')
		}
		if neg {
			v = -v
		}
		return invoice.Money(v)
	}
	income := map[string]invoice.Money{}
	charge := map[string]invoice.Money{}
	var order []string
	for _, r := range recs[1:] {
		n := r[col["Invoice Number"]]
		amt := cents(r[col["Amount (One column)"]])
		switch {
		case r[col["Account Type"]] == "Income":
			if _, ok := income[n]; !ok {
				order = append(order, n)
			}
			income[n] += amt
		case r[col["Account Name"]] == "Accounts Receivable" && amt > 0:
			charge[n] += amt
		}
	}
	// By hand: invoice 2 = 294.00 + 20.00 + 160.00 + 4500.00 = 4974.00;
	// invoice 3 = 98.00 + 2.50 + 40.00 + 450.00 = 590.50; invoice 4 =
	// 30.84 + 3469.57 = 3500.41.
	hand := map[string]invoice.Money{"2": 497400, "3": 59050, "4": 350041}
	if len(order) != len(hand) {
		t.Fatalf("the CSV has income lines for invoices %v, want 2, 3, 4", order)
	}
	for _, n := range order {
		if income[n] != hand[n] || charge[n] != hand[n] {
			t.Errorf("invoice %s: income lines sum to %d, receivable charge %d, by hand %d", n, income[n], charge[n], hand[n])
		}
	}

	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != len(order) {
		t.Fatalf("got %d documents, want %d: %v", len(res.Documents), len(order), res.Documents)
	}
	for i, n := range order {
		d := res.Documents[i]
		if d.Number != n || d.Amount != income[n] || d.Amount != charge[n] {
			t.Errorf("document %d: #%s amount %d, want #%s %d (= its receivable charge %d)", i, d.Number, d.Amount, n, income[n], charge[n])
		}
	}
	// Invoice 3 is paid by a -590.50 receivable line dated 2021-01-28; 2
	// and 4 have no payment line and stay open for their whole charge.
	pay := []struct {
		paid   string
		status invoice.Status
		out    invoice.Money
	}{{"", invoice.StatusOpen, 497400}, {"2021-01-28", invoice.StatusPaid, 0}, {"", invoice.StatusOpen, 350041}}
	for i, w := range pay {
		d := res.Documents[i]
		if !d.HasPaymentInfo || d.PaidDate.String() != w.paid || d.Status != w.status || !d.HasOutstanding || d.Outstanding != w.out {
			t.Errorf("invoice %s: payment info %v paid %q status %v outstanding %d; want paid %q status %v outstanding %d",
				d.Number, d.HasPaymentInfo, d.PaidDate.String(), d.Status, d.Outstanding, w.paid, w.status, w.out)
		}
	}
	s := res.Sheets[0]
	// 15 lines: 10 income, 4 receivable (3 charges, 1 payment), 1 cash.
	if s.Rows != 15 || s.Accepted != 10 || s.Skipped != 5 || s.Rejected != 0 {
		t.Errorf("rows %d accepted %d skipped %d rejected %d, want 15, 10, 5, 0", s.Rows, s.Accepted, s.Skipped, s.Rejected)
	}
	// The 5 left out are ledger lines (4 receivable, 1 cash), not totals.
	if s.NotIncome != 5 || res.NotIncome != 5 {
		t.Errorf("ledger lines other than income: sheet %d file %d, want 5", s.NotIncome, res.NotIncome)
	}
	wantWhy := "transaction export: 4 income lines of invoice 2 summed; 4 receivable and payment lines and 1 other line left out"
	if s.Grain != "line" || s.GrainWhy != wantWhy {
		t.Errorf("grain %q (%s), want line (%s)", s.Grain, s.GrainWhy, wantWhy)
	}
	if !hasNote(res.Notes, "transaction export: only income lines count") || !hasNote(res.Notes, "1 paid, 2 open") {
		t.Errorf("notes %q do not say how the transaction export was read", res.Notes)
	}
}

func TestJournalTables(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		csv   string
		want  []docView
		why   string // substring of GrainWhy
		note  string // substring of a note
		fail  string // substring of the FileError
		check func(*FileResult) string
	}{
		{
			// Italian journal: Ricavi lines count, the receivable (Crediti
			// verso clienti) is charged in Dare and paid in Avere; VAT and
			// bank lines are left out.
			name: "italian dare/avere",
			csv: `Data;Conto;Tipo conto;Cliente;Numero fattura;Dare;Avere
05/03/2025;Ricavi vendite;Ricavi;Rossi Srl;1;;1.000,00
05/03/2025;Ricavi servizi;Ricavi;Rossi Srl;1;;250,50
05/03/2025;IVA a debito;Debiti tributari;Rossi Srl;1;;275,11
05/03/2025;Crediti verso clienti;Attività;Rossi Srl;1;1.525,61;
10/03/2025;Ricavi vendite;Ricavi;Bianchi Spa;2;;800,00
10/03/2025;IVA a debito;Debiti tributari;Bianchi Spa;2;;176,00
10/03/2025;Crediti verso clienti;Attività;Bianchi Spa;2;976,00;
12/03/2025;Ricavi vendite;Ricavi;Bianchi Spa;3;100,00;
12/03/2025;Crediti verso clienti;Attività;Bianchi Spa;3;;100,00
20/03/2025;Crediti verso clienti;Attività;Rossi Srl;1;;1.000,00
22/03/2025;Crediti verso clienti;Attività;Rossi Srl;1;;525,61
22/03/2025;Banca;Attività;;;1.525,61;
`,
			// 1: 1000.00 + 250.50 = 1250.50, charged 1525.61, paid
			// 1000.00 on 20/03 and 525.61 on 22/03: paid 2025-03-22.
			// 2: 800.00, charged 976.00, no payment: open.
			// 3: a 100.00 debit on revenue is a credit note of -100.00;
			// it has no receivable charge, so no payment data.
			want: []docView{
				{Number: "1", Client: "Rossi Srl", Issue: "2025-03-05", Paid: "2025-03-22", Amount: 125050, Status: invoice.StatusPaid, Row: 2},
				{Number: "2", Client: "Bianchi Spa", Issue: "2025-03-10", Amount: 80000, Status: invoice.StatusOpen, Row: 6},
				{Number: "3", Client: "Bianchi Spa", Issue: "2025-03-12", Amount: -10000, Kind: invoice.KindCreditNote, Row: 9},
			},
			// Receivable lines: rows 5, 8, 10, 11, 12; other: the two
			// VAT lines and the bank line.
			why:  "transaction export: 2 income lines of invoice 1 summed; 5 receivable and payment lines and 3 other lines left out",
			note: "1 paid, 1 open, 1 with no receivable charge",
			check: func(r *FileResult) string {
				d := r.Documents
				if d[1].Outstanding != 97600 || !d[1].HasOutstanding || d[2].HasPaymentInfo || !d[0].HasPaymentInfo {
					return "invoice 2 should be open for 976.00 and credit note 3 have no payment data"
				}
				return ""
			},
		},
		{
			// One signed column with credits negative, as most ledgers
			// write them: -100.00 + -50.00 on Revenue is 150.00 of revenue.
			name: "signed amounts, credits negative",
			csv: `Date,Account,Account Type,Customer,Invoice No,Amount
2025-01-10,Consulting,Revenue,Acme Ltd,A-1,-100.00
2025-01-10,Consulting,Revenue,Acme Ltd,A-1,-50.00
2025-01-10,Trade Debtors,Accounts Receivable,Acme Ltd,A-1,150.00
2025-01-11,Office,Expense,Acme Ltd,,20.00
`,
			want: []docView{{Number: "A-1", Client: "Acme Ltd", Issue: "2025-01-10", Amount: 15000, Status: invoice.StatusOpen, Row: 2}},
			note: "their signs were turned",
		},
		{
			name: "no account types",
			csv: `Date,Account,Customer,Invoice No,Debit,Credit
2025-01-10,Sales,Acme Ltd,A-1,,100.00
2025-01-10,Accounts Receivable,Acme Ltd,A-1,100.00,
`,
			fail: "is a general-ledger transactions export without account types: export the invoice list (Sales > Invoices) instead",
		},
		{
			name: "spanish debe/haber without account types",
			csv: `Fecha;Cuenta;Cliente;Número factura;Debe;Haber
10/01/2025;Ventas;Acme SL;F-1;;100,00
`,
			fail: "without account types",
		},
		{
			// Debit and credit columns but no customer at all.
			name: "no customer",
			csv: `Date,Account,Account Type,Reference,Debit,Credit
2025-01-10,Sales,Income,A-1,,100.00
`,
			fail: "without a customer column",
		},
		{
			// A plain invoice list with an "Account" client column and a
			// credit-note column is not a ledger.
			name: "invoice list with account and credit note columns",
			csv: `Invoice No,Account,Date,Amount,Credit Note
1,Acme Ltd,2025-01-10,100.00,
`,
			want: []docView{{Number: "1", Client: "Acme Ltd", Issue: "2025-01-10", Amount: 10000, Row: 2}},
			why:  "one row per invoice",
		},
	}
	dir := t.TempDir()
	for _, c := range cases {
		path := writeFile(t, dir, strings.NewReplacer(" ", "_", "/", "_", ",", "").Replace(c.name)+".csv", []byte(c.csv))
		res, err := ReadFile(path, Options{})
		if c.fail != "" {
			var fe *FileError
			if !asFileError(err, &fe) || !strings.Contains(fe.Reason, c.fail) {
				t.Errorf("%s: got error %v, want a FileError with %q", c.name, err, c.fail)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range res.Documents {
			res.Documents[i].DueDate = 0
		}
		checkDocs(t, c.name, res.Documents, c.want)
		if len(res.Rejected) > 0 {
			t.Errorf("%s: rejected %v", c.name, res.Rejected)
		}
		if c.why != "" && !strings.Contains(res.Sheets[0].GrainWhy, c.why) {
			t.Errorf("%s: grain why %q, want %q", c.name, res.Sheets[0].GrainWhy, c.why)
		}
		if c.note != "" && !hasNote(res.Notes, c.note) {
			t.Errorf("%s: notes %q, want one with %q", c.name, res.Notes, c.note)
		}
		if c.check != nil && len(res.Documents) == len(c.want) {
			if msg := c.check(res); msg != "" {
				t.Errorf("%s: %s", c.name, msg)
			}
		}
	}
}

// TestLedgerBothSides: a line with both debit and credit filled cannot be
// read one way, so it is rejected, not guessed.
func TestJournalBothSides(t *testing.T) {
	t.Parallel()
	path := writeFile(t, t.TempDir(), "gl.csv", []byte(`Date,Account,Account Type,Customer,Invoice No,Debit,Credit
2025-01-10,Sales,Income,Acme Ltd,A-1,10.00,100.00
2025-01-10,Sales,Income,Acme Ltd,A-1,,5.00
`))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Row != 2 || !strings.Contains(res.Rejected[0].Reason, "both debit") {
		t.Fatalf("rejected %v, want row 2 with both debit and credit", res.Rejected)
	}
	// Only the readable line is left: 5.00.
	checkDocs(t, "both sides", res.Documents, []docView{{Number: "A-1", Client: "Acme Ltd", Issue: "2025-01-10", Amount: 500, Row: 3}})
}
