package ingest

import (
	"strings"
	"testing"
)

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
	for field, words := range inputSpecSynonyms {
		for _, h := range strings.Split(words, "|") {
			m, ok := MatchHeader(h)
			if !ok || m.Field != field || !m.Exact {
				t.Errorf("MatchHeader(%q) = %+v, %v; want exact %s", h, m, ok, field)
			}
		}
	}
}

func TestMatchHeaderExports(t *testing.T) {
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
			m, ok := MatchHeader(tc.header)
			if tc.field == "" {
				if ok {
					t.Errorf("MatchHeader(%q) = %+v, want no field", tc.header, m)
				}
				return
			}
			if !ok || m.Field != tc.field || m.Exact != tc.exact {
				t.Errorf("MatchHeader(%q) = %+v, %v; want %s exact=%v", tc.header, m, ok, tc.field, tc.exact)
			}
		})
	}
}

func TestMatchHeaderFlags(t *testing.T) {
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
			m, ok := MatchHeader(tc.header)
			if !ok || m.Gross != tc.gross || m.Line != tc.line || m.Lang != tc.lang {
				t.Errorf("MatchHeader(%q) = %+v, %v; want gross=%v line=%v lang=%q", tc.header, m, ok, tc.gross, tc.line, tc.lang)
			}
		})
	}
}

func TestMatchHeaderPriority(t *testing.T) {
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
			b, okb := MatchHeader(tc.better)
			w, okw := MatchHeader(tc.worse)
			if !okb || !okw || b.Field != w.Field {
				t.Fatalf("MatchHeader: %q -> %+v %v, %q -> %+v %v; want the same field", tc.better, b, okb, tc.worse, w, okw)
			}
			if b.Priority <= w.Priority {
				t.Errorf("priority of %q = %d, of %q = %d; want the first higher", tc.better, b.Priority, tc.worse, w.Priority)
			}
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
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
			if got := NormalizeHeader(tc.in); got != tc.want {
				t.Errorf("NormalizeHeader(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSynonymTableConsistent(t *testing.T) {
	// A word listed for two different fields would match whichever came
	// first; the table must not contain such clashes.
	seen := map[string]string{}
	for _, g := range synonymGroups {
		for _, w := range strings.Split(g.words, "|") {
			n := NormalizeHeader(w)
			if n == "" {
				t.Errorf("synonym %q of %s normalises to nothing", w, g.field)
				continue
			}
			if f, ok := seen[n]; ok && f != g.field {
				t.Errorf("synonym %q (%q) is listed for both %s and %s", w, n, f, g.field)
			}
			seen[n] = g.field
			if m, ok := MatchHeader(w); !ok || m.Field != g.field || !m.Exact {
				t.Errorf("synonym %q of %s matches %+v, %v", w, g.field, m, ok)
			}
		}
	}
}
