package parse

import (
	"math/big"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad test rational %q", s)
	}
	return r
}

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		sep     DecimalSep
		want    string // exact value as a rational, "" when an error is expected
		wantCur string
	}{
		{"plain integer", "1234", DecimalAuto, "1234", ""},
		{"plain point decimal", "1234.5", DecimalAuto, "1234.5", ""},
		{"italian grouping and comma", "1.234,56", DecimalAuto, "1234.56", ""},
		{"us grouping and point", "1,234.56", DecimalAuto, "1234.56", ""},
		{"space grouping", "1 234,56", DecimalAuto, "1234.56", ""},
		{"nbsp grouping", "1\u00a0234,56", DecimalAuto, "1234.56", ""},
		{"narrow nbsp grouping", "1\u202f234\u202f567,8", DecimalAuto, "1234567.8", ""},
		{"swiss apostrophe", "1'234.56", DecimalAuto, "1234.56", ""},
		{"swiss typographic apostrophe", "1’234’567.05", DecimalAuto, "1234567.05", ""},
		{"euro prefix with space", "€ 1.234,56", DecimalAuto, "1234.56", "EUR"},
		{"code suffix", "1.234,56 EUR", DecimalAuto, "1234.56", "EUR"},
		{"dollar with trailing space (Invoice Ninja)", "$13.50 ", DecimalAuto, "13.5", "USD"},
		{"invoicely thousands", "1,020.00", DecimalAuto, "1020", ""},
		{"leading minus", "-12", DecimalAuto, "-12", ""},
		{"trailing minus", "12-", DecimalAuto, "-12", ""},
		{"parentheses", "(12)", DecimalAuto, "-12", ""},
		{"parentheses with currency inside", "(€12.50)", DecimalAuto, "-12.5", "EUR"},
		{"currency before parentheses", "$(1,000.00)", DecimalAuto, "-1000", "USD"},
		{"unicode minus", "−12", DecimalAuto, "-12", ""},
		{"plus sign", "+12", DecimalAuto, "12", ""},
		{"minus before currency", "-€ 5,5", DecimalAuto, "-5.5", "EUR"},
		{"minus after currency", "€-5,5", DecimalAuto, "-5.5", "EUR"},
		{"exponent", "1e3", DecimalAuto, "1000", ""},
		{"excelize large exponent", "1.23456789e+22", DecimalAuto, "12345678900000000000000", ""},
		{"negative exponent", "5E-2", DecimalAuto, "0.05", ""},
		{"rouble sign suffix", "1 500 ₽", DecimalAuto, "1500", "RUB"},
		{"rouble word with dot", "1 500,50 руб.", DecimalAuto, "1500.5", "RUB"},
		{"rouble short", "250 р.", DecimalAuto, "250", "RUB"},
		{"rupee lakh grouping", "₹1,23,456.00", DecimalAuto, "123456", "INR"},
		{"pound", "£99.99", DecimalAuto, "99.99", "GBP"},
		{"swiss no-cents dash", "Fr. 1'000.–", DecimalAuto, "1000", "CHF"},
		{"german no-cents dash", "12,- €", DecimalAuto, "12", "EUR"},
		{"negative no-cents dash", "-12,-", DecimalAuto, "-12", ""},
		{"chf prefix", "CHF 1'000.50", DecimalAuto, "1000.5", "CHF"},
		{"lowercase code", "100 usd", DecimalAuto, "100", "USD"},
		{"US$ prefix", "US$ 7", DecimalAuto, "7", "USD"},
		{"leading decimal point", ".5", DecimalAuto, "0.5", ""},
		{"leading decimal comma", ",75", DecimalAuto, "0.75", ""},
		{"many decimals", "0.123456", DecimalAuto, "0.123456", ""},
		{"many digits", "123456789012345678901234.5", DecimalAuto, "123456789012345678901234.5", ""},
		// The DecimalAuto rule for one separator and three digits.
		{"auto: comma + 3 digits is grouping", "1,234", DecimalAuto, "1234", ""},
		{"auto: point + 3 digits is grouping", "12.500", DecimalAuto, "12500", ""},
		{"auto: zero integer makes it decimal", "0,125", DecimalAuto, "0.125", ""},
		{"auto: 4 integer digits make it decimal", "1234.567", DecimalAuto, "1234.567", ""},
		{"auto: space grouping makes comma decimal", "1 234,567", DecimalAuto, "1234.567", ""},
		{"auto: comma + 2 digits is decimal", "12,50", DecimalAuto, "12.5", ""},
		{"auto: point + 1 digit is decimal", "7.5", DecimalAuto, "7.5", ""},
		{"auto: point + 4 digits is decimal", "7.1234", DecimalAuto, "7.1234", ""},
		{"auto: repeated point groups", "1.234.567", DecimalAuto, "1234567", ""},
		{"auto: repeated comma groups", "1,234,567", DecimalAuto, "1234567", ""},
		// Explicit separators.
		{"point column reads 1.234 as decimal", "1.234", DecimalPoint, "1.234", ""},
		{"comma column reads 1,234 as decimal", "1,234", DecimalComma, "1.234", ""},
		{"comma column groups with points", "1.234", DecimalComma, "1234", ""},
		{"point column groups with commas", "1,234", DecimalPoint, "1234", ""},
		{"comma column with both", "1.234.567,89", DecimalComma, "1234567.89", ""},
		{"point column refuses comma decimal", "1,5", DecimalPoint, "", ""},
		{"comma column refuses us format", "1,234.56", DecimalComma, "", ""},
		{"point column exponent still reads", "2.5e2", DecimalComma, "250", ""},
		// Errors.
		{"spec example", "12,3.4", DecimalAuto, "", ""},
		{"empty", "", DecimalAuto, "", ""},
		{"only spaces", "   ", DecimalAuto, "", ""},
		{"only currency", "€", DecimalAuto, "", ""},
		{"only minus", "-", DecimalAuto, "", ""},
		{"text", "n/a", DecimalAuto, "", ""},
		{"two signs", "--12", DecimalAuto, "", ""},
		{"sign and parentheses", "(-12)", DecimalAuto, "", ""},
		{"two currencies", "$12 EUR", DecimalAuto, "", ""},
		{"trailing separator", "12.", DecimalAuto, "", ""},
		{"bad group size", "1,23", DecimalPoint, "", ""},
		{"mixed grouping characters", "1 234.567,89", DecimalAuto, "", ""},
		{"decimal separator twice", "1,2,3", DecimalComma, "", ""},
		{"grouping after decimal", "1.234,567.8", DecimalAuto, "", ""},
		{"first group too long", "1234,567.8", DecimalAuto, "", ""},
		{"huge exponent", "1e99999", DecimalAuto, "", ""},
		{"exponent with grouping", "1,234e5", DecimalAuto, "", ""},
		{"unknown currency word", "12 bananas", DecimalAuto, "", ""},
		{"date is not an amount", "2026-03-05", DecimalAuto, "", ""},
		{"double space group", "1  234", DecimalAuto, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAmount(tc.in, tc.sep)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("ParseAmount(%q, %v) = %s %q, want an error", tc.in, tc.sep, got.Value.RatString(), got.Currency)
				}
				if !strings.HasPrefix(err.Error(), "cannot read ") || !strings.HasSuffix(err.Error(), " as an amount") {
					t.Errorf("ParseAmount(%q) error = %q, want `cannot read %q as an amount`", tc.in, err, tc.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAmount(%q, %v): %v", tc.in, tc.sep, err)
			}
			if want := rat(t, tc.want); got.Value.Cmp(want) != 0 {
				t.Errorf("ParseAmount(%q, %v) = %s, want %s", tc.in, tc.sep, got.Value.RatString(), want.RatString())
			}
			if got.Currency != tc.wantCur {
				t.Errorf("ParseAmount(%q) currency = %q, want %q", tc.in, got.Currency, tc.wantCur)
			}
		})
	}
}

func TestParseAmountErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := ParseAmount("12,3.4", DecimalAuto)
	if err == nil || err.Error() != `cannot read "12,3.4" as an amount` {
		t.Errorf("got %v, want `cannot read \"12,3.4\" as an amount`", err)
	}
}

func TestAmountSepEvidence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want DecimalSep
	}{
		{"both, comma last", "1.234,5", DecimalComma},
		{"both, point last", "1,234.5", DecimalPoint},
		{"comma + 1 digit", "1,5", DecimalComma},
		{"comma + 2 digits with currency", "€ 12,50", DecimalComma},
		{"point + 2 digits", "$13.50 ", DecimalPoint},
		{"zero integer with 3 decimals", "0,125", DecimalComma},
		{"repeated point proves comma", "1.234.567", DecimalComma},
		{"repeated comma proves point", "1,234,567", DecimalPoint},
		{"space grouped comma", "1 234,567", DecimalComma},
		{"exponent proves point", "1.5e3", DecimalPoint},
		{"comma + 3 digits proves nothing", "1,234", DecimalAuto},
		{"point + 3 digits proves nothing", "12.500", DecimalAuto},
		{"integer proves nothing", "12", DecimalAuto},
		{"text proves nothing", "abc", DecimalAuto},
		{"empty proves nothing", "", DecimalAuto},
		{"trailing separator proves nothing", "12,", DecimalAuto},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := AmountSepEvidence(tc.in); got != tc.want {
				t.Errorf("AmountSepEvidence(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestRoundMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		in          string
		currency    string
		want        invoice.Money
		wantRounded bool
		wantErr     bool
	}{
		{"exact cents", "12.34", "EUR", 1234, false, false},
		{"whole", "12", "USD", 1200, false, false},
		// 12.345 is halfway between 12.34 and 12.35: even wins -> 12.34.
		{"half to even down", "12.345", "EUR", 1234, true, false},
		// 12.355 halfway between 12.35 and 12.36: even -> 12.36.
		{"half to even up", "12.355", "EUR", 1236, true, false},
		// -0.125 halfway between -0.12 and -0.13: even -> -0.12.
		{"negative half", "-0.125", "EUR", -12, true, false},
		{"above half", "0.1251", "EUR", 13, true, false},
		// JPY has no minor unit: 100.5 -> 100 (even).
		{"yen half", "100.5", "JPY", 100, true, false},
		// KWD has 3 decimals: 1.2345 -> 1.234 (even).
		{"dinar three decimals", "1.2345", "KWD", 1234, true, false},
		{"no currency means two decimals", "1.5", "", 150, false, false},
		{"too large", "1e30", "EUR", 0, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, rounded, err := RoundMoney(rat(t, tc.in), tc.currency)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("RoundMoney(%s, %s) = %d, want an error", tc.in, tc.currency, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("RoundMoney(%s, %s): %v", tc.in, tc.currency, err)
			}
			if got != tc.want || rounded != tc.wantRounded {
				t.Errorf("RoundMoney(%s, %s) = %d, %v; want %d, %v", tc.in, tc.currency, got, rounded, tc.want, tc.wantRounded)
			}
		})
	}
	if _, _, err := RoundMoney(nil, "EUR"); err == nil {
		t.Error("RoundMoney(nil) gave no error")
	}
}

func TestCurrencyCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"EUR", "EUR", true},
		{"eur", "EUR", true},
		{" Eur ", "EUR", true},
		{"€", "EUR", true},
		{"Euro", "EUR", true},
		{"руб.", "RUB", true},
		{"руб", "RUB", true},
		{"RUR", "RUB", true},
		{"₽", "RUB", true},
		{"р.", "RUB", true},
		{"$", "USD", true},
		{"US$", "USD", true},
		{"£", "GBP", true},
		{"₹", "INR", true},
		{"CHF", "CHF", true},
		{"Fr.", "CHF", true},
		{"jpy", "JPY", true},
		{"ILS", "ILS", true},
		{"MZN", "MZN", true},
		{"kr", "", false},
		{"XYZ", "", false},
		{"", "", false},
		{"dollar sign", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := CurrencyCode(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("CurrencyCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func BenchmarkParseAmount(b *testing.B) {
	inputs := []string{"1234.56", "1.234,56", "€ 1.234,56", "-12", "$13.50 ", "1 234 567,89 руб."}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseAmount(inputs[i%len(inputs)], DecimalAuto); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1234.5", "1.234,56", "1,234.56", "1 234,56", "1\u00a0234,56", "1'234.56", "€ 1.234,56",
		"1.234,56 EUR", "$13.50 ", "-12", "12-", "(12)", "−12", "+12", "1e3", "1.23456789e+22", "12,3.4",
		"₹1,23,456.00", "Fr. 1'000.–", "1 500,50 руб.", "0,125", "1,234", ".5", "(€12.50)"} {
		f.Add(s, uint8(DecimalAuto))
		f.Add(s, uint8(DecimalPoint))
		f.Add(s, uint8(DecimalComma))
	}
	if cells, ok := corpustest.ShortCells(f, 30, 40); ok {
		for _, c := range cells {
			f.Add(c, uint8(DecimalAuto))
		}
	} else {
		f.Log("shared corpus not found; fuzzing from the table seeds only")
	}
	f.Fuzz(func(t *testing.T, s string, sepByte uint8) {
		sep := DecimalSep(sepByte % 3)
		got, err := ParseAmount(s, sep)
		ev := AmountSepEvidence(s)
		if err != nil {
			if got.Value != nil {
				t.Fatalf("ParseAmount(%q) returned a value with an error", s)
			}
			return
		}
		if got.Value == nil {
			t.Fatalf("ParseAmount(%q) = nil value without an error", s)
		}
		// Written back plainly (with its currency) it reads the same.
		text := got.Value.FloatString(decimalsOf(got.Value))
		if got.Currency != "" {
			text += " " + got.Currency
		}
		again, err := ParseAmount(text, DecimalPoint)
		if err != nil {
			t.Fatalf("ParseAmount(%q) = %s, but its plain form %q fails: %v", s, got.Value.RatString(), text, err)
		}
		if again.Value.Cmp(got.Value) != 0 || again.Currency != got.Currency {
			t.Fatalf("ParseAmount(%q) = %s %s, re-read from %q as %s %s", s, got.Value.RatString(), got.Currency, text, again.Value.RatString(), again.Currency)
		}
		// A separator the value proves reads it as DecimalAuto does.
		if sep == DecimalAuto && ev != DecimalAuto {
			byEv, err := ParseAmount(s, ev)
			if err != nil || byEv.Value.Cmp(got.Value) != 0 {
				t.Fatalf("ParseAmount(%q, auto) = %s but with the %v it proves: %v, %v", s, got.Value.RatString(), ev, byEv.Value, err)
			}
		}
	})
}

// decimalsOf is how many decimals write v exactly (its denominator is
// 2^a * 5^b for anything ParseAmount returns).
func decimalsOf(v *big.Rat) int {
	d := new(big.Int).Set(v.Denom())
	twos := int(d.TrailingZeroBits())
	d.Rsh(d, uint(twos))
	fives := 0
	five := big.NewInt(5)
	m := new(big.Int)
	for d.Cmp(big.NewInt(1)) > 0 {
		q, r := new(big.Int).QuoRem(d, five, m)
		if r.Sign() != 0 {
			break
		}
		d = q
		fives++
	}
	return max(twos, fives)
}
