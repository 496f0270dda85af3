package ingest

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestPaymentsCorpus: the two real payments exports are read as
// payments, one per row, not as invoices.
func TestPaymentsCorpus(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "invoices")
	cases := []struct {
		file             string
		payments, dups   int
		first            invoice.Payment
		number, currency string
	}{
		// "Payments" on row 3, header Client,Invoice Number,Amount,Date on
		// row 4; 403 rows below, two of them identical to the row above
		// them (invoice 2 and another listed twice with its line items).
		// Row 5: Ludwig Krajcik DVM,1,$13.50 ,10/20/2019.
		{file: "invoiceninja__v4_payments_export.csv", payments: 401, dups: 2,
			first: invoice.Payment{Number: "1", ClientName: "Ludwig Krajcik DVM", Date: invoice.NewDate(2019, 10, 20), Currency: "USD", Amount: 1350}},
		// ERPNext Payment Entry: 13 rows; row 2 is ACC-PAY-2024-00001,
		// posting_date 2024-03-08, paid_amount 5000 MZN, party Keynes
		// Nhabique. The payment's own id is all it has for a number.
		{file: "primavera-erpnext__payments.xlsx", payments: 13,
			first: invoice.Payment{Number: "ACC-PAY-2024-00001", ClientName: "Keynes Nhabique", Date: invoice.NewDate(2024, 3, 8), Currency: "MZN", Amount: 500000}},
	}
	for _, c := range cases {
		res, err := ReadFile(filepath.Join(dir, c.file), Options{})
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if len(res.Documents) != 0 || len(res.Payments) != c.payments || res.Duplicates != c.dups || len(res.Rejected) != 0 {
			t.Errorf("%s: got %d documents, %d payments, %d duplicates, %d rejected; want 0, %d, %d, 0",
				c.file, len(res.Documents), len(res.Payments), res.Duplicates, len(res.Rejected), c.payments, c.dups)
			continue
		}
		got := res.Payments[0]
		got.ClientKey, got.ClientID, got.Source = "", "", invoice.Source{}
		if got != c.first {
			t.Errorf("%s: first payment %+v, want %+v", c.file, got, c.first)
		}
		if k := res.Sheets[0].TableKind; k != "payments" {
			t.Errorf("%s: table kind %q, want payments", c.file, k)
		}
	}
}

// payView is what a test checks of a payment.
type payView struct {
	Number, Client, Date string
	Amount               invoice.Money
	Row                  int
}

func payViews(ps []invoice.Payment) []payView {
	var out []payView
	for _, p := range ps {
		out = append(out, payView{p.Number, p.ClientName, p.Date.String(), p.Amount, p.Source.Row})
	}
	return out
}

func TestPaymentsGenerated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		name string
		path string
		pays []payView // payments read
		want []docView // documents read
	}{
		{
			name: "label above header",
			path: writeFile(t, dir, "incassi.csv", []byte("Elenco incassi 2025;;;\n;;;\nPagamenti;;;\nCliente;Numero;Importo;Data\nRossi Srl;1;100,00;05/03/2025\nRossi Srl;1;-20,00;15/03/2025\n")),
			// 05/03/2025 is day first (15/03 in the column says so); the
			// refund is negative.
			pays: []payView{{"1", "Rossi Srl", "2025-03-05", 10000, 5}, {"1", "Rossi Srl", "2025-03-15", -2000, 6}},
		},
		{
			name: "payment date as the only date",
			path: writeFile(t, dir, "pagati.csv", []byte("Cliente;Importo;Data pagamento\nRossi Srl;100,00;25/03/2025\n")),
			pays: []payView{{"", "Rossi Srl", "2025-03-25", 10000, 2}},
		},
		{
			name: "paid amount as the only amount",
			path: writeFile(t, dir, "receipts.csv", []byte("Date,Customer,Invoice #,Payment Amount,Payment Method\n2025-03-05,Acme Ltd,INV-1,100.00,Card\n")),
			pays: []payView{{"INV-1", "Acme Ltd", "2025-03-05", 10000, 2}},
		},
		{
			// ERPNext Payment Entry: no invoice reference, payment_type.
			name: "erpnext-like headers",
			path: writeFile(t, dir, "pe.csv", []byte("name,payment_type,posting_date,party_type,party_name,total_amount\nPE-1,Receive,2025-03-05,Customer,Acme Ltd,100\n")),
			pays: []payView{{"", "Acme Ltd", "2025-03-05", 10000, 2}},
		},
		{
			name: "sheet called Payments",
			path: writeXLSX(t, dir, "pay.xlsx", workbookOpts{}, testSheet{name: "Payments", rows: [][]any{
				{"Customer", "Invoice No", "Amount", "Date"}, {"Acme Ltd", "INV-1", 100, serial(45721)}}}),
			// serial 45721 = 2025-03-05
			pays: []payView{{"INV-1", "Acme Ltd", "2025-03-05", 10000, 2}},
		},
		{
			// The invoices are read as invoices, the payments sheet beside
			// them as payments: never as more revenue.
			name: "workbook with invoices and a payments sheet",
			path: writeXLSX(t, dir, "both.xlsx", workbookOpts{},
				testSheet{name: "Fatture", rows: [][]any{{"Numero", "Cliente", "Data", "Importo"}, {"1", "Rossi Srl", serial(45721), 100}}},
				testSheet{name: "Incassi", rows: [][]any{{"Numero", "Cliente", "Data", "Importo"}, {"1", "Rossi Srl", serial(45730), 100}}}),
			// serial 45721 = 2025-03-05, 45730 = 2025-03-14
			want: []docView{{Number: "1", Client: "Rossi Srl", Issue: "2025-03-05", Amount: 10000, Row: 2}},
			pays: []payView{{"1", "Rossi Srl", "2025-03-14", 10000, 2}},
		},
		{
			// An invoice list with its paid dates is an invoice list: a
			// payment date beside a real invoice date is the invoice's.
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
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range res.Documents {
			res.Documents[i].Status = invoice.StatusUnknown
		}
		checkDocs(t, c.name, res.Documents, c.want)
		if got := payViews(res.Payments); !reflect.DeepEqual(got, c.pays) {
			t.Errorf("%s: payments\n got %+v\nwant %+v", c.name, got, c.pays)
		}
	}
}

