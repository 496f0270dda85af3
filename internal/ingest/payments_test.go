package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

const paymentsReason = "is a payments export, not an invoice list"

// TestPaymentsCorpus: the two real payments exports fail alone with the
// payments reason and the hint to export invoices.
func TestPaymentsCorpus(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "invoices")
	cases := []struct{ file, why string }{
		// "Payments" on row 3, header Client,Invoice Number,Amount,Date on
		// row 4.
		{"invoiceninja__v4_payments_export.csv", `"Payments" above the header on row 4`},
		// ERPNext Payment Entry: posting_date, payment_type, paid_amount.
		{"primavera-erpnext__payments.xlsx", `it has an amount paid ("paid_amount") and no invoice date`},
	}
	for _, c := range cases {
		res, err := ReadFile(filepath.Join(dir, c.file), Options{})
		var fe *FileError
		if !asFileError(err, &fe) {
			t.Errorf("%s: got %d documents, error %v; want a FileError", c.file, docCount(res), err)
			continue
		}
		if !strings.HasPrefix(fe.Reason, paymentsReason) || !strings.Contains(fe.Reason, c.why) || fe.Hint != hintPayments {
			t.Errorf("%s: got reason %q hint %q, want %q ... %q and hint %q", c.file, fe.Reason, fe.Hint, paymentsReason, c.why, hintPayments)
		}
		if strings.Contains(fe.Error(), "\n") {
			t.Errorf("%s: error is not one line: %q", c.file, fe.Error())
		}
	}
}

func docCount(r *FileResult) int {
	if r == nil {
		return 0
	}
	return len(r.Documents)
}

func TestPaymentsGenerated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		name string
		path string
		why  string    // substring of the FileError reason; "" when the file reads
		want []docView // documents when it reads
		note string
	}{
		{
			name: "label above header",
			path: writeFile(t, dir, "incassi.csv", []byte("Elenco incassi 2025;;;\n;;;\nPagamenti;;;\nCliente;Numero;Importo;Data\nRossi Srl;1;100,00;05/03/2025\n")),
			why:  `"Pagamenti" above the header on row 4`,
		},
		{
			name: "payment date as the only date",
			path: writeFile(t, dir, "pagati.csv", []byte("Cliente;Importo;Data pagamento\nRossi Srl;100,00;05/03/2025\n")),
			why:  `its only date is a payment date ("Data pagamento")`,
		},
		{
			name: "paid amount as the only amount",
			path: writeFile(t, dir, "receipts.csv", []byte("Date,Customer,Invoice #,Payment Amount,Payment Method\n2025-03-05,Acme Ltd,INV-1,100.00,Card\n")),
			why:  `its only amount is an amount paid ("Payment Amount")`,
		},
		{
			name: "erpnext-like headers",
			path: writeFile(t, dir, "pe.csv", []byte("name,payment_type,posting_date,party_type,party_name,total_amount\nPE-1,Receive,2025-03-05,Customer,Acme Ltd,100\n")),
			why:  `it has a "payment_type" column and no invoice date`,
		},
		{
			name: "sheet called Payments",
			path: writeXLSX(t, dir, "pay.xlsx", workbookOpts{}, testSheet{name: "Payments", rows: [][]any{
				{"Customer", "Invoice No", "Amount", "Date"}, {"Acme Ltd", "INV-1", 100, serial(45721)}}}),
			why: `the sheet is called "Payments"`,
		},
		{
			// The invoices are read; the payments sheet beside them is
			// left out and said so, not counted as more revenue.
			name: "workbook with invoices and a payments sheet",
			path: writeXLSX(t, dir, "both.xlsx", workbookOpts{},
				testSheet{name: "Fatture", rows: [][]any{{"Numero", "Cliente", "Data", "Importo"}, {"1", "Rossi Srl", serial(45721), 100}}},
				testSheet{name: "Incassi", rows: [][]any{{"Numero", "Cliente", "Data", "Importo"}, {"1", "Rossi Srl", serial(45730), 100}}}),
			// serial 45721 = 2025-03-05
			want: []docView{{Number: "1", Client: "Rossi Srl", Issue: "2025-03-05", Amount: 10000, Row: 2}},
			note: `sheet Incassi is a payments export, not an invoice list, and was not read (the sheet is called "Incassi")`,
		},
		{
			// An invoice list with its paid dates is what clientrisk
			// wants: a payment date beside a real invoice date is fine.
			name: "invoice list with payment date",
			path: writeFile(t, dir, "fatture.csv", []byte("Data;Cliente;Importo;Data pagamento\n05/03/2025;Rossi Srl;100,00;20/03/2025\n")),
			want: []docView{{Client: "Rossi Srl", Issue: "2025-03-05", Paid: "2025-03-20", Amount: 10000, Row: 2}},
		},
		{
			// "Invoices and payments" is not a payments label.
			name: "invoices and payments title",
			path: writeFile(t, dir, "mixed.csv", []byte("Invoices and payments,,\nCustomer,Date,Amount\nAcme Ltd,2025-03-05,100.00\n")),
			want: []docView{{Client: "Acme Ltd", Issue: "2025-03-05", Amount: 10000, Row: 3}},
		},
	}
	for _, c := range cases {
		res, err := ReadFile(c.path, Options{})
		if c.why != "" {
			var fe *FileError
			if !asFileError(err, &fe) || !strings.HasPrefix(fe.Reason, paymentsReason) || !strings.Contains(fe.Reason, c.why) || fe.Hint != hintPayments {
				t.Errorf("%s: got %d documents, error %v; want %q ... %q", c.name, docCount(res), err, paymentsReason, c.why)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range res.Documents {
			res.Documents[i].Status = invoice.StatusUnknown
		}
		checkDocs(t, c.name, res.Documents, c.want)
		if c.note != "" && !hasNote(res.Notes, c.note) {
			t.Errorf("%s: notes %q, want one with %q", c.name, res.Notes, c.note)
		}
	}
}
