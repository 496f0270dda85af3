package analytics

import (
	"math"
	"sort"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// HHI band names, as in the JSON.
const (
	BandUnconcentrated = "unconcentrated"
	BandModerate       = "moderate"
	BandHigh           = "high"
)

// concentration sets the metrics spec's concentration figures from exact prefix
// sums of the sorted revenues (clients with positive revenue are a prefix
// of Result.Clients). With no revenue at all: HHI 0, effective clients
// and the pareto fraction undefined, shares 0. With fewer than 3 or 5
// clients, the top-k is all of them.
func (b *builder) concentration(total invoice.Money) {
	if total <= 0 {
		return
	}
	pf, clients := &b.res.Portfolio, b.res.Clients
	var prefix invoice.Money
	for i := 0; i < pf.Clients; i++ {
		s := 100 * clients[i].Share
		pf.HHI += s * s
		prefix += clients[i].Revenue
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

// hhiBand sets the HHI band: below HHIModerate unconcentrated, up to and
// including HHIHigh moderate, above it high (with the portfolio note).
func (b *builder) hhiBand() {
	pf := &b.res.Portfolio
	switch {
	case pf.HHI > b.th.HHIHigh:
		pf.HHIBand = BandHigh
		pf.Notes = append(pf.Notes, msg(KeyNoteHHIHigh, Arg{"hhi", Ratio(pf.HHI)}, Arg{"threshold", Ratio(b.th.HHIHigh)}))
	case pf.HHI >= b.th.HHIModerate:
		pf.HHIBand = BandModerate
	default:
		pf.HHIBand = BandUnconcentrated
	}
}

// portfolioHours sets the total hours and the median effective rate. The
// median is over clients with at least MinHours hours, so a client with a
// few hours does not skew it.
func (b *builder) portfolioHours(totalSeconds int64) {
	pf := &b.res.Portfolio
	pf.TotalHours = floatPtr(float64(totalSeconds) / 3600)
	var rates []float64
	for i := range b.res.Clients {
		c := &b.res.Clients[i]
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
