package analytics

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// The 128-bit conversion must round exactly like invoice.Convert: half to
// even, to the base currency's minor unit.
func TestConvertAmountHalfEven(t *testing.T) {
	t.Parallel()
	half := big.NewRat(1, 2)
	cases := []struct {
		name      string
		m         invoice.Money
		cur, base string
		rate      *big.Rat
		want      invoice.Money
	}{
		// 1000.00 USD * 0.92 = 920.00 EUR.
		{"plain", 100000, "USD", "EUR", big.NewRat(92, 100), 92000},
		// 0.25 * 1/2 = 0.125 -> 12.5 cents -> 12 (even).
		{"half down to even", 25, "USD", "EUR", half, 12},
		// 0.75 * 1/2 = 0.375 -> 37.5 cents -> 38 (even).
		{"half up to even", 75, "USD", "EUR", half, 38},
		// -0.25 * 1/2 -> -12.5 cents -> -12.
		{"negative half", -25, "USD", "EUR", half, -12},
		// 0.27 * 1/2 = 13.5 cents -> 14; 0.29 * 1/2 = 14.5 -> 14.
		{"half odd", 27, "USD", "EUR", half, 14},
		{"half even", 29, "USD", "EUR", half, 14},
		// 1 JPY (no minor unit) * 0.00615 = 0.615 cents -> 1 cent.
		{"from JPY", 1, "JPY", "EUR", big.NewRat(615, 100000), 1},
		// 1.00 EUR * 162.5 = 162.5 JPY -> 162 (even).
		{"to JPY", 100, "EUR", "JPY", big.NewRat(325, 2), 162},
		// 1.000 KWD * 3 = 3.00 EUR.
		{"from KWD", 1000, "KWD", "EUR", big.NewRat(3, 1), 300},
	}
	for _, c := range cases {
		// The fast path itself, not its fallback.
		got, ok := newFastRate(c.cur, c.base, c.rate).convert(c.m)
		if !ok || got != c.want {
			t.Errorf("%s: got %d (fast path taken: %v), want %d", c.name, got, ok, c.want)
		}
	}
}

func TestConvertAmountMatchesInvoiceConvert(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	extremes := []invoice.Money{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt64 / 100, math.MinInt64 / 92}
	pairs := [][2]string{{"USD", "EUR"}, {"JPY", "EUR"}, {"EUR", "JPY"}, {"KWD", "EUR"}, {"EUR", "KWD"}}
	rates := []*big.Rat{big.NewRat(92, 100), big.NewRat(1, 3), big.NewRat(7, 1), big.NewRat(123456789, 1000000007),
		new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 70), big.NewInt(3))} // too big for the fast path
	for _, pair := range pairs {
		for _, rate := range rates {
			f := newFastRate(pair[0], pair[1], rate)
			ms := append([]invoice.Money(nil), extremes...)
			for range 2000 {
				ms = append(ms, invoice.Money(rng.Int64N(1<<rng.IntN(63))-rng.Int64N(1<<rng.IntN(62))))
			}
			for _, m := range ms {
				want, wantErr := invoice.Convert(m, pair[0], pair[1], rate)
				got, err := convertAmount(m, pair[0], pair[1], rate, f)
				if got != want || (err == nil) != (wantErr == nil) {
					t.Fatalf("%d %s -> %s at %s: got %d (%v), invoice.Convert %d (%v)",
						m, pair[0], pair[1], rate.RatString(), got, err, want, wantErr)
				}
			}
		}
	}
}
