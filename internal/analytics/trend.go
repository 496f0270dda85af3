package analytics

import (
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// trendMonths is how many month ends the trend looks at, ending with M.
const trendMonths = 12

// trendAcc gathers the open and overdue amounts at each of the last
// trendMonths month ends and the net revenue of each month (for the DSO
// of each month end), in the same pass as every other figure. An invoice
// is open at a month end e when it was issued on or before e and not paid
// on or before e, by the same rules as the open amount at A (so the last
// point equals the portfolio's figures): a paid date says when it stopped
// being open; a status "paid" with no date is never open; a balance with
// no paid date is open for the balance at every month end since issue
// (the export tells the balance now, not then).
type trendAcc struct {
	ends    [trendMonths]invoice.Date     // month ends, oldest first; ends[11] = A
	from    invoice.Date                  // first day of the revenue months
	first   [trendMonths + 2]invoice.Date // first days of the 14 revenue months (2 before the trend)
	rev     [trendMonths + 2]invoice.Money
	openAmt [trendMonths]invoice.Money
	over    [trendMonths]invoice.Money
	data    [trendMonths]bool // a document issued on or before that month end
	month   invoice.Month
}

func newTrendAcc(p *periods) *trendAcc {
	t := &trendAcc{month: p.month}
	for k := range t.ends {
		t.ends[k] = p.month.Add(k - (trendMonths - 1)).Last()
	}
	for k := range t.first {
		t.first[k] = p.month.Add(k - (trendMonths + 1)).First()
	}
	t.from = t.first[0]
	return t
}

// add takes a counted document: its revenue, and when it is an invoice
// that can be open, its open amount at each month end.
func (t *trendAcc) add(r *docRec) {
	t.revenue(r.issue, r.amount)
	if r.pay == payKnown && r.canOpen {
		t.open(r.issue, r.due, r.d.PaidDate, r.openAmount)
	}
}

// revenue adds a counted document's amount to its issue month (issued
// on or before A) and marks the month ends from its issue on as having
// data.
func (t *trendAcc) revenue(issue invoice.Date, amount invoice.Money) {
	if issue < t.from {
		t.data[0] = true
		return
	}
	k := len(t.first) - 1
	for issue < t.first[k] {
		k--
	}
	t.rev[k] += amount
	t.data[max(0, k-2)] = true // revenue months 0 and 1 lie before the first month end
}

// open adds an invoice with payment data: open from issue until paid
// (paid 0: still open), overdue after due.
func (t *trendAcc) open(issue, due, paid invoice.Date, amount invoice.Money) {
	for k, e := range t.ends {
		if issue > e || (paid != 0 && paid <= e) {
			continue
		}
		t.openAmt[k] += amount
		if due < e {
			t.over[k] += amount
		}
	}
}

// points returns the month ends from the first one with data on.
func (t *trendAcc) points() []TrendPoint {
	start := -1
	for k := range t.data {
		if t.data[k] {
			start = k
			break
		}
	}
	if start < 0 {
		return nil
	}
	out := make([]TrendPoint, 0, trendMonths-start)
	for k := start; k < trendMonths; k++ {
		rev := t.rev[k] + t.rev[k+1] + t.rev[k+2]
		days := int(t.ends[k]-t.first[k]) + 1
		out = append(out, TrendPoint{
			Month: t.month.Add(k - (trendMonths - 1)), Open: t.openAmt[k], Overdue: t.over[k],
			DSO: dso(t.openAmt[k], rev, days),
		})
	}
	return out
}
