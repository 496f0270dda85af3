package analytics

// paidAcc gathers the metrics spec "Payment behaviour" timing: every invoice
// paid on a date in W (issued before W or in it; paid on or before A)
// with its days_to_pay, days_late and on_time. Status paid with no paid
// date is paid but has no delay data: not here. An invoice paid after A
// enters the payment figures only in the report whose W holds the
// payment.
type paidAcc struct {
	recs  chunked[paidRec]
	grace int // grace_days
	// assumedDue counts the invoices here whose due date came from
	// payment_terms_days (part of assumption.default_terms).
	assumedDue int
}

// paidRec is a paid invoice with the client it belongs to.
type paidRec struct {
	acc int
	paidInvoice
}

// clientPayment is one client's share of paidAcc.
type clientPayment struct {
	known bool          // an invoice says whether it was paid
	n     int           // invoices paid in W
	paid  []paidInvoice // set by groupPaid, in document order
}

// add takes an invoice with payment data and reports whether it was paid
// on or before A (then it is not open at A).
func (pa *paidAcc) add(p *periods, r *docRec) bool {
	paid := r.d.PaidDate
	if paid.IsZero() || paid > p.asOf {
		return false
	}
	if paid >= p.windowFrom {
		late := paid.DaysSince(r.due)
		pa.recs.add(paidRec{acc: r.acc.idx, paidInvoice: paidInvoice{
			daysToPay: paid.DaysSince(r.issue),
			daysLate:  max(0, late),
			amount:    r.amount,
			onTime:    late <= pa.grace,
		}})
		r.acc.pay.n++
		if r.assumed {
			pa.assumedDue++
		}
	}
	return true
}

// groupPaid gives each client its paid invoices, in document order, as
// slices of one array.
func (pa *paidAcc) groupPaid(accs []*clientAcc) {
	all := make([]paidInvoice, pa.recs.n)
	off := 0
	for _, a := range accs {
		a.pay.paid = all[off : off : off+a.pay.n]
		off += a.pay.n
	}
	for _, b := range pa.recs.blocks {
		for _, r := range b {
			a := accs[r.acc]
			a.pay.paid = append(a.pay.paid, r.paidInvoice)
		}
	}
}
