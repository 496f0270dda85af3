package analytics

import (
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func payment(key, number, date string, amount invoice.Money, file string, row int) invoice.Payment {
	return invoice.Payment{Number: number, ClientKey: key, Date: day(date), Amount: amount, Source: invoice.Source{File: file, Row: row}}
}

func noteKeys(j Joined) map[string]bool {
	out := map[string]bool{}
	for _, n := range j.Notes {
		out[n.Key] = true
	}
	return out
}

// TestApplyPayments covers the rules of ApplyPayments one invoice each,
// as of 2026-03-31.
func TestApplyPayments(t *testing.T) {
	t.Parallel()
	asOf := day("2026-03-31")
	docs := []invoice.Document{
		// 0: 100.00 paid 30.00 + 69.99 (within a cent) on 03-10.
		noPayInfo(inv("a", "A", "1", "2026-01-10", 10000)),
		// 1: a paid date in the export wins over its payment.
		paid(inv("a", "A", "2", "2026-01-10", 5000), "2026-01-20"),
		// 2: paid 80.00 on 02-01, refunded 20.00 on 02-05, paid 40.00
		// on 04-02 (after A): open 100 - 80 + 20 = 40.00 at A; its
		// export said "paid": at A it was not.
		status(inv("a", "A", "3", "2026-01-10", 10000), invoice.StatusPaid),
		// 3 and 4: invoice "7" of two clients; b pays its own.
		inv("a", "A", "7", "2026-02-01", 1000),
		inv("b", "B", "7", "2026-02-01", 2000),
		// 5: in USD, a payment in EUR is not applied.
		func() invoice.Document { d := inv("b", "B", "8", "2026-02-01", 3000); d.Currency = "USD"; return d }(),
		// 6: no payment, same file as 0: known unpaid.
		noPayInfo(inv("a", "A", "9", "2026-02-01", 500)),
	}
	pays := []invoice.Payment{
		payment("a", "1", "2026-02-01", 3000, "p.csv", 2),
		payment("a", "1", "2026-03-10", 6999, "p.csv", 3),
		payment("a", "2", "2026-03-01", 5000, "p.csv", 4),
		payment("a", "3", "2026-02-01", 8000, "p.csv", 5),
		payment("a", "3", "2026-02-05", -2000, "p.csv", 6),
		payment("a", "3", "2026-04-02", 4000, "p.csv", 7),
		payment("b", "7", "2026-02-10", 2500, "p.csv", 8), // 5.00 more than 20.00: overpaid
		func() invoice.Payment {
			p := payment("b", "8", "2026-02-10", 3000, "p.csv", 9)
			p.Currency = "EUR"
			return p
		}(),
		payment("a", "404", "2026-02-10", 100, "p.csv", 10),
		// The same payment as row 2 in a later export: counted once.
		payment("a", "1", "2026-02-01", 3000, "p2.csv", 2),
	}
	j := ApplyPayments(docs, pays, nil, asOf)
	d := j.Docs
	if d[0].PaidDate != day("2026-03-10") || j.PaidFrom[0] != PaidFromPayments || !d[0].HasPaymentInfo {
		t.Errorf("invoice 1: paid %s from %q; want 2026-03-10 from payments (30.00 + 69.99 covers 100.00 within a cent)", d[0].PaidDate, j.PaidFrom[0])
	}
	if d[1].PaidDate != day("2026-01-20") || j.PaidFrom[1] != PaidFromExport {
		t.Errorf("invoice 2: paid %s from %q; want the export's 2026-01-20", d[1].PaidDate, j.PaidFrom[1])
	}
	if !d[2].PaidDate.IsZero() || !d[2].HasOutstanding || d[2].Outstanding != 4000 || d[2].Status != invoice.StatusOpen {
		t.Errorf("invoice 3: paid %s, outstanding %d (%v), status %s; want open for 40.00 (100 - 80 + 20)", d[2].PaidDate, d[2].Outstanding, d[2].HasOutstanding, d[2].Status)
	}
	if d[3].HasOutstanding || !d[3].PaidDate.IsZero() {
		t.Errorf("invoice 7 of A got B's payment: %+v", d[3])
	}
	if d[4].PaidDate != day("2026-02-10") {
		t.Errorf("invoice 7 of B: paid %s, want 2026-02-10", d[4].PaidDate)
	}
	if d[5].HasOutstanding || !d[5].PaidDate.IsZero() {
		t.Errorf("invoice 8 (USD) took a EUR payment: %+v", d[5])
	}
	if !d[6].HasPaymentInfo || d[6].HasOutstanding {
		t.Errorf("invoice 9: payment info %v, outstanding %v; want known unpaid (open for its amount)", d[6].HasPaymentInfo, d[6].HasOutstanding)
	}
	// Applied: rows 2, 3, 4, 5, 6, 8 (row 7 after A, row 9 another
	// currency, row 10 no invoice, p2.csv row 2 a repeat).
	if j.Applied != 6 {
		t.Errorf("applied %d payments, want 6", j.Applied)
	}
	keys := noteKeys(j)
	for _, k := range []string{KeyAssumptionPaymentsApplied, KeyAssumptionPaymentsKept, KeyAssumptionPaymentsUnknown,
		KeyAssumptionPaymentsCurrency, KeyAssumptionPaymentsOverpaid} {
		if !keys[k] {
			t.Errorf("no %s note: %v", k, j.Notes)
		}
	}
	if docs[0].HasPaymentInfo || !docs[0].PaidDate.IsZero() {
		t.Errorf("ApplyPayments changed its input: %+v", docs[0])
	}
}

// TestApplyCustomers: names for id-keyed clients, the client's own terms
// where the invoice has no due date; a due date in the export stays.
func TestApplyCustomers(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		{Kind: invoice.KindInvoice, Number: "1", ClientKey: "id:C1", ClientID: "C1", IssueDate: day("2026-01-10"), Amount: 100},
		{Kind: invoice.KindInvoice, Number: "2", ClientKey: "id:C1", ClientID: "C1", IssueDate: day("2026-01-10"), DueDate: day("2026-01-20"), Amount: 100},
		{Kind: invoice.KindInvoice, Number: "3", ClientKey: "id:C2", ClientID: "C2", ClientName: "Own Name", IssueDate: day("2026-01-10"), Amount: 100},
	}
	custs := []invoice.Customer{
		{ClientKey: "id:C1", ClientID: "C1", Name: "Alfa", TermsDays: 45, HasTerms: true},
		{ClientKey: "id:C2", ClientID: "C2", Name: "Beta"},
	}
	j := ApplyPayments(docs, nil, custs, day("2026-03-31"))
	// 2026-01-10 + 45 days = 2026-02-24 (21 days to 01-31, 24 in February).
	if j.Docs[0].ClientName != "Alfa" || j.Docs[0].DueDate != day("2026-02-24") {
		t.Errorf("invoice 1: name %q, due %s; want Alfa, 2026-02-24", j.Docs[0].ClientName, j.Docs[0].DueDate)
	}
	if j.Docs[1].DueDate != day("2026-01-20") {
		t.Errorf("invoice 2: due %s, want the export's 2026-01-20", j.Docs[1].DueDate)
	}
	if j.Docs[2].ClientName != "Own Name" || !j.Docs[2].DueDate.IsZero() {
		t.Errorf("invoice 3: name %q, due %s; want its own name and no due date (C2 has no terms)", j.Docs[2].ClientName, j.Docs[2].DueDate)
	}
	if k := noteKeys(j); !k[KeyAssumptionCustomerNames] || !k[KeyAssumptionCustomerTerms] {
		t.Errorf("notes %v", j.Notes)
	}
}
