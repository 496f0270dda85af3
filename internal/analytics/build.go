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
}

func (b *builder) build(accs map[string]*clientAcc) {
	res, p := b.res, b.p
	listed := make([]*clientAcc, 0, len(accs))
	names := make(map[*clientAcc]string, len(accs))
	anyHours := false
	for _, a := range accs {
		names[a] = a.name()
		if a.hasHours {
			anyHours = true
		}
		if a.inWindow || len(a.open) > 0 || a.hasHours {
			listed = append(listed, a)
		}
	}
	sort.Slice(listed, func(i, j int) bool {
		x, y := listed[i], listed[j]
		if x.revenue != y.revenue {
			return x.revenue > y.revenue
		}
		if names[x] != names[y] {
			return names[x] < names[y]
		}
		return x.key < y.key
	})

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
	res.Clients = make([]ClientFigures, len(listed))
	nOpen := 0
	for _, a := range listed {
		nOpen += len(a.open)
	}
	res.Open = make([]OpenInvoice, 0, nOpen)
	for i, a := range listed {
		c := &res.Clients[i]
		c.Key, c.Name = a.key, names[a]
		c.Revenue, c.MonthRevenue = a.revenue, a.monthRevenue
		c.Share = shareOf(a.revenue, total)
		c.MonthShare = shareOf(a.monthRevenue, monthTotal)
		if prevTotal > 0 {
			ps := shareOf(a.prevRevenue, prevTotal)
			c.PrevShare = floatPtr(ps)
			c.ShareChange = floatPtr(c.Share - ps)
		}

		if s, ok := computePayment(a.paid); ok {
			c.PaidCount = s.count
			c.AvgDaysToPay = floatPtr(s.avgDaysToPay)
			c.WADL = floatPtr(s.wadl)
			c.MedianDaysLate = floatPtr(s.median)
			c.P90DaysLate = floatPtr(s.p90)
			c.MaxDaysLate = floatPtr(s.max)
			c.OnTimeRate = floatPtr(s.onTimeRate)
			allPaid.addSum(s.lateWeighted)
			allAmount.addSum(s.amount)
			allOnTime += s.onTime
			pf.PaidCount += s.count
		}

		for j := range a.open {
			o := &a.open[j]
			o.ClientName = c.Name
			c.OpenAmount += o.Amount
			if o.DaysPastDue > 0 {
				c.OverdueAmount += o.Amount
			}
			if c.MaxDaysPastDue == nil || o.DaysPastDue > *c.MaxDaysPastDue {
				c.MaxDaysPastDue = intPtr(o.DaysPastDue)
			}
			c.Aging.add(o.Bucket, o.Amount)
			res.Open = append(res.Open, *o)
		}
		c.DSO = dso(c.OpenAmount, a.dsoRevenue, p.dsoDays)
		pf.OpenAmount += c.OpenAmount
		pf.OverdueAmount += c.OverdueAmount
		pf.Aging.Current += c.Aging.Current
		pf.Aging.D1to30 += c.Aging.D1to30
		pf.Aging.D31to60 += c.Aging.D31to60
		pf.Aging.D61to90 += c.Aging.D61to90
		pf.Aging.D90plus += c.Aging.D90plus

		c.InvoiceCount, c.CreditNoteCount, c.DisputedCount = a.invoices, a.creditNotes, a.disputed
		if a.invoices > 0 {
			c.CreditNoteRatio = floatPtr(float64(a.creditNotes) / float64(a.invoices))
		}

		if anyHours {
			h := float64(a.seconds) / 3600
			c.Hours = floatPtr(h)
			if totalSeconds > 0 {
				hs := float64(a.seconds) / float64(totalSeconds)
				c.HoursShare = floatPtr(hs)
				if c.Share > 0 {
					c.LoadRatio = floatPtr(hs / c.Share)
				}
			}
			if a.seconds > 0 {
				c.EffectiveRate = floatPtr(b.units(a.revenue) / h)
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

	res.Open = sortOpen(res.Open)

	for i := range res.Clients {
		next := ""
		if i+1 < len(res.Clients) {
			next = res.Clients[i+1].Name
		}
		b.flagClient(&res.Clients[i], accs[res.Clients[i].Key], next)
	}
	b.lostAndNew(accs, names)
}

// units converts minor units of the base currency to whole units.
func (b *builder) units(m invoice.Money) float64 {
	return float64(m) / math.Pow10(invoice.MinorDigits(b.base))
}

func (b *builder) lostAndNew(accs map[string]*clientAcc, names map[*clientAcc]string) {
	res, p := b.res, b.p
	quiet := p.quietTo - p.quietFrom + 1
	index := make(map[string]int, len(res.Clients))
	for i := range res.Clients {
		index[res.Clients[i].Key] = i
	}
	for _, a := range accs {
		if months := bits.OnesCount16(a.lostMonths); months >= 2 && !a.quiet {
			f := Flag{
				Flag:    FlagLost,
				Reasons: []Message{reasonLost(months, a.last, a.revenue, quiet)},
				Actions: []Message{msg(KeyActionAskWhy), msg(KeyActionCheckProfit), msg(KeyActionReviewOffer)},
			}
			res.Lost = append(res.Lost, LostClient{Key: a.key, Name: names[a], Revenue: a.revenue, LastInvoice: a.last, Flag: f})
			if i, ok := index[a.key]; ok {
				res.Clients[i].Flags = append(res.Clients[i].Flags, f)
			}
		}
		if !a.first.IsZero() && a.first >= p.monthFrom {
			res.New = append(res.New, NewClient{Key: a.key, Name: names[a], FirstInvoice: a.first, Revenue: a.monthRevenue})
		}
	}
	sort.Slice(res.Lost, func(i, j int) bool {
		x, y := res.Lost[i], res.Lost[j]
		return rankLess(x.Revenue, y.Revenue, x.Name, y.Name, x.Key, y.Key)
	})
	sort.Slice(res.New, func(i, j int) bool {
		x, y := res.New[i], res.New[j]
		return rankLess(x.Revenue, y.Revenue, x.Name, y.Name, x.Key, y.Key)
	})
}

func rankLess(ra, rb invoice.Money, na, nb, ka, kb string) bool {
	if ra != rb {
		return ra > rb
	}
	if na != nb {
		return na < nb
	}
	return ka < kb
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
		add(msg(KeyAssumptionNoPaymentData, Arg{"count", Count(noPayment)}))
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

// sortOpen orders open invoices by days past due (largest first), then
// client, number, issue date, amount and source, so the order never
// depends on the input's. It sorts pointers: an OpenInvoice is large and a
// big ledger has hundreds of thousands.
func sortOpen(open []OpenInvoice) []OpenInvoice {
	ptrs := make([]*OpenInvoice, len(open))
	for i := range open {
		ptrs[i] = &open[i]
	}
	slices.SortFunc(ptrs, func(x, y *OpenInvoice) int {
		if c := cmp.Compare(y.DaysPastDue, x.DaysPastDue); c != 0 {
			return c
		}
		if c := strings.Compare(x.ClientName, y.ClientName); c != 0 {
			return c
		}
		if c := strings.Compare(x.ClientKey, y.ClientKey); c != 0 {
			return c
		}
		if c := strings.Compare(x.Number, y.Number); c != 0 {
			return c
		}
		if c := cmp.Compare(x.IssueDate, y.IssueDate); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Amount, x.Amount); c != 0 {
			return c
		}
		if sourceLess(x.Source, y.Source) {
			return -1
		}
		if sourceLess(y.Source, x.Source) {
			return 1
		}
		return 0
	})
	out := make([]OpenInvoice, len(open))
	for i, p := range ptrs {
		out[i] = *p
	}
	return out
}