// TestCustomerList: a customer list is read as customers with their terms;
// a row without a name or with terms that are not days is rejected with
// its row and column; an account number beside a guessed name column is
// no customer list.
func TestCustomerList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeFile(t, dir, "clienti.csv", []byte("Customer ID,Customer Name,Payment terms,Email,Category\n"+
		"C1,Alfa Srl,60,a@alfa.example,retail\nC2,Beta SpA,Net 15,,\nC3,Gamma,,,\nC4,,30,,\nC5,Epsilon,soon,,\n"))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []invoice.Customer{
		{ClientKey: "id:C1", ClientID: "C1", Name: "Alfa Srl", TermsDays: 60, HasTerms: true, Email: "a@alfa.example", Category: "retail", Source: invoice.Source{File: "clienti.csv", Row: 2}},
		{ClientKey: "id:C2", ClientID: "C2", Name: "Beta SpA", TermsDays: 15, HasTerms: true, Source: invoice.Source{File: "clienti.csv", Row: 3}},
		{ClientKey: "id:C3", ClientID: "C3", Name: "Gamma", Source: invoice.Source{File: "clienti.csv", Row: 4}},
	}
	if !reflect.DeepEqual(res.Customers, want) {
		t.Errorf("customers\n got %+v\nwant %+v", res.Customers, want)
	}
	if len(res.Rejected) != 2 || res.Rejected[0].Row != 5 || !strings.Contains(res.Rejected[0].Reason, "name is empty") ||
		res.Rejected[1].Row != 6 || res.Rejected[1].Column != `C "Payment terms"` || !strings.Contains(res.Rejected[1].Reason, `"soon"`) {
		for _, e := range res.Rejected {
			t.Logf("rejected: %v", e)
		}
		t.Errorf("rejected rows: want row 5 (no name) and row 6 column C (terms \"soon\")")
	}
	if k := res.Sheets[0].TableKind; k != "customers" || res.Accepted != 3 || res.Rows != 5 {
		t.Errorf("table kind %q, rows %d, accepted %d; want customers, 5, 3", k, res.Rows, res.Accepted)
	}
	// "Contract" is a near match of "Contact": not a customer list.
	fills := writeFile(t, dir, "fills.csv", []byte("Account Number,Trader,Contract\n74085,JB,DA\n"))
	if res, err := ReadFile(fills, Options{}); err == nil {
		t.Errorf("fill report: got %d customers, want no table", len(res.Customers))
	}
}

// TestCustomerListColumnsFromConfig: input.columns names the terms, email
// and category columns of a customer list whose headers no synonym knows
// ("Dilazione", "Recapito", "Segmento").
func TestCustomerListColumnsFromConfig(t *testing.T) {
	t.Parallel()
	path := writeFile(t, t.TempDir(), "anagrafica.csv", []byte("Customer ID,Customer Name,Dilazione,Recapito,Segmento\nC1,Alfa Srl,90,amm@alfa.example,GDO\n"))
	opts := Options{Columns: map[string]string{FieldTermsDays: "Dilazione", FieldEmail: "Recapito", FieldCategory: "E"}}
	res, err := ReadFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Customers) != 1 {
		t.Fatalf("customers: %+v, want 1", res.Customers)
	}
	c := res.Customers[0]
	if !c.HasTerms || c.TermsDays != 90 || c.Email != "amm@alfa.example" || c.Category != "GDO" {
		t.Errorf("customer %+v, want 90 days, amm@alfa.example, GDO", c)
	}
	// Without the config the three columns are not known.
	res, err = ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Customers[0]; c.HasTerms || c.Email != "" || c.Category != "" {
		t.Errorf("without input.columns: %+v, want no terms, email or category", c)
	}
}
