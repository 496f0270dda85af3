package ingest

import (
	"fmt"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Payments exports (Invoice Ninja's "Payments" section, ERPNext Payment
// Entry, a bank's list of receipts, a collections sheet) look like invoice
// lists: a client, a date and an amount. Read as invoices they would count
// revenue a second time beside the invoice export and take payment dates
// for issue dates, so they are recognised and read as payments
// (TableKind "payments", FileResult.Payments), applied to the invoices at
// report time (analytics.ApplyPayments). A file name is never evidence
// (paymentsWhy and mapOtherTable say what is). A payments header that
// cannot be read as payments (no client, date or amount of its own, a
// journal) is still refused with "is a payments export, not an invoice
// list".

// paymentWords name a list of payments in a label above the table or in a
// sheet name.
var paymentWords = parse.WordSet("payments|payment entry|payment entries|pagamenti|incassi|pagos|cobros|платежи|оплаты|" +
	"zahlungen|zahlungseingange|paiements|encaissements|recebimentos|pagamentos")

// invoiceWords in the same label make it an invoice list after all
// ("Invoices and payments").
var invoiceWords = parse.WordSet("invoice|invoices|fatture|fattura|facturas|factura|счета|счет|rechnungen|rechnung|factures|facture|faturas")

// paymentMarkers are headers only a payment record has: ERPNext's
// payment_type and party_type.
var paymentMarkers = parse.WordSet("payment type|party type|payment entry|payment entry type")

// paymentsLabel reports whether a title, label or sheet name says the
// table lists payments.
func paymentsLabel(text string) bool {
	f := parse.Fold(text, true)
	return f != "" && parse.HasPhrase(paymentWords, f) && !parse.HasWord(invoiceWords, f)
}

// paymentsWhy says why the table whose header is h lists payments rather
// than invoices, or "": scanned are the rows searched, the header last.
// The clues: a label row just above the header or a sheet name saying
// Payments, Pagamenti, Incassi, Pagos, Cobros, Платежи, Оплаты, Zahlungen,
// Paiements (and not also Invoices); or, when the table has no real
// invoice date (only a generic date inside a longer header such as
// posting_date), a paid amount, a payment date or a payment_type /
// party_type column.
func paymentsWhy(scanned []rowsrc.Row, sheet string, h *header) string {
	// A label row above the header: Invoice Ninja writes "Payments" there
	// as it writes "INVOICES" above its invoice list.
	above := scanned[:max(len(scanned)-1, 0)]
	for i := len(above) - 1; i >= 0; i-- { // the nearest label names the section
		r := above[i]
		var texts []string
		for _, c := range r.Cells {
			if c != "" {
				texts = append(texts, c)
			}
		}
		if len(texts) == 1 && paymentsLabel(texts[0]) {
			return fmt.Sprintf("is a payments export, not an invoice list: %q above the header on row %d", parse.Truncate(texts[0], 40), h.row)
		}
	}
	if sheet != "" && paymentsLabel(sheet) {
		return fmt.Sprintf("is a payments export, not an invoice list: the sheet is called %q", sheet)
	}
	if d, ok := h.cols[FieldIssueDate]; ok && (d.how == "config" || d.match.Priority >= 40) {
		// The table has a real invoice date ("Date", "Invoice Date",
		// "Data fattura"): a paid amount or date beside it is the
		// invoice's payment data.
		return ""
	}
	// The only date is a generic one found inside a longer header
	// (ERPNext "posting_date"): the headers decide.
	for _, f := range []struct{ field, what string }{{FieldPaidAmount, "an amount paid"}, {FieldPaidDate, "a payment date"}} {
		if c, ok := h.cols[f.field]; ok {
			return fmt.Sprintf("is a payments export, not an invoice list: it has %s (%q) and no invoice date", f.what, c.header)
		}
	}
	for _, c := range h.texts {
		if c != "" && paymentMarkers[parse.Fold(c, true)] {
			return fmt.Sprintf("is a payments export, not an invoice list: it has a %q column and no invoice date", c)
		}
	}
	return ""
}

// paymentsNoHeader looks at the rows of a sheet where no invoice table was
// found for a payments header: a client and an amount with a payment date
// as the only date ("Cliente, Importo, Data pagamento"), or a date with an
// amount paid as the only amount.
func paymentsNoHeader(rows []rowsrc.Row, opts *Options) string {
	for _, r := range rows {
		h := mapColumns(r, opts)
		_, hasClient := h.cols[FieldClient]
		_, hasID := h.cols[FieldClientID]
		_, hasIssue := h.cols[FieldIssueDate]
		_, hasDue := h.cols[FieldDueDate]
		paidDate, hasPaidDate := h.cols[FieldPaidDate]
		_, hasAmount := h.cols[FieldAmount]
		paidAmt, hasPaidAmt := h.cols[FieldPaidAmount]
		if !hasClient && !hasID {
			continue
		}
		switch {
		case hasPaidDate && !hasIssue && !hasDue && (hasAmount || hasPaidAmt):
			return fmt.Sprintf("is a payments export, not an invoice list: its only date is a payment date (%q)", paidDate.header)
		case hasPaidAmt && !hasAmount && (hasIssue || hasPaidDate):
			return fmt.Sprintf("is a payments export, not an invoice list: its only amount is an amount paid (%q)", paidAmt.header)
		}
	}
	return ""
}

// hintPayments is what to export instead of payments.
const hintPayments = "clientrisk reads invoice lists: export the invoices (with their paid dates or status) instead"

// Table kinds beside "invoices" and "time".
const (
	kindPayments  = "payments"
	kindCustomers = "customers"
)

// asPayments turns a header recognised as a payments export (paymentsWhy)
// into a payments table: client or client id, the invoice number when
// there is one, the payment's date (a payment date, else the table's only
// date) and its amount (an amount paid, else the amount), the currency.
// It returns nil for a journal or a header without those.
func asPayments(h *header) *header {
	if h.journal != nil {
		return nil
	}
	_, hasClient := h.cols[FieldClient]
	_, hasID := h.cols[FieldClientID]
	date, hasDate := h.cols[FieldPaidDate]
	if !hasDate {
		date, hasDate = h.cols[FieldIssueDate]
	}
	amount, hasAmount := h.cols[FieldPaidAmount]
	if !hasAmount {
		amount, hasAmount = h.cols[FieldAmount]
	}
	if !hasClient && !hasID || !hasDate || !hasAmount {
		return nil
	}
	p := *h
	p.kind, p.refuse, p.lineAmount = kindPayments, "", false
	p.cols = map[string]column{FieldPaidDate: date, FieldPaidAmount: amount}
	for _, f := range []string{FieldNumber, FieldClient, FieldClientID, FieldCurrency} {
		if c, ok := h.cols[f]; ok {
			p.cols[f] = c
		}
	}
	return &p
}

// mapOtherTable reads a row as the header of a table that is neither an
// invoice list nor a time export: a payments export whose only date is a
// payment date or whose only amount is an amount paid (the cases
// paymentsNoHeader names), or a customer list (customers.go). nil: it is
// none of them.
func mapOtherTable(r rowsrc.Row, opts *Options) *header {
	h := mapColumns(r, opts)
	has := func(f string) bool { _, ok := h.cols[f]; return ok }
	client := has(FieldClient) || has(FieldClientID)
	switch {
	case !client:
		return nil
	case has(FieldPaidDate) && !has(FieldIssueDate) && !has(FieldDueDate) && (has(FieldAmount) || has(FieldPaidAmount)),
		has(FieldPaidAmount) && !has(FieldAmount) && !has(FieldDueDate) && (has(FieldIssueDate) || has(FieldPaidDate)):
		h.lang = headerLang(h)
		return asPayments(h)
	}
	return customersHeader(h)
}

// paymentRow reads a row of a payments table: client, invoice number,
// payment date, amount (a refund is negative, as written).
func (rp *rowParser) paymentRow(r rowsrc.Row, p *pendingRow) *RowError {
	p.row = int32(r.Num)
	if err := rp.clientOf(r, p); err != nil {
		return err
	}
	num, _, _ := rp.cell(r, FieldNumber)
	if err := rp.dateField(r, p, FieldPaidDate, true); err != nil {
		return err
	}
	if text, c, ok := rp.cell(r, FieldCurrency); ok && text != "" {
		code, known := parse.CurrencyCode(text)
		if !known {
			return rp.rowError(r.Num, c, text, fmt.Sprintf("%q is not a currency I know (use an ISO code such as EUR)", parse.Truncate(text, 40)))
		}
		rp.setCurrency(p, code)
		p.set(flagCurSet, true)
	}
	if err := rp.amountField(r, p, FieldPaidAmount, true); err != nil {
		return err
	}
	// Last: the arena keeps no number of a row rejected here.
	p.number = rp.numbers.Add(num)
	return nil
}

// emitPayments turns the rows of a payments table into payments, one per
// row (rows identical to an earlier row were counted as duplicates).
func (s *sheetState) emitPayments() {
	fr := s.fs.res
	nr := s.pend.numbers(true)
	s.pend.each(func(c int, chunk []pendingRow) bool {
		for i := range chunk {
			p := &chunk[i]
			if p.has(flagDropped) {
				continue
			}
			d := s.rows.document(p, mustNumber(&nr, p))
			fr.Payments = append(fr.Payments, invoice.Payment{Number: strings.TrimSpace(d.Number),
				ClientKey: d.ClientKey, ClientName: d.ClientName, ClientID: d.ClientID,
				Date: d.PaidDate, Currency: d.Currency, Amount: d.Amount, Source: d.Source})
		}
		s.pend.chunks[c] = nil
		return false
	})
}
