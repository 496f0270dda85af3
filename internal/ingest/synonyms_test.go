package ingest

import (
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
)

// corpusCSVRows is corpustest.CSVRows.
func corpusCSVRows(tb testing.TB, rows int) (map[string][][]string, bool) {
	return corpustest.CSVRows(tb, rows)
}

// sharedCorpus names where the corpus is looked for, in skip messages.
var sharedCorpus, _ = corpustest.Dir()

// inputSpecSynonyms are the examples of the table in spec/input.md,
// "Fields and header synonyms"; every one must map to its field.
var inputSpecSynonyms = map[string]string{
	FieldNumber:      "Invoice No|Invoice #|Number|Num|Numero|Numero fattura|N. documento|Número|Nº factura|Номер|№ счета|Rechnungsnummer|N° facture",
	FieldClient:      "Client|Customer|Customer name|Bill to|Cliente|Ragione sociale|Intestatario|Nombre cliente|Клиент|Контрагент|Покупатель|Kunde|Société",
	FieldClientID:    "Customer ID|VAT number|Partita IVA|P.IVA|Codice fiscale|NIF|CIF|ИНН|USt-IdNr",
	FieldIssueDate:   "Date|Invoice date|Issue date|Data|Data fattura|Data documento|Fecha|Fecha factura|Дата|Дата счета|Rechnungsdatum",
	FieldDueDate:     "Due date|Due|Scadenza|Data scadenza|Vencimiento|Fecha vencimiento|Срок оплаты|Fällig am",
	FieldPaidDate:    "Paid date|Payment date|Date paid|Settled date|Settlement date|Closed date|Data pagamento|Data incasso|Fecha de pago|Fecha cobro|Дата оплаты|Bezahlt am",
	FieldAmount:      "Amount|Total|Net|Subtotal|Importo|Totale|Imponibile|Importe|Base imponible|Total factura|Сумма|Betrag",
	FieldOutstanding: "Balance|Amount due|Open balance|Residuo|Da incassare|Pendiente|Остаток|Offen",
	FieldCurrency:    "Currency|Valuta|Divisa|Moneda|Валюта|Währung",
	FieldStatus:      "Status|Stato|Estado|Статус",
	FieldKind:        "Type|Document type|Tipo|Tipo documento|Вид документа",
	FieldHours:       "Hours|Time|Ore|Horas|Часы|Stunden",
	// input.md, "Flags and booleans"
	FieldDisputed: "Disputed|Contestata|Disputada",
	FieldPaidFlag: "Paid|Pagata|Оплачен",
}

func TestMatchHeaderInputSpecSynonyms(t *testing.T) {
	t.Parallel()
	for field, words := range inputSpecSynonyms {
		for _, h := range strings.Split(words, "|") {
			m, ok := matchHeader(h)
			if !ok || m.Field != field || !m.Exact {
				t.Errorf("matchHeader(%q) = %+v, %v; want exact %s", h, m, ok, field)
			}
		}
	}
}

