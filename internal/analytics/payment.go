package analytics

import (
	"cmp"
	"fmt"
	"slices"
)

// paidAcc gathers the metrics spec "Payment behaviour" timing: every invoice
// paid on a date in W (issued before W or in it; paid on or before A)
// with its days_to_pay, days_late and on_time. Status paid with no paid
// date is paid but has no delay data: not here. An invoice paid after A
// enters the payment figures only in the report whose W holds the
// payment.
type paidAcc struct {
	grace int // grace_days
	// assumedDue counts the invoices here whose due date came from
	// payment_terms_days (part of assumption.default_terms).
	assumedDue int
}

// clientPayment is one client's share of paidAcc: the sums of its paid
// invoices' figures, and how many have each days-late value, for the
// median, p90 and maximum.
type clientPayment struct {
	known bool // an invoice says whether it was paid
	n     int  // invoices paid in W
	toPay int64
	// lateWeighted is sum(amount * days_late), amount the sum of the
	// positive amounts (stats.go).
	lateWeighted, amount wideSum
	onTime               int
	// late counts the paid invoices by days late, in increasing days:
	// the median, p90 and maximum need only the values' order, and a
	// client's invoices take a few dozen values however many there are
	// (a list of every invoice's days late took 8 bytes a paid invoice:
	// 14 MB for 1.7M of them).
	late []lateCount
}

// lateCount is a days-late value and how many of a client's paid
// invoices have it. Days late fit in 32 bits (dates are years 1 to 9999,
// under 3.7 million days apart), and so does a count (a file holds at
// most input.limits.max_rows rows).
type lateCount struct{ days, n int32 }

// addLate counts one more paid invoice days late.
func (cp *clientPayment) addLate(days int32) {
	i, found := slices.BinarySearchFunc(cp.late, days, func(c lateCount, d int32) int { return cmp.Compare(c.days, d) })
	if found {
		cp.late[i].n++
		return
	}
	cp.late = slices.Insert(cp.late, i, lateCount{days: days, n: 1})
}

// lateAt is the days late of rank k (0-based) among the counted ones in
// increasing order.
func (cp *clientPayment) lateAt(k int) int32 {
	for _, c := range cp.late {
		if k < int(c.n) {
			return c.days
		}
		k -= int(c.n)
	}
	panic(fmt.Sprintf("analytics: days-late rank %d of %d", k, cp.n))
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
		cp := &r.acc.pay
		cp.addLate(int32(daysLate))
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
