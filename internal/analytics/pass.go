package analytics

// pass feeds each normalised document to the accumulators, in one pass
// over the input. The per-client accumulators live in clientAcc; the ones
// here gather records over all clients.
type pass struct {
	p     *periods
	mb    monthBits
	trend *trendAcc // trend.go
	paid  paidAcc   // payment.go
	open  openAcc   // open.go
	q     *quality  // quality.go: invoices without payment data
}

func newPass(p *periods, grace int, base string, q *quality) *pass {
	return &pass{p: p, mb: newMonthBits(p), trend: newTrendAcc(p), paid: paidAcc{grace: grace}, open: openAcc{base: base}, q: q}
}

// add feeds one counted document to every accumulator it concerns.
func (s *pass) add(r *docRec) {
	a := r.acc
	s.trend.add(r)
	a.rev.add(s.p, r)
	if r.inW {
		a.maint.add(r)
	}
	if !r.isInvoice {
		return // first/last invoice, lost and new, payment: kind invoice only
	}
	a.act.add(&s.mb, r.issue)
	switch r.pay {
	case payNone:
		return
	case payUnknown:
		if r.inW {
			s.q.addNoPayment(r.d.Source.File)
		}
		return
	}
	a.pay.known = true
	if s.paid.add(s.p, r) || !r.canOpen {
		return // paid by A, or never open (paid with no date, a balance of 0)
	}
	s.open.add(s.p, r)
}
