package invoice

import (
	"fmt"
	"math/big"
	"strings"
)

// Money is an exact amount in minor units (cents) of some currency. The
// currency travels beside it (Document.Currency, or the base currency
// once converted). Money is never a float.
type Money int64

// MinorDigits returns how many decimals a currency's minor unit has:
// 0 for JPY and the like, 3 for the dinars, 2 for everything else.
func MinorDigits(currency string) int {
	switch strings.ToUpper(currency) {
	case "JPY", "KRW", "VND", "CLP", "ISK", "HUF", "XOF", "XAF", "PYG", "UGX":
		return 0
	case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD":
		return 3
	}
	return 2
}

// Decimal formats m with the currency's number of decimals, a point as
// decimal separator and no grouping: "-1234.50". Locale-aware formatting
// belongs to the report.
func (m Money) Decimal(currency string) string {
	return formatMinor(int64(m), MinorDigits(currency))
}

// String formats m with two decimals (the common case, for messages).
func (m Money) String() string { return formatMinor(int64(m), 2) }

func formatMinor(v int64, digits int) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	s := fmt.Sprintf("%d", u)
	if digits > 0 {
		for len(s) <= digits {
			s = "0" + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Rat returns m as an exact rational in whole currency units.
func (m Money) Rat(currency string) *big.Rat {
	return new(big.Rat).SetFrac(big.NewInt(int64(m)), pow10(MinorDigits(currency)))
}

// RoundRat rounds r (in whole units of currency) to the currency's minor
// unit, half to even. ok is false when the result does not fit in int64.
func RoundRat(r *big.Rat, currency string) (m Money, ok bool) {
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(pow10(MinorDigits(currency))))
	q, rem := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	// q truncates toward zero; compare 2*|rem| with the denominator.
	twice := new(big.Int).Abs(rem)
	twice.Lsh(twice, 1)
	switch c := twice.Cmp(scaled.Denom()); {
	case c > 0 || (c == 0 && q.Bit(0) == 1):
		if scaled.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		return 0, false
	}
	return Money(q.Int64()), true
}

// Convert turns an amount in minor units of from into minor units of base,
// with rate meaning "1 unit of from = rate units of base". It multiplies
// exactly and rounds once, half to even, to base's minor unit.
func Convert(m Money, from, base string, rate *big.Rat) (Money, error) {
	if strings.EqualFold(from, base) || from == "" {
		return m, nil
	}
	if rate == nil {
		return 0, fmt.Errorf("no exchange rate for %s (add it under rates: in the config)", from)
	}
	v := new(big.Rat).Mul(m.Rat(from), rate)
	out, ok := RoundRat(v, base)
	if !ok {
		return 0, fmt.Errorf("amount %s %s is too large to convert", m.Decimal(from), from)
	}
	return out, nil
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}
