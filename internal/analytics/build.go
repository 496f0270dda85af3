package analytics

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// builder turns the clients' accumulators into the Result, in the named
// steps of build.
type builder struct {
	res  *Result
	opts Options
	th   Thresholds
	p    periods
	base string
	fl   floats
	mat  materiality
}

// floats hands out pointers to float64s kept in one array, so the many
// optional figures of a big portfolio are not one allocation each. A
// pointer stays valid when the array grows: it keeps the old one alive.
type floats struct{ buf []float64 }

func (f *floats) ptr(v float64) *float64 {
	f.buf = append(f.buf, v)
	return &f.buf[len(f.buf)-1]
}

// floatsPerClient is the most optional float figures one client has.
const floatsPerClient = 14

// totals are the portfolio sums the client figures are shares of.
type totals struct {
	revenue  invoice.Money // of clients with revenue > 0 (the metrics spec total)
	month    invoice.Money // of clients with month revenue > 0
	prev     invoice.Money // of clients with revenue > 0 in the window ending M-1
	dso      invoice.Money // net revenue of the 3 months ending A
	seconds  int64
	anyHours bool // a time entry falls in W
}

// paidSums gather the portfolio's payment figures over the clients'.
type paidSums struct {
	lateWeighted, amount wideSum
	onTime               int
}

func (b *builder) build(accs []*clientAcc, opens *openAcc) {
	listed, anyHours := listClients(accs)
	t := b.totals(accs, listed)
	t.anyHours = anyHours
	b.fl.buf = make([]float64, 0, floatsPerClient*len(listed)+8)
	b.res.Clients = make([]ClientFigures, len(listed))
	maxDPD := make([]int, 0, len(listed))
	var sums paidSums
	for i, a := range listed {
		c := &b.res.Clients[i]
		c.Key, c.Name = a.key, a.name
		b.shares(c, a, &t)
		b.payment(c, a, &sums)
		if a.open.n > 0 {
			maxDPD = append(maxDPD, a.open.maxDaysPastDue)
			c.MaxDaysPastDue = &maxDPD[len(maxDPD)-1]
		}
		b.open(c, a)
		b.maintenance(c, a)
		if anyHours {
			b.hours(c, a, t.seconds)
		}
		c.FirstInvoice, c.LastInvoice = a.act.first, a.act.last
	}
	pf := &b.res.Portfolio
	b.concentration(t.revenue)
	b.hhiBand()
	pf.DSO = dso(pf.OpenAmount, t.dso, b.p.dsoDays)
	if pf.PaidCount > 0 {
		pf.WADL = floatPtr(sums.lateWeighted.float() / sums.amount.float())
		pf.OnTimeRate = floatPtr(float64(sums.onTime) / float64(pf.PaidCount))
	}
	if anyHours {
		b.portfolioHours(t.seconds)
	}

	order := b.sortOpen(accs, listed, opens)
	b.res.Open = b.openInvoices(listed, order, opens)
	overdue := overdueByClient(b.res.Open, order, len(listed))
	// order is not used again: the records it points to can go.
	opens.recs = chunked[openItem]{}
	b.mat = newMateriality(pf.Revenue, b.opts.WindowMonths, b.th, b.base)
	pf.MinAmount, pf.ActAmount = b.mat.min, b.mat.act
	for i := range b.res.Clients {
		b.flagClient(&b.res.Clients[i], overdue[i])
	}
	b.lostAndNew(accs, listed)
	b.findings()
	b.namesGrowth()
	b.actions()
}

// listClients names every client and returns the listed ones (a document
// in W, an invoice open at A, or time entries in W) in the order of
// Result.Clients: revenue, largest first, then name, then key. A client
// with revenue <= 0 is still listed. The order is total (keys are unique),
// so the sort algorithm and the input order cannot change it.
func listClients(accs []*clientAcc) (listed []*clientAcc, anyHours bool) {
	listed = make([]*clientAcc, 0, len(accs))
	for _, a := range accs {
		a.computeName()
		anyHours = anyHours || a.hours.has
		if a.listed() {
			listed = append(listed, a)
		}
	}
	slices.SortFunc(listed, func(x, y *clientAcc) int {
		if x.rev.revenue != y.rev.revenue {
			return cmp.Compare(y.rev.revenue, x.rev.revenue)
		}
		if c := strings.Compare(x.name, y.name); c != 0 {
			return c
		}
		return strings.Compare(x.key, y.key)
	})
	return listed, anyHours
}