func TestMatchHeaderExports(t *testing.T) {
	t.Parallel()
	// Headers of real exports (the brief's list and the corpus CSVs), and
	// the field each should give; "" means no field.
	tests := []struct {
		program string
		header  string
		field   string
		exact   bool
	}{
		{"QuickBooks", "Num", FieldNumber, true},
		{"QuickBooks", "Open Balance", FieldOutstanding, true},
		{"QuickBooks", "Customer", FieldClient, true},
		{"QuickBooks", "Transaction Type", FieldKind, true},
		{"Xero", "ContactName", FieldClient, true},
		{"Xero", "InvoiceNumber", FieldNumber, true},
		{"Xero", "InvoiceDate", FieldIssueDate, true},
		{"Xero", "DueDate", FieldDueDate, true},
		{"Xero", "Total", FieldAmount, true},
		{"Xero", "SubTotal", FieldAmount, true},
		{"Xero", "TotalTax", "", false},
		{"Xero", "AmountDue", FieldOutstanding, true},
		{"Xero", "AmountPaid", FieldPaidAmount, true},
		{"Xero", "FullyPaidOnDate", FieldPaidDate, true},
		{"Xero", "InvoiceAmountDue", FieldOutstanding, true},
		{"FreshBooks", "Client Name", FieldClient, true},
		{"FreshBooks", "Invoice #", FieldNumber, true},
		{"FreshBooks", "Date Issued", FieldIssueDate, true},
		{"FreshBooks", "Date Paid", FieldPaidDate, true},
		{"FreshBooks", "Line Total", FieldAmount, true},
		{"FreshBooks", "Line Subtotal", FieldAmount, true},
		{"FreshBooks", "Invoice Status", FieldStatus, true},
		{"FreshBooks", "Tax 1 Amount", "", false},
		{"FreshBooks", "Item Name", "", false},
		{"FreshBooks", "Rate", "", false},
		{"Zoho", "Customer Name", FieldClient, true},
		{"Zoho", "Company Name", FieldClient, true},
		{"Zoho", "Customer ID", FieldClientID, true},
		{"Zoho", "Invoice Number", FieldNumber, true},
		{"Zoho", "Invoice ID", FieldNumber, true},
		{"Zoho", "Invoice Date", FieldIssueDate, true},
		{"Zoho", "Due Date", FieldDueDate, true},
		{"Zoho", "Expected Payment Date", "", false},
		{"Zoho", "Last Payment Date", FieldPaidDate, true},
		{"Zoho", "Item Total", FieldAmount, true},
		{"Zoho", "Balance", FieldOutstanding, true},
		{"Zoho", "Currency Code", FieldCurrency, true},
		{"Zoho", "Exchange Rate", "", false},
		{"Zoho", "Discount Type", "", false},
		{"Zoho", "Discount Amount", "", false},
		{"Zoho", "Estimate Number", "", false},
		{"Zoho", "Sales person", "", false},
		{"Zoho", "Shipping Charge", "", false},
		{"Zoho", "WriteOff Date", "", false},
		{"Zoho", "Item Price", "", false},
		{"Invoice Ninja", "Client", FieldClient, true},
		{"Invoice Ninja", "Amount", FieldAmount, true},
		{"Invoice Ninja", "Paid", FieldPaidFlag, true},
		{"Invoice Ninja", "PO Number", "", false},
		{"Invoice Ninja", "Partial Due Date", "", false},
		{"Invoice Ninja", "Email", "", false},
		{"Invoice Ninja", "Item Cost", "", false},
		{"Invoice2go", "Name", FieldClient, true},
		{"Invoice2go", "DocumentNumber", FieldNumber, true},
		{"Invoice2go", "DocumentDate", FieldIssueDate, true},
		{"Invoice2go", "DatePaid", FieldPaidDate, true},
		{"Invoice2go", "TotalAmount", FieldAmount, true},
		{"Invoice2go", "BalanceDueAmount", FieldOutstanding, true},
		{"Invoice2go", "AmountPaidAmount", FieldPaidAmount, true},
		{"Invoice2go", "CurrencyCode", FieldCurrency, true},
		{"Invoice2go", "DocumentStatus", FieldStatus, true},
		{"Invoice2go", "OutputStatus", "", false},
		{"Invoice2go", "CreatedDate", "", false},
		{"Invoice2go", "LastUpdated", "", false},
		{"Invoice2go", "ShipDate", "", false},
		{"Invoice2go", "DiscountAmount", "", false},
		{"Invoice2go", "TotalTaxAmount", "", false},
		{"Akaunting", "contact_name", FieldClient, true},
		{"Akaunting", "customer_name", FieldClient, true},
		{"Akaunting", "invoice_number", FieldNumber, true},
		{"Akaunting", "invoiced_at", FieldIssueDate, true},
		{"Akaunting", "due_at", FieldDueDate, true},
		{"Akaunting", "paid_at", FieldPaidDate, true},
		{"Akaunting", "amount", FieldAmount, true},
		{"Akaunting", "status", FieldStatus, true},
		{"Akaunting", "invoice_status_code", FieldStatus, true},
		{"Akaunting", "currency_code", FieldCurrency, true},
		{"Akaunting", "currency_rate", "", false},
		{"ERPNext", "party_name", FieldClient, true},
		{"ERPNext", "posting_date", FieldIssueDate, false},
		{"ERPNext", "paid_amount", FieldPaidAmount, true},
		{"Fatture in Cloud", "Cliente", FieldClient, true},
		{"Fatture in Cloud", "Numero", FieldNumber, true},
		{"Fatture in Cloud", "Data", FieldIssueDate, true},
		{"Fatture in Cloud", "Scadenza", FieldDueDate, true},
		{"Fatture in Cloud", "Imponibile", FieldAmount, true},
		{"Fatture in Cloud", "Totale", FieldAmount, true},
		{"Fatture in Cloud", "Totale documento", FieldGross, true},
		{"Fatture in Cloud", "Data incasso", FieldPaidDate, true},
		{"Fatture in Cloud", "IVA", "", false},
		{"1C", "Контрагент", FieldClient, true},
		{"1C", "Номер", FieldNumber, true},
		{"1C", "Дата", FieldIssueDate, true},
		{"1C", "Сумма", FieldAmount, true},
		{"1C", "Оплачено", FieldPaidFlag, true},
		{"1C", "Сумма НДС", "", false},
		{"1C", "Сумма с НДС", FieldGross, true},
		{"1C", "Сумма без НДС", FieldAmount, true},
		{"Toggl", "Client", FieldClient, true},
		{"Toggl", "Start date", FieldIssueDate, true},
		{"Toggl", "Duration", FieldHours, true},
		{"Toggl", "Start time", "", false},
		{"Toggl", "End date", "", false},
		{"Clockify", "Start Date", FieldIssueDate, true},
		{"Clockify", "Duration (decimal)", FieldHours, true},
		{"Clockify", "Duration (h)", FieldHours, true},
		{"Clockify", "Billable Amount (USD)", "", false},
		{"Clockify", "Billable Rate (USD)", "", false},
		{"Harvest", "Date", FieldIssueDate, true},
		{"Harvest", "Hours", FieldHours, true},
		{"Harvest", "Hours Rounded", "", false},
		{"Harvest", "Invoiced?", "", false},
		{"Harvest", "Cost Amount", "", false},
		{"Invoicely", "Due", FieldDueDate, true},
		{"Invoicely", "Details", FieldNumber, true},
		{"Wave", "Transaction Date", FieldIssueDate, true},
		{"Wave", "Amount (One column)", FieldAmount, false},
		{"Wave", "Amount Before Sales Tax", "", false},
		{"Wave", "Sales Tax Amount", "", false},
		{"Wave", "Transaction Date Added", "", false},
		{"Wave", "Account Name", "", false},
		{"Wave", " ", "", false},
		{"Holded", "Nº Factura", FieldNumber, true},
		{"Holded", "Contacto", FieldClient, true},
		{"Holded", "Cobrado", FieldPaidAmount, true},
		{"Holded", "Núm", FieldNumber, true},
		{"Odoo", "Partner", FieldClient, true},
		{"Odoo", "Untaxed Amount", FieldAmount, true},
		{"Odoo", "Total Signed", FieldAmount, true},
		{"Odoo", "Amount Due Signed", FieldOutstanding, false},
		{"Odoo", "Payment Status", FieldStatus, true},
		{"Sage", "A/C", FieldClientID, true},
		{"Sage", "Gross", FieldGross, true},
		{"Sage", "VAT", "", false},
		{"FreeAgent", "Dated On", FieldIssueDate, true},
		{"FreeAgent", "Net Value", FieldAmount, true},
		{"Danea Easyfatt", "Tot. documento", FieldGross, true},
		{"Danea Easyfatt", "Tot. imponibile", FieldAmount, true},
		{"Danea Easyfatt", "Num. doc.", FieldNumber, true},
		{"lexoffice", "Bruttobetrag", FieldGross, true},
		{"sevDesk", "Rechnungs-Nr.", FieldNumber, true},
		{"sevDesk", "Netto", FieldAmount, true},
		{"Odoo", "Amount Due", FieldOutstanding, true},
		// Contains matches on longer headers.
		{"spec", "Invoice Amount", FieldAmount, true},
		{"spec", "Total (EUR)", FieldAmount, false},
		{"spec", "CustomerName", FieldClient, true},
		{"contains", "Client Name (billing)", FieldClient, false},
		{"symbol dropped", "Importo (€)", FieldAmount, true},
		{"contains", "Fecha de emisión (dd/mm/aaaa)", FieldIssueDate, false},
		{"contains", "Total incl. VAT (EUR)", FieldGross, false},
		{"contains", "Invoice date:", FieldIssueDate, true},
		// Word boundaries: "date" is not in "update".
		{"boundary", "Last update", "", false},
		{"boundary", "Updated", "", false},
		{"boundary", "Mandate", "", false},
		{"empty", "", "", false},
		{"punctuation only", "---", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.program+"/"+tc.header, func(t *testing.T) {
			m, ok := matchHeader(tc.header)
			if tc.field == "" {
				if ok {
					t.Errorf("matchHeader(%q) = %+v, want no field", tc.header, m)
				}
				return
			}
			if !ok || m.Field != tc.field || m.Exact != tc.exact {
				t.Errorf("matchHeader(%q) = %+v, %v; want %s exact=%v", tc.header, m, ok, tc.field, tc.exact)
			}
		})
	}
}

func TestMatchHeaderFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header      string
		gross, line bool
		lang        string
	}{
		{"Total", true, false, ""},
		{"Amount", false, false, "en"},
		{"Subtotal", false, false, "en"},
		{"Imponibile", false, false, "it"},
		{"Totale documento", true, false, "it"},
		{"Brutto", true, false, "de"},
		{"TTC", true, false, "fr"},
		{"Line Total", true, true, "en"},
		{"Line Subtotal", false, true, "en"},
		{"Importo riga", false, true, "it"},
		{"Sales", false, true, "en"},
		{"Data", false, false, "it"},
		{"Fecha", false, false, "es"},
		{"Дата", false, false, "ru"},
		{"Datum", false, false, "de"},
		{"Date", false, false, ""},
		{"Invoice Date", false, false, "en"},
		{"Date de facture", false, false, "fr"},
		{"Cliente", false, false, ""},
		{"Client", false, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			m, ok := matchHeader(tc.header)
			if !ok || m.Gross != tc.gross || m.Line != tc.line || m.Lang != tc.lang {
				t.Errorf("matchHeader(%q) = %+v, %v; want gross=%v line=%v lang=%q", tc.header, m, ok, tc.gross, tc.line, tc.lang)
			}
		})
	}
}

func TestMatchHeaderPriority(t *testing.T) {
	t.Parallel()
	// Each pair: the first header must rank above the second for the
	// same field.
	tests := []struct{ better, worse string }{
		{"Customer Name", "Name"},
		{"Client Name (billing)", "Name"},
		{"Invoice Number", "Invoice ID"},
		{"Transaction Date", "Posting Date"},
		{"Invoice Date", "Date (local)"},
		{"Total", "Total (EUR)"},
	}
	for _, tc := range tests {
		t.Run(tc.better+">"+tc.worse, func(t *testing.T) {
			b, okb := matchHeader(tc.better)
			w, okw := matchHeader(tc.worse)
			if !okb || !okw || b.Field != w.Field {
				t.Fatalf("matchHeader: %q -> %+v %v, %q -> %+v %v; want the same field", tc.better, b, okb, tc.worse, w, okw)
			}
			if b.Priority <= w.Priority {
				t.Errorf("priority of %q = %d, of %q = %d; want the first higher", tc.better, b.Priority, tc.worse, w.Priority)
			}
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Nº Factura", "no factura"},
		{"N° facture", "no facture"},
		{"№ счета", "no счета"},
		{"Invoice #", "invoice no"},
		{"CustomerName", "customer name"},
		{"IGSTAmount", "igst amount"},
		{"invoice_status_code", "invoice status code"},
		{"  Fällig am: ", "fallig am"},
		{"Número", "numero"},
		{"Дата счёта", "дата счета"},
		{"STRASSE", "strasse"},
		{"Straße", "strasse"},
		{"Total (EUR)", "total eur"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := normalizeHeader(tc.in); got != tc.want {
				t.Errorf("normalizeHeader(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSynonymTableConsistent(t *testing.T) {
	t.Parallel()
	// A word listed for two different fields would match whichever came
	// first; the table must not contain such clashes.
	seen := map[string]string{}
	for _, g := range synonymGroups {
		for _, w := range strings.Split(g.words, "|") {
			n := normalizeHeader(w)
			if n == "" {
				t.Errorf("synonym %q of %s normalises to nothing", w, g.field)
				continue
			}
			if f, ok := seen[n]; ok && f != g.field {
				t.Errorf("synonym %q (%q) is listed for both %s and %s", w, n, f, g.field)
			}
			seen[n] = g.field
			if m, ok := matchHeader(w); !ok || m.Field != g.field || !m.Exact {
				t.Errorf("synonym %q of %s matches %+v, %v", w, g.field, m, ok)
			}
		}
	}
}

func TestMatchHeaderCorpus(t *testing.T) {
	t.Parallel()
	files, ok := corpusCSVRows(t, 6)
	if !ok {
		t.Skip("shared corpus not found at " + sharedCorpus + "; skipping the real-export header test")
	}
	// The column each field should come from when every field takes its
	// highest-priority header (leftmost on ties), as the MANIFEST
	// describes the files.
	tests := []struct {
		file string
		want map[string]string
	}{
		{"invoiceninja__freshbooks_invoices.csv", map[string]string{
			FieldClient: "Client Name", FieldNumber: "Invoice #", FieldIssueDate: "Date Issued",
			FieldPaidDate: "Date Paid", FieldStatus: "Invoice Status", FieldCurrency: "Currency",
			FieldAmount: "Line Subtotal", FieldGross: "Line Total"}},
		{"invoiceninja__zoho_invoices.csv", map[string]string{
			FieldClient: "Customer Name", FieldClientID: "Customer ID", FieldNumber: "Invoice Number",
			FieldIssueDate: "Invoice Date", FieldDueDate: "Due Date", FieldPaidDate: "Last Payment Date",
			FieldAmount: "SubTotal", FieldGross: "Total", FieldOutstanding: "Balance",
			FieldStatus: "Invoice Status", FieldCurrency: "Currency Code"}},
		{"invoiceninja__invoice2go_invoices.csv", map[string]string{
			FieldClient: "Name", FieldNumber: "DocumentNumber", FieldIssueDate: "DocumentDate",
			FieldPaidDate: "DatePaid", FieldGross: "TotalAmount", FieldOutstanding: "BalanceDueAmount",
			FieldCurrency: "CurrencyCode", FieldAmount: "SubtotalAmount"}},
		{"invoiceninja__invoicely_invoices.csv", map[string]string{
			FieldClient: "Client", FieldNumber: "Details", FieldIssueDate: "Date", FieldDueDate: "Due",
			FieldGross: "Total", FieldStatus: "Status"}},
		{"invoiceninja__v4_invoices_export.csv", map[string]string{
			FieldClient: "Client", FieldNumber: "Invoice Number", FieldIssueDate: "Invoice Date",
			FieldDueDate: "Due Date", FieldAmount: "Amount", FieldStatus: "Status", FieldPaidFlag: "Paid"}},
		{"invoiceninja__v4_payments_export.csv", map[string]string{
			FieldClient: "Client", FieldNumber: "Invoice Number", FieldIssueDate: "Date", FieldAmount: "Amount"}},
		{"invoiceninja__wave_invoices.csv", map[string]string{
			FieldClient: "Customer", FieldNumber: "Invoice Number", FieldIssueDate: "Transaction Date",
			FieldAmount: "Amount (One column)"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			rows, ok := files[tc.file]
			if !ok {
				t.Fatalf("corpus file %s missing", tc.file)
			}
			// The header is the row naming the most fields.
			var best map[string]string
			for _, row := range rows {
				got := bestColumns(row)
				if len(got) > len(best) {
					best = got
				}
			}
			for field, header := range tc.want {
				if best[field] != header {
					t.Errorf("field %s comes from %q, want %q (all: %v)", field, best[field], header, best)
				}
			}
		})
	}
}

// bestColumns maps each field to its highest-priority header, leftmost
// on ties, as a reader would; "Total"-like amounts count as gross.
func bestColumns(row []string) map[string]string {
	type pick struct {
		header string
		prio   int
	}
	picks := map[string]pick{}
	for _, h := range row {
		m, ok := matchHeader(h)
		if !ok {
			continue
		}
		f := m.Field
		if f == FieldAmount && m.Gross {
			f = FieldGross
		}
		if p, seen := picks[f]; !seen || m.Priority > p.prio {
			picks[f] = pick{h, m.Priority}
		}
	}
	out := map[string]string{}
	for f, p := range picks {
		out[f] = p.header
	}
	return out
}

func FuzzMatchHeader(f *testing.F) {
	for _, words := range inputSpecSynonyms {
		for _, w := range strings.Split(words, "|") {
			f.Add(w)
		}
	}
	for _, s := range []string{"Total (EUR)", "CustomerName", "Nº Factura", "IGSTAmount", "Дата счёта", "", "   ", "#", "№"} {
		f.Add(s)
	}
	if files, ok := corpusCSVRows(f, 5); ok {
		for _, rows := range files {
			for _, row := range rows {
				for _, c := range row {
					f.Add(c)
				}
			}
		}
	} else {
		f.Log("shared corpus not found; fuzzing from the table seeds only")
	}
	fields := map[string]bool{FieldNumber: true, FieldClient: true, FieldClientID: true, FieldIssueDate: true,
		FieldDueDate: true, FieldPaidDate: true, FieldAmount: true, FieldGross: true, FieldOutstanding: true,
		FieldCurrency: true, FieldStatus: true, FieldKind: true, FieldHours: true, FieldDisputed: true,
		FieldPaidFlag: true, FieldPaidAmount: true}
	f.Fuzz(func(t *testing.T, h string) {
		m, ok := matchHeader(h)
		n := normalizeHeader(h)
		if !ok {
			if m != (headerMatch{}) {
				t.Fatalf("matchHeader(%q) = %+v with ok false", h, m)
			}
			return
		}
		if !fields[m.Field] {
			t.Fatalf("matchHeader(%q) gave unknown field %q", h, m.Field)
		}
		if n == "" {
			t.Fatalf("matchHeader(%q) matched although the header normalises to nothing", h)
		}
		switch {
		case m.Exact && m.Priority != 5 && (m.Priority < 95 || m.Priority > 120):
			t.Fatalf("matchHeader(%q) exact with priority %d", h, m.Priority)
		case m.Near && (m.Exact || m.Priority < 1 || m.Priority > 40):
			t.Fatalf("matchHeader(%q) near match with priority %d", h, m.Priority)
		case !m.Exact && !m.Near && (m.Priority < 15 || m.Priority > 40):
			t.Fatalf("matchHeader(%q) contains-match with priority %d", h, m.Priority)
		}
		if m.Gross && m.Field != FieldAmount && m.Field != FieldGross {
			t.Fatalf("matchHeader(%q) = %+v: gross on a non-amount field", h, m)
		}
		// The normalised header names the same field: the reader matches
		// config entries by normalised text.
		if m2, ok2 := matchHeader(n); !ok2 || m2.Field != m.Field {
			t.Fatalf("matchHeader(%q) = %s but matchHeader(%q) = %+v, %v", h, m.Field, n, m2, ok2)
		}
	})
}

func TestCorpusValuesParse(t *testing.T) {
	t.Parallel()
	files, ok := corpusCSVRows(t, 1000)
	if !ok {
		t.Skip("shared corpus not found at " + sharedCorpus + "; skipping the real-export value test")
	}
	for name, rows := range files {
		t.Run(name, func(t *testing.T) {
			// Find the header row, then read every value of the date and
			// amount columns it names.
			hdr := -1
			var cols map[string]string
			for i, row := range rows {
				if c := bestColumns(row); len(c) > len(cols) {
					hdr, cols = i, c
				}
			}
			if hdr < 0 {
				t.Fatal("no header row found")
			}
			index := map[string]int{}
			for i, h := range rows[hdr] {
				index[h] = i
			}
			dates, amounts := 0, 0
			for _, field := range []string{FieldIssueDate, FieldDueDate, FieldPaidDate, FieldAmount, FieldGross, FieldOutstanding} {
				h, ok := cols[field]
				if !ok {
					continue
				}
				col := index[h]
				order := parse.OrderUnknown
				for _, row := range rows[hdr+1:] {
					if col < len(row) {
						if ev := parse.DateOrderEvidence(row[col]); ev != parse.OrderUnknown {
							order = ev
						}
					}
				}
				for r, row := range rows[hdr+1:] {
					if col >= len(row) || strings.TrimSpace(row[col]) == "" {
						continue
					}
					v := row[col]
					switch field {
					case FieldIssueDate, FieldDueDate, FieldPaidDate:
						if _, err := parse.ParseDateText(v, order); err != nil {
							t.Errorf("row %d, column %q: %v", hdr+r+2, h, err)
						}
						dates++
					default:
						if _, err := parse.ParseAmount(v, parse.DecimalAuto); err != nil {
							t.Errorf("row %d, column %q: %v", hdr+r+2, h, err)
						}
						amounts++
					}
				}
			}
			if dates == 0 || amounts == 0 {
				t.Errorf("read %d dates and %d amounts; want some of each", dates, amounts)
			}
		})
	}
}
