package analytics

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// wideSum adds non-negative int64 products exactly in 128 bits, so that
// sum(amount * days_late) cannot overflow on a large ledger.
type wideSum struct{ hi, lo uint64 }

func (w *wideSum) add(a, b int64) {
	if a <= 0 || b <= 0 {
		return
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	var carry uint64
	w.lo, carry = bits.Add64(w.lo, lo, 0)
	w.hi += hi + carry
}

func (w *wideSum) addSum(o wideSum) {
	var carry uint64
	w.lo, carry = bits.Add64(w.lo, o.lo, 0)
	w.hi += o.hi + carry
}

func (w wideSum) float() float64 { return float64(w.hi)*(1<<64) + float64(w.lo) }

// paymentStats are the per-client payment figures of the metrics spec.
type paymentStats struct {
	count                        int
	avgDaysToPay, wadl           float64
	median, p90, max, onTimeRate float64
	lateWeighted, amount         wideSum
	onTime                       int
}

// computePayment returns a client's payment figures from its sums and
// days late (clientPayment); ok is false when it has no paid invoice
// (every figure undefined). The median of an even count is the mean of
// the two middle values; p90 of one value is that value.
func computePayment(p *clientPayment) (s paymentStats, ok bool) {
	n := p.n
	if n == 0 {
		return s, false
	}
	s.count = n
	s.lateWeighted, s.amount, s.onTime = p.lateWeighted, p.amount, p.onTime
	s.avgDaysToPay = float64(p.toPay) / float64(n)
	s.wadl = s.lateWeighted.float() / s.amount.float()
	if n%2 == 1 {
		s.median = float64(p.lateAt(n / 2))
	} else {
		s.median = (float64(p.lateAt(n/2-1)) + float64(p.lateAt(n/2))) / 2
	}
	// Nearest rank: the value at rank ceil(0.9 n), 1-based; ceil(9n/10)
	// in integers avoids 0.9*n landing just above a whole number.
	s.p90 = float64(p.lateAt((9*n+9)/10 - 1))
	s.max = float64(p.late[len(p.late)-1].days)
	s.onTimeRate = float64(s.onTime) / float64(n)
	return s, true
}

// shareOf returns max(0, part) / total, or 0 when total is not positive.
func shareOf(part, total invoice.Money) float64 {
	if part <= 0 || total <= 0 {
		return 0
	}
	return float64(part) / float64(total)
}

// atLeastFraction reports whether part/total >= num/den exactly.
func atLeastFraction(part, total invoice.Money, num, den int64) bool {
	l := new(big.Int).Mul(big.NewInt(int64(part)), big.NewInt(den))
	r := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(num))
	return l.Cmp(r) >= 0
}

// scaleMoney returns m * num / den rounded half-even to the currency's
// minor unit (here the same unit as m, so just an exact integer division).
func scaleMoney(m invoice.Money, num, den int64, currency string) invoice.Money {
	if den == 0 {
		return 0
	}
	r := new(big.Rat).Mul(m.Rat(currency), big.NewRat(num, den))
	out, ok := invoice.RoundRat(r, currency)
	if !ok {
		return 0
	}
	return out
}

func floatPtr(v float64) *float64 { return &v }

// dso returns open / revenue * days, undefined when revenue <= 0.
// DSO (portfolio and client) is the open amount at A over the net revenue
// (credit notes included) issued in the 3 calendar months ending A, times
// the days of those months (90 to 92).
func dso(open, revenue invoice.Money, days int) *float64 {
	if v, ok := dsoValue(open, revenue, days); ok {
		return &v
	}
	return nil
}

func dsoValue(open, revenue invoice.Money, days int) (float64, bool) {
	if revenue <= 0 {
		return 0, false
	}
	v := float64(open) / float64(revenue) * float64(days)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}
