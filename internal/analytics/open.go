package analytics

import "github.com/clientrisk/clientrisk/internal/invoice"

// Aging bucket names, as in the JSON.
const (
	BucketCurrent = "current"
	Bucket1to30   = "1-30"
	Bucket31to60  = "31-60"
	Bucket61to90  = "61-90"
	Bucket90plus  = "90+"
)

// openAcc gathers the metrics spec "Open at A": every invoice issued on or
// before A and not paid on or before A, with its open amount and
// days_past_due = A - due. An invoice paid after A is open at A for its
// whole amount. The records are the OpenList's own (openItem, client the
// index of its accumulator), their strings kept in the list being made
// (list): the Result's OpenList takes them in their final order
// (sortOpen, openInvoices).
type openAcc struct {
	base string // the base currency, upper case
	recs chunked[openItem]
	list openListBuilder
	// assumedDue counts the open invoices whose due date came from
	// payment_terms_days (part of assumption.default_terms).
	assumedDue int
}

// clientOpen is one client's open amount at A, its overdue part (days
// past due > 0), the largest days past due and the aging buckets, summed
// while reading (the invoices themselves are only needed for
// Result.Open).
type clientOpen struct {
	n              int
	amount         invoice.Money
	overdue        invoice.Money
	maxDaysPastDue int
	aging          Aging
}

// add takes an invoice that can be open and was not paid by A.
func (o *openAcc) add(p *periods, r *docRec) {
	if r.assumed {
		o.assumedDue++
	}
	dpd := p.asOf.DaysSince(r.due)
	d, l := r.d, &o.list
	o.recs.add(openItem{
		amount: r.openAmount, orig: r.origAmount, number: l.numbers.Add(d.Number),
		client: int32(r.acc.idx), src: l.source(d.Source.File, d.Source.Sheet, origCurrency(d.Currency, o.base)), row: l.keepRow(d.Source.Row),
		issue: r.issue, due: r.due, daysPastDue: int32(dpd), assumed: r.assumed,
	})
	r.acc.open.add(dpd, r.openAmount)
}

func (c *clientOpen) add(daysPastDue int, amount invoice.Money) {
	if c.n == 0 || daysPastDue > c.maxDaysPastDue {
		c.maxDaysPastDue = daysPastDue
	}
	c.n++
	c.amount += amount
	if daysPastDue > 0 {
		c.overdue += amount
	}
	c.aging.addDays(daysPastDue, amount)
}

// bucketOf names the aging bucket of the metrics spec: current (<= 0), 1-30,
// 31-60, 61-90, 90+.
func bucketOf(daysPastDue int) string {
	switch {
	case daysPastDue <= 0:
		return BucketCurrent
	case daysPastDue <= 30:
		return Bucket1to30
	case daysPastDue <= 60:
		return Bucket31to60
	case daysPastDue <= 90:
		return Bucket61to90
	}
	return Bucket90plus
}

// addDays adds m to the bucket bucketOf(daysPastDue) names.
func (a *Aging) addDays(daysPastDue int, m invoice.Money) {
	switch {
	case daysPastDue <= 0:
		a.Current += m
	case daysPastDue <= 30:
		a.D1to30 += m
	case daysPastDue <= 60:
		a.D31to60 += m
	case daysPastDue <= 90:
		a.D61to90 += m
	default:
		a.D90plus += m
	}
}

// add sums another Aging into a.
func (a *Aging) add(o Aging) {
	a.Current += o.Current
	a.D1to30 += o.D1to30
	a.D31to60 += o.D31to60
	a.D61to90 += o.D61to90
	a.D90plus += o.D90plus
}
