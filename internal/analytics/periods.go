package analytics

import "github.com/clientrisk/clientrisk/internal/invoice"

// periods holds the dates every figure is measured against (the metrics spec
// "Dates and periods").
type periods struct {
	month              invoice.Month
	asOf               invoice.Date // A: last day of M
	windowFrom         invoice.Date // first day of W
	monthFrom          invoice.Date // first day of M
	dsoFrom            invoice.Date // first day of the 3 months ending A
	dsoDays            int
	prevFrom, prevTo   invoice.Date // the same window length ending M-1
	lostFrom, lostTo   int          // month indexes of the 12 months before the quiet months
	quietFrom, quietTo int          // month indexes of the last lost_after_months months of W
}

func newPeriods(m invoice.Month, window, lostAfter int) periods {
	p := periods{month: m, asOf: m.Last(), windowFrom: m.Add(-(window - 1)).First(), monthFrom: m.First()}
	p.dsoFrom = m.Add(-2).First()
	p.dsoDays = int(p.asOf-p.dsoFrom) + 1
	prev := m.Add(-1)
	p.prevFrom, p.prevTo = prev.Add(-(window - 1)).First(), prev.Last()
	p.quietTo = m.Index()
	p.quietFrom = p.quietTo - lostAfter + 1
	p.lostTo = p.quietFrom - 1
	p.lostFrom = p.lostTo - 11
	return p
}

func (p *periods) inWindow(d invoice.Date) bool { return d >= p.windowFrom && d <= p.asOf }

// monthBits finds an issue date's place among the quiet months and the 12
// months before them by date, without turning every date into a month.
type monthBits struct {
	quietFrom, quietTo invoice.Date
	lostStart          [13]invoice.Date // first days of lostFrom..lostTo+1
}

func newMonthBits(p *periods) monthBits {
	var mb monthBits
	at := func(index int) invoice.Month { return p.month.Add(index - p.month.Index()) }
	mb.quietFrom, mb.quietTo = at(p.quietFrom).First(), at(p.quietTo).Last()
	for i := range mb.lostStart {
		mb.lostStart[i] = at(p.lostFrom + i).First()
	}
	return mb
}