// totals sums the portfolio's revenues and hours and counts the clients
// with revenue. month_share is over clients with positive month revenue,
// and the portfolio MonthRevenue is the sum of those, as Revenue is the
// total of the metrics spec. PrevShare's total is over every client, listed or
// not.
func (b *builder) totals(accs, listed []*clientAcc) totals {
	var t totals
	pf := &b.res.Portfolio
	for _, a := range listed {
		if a.rev.revenue > 0 {
			t.revenue += a.rev.revenue
			pf.Clients++
		}
		if a.rev.month > 0 {
			t.month += a.rev.month
		}
		t.dso += a.rev.dso
		t.seconds += a.hours.seconds
	}
	for _, a := range accs {
		if a.rev.prev > 0 {
			t.prev += a.rev.prev
		}
	}
	pf.Revenue, pf.MonthRevenue = t.revenue, t.month
	return t
}

// shares sets a client's revenue figures. A client with revenue <= 0 has
// share 0 (and is left out of HHI and the client count). PrevShare uses
// the same window length ending M-1 over the same documents; undefined
// when that window has no revenue.
func (b *builder) shares(c *ClientFigures, a *clientAcc, t *totals) {
	c.Revenue, c.MonthRevenue = a.rev.revenue, a.rev.month
	c.Share = shareOf(a.rev.revenue, t.revenue)
	c.MonthShare = shareOf(a.rev.month, t.month)
	if t.prev > 0 {
		ps := shareOf(a.rev.prev, t.prev)
		c.PrevShare = b.fl.ptr(ps)
		c.ShareChange = b.fl.ptr(c.Share - ps)
	}
}

// payment sets a client's payment figures (stats.go) and adds them to
// the portfolio's.
func (b *builder) payment(c *ClientFigures, a *clientAcc, sums *paidSums) {
	pf, fp := &b.res.Portfolio, b.fl.ptr
	c.PaymentKnown = a.pay.known
	pf.PaymentKnown = pf.PaymentKnown || a.pay.known
	var s paymentStats
	var ok bool
	if s, ok = computePayment(&a.pay); !ok {
		return
	}
	c.PaidCount = s.count
	c.AvgDaysToPay = fp(s.avgDaysToPay)
	c.WADL = fp(s.wadl)
	c.MedianDaysLate = fp(s.median)
	c.P90DaysLate = fp(s.p90)
	c.MaxDaysLate = fp(s.max)
	c.OnTimeRate = fp(s.onTimeRate)
	sums.lateWeighted.addSum(s.lateWeighted)
	sums.amount.addSum(s.amount)
	sums.onTime += s.onTime
	pf.PaidCount += s.count
}

// open sets a client's open amount at A, aging and DSO, and adds them to
// the portfolio's.
func (b *builder) open(c *ClientFigures, a *clientAcc) {
	if a.open.n > 0 {
		c.OpenAmount, c.OverdueAmount, c.Aging = a.open.amount, a.open.overdue, a.open.aging
	}
	if v, ok := dsoValue(c.OpenAmount, a.rev.dso, b.p.dsoDays); ok {
		c.DSO = b.fl.ptr(v)
	}
	pf := &b.res.Portfolio
	pf.OpenAmount += c.OpenAmount
	pf.OverdueAmount += c.OverdueAmount
	pf.Aging.add(c.Aging)
}

// maintenance sets a client's document counts. credit_note_ratio is
// undefined (and cannot raise a flag) when the client has no invoice in
// W.
func (b *builder) maintenance(c *ClientFigures, a *clientAcc) {
	m := a.maint
	c.InvoiceCount, c.CreditNoteCount, c.DisputedCount = m.invoices, m.creditNotes, m.disputed
	if m.invoices > 0 {
		c.CreditNoteRatio = b.fl.ptr(float64(m.creditNotes) / float64(m.invoices))
	}
}

// hours sets a client's hour figures, given when any time entry falls in
// W: Hours (0 when none of its own), hours_share over the total hours in
// W, load_ratio (undefined where share is 0) and effective_rate = revenue
// / hours in base currency units (undefined at 0 hours).
func (b *builder) hours(c *ClientFigures, a *clientAcc, totalSeconds int64) {
	fp := b.fl.ptr
	h := float64(a.hours.seconds) / 3600
	c.Hours = fp(h)
	if totalSeconds > 0 {
		hs := float64(a.hours.seconds) / float64(totalSeconds)
		c.HoursShare = fp(hs)
		if c.Share > 0 {
			c.LoadRatio = fp(hs / c.Share)
		}
	}
	if a.hours.seconds > 0 {
		c.EffectiveRate = fp(b.units(a.rev.revenue) / h)
	}
}

func (b *builder) units(m invoice.Money) float64 {
	return float64(m) / math.Pow10(invoice.MinorDigits(b.base))
}
