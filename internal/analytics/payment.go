package analytics

// paidAcc gathers the metrics spec "Payment behaviour" timing: every invoice
// paid on a date in W (issued before W or in it; paid on or before A)
// with its days_to_pay, days_late and on_time. Status paid with no paid
// date is paid but has no delay data: not here. An invoice paid after A
// enters the payment figures only in the report whose W holds the
// payment.
type paidAcc struct {
	// recs is each paid invoice's client and days late, 8 bytes: the
	// other figures are summed per client as the invoices pass
	// (clientPayment), so a million paid invoices take 8 MB, not 40.
	recs  chunked[paidRec]
	grace int // grace_days
	// assumedDue counts the invoices here whose due date came from
	// payment_terms_days (part of assumption.default_terms).
	assumedDue int
}

// paidRec is a paid invoice's client (clientAcc.idx) and days late. Days
// late fit in 32 bits: dates are years 1 to 9999, under 3.7 million days
// apart.
type paidRec struct {
	acc      int32
	daysLate int32
}

// clientPayment is one client's share of paidAcc: the sums of its paid
// invoices' figures, and (set by groupPaid) their days late, for the
// median, p90 and maximum.
type clientPayment struct {
	known bool // an invoice says whether it was paid
	n     int  // invoices paid in W
	toPay int64
	// lateWeighted is sum(amount * days_late), amount the sum of the
	// positive amounts (stats.go).
	lateWeighted, amount wideSum
	onTime               int
	late                 []int32 // set by groupPaid
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
		daysLate := max(0, late)
		pa.recs.add(paidRec{acc: int32(r.acc.idx), daysLate: int32(daysLate)})
		cp := &r.acc.pay
		cp.n++
		cp.toPay += int64(paid.DaysSince(r.issue))
		cp.lateWeighted.add(int64(r.amount), int64(daysLate))
		cp.amount.add(int64(r.amount), 1)
		if late <= pa.grace {
			cp.onTime++
		}
		if r.assumed {
			pa.assumedDue++
		}
	}
	return true
}

// groupPaid gives each client the days late of its paid invoices, as
// slices of one array, and lets go of the records block by block as it
// goes.
func (pa *paidAcc) groupPaid(accs []*clientAcc) {
	all := make([]int32, pa.recs.n)
	off := 0
	for _, a := range accs {
		a.pay.late = all[off : off : off+a.pay.n]
		off += a.pay.n
	}
	for i, b := range pa.recs.blocks {
		for _, r := range b {
			a := accs[r.acc]
			a.pay.late = append(a.pay.late, r.daysLate)
		}
		pa.recs.blocks[i] = nil
	}
	pa.recs = chunked[paidRec]{}
}
