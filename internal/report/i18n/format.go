package i18n

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// nbsp keeps "1 234,56 €" on one line; a plain U+00A0 (not the narrow
// U+202F) because the embedded Go fonts have a glyph for it.
const nbsp = "\u00a0"

// locale is how one language writes numbers, money and dates.
type locale struct {
	decimal, group string
	percentSep     string // between the number and "%"
	symbolFirst    bool   // €1,234.56 (en) or 1.234,56 € (it, es, ru)
	date           func(y int, m, d int) string
	month          func(y int, m int) string
}

var monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var monthsIT = [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}
var monthsES = [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// Nominative, capitalised: the month stands alone as a title ("Октябрь 2026").
var monthsRU = [12]string{"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"}

// Spanish groups four-digit numbers too (1.234,56), as Spanish invoices and
// spreadsheets do, although the RAE would leave them ungrouped.
var locales = map[string]locale{
	"en": {
		decimal: ".", group: ",", percentSep: "", symbolFirst: true,
		date:  func(y, m, d int) string { return fmt.Sprintf("%d %s %d", d, monthsEN[m-1][:3], y) },
		month: func(y, m int) string { return fmt.Sprintf("%s %d", monthsEN[m-1], y) },
	},
	"it": {
		decimal: ",", group: ".", percentSep: "",
		date:  func(y, m, d int) string { return fmt.Sprintf("%02d/%02d/%d", d, m, y) },
		month: func(y, m int) string { return fmt.Sprintf("%s %d", monthsIT[m-1], y) },
	},
	"es": {
		decimal: ",", group: ".", percentSep: "",
		date:  func(y, m, d int) string { return fmt.Sprintf("%02d/%02d/%d", d, m, y) },
		month: func(y, m int) string { return fmt.Sprintf("%s de %d", monthsES[m-1], y) },
	},
	"ru": {
		decimal: ",", group: nbsp, percentSep: nbsp,
		date:  func(y, m, d int) string { return fmt.Sprintf("%02d.%02d.%d", d, m, y) },
		month: func(y, m int) string { return fmt.Sprintf("%s %d", monthsRU[m-1], y) },
	},
}

// symbols are the currency signs the embedded fonts can draw; any other
// currency is written with its ISO code.
var symbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}

// Dash stands for an undefined figure.
func (c *Catalog) Dash() string { return "-" }

// Money formats m, in minor units of currency, with the currency's number
// of decimals, grouped per locale: en "€1,234.56", "-€5.00",
// "CHF 1,234.56"; it/es "1.234,56 €"; ru "1 234,56 €" (no-break spaces).
// An empty currency gives the bare number with two decimals.
func (c *Catalog) Money(m invoice.Money, currency string) string {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	return c.withCurrency(c.localize(m.Decimal(cur)), cur)
}

// Rate formats a rate in currency per unit (an effective hourly rate) with
// two decimals, placed like Money: "€45.20". It is a float, not money: it
// is a quotient shown for comparison, never summed.
func (c *Catalog) Rate(f float64, currency string) string {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	s, ok := roundFloat(f, 2, false)
	if !ok {
		return c.Dash()
	}
	return c.withCurrency(c.localize(s), cur)
}

func (c *Catalog) withCurrency(num, cur string) string {
	if cur == "" {
		return num
	}
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	sign := ""
	if neg {
		sign = "-"
	}
	sym, hasSym := symbols[cur]
	switch {
	case c.loc.symbolFirst && hasSym:
		return sign + sym + num
	case c.loc.symbolFirst:
		return sign + cur + nbsp + num
	case hasSym:
		return sign + num + nbsp + sym
	default:
		return sign + num + nbsp + cur
	}
}

// Number formats f with exactly decimals decimals, grouped per locale:
// 1,234.5 / 1.234,5 / 1 234,5. Rounding is half away from zero on the
// shortest decimal that reads back as f, so 0.25 -> "0.3" and 12.35 ->
// "12.4" as a person rounding the printed figure by hand would get (plain
// strconv would round the binary value, giving "0.2" and "12.3"). NaN and
// infinities print as the dash.
func (c *Catalog) Number(f float64, decimals int) string {
	s, ok := roundFloat(f, decimals, false)
	if !ok {
		return c.Dash()
	}
	return c.localize(s)
}

// trimmed is Number with trailing zero decimals dropped.
func (c *Catalog) trimmed(f float64, maxDecimals int) string {
	s, ok := roundFloat(f, maxDecimals, false)
	if !ok {
		return c.Dash()
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return c.localize(s)
}

// Percent formats a fraction as a percentage with one decimal: 0.314 ->
// "31.4%" (en), "31,4%" (it, es), "31,4 %" (ru). The fraction is scaled
// by 100 exactly before rounding, so 0.2855 gives 28.6.
func (c *Catalog) Percent(fraction float64) string {
	s, ok := roundFloat(fraction, 1, true)
	if !ok {
		return c.Dash()
	}
	return c.localize(s) + c.loc.percentSep + "%"
}

// Days formats a number of days with one decimal: "12.5".
func (c *Catalog) Days(d float64) string { return c.Number(d, 1) }

// Date formats d: en "31 Oct 2026", it/es "31/10/2026", ru "31.10.2026";
// no date is the dash.
func (c *Catalog) Date(d invoice.Date) string {
	if d.IsZero() {
		return c.Dash()
	}
	y, m, day := d.Civil()
	return c.loc.date(y, int(m), day)
}

// Month formats m as the report's title month: "October 2026",
// "ottobre 2026", "octubre de 2026", "Октябрь 2026".
func (c *Catalog) Month(m invoice.Month) string {
	if m.Month < 1 || m.Month > 12 {
		return c.Dash()
	}
	return c.loc.month(m.Year, int(m.Month))
}

// roundFloat rounds f (times 100 when percent) to decimals decimals, half
// away from zero, and returns it as "-1234.5" (point, no grouping). A
// result that rounds to zero has no minus sign. ok is false for NaN and
// infinities.
func roundFloat(f float64, decimals int, percent bool) (string, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", false
	}
	if decimals < 0 {
		decimals = 0
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	if !ok {
		return "", false
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	if percent {
		scale.Mul(scale, big.NewInt(100))
	}
	r.Mul(r, new(big.Rat).SetInt(scale))
	num := new(big.Int).Abs(r.Num())
	q, rem := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if rem.Lsh(rem, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	digits := q.String()
	if decimals > 0 {
		for len(digits) <= decimals {
			digits = "0" + digits
		}
		digits = digits[:len(digits)-decimals] + "." + digits[len(digits)-decimals:]
	}
	if r.Sign() < 0 && q.Sign() != 0 {
		digits = "-" + digits
	}
	return digits, true
}

// localize turns "-1234567.5" into the locale's grouping and decimal sign.
func (c *Catalog) localize(plain string) string {
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	intPart, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(c.loc.group)
		}
		b.WriteRune(ch)
	}
	if hasFrac {
		b.WriteString(c.loc.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// MonthShort is a chart's month label: the month's first three letters
// and the year's last two ("Oct 26", "ott 26", "Окт 26").
func (c *Catalog) MonthShort(m invoice.Month) string {
	if m.Month < 1 || m.Month > 12 {
		return c.Dash()
	}
	names := monthsEN
	switch c.lang {
	case "it":
		names = monthsIT
	case "es":
		names = monthsES
	case "ru":
		names = monthsRU
	}
	return fmt.Sprintf("%s %02d", string([]rune(names[m.Month-1])[:3]), m.Year%100)
}
