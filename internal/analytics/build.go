package analytics

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// builder turns the per-client accumulators into the Result.
type builder struct {
	res  *Result
	opts Options
	th   Thresholds
	p    periods
	base string
	docs []invoice.Document
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

func (b *builder) build(accs []*clientAcc, opens *chunked[openRec]) {
	res, p := b.res, b.p
	listed := make([]*clientAcc, 0, len(accs))
	anyHours := false
	for _, a := range accs {
		a.computeName()
		if a.hasHours {
			anyHours = true
		}
		if a.inWindow || a.nOpen > 0 || a.hasHours {
			listed = append(listed, a)
		}
	}
	// A total order (keys are unique), so the sort algorithm and the input
	// order cannot change the result.
	slices.SortFunc(listed, func(x, y *clientAcc) int {
		if x.revenue != y.revenue {
			return cmp.Compare(y.revenue, x.revenue)
		}
		if c := strings.Compare(x.name, y.name); c != 0 {
			return c
		}
		return strings.Compare(x.key, y.key)
	})
	b.fl.buf = make([]float64, 0, floatsPerClient*len(listed)+8)
	fp := b.fl.ptr

	// Totals. Clients with positive revenue are a prefix of listed.
	var total, monthTotal, prevTotal, dsoTotal invoice.Money
	var totalSeconds int64
	for _, a := range listed {
		if a.revenue > 0 {
			total += a.revenue
			res.Portfolio.Clients++
		}
		if a.monthRevenue > 0 {
			monthTotal += a.monthRevenue
		}
		dsoTotal += a.dsoRevenue
		totalSeconds += a.seconds
	}
	for _, a := range accs {
		if a.prevRevenue > 0 {
			prevTotal += a.prevRevenue
		}
	}
	pf := &res.Portfolio
	pf.Revenue, pf.MonthRevenue = total, monthTotal

	var allPaid wideSum
	var allAmount wideSum
	var allOnTime int
	var late []int
	res.Clients = make([]ClientFigures, len(listed))
	maxDPD := make([]int, 0, len(listed))
	for i, a := range listed {
		c := &res.Clients[i]
		c.Key, c.Name = a.key, a.name
		c.Revenue, c.MonthRevenue = a.revenue, a.monthRevenue
		c.Share = shareOf(a.revenue, total)
		c.MonthShare = shareOf(a.monthRevenue, monthTotal)
		if prevTotal > 0 {
			ps := shareOf(a.prevRevenue, prevTotal)
			c.PrevShare = fp(ps)
			c.ShareChange = fp(c.Share - ps)
		}

		c.PaymentKnown = a.paymentKnown
		pf.PaymentKnown = pf.PaymentKnown || a.paymentKnown
		var s paymentStats
		var ok bool
		if s, ok, late = computePayment(a.paid, late); ok {
			c.PaidCount = s.count
			c.AvgDaysToPay = fp(s.avgDaysToPay)
			c.WADL = fp(s.wadl)
			c.MedianDaysLate = fp(s.median)
			c.P90DaysLate = fp(s.p90)
			c.MaxDaysLate = fp(s.max)
			c.OnTimeRate = fp(s.onTimeRate)
			allPaid.addSum(s.lateWeighted)
			allAmount.addSum(s.amount)
			allOnTime += s.onTime
			pf.PaidCount += s.count
		}

		if a.nOpen > 0 {
			c.OpenAmount, c.OverdueAmount, c.Aging = a.openAmount, a.overdueAmount, a.aging
			maxDPD = append(maxDPD, a.maxDaysPastDue)
			c.MaxDaysPastDue = &maxDPD[len(maxDPD)-1]
		}
		if v, ok := dsoValue(c.OpenAmount, a.dsoRevenue, p.dsoDays); ok {
			c.DSO = fp(v)
		}
		pf.OpenAmount += c.OpenAmount
		pf.OverdueAmount += c.OverdueAmount
		pf.Aging.Current += c.Aging.Current
		pf.Aging.D1to30 += c.Aging.D1to30
		pf.Aging.D31to60 += c.Aging.D31to60
		pf.Aging.D61to90 += c.Aging.D61to90
		pf.Aging.D90plus += c.Aging.D90plus

		c.InvoiceCount, c.CreditNoteCount, c.DisputedCount = a.invoices, a.creditNotes, a.disputed
		if a.invoices > 0 {
			c.CreditNoteRatio = fp(float64(a.creditNotes) / float64(a.invoices))
		}

		if anyHours {
			h := float64(a.seconds) / 3600
			c.Hours = fp(h)
			if totalSeconds > 0 {
				hs := float64(a.seconds) / float64(totalSeconds)
				c.HoursShare = fp(hs)
				if c.Share > 0 {
					c.LoadRatio = fp(hs / c.Share)
				}
			}
			if a.seconds > 0 {
				c.EffectiveRate = fp(b.units(a.revenue) / h)
			}
		}
		c.FirstInvoice, c.LastInvoice = a.first, a.last
	}

	// Concentration, from exact prefix sums of the sorted revenues.
	if total > 0 {
		var prefix invoice.Money
		for i := 0; i < pf.Clients; i++ {
			s := 100 * res.Clients[i].Share
			pf.HHI += s * s
			prefix += res.Clients[i].Revenue
			switch i {
			case 0:
				pf.Top1Share = shareOf(prefix, total)
				pf.LossIfTopLeaves = prefix
			case 2:
				pf.Top3Share = shareOf(prefix, total)
			case 4:
				pf.Top5Share = shareOf(prefix, total)
			}
			if pf.Pareto80Clients == 0 && atLeastFraction(prefix, total, 4, 5) {
				pf.Pareto80Clients = i + 1
			}
		}
		// Fewer than 3 or 5 clients: the top-k is all of them.
		if pf.Clients < 3 {
			pf.Top3Share = 1
		}
		if pf.Clients < 5 {
			pf.Top5Share = 1
		}
		pf.HHI = math.Min(pf.HHI, 10000)
		pf.EffectiveClients = floatPtr(10000 / pf.HHI)
		pf.Pareto80Fraction = floatPtr(float64(pf.Pareto80Clients) / float64(pf.Clients))
	}
	switch {
	case pf.HHI > b.th.HHIHigh:
		pf.HHIBand = BandHigh
		pf.Notes = append(pf.Notes, msg(KeyNoteHHIHigh, Arg{"hhi", Ratio(pf.HHI)}, Arg{"threshold", Ratio(b.th.HHIHigh)}))
	case pf.HHI >= b.th.HHIModerate:
		pf.HHIBand = BandModerate
	default:
		pf.HHIBand = BandUnconcentrated
	}
	pf.DSO = dso(pf.OpenAmount, dsoTotal, p.dsoDays)
	if pf.PaidCount > 0 {
		pf.WADL = floatPtr(allPaid.float() / allAmount.float())
		pf.OnTimeRate = floatPtr(float64(allOnTime) / float64(pf.PaidCount))
	}
	if anyHours {
		pf.TotalHours = floatPtr(float64(totalSeconds) / 3600)
		var rates []float64
		for i := range res.Clients {
			c := &res.Clients[i]
			if c.EffectiveRate != nil && *c.Hours >= b.th.MinHours {
				rates = append(rates, *c.EffectiveRate)
			}
		}
		if len(rates) > 0 {
			sort.Float64s(rates)
			n := len(rates)
			med := rates[n/2]
			if n%2 == 0 {
				med = (rates[n/2-1] + rates[n/2]) / 2
			}
			pf.MedianEffectiveRate = floatPtr(med)
		}
	}

	order := b.sortOpen(accs, listed, opens)
	res.Open = b.openInvoices(accs, order)
	overdue := overdueByClient(res.Open, order, len(listed))

	b.mat = newMateriality(pf.Revenue, b.opts.WindowMonths, b.th, b.base)
	pf.MinAmount, pf.ActAmount = b.mat.min, b.mat.act
	for i := range res.Clients {
		b.flagClient(&res.Clients[i], overdue[i])
	}
	b.lostAndNew(accs, listed)
	b.findings()
	b.namesGrowth()
	b.actions()
}

func (b *builder) units(m invoice.Money) float64 {
	return float64(m) / math.Pow10(invoice.MinorDigits(b.base))
}

func (b *builder) lostAndNew(accs, listed []*clientAcc) {
	res, p := b.res, b.p
	quiet := p.quietTo - p.quietFrom + 1
	// listed[i] is res.Clients[i]: map an accumulator to its figures.
	index := make([]int, len(accs))
	for i := range index {
		index[i] = -1
	}
	for i, a := range listed {
		index[a.idx] = i
	}
	lookBack := p.month.Add(p.lostFrom - p.month.Index()).First()
	for _, a := range accs {
		months := bits.OnesCount16(a.lostMonths)
		if months == 1 && !a.quiet && a.first >= lookBack {
			res.OneOff++
		}
		if months >= 2 && !a.quiet {
			gap, last := rhythm(a.lostMonths)
			silence := p.quietTo - (p.lostFrom + last)
			if float64(silence) < 2*gap || a.revenue < b.mat.min {
				continue // its usual rhythm, or no money at stake
			}
			f := Flag{
				Flag: FlagLost, Grade: GradeWatch, AtStake: a.revenue, score: float64(a.revenue),
				Reasons: []Message{reasonLost(months, a.last, a.revenue, quiet, gap)},
				Actions: []Message{msg(KeyActionAskWhy)},
			}
			if a.revenue >= b.mat.monthly {
				f.Grade = GradeAct
				f.Actions = append(f.Actions, msg(KeyActionCheckProfit), msg(KeyActionReviewOffer))
			}
			res.Lost = append(res.Lost, LostClient{Key: a.key, Name: a.name, Revenue: a.revenue, LastInvoice: a.last, Flag: f})
			if i := index[a.idx]; i >= 0 {
				res.Clients[i].Flags = append(res.Clients[i].Flags, f)
			}
		}
		if !a.first.IsZero() && a.first >= p.monthFrom {
			res.New = append(res.New, NewClient{Key: a.key, Name: a.name, FirstInvoice: a.first, Revenue: a.monthRevenue})
		}
	}
	// Total orders (keys are unique): the result does not depend on the
	// order accs come in.
	slices.SortFunc(res.Lost, func(x, y LostClient) int {
		return rankCompare(x.Revenue, y.Revenue, x.Name, y.Name, x.Key, y.Key)
	})
	slices.SortFunc(res.New, func(x, y NewClient) int {
		return rankCompare(x.Revenue, y.Revenue, x.Name, y.Name, x.Key, y.Key)
	})
}

func rankCompare(ra, rb invoice.Money, na, nb, ka, kb string) int {
	if ra != rb {
		return cmp.Compare(rb, ra)
	}
	if c := strings.Compare(na, nb); c != 0 {
		return c
	}
	return strings.Compare(ka, kb)
}

func (b *builder) assumptions(excluded map[string]bool, noRate, converted map[string]int,
	rates map[string]*big.Rat, defaultTerms, noPayment int) {
	res := b.res
	add := func(m Message) { res.Assumptions = append(res.Assumptions, m) }
	if res.ExcludedDocuments > 0 {
		add(msg(KeyAssumptionExcludedStatus, Arg{"count", Count(res.ExcludedDocuments)}))
	}
	if res.ExcludedClients > 0 {
		names := make([]string, 0, len(excluded))
		for n := range excluded {
			names = append(names, n)
		}
		sort.Strings(names)
		add(msg(KeyAssumptionExcludedClients, Arg{"count", Count(res.ExcludedClients)}, Arg{"clients", Text(strings.Join(names, ", "))}))
	}
	for _, cur := range sortedKeys(noRate) {
		add(msg(KeyAssumptionNoRate, Arg{"count", Count(noRate[cur])}, Arg{"currency", Text(cur)}))
	}
	for _, cur := range sortedKeys(converted) {
		add(msg(KeyAssumptionConverted, Arg{"count", Count(converted[cur])}, Arg{"currency", Text(cur)},
			Arg{"rate", Text(rateText(rates[cur]))}))
	}
	if defaultTerms > 0 {
		add(msg(KeyAssumptionDefaultTerms, Arg{"count", Count(defaultTerms)}, Arg{"days", Count(b.opts.PaymentTermsDays)}))
	}
	if noPayment > 0 {
		add(msg(KeyAssumptionNoPaymentData, Arg{"count", Count(noPayment)}, Arg{"files", Text(strings.Join(res.NoPaymentFiles, ", "))}))
	}
	im := res.Impossible
	for _, x := range []struct {
		key string
		n   int
		at  invoice.Source
	}{
		{KeyAssumptionDueBeforeIssue, im.DueBeforeIssue, im.FirstDue},
		{KeyAssumptionPaidBeforeIssue, im.PaidBeforeIssue, im.FirstPaid},
		{KeyAssumptionFutureDates, im.Future, im.FirstFuture},
	} {
		if x.n > 0 {
			add(msg(x.key, Arg{"count", Count(x.n)}, Arg{"file", Text(x.at.File)}, Arg{"row", Count(x.at.Row)}))
		}
	}
	if res.OneOff > 0 {
		add(msg(KeyAssumptionOneOff, Arg{"count", Count(res.OneOff)}))
	}
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// rateText writes a rate as a plain decimal ("0.92"), exact up to 10
// decimals, which is more than any configured rate carries.
func rateText(r *big.Rat) string {
	if r == nil {
		return ""
	}
	s := r.FloatString(10)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// openKey is what the open invoices are sorted by, small so the sort moves
// little: rank stands for the client's (name, key).
type openKey struct {
	// prio orders by days past due, largest first, then rank: the high
	// half is MaxInt32 - days past due (a difference of two int32 Dates,
	// so it fits), the low half the rank. One compare instead of two.
	prio uint64
	pos  int32 // the client's index in Result.Clients
	rec  *openRec
}

func openPrio(daysPastDue, rank int) uint64 {
	return uint64(math.MaxInt32-int64(daysPastDue))<<32 | uint64(uint32(rank))
}

// sortOpen orders open invoices by days past due (largest first), then
// client name and key, number, issue date, amount and source, so the order
// never depends on the input's.
//
// The order was once computed by sorting the OpenInvoice values, listed
// by client in revenue order, then in document order. The keys here start
// in that same sequence, the comparison gives the same sign for every
// pair, and slices.SortFunc decides on nothing else, so invoices equal in
// every compared field (they can differ only in DueAssumed) still land
// where they did.
func (b *builder) sortOpen(accs, listed []*clientAcc, opens *chunked[openRec]) []openKey {
	byName := slices.Clone(listed)
	slices.SortFunc(byName, func(x, y *clientAcc) int {
		if c := strings.Compare(x.name, y.name); c != 0 {
			return c
		}
		return strings.Compare(x.key, y.key)
	})
	for i, a := range byName {
		a.rank = i
	}
	at := 0
	for pos, a := range listed {
		a.pos, a.openAt = pos, at
		at += a.nOpen
	}
	keys := make([]openKey, opens.n)
	for _, blk := range opens.blocks {
		for j := range blk {
			r := &blk[j]
			a := accs[r.acc]
			keys[a.openAt] = openKey{prio: openPrio(r.daysPastDue, a.rank), pos: int32(a.pos), rec: r}
			a.openAt++
		}
	}
	docs := b.docs
	slices.SortFunc(keys, func(x, y openKey) int {
		if x.prio != y.prio {
			return cmp.Compare(x.prio, y.prio)
		}
		ox, oy := x.rec, y.rec
		dx, dy := &docs[ox.doc], &docs[oy.doc]
		if c := strings.Compare(dx.Number, dy.Number); c != 0 {
			return c
		}
		if c := cmp.Compare(ox.issue, oy.issue); c != 0 {
			return c
		}
		if c := cmp.Compare(oy.amount, ox.amount); c != 0 {
			return c
		}
		if sourceLess(dx.Source, dy.Source) {
			return -1
		}
		if sourceLess(dy.Source, dx.Source) {
			return 1
		}
		return 0
	})
	return keys
}

// openInvoices makes the Result's open invoices in their sorted order.
func (b *builder) openInvoices(accs []*clientAcc, order []openKey) []OpenInvoice {
	out := make([]OpenInvoice, len(order))
	for i, k := range order {
		o := k.rec
		a, d := accs[o.acc], &b.docs[o.doc]
		out[i] = OpenInvoice{
			ClientKey: a.key, ClientName: a.name, Number: d.Number,
			IssueDate: o.issue, DueDate: o.due, DueAssumed: o.assumed,
			Amount: o.amount, OrigAmount: o.origAmount, OrigCurrency: origCurrency(d.Currency, b.base),
			DaysPastDue: o.daysPastDue, Bucket: bucketOf(o.daysPastDue),
			Source: d.Source,
		}
	}
	return out
}

// origCurrency is a document's currency code, "" when it is the base.
func origCurrency(cur, base string) string {
	cur = strings.ToUpper(strings.TrimSpace(cur))
	if cur == base {
		return ""
	}
	return cur
}
