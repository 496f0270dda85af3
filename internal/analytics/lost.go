package analytics

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// lostAndNew lists the lost clients (the metrics spec "Lost", with the rhythm
// and materiality rules of materiality.go) and the new ones (first
// invoice ever in M), and counts the one-off buyers. Ties: revenue desc,
// then name, then key.
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
		months := bits.OnesCount16(a.act.lostMonths)
		if months == 1 && !a.act.quiet && a.act.first >= lookBack {
			res.OneOff++
		}
		if months >= 2 && !a.act.quiet {
			gap, last := rhythm(a.act.lostMonths)
			silence := p.quietTo - (p.lostFrom + last)
			if float64(silence) < 2*gap || a.rev.revenue < b.mat.min {
				continue // its usual rhythm, or no money at stake
			}
			f := Flag{
				Flag: FlagLost, Grade: GradeWatch, AtStake: a.rev.revenue, score: float64(a.rev.revenue),
				Reasons: []Message{reasonLost(months, a.act.last, a.rev.revenue, quiet, gap)},
				Actions: []Message{msg(KeyActionAskWhy)},
			}
			if a.rev.revenue >= b.mat.monthly {
				f.Grade = GradeAct
				f.Actions = append(f.Actions, msg(KeyActionCheckProfit), msg(KeyActionReviewOffer))
			}
			res.Lost = append(res.Lost, LostClient{Key: a.key, Name: a.name, Revenue: a.rev.revenue, LastInvoice: a.act.last, Flag: f})
			if i := index[a.idx]; i >= 0 {
				res.Clients[i].Flags = append(res.Clients[i].Flags, f)
			}
		}
		if !a.act.first.IsZero() && a.act.first >= p.monthFrom {
			res.New = append(res.New, NewClient{Key: a.key, Name: a.name, FirstInvoice: a.act.first, Revenue: a.rev.month})
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
