package analytics

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// fastRate converts amounts exactly like invoice.Convert, in 128-bit
// integers: amount * num / den rounded half to even, where num/den is the
// rate scaled by the two currencies' minor units. ok is false when the
// rate or the product does not fit; the caller then uses invoice.Convert.
type fastRate struct {
	num, den uint64
	ok       bool
}

func newFastRate(cur, base string, rate *big.Rat) fastRate {
	num := new(big.Int).Mul(rate.Num(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(invoice.MinorDigits(base))), nil))
	den := new(big.Int).Mul(rate.Denom(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(invoice.MinorDigits(cur))), nil))
	if num.Sign() <= 0 || den.Sign() <= 0 || !num.IsUint64() || !den.IsUint64() {
		return fastRate{}
	}
	return fastRate{num: num.Uint64(), den: den.Uint64(), ok: true}
}

func (f fastRate) convert(m invoice.Money) (invoice.Money, bool) {
	if !f.ok {
		return 0, false
	}
	neg := m < 0
	u := uint64(m)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, f.num)
	if hi >= f.den {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, f.den)
	// Half to even: round up when rem/den > 1/2, or = 1/2 and q is odd.
	if half := f.den - rem; rem > half || (rem == half && q&1 == 1) {
		if q == math.MaxUint64 {
			return 0, false
		}
		q++
	}
	switch {
	case !neg && q <= math.MaxInt64:
		return invoice.Money(q), true
	case neg && q <= 1<<63:
		return invoice.Money(-q), true
	}
	return 0, false
}

// convertAmount is invoice.Convert with the fast path in front.
func convertAmount(m invoice.Money, cur, base string, rate *big.Rat, f fastRate) (invoice.Money, error) {
	if out, ok := f.convert(m); ok {
		return out, nil
	}
	return invoice.Convert(m, cur, base, rate)
}
