package parse

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// DecimalSep says which character a column uses as decimal separator.
type DecimalSep uint8

const (
	// DecimalAuto lets each value decide; see ParseAmount for the rule.
	DecimalAuto DecimalSep = iota
	// DecimalPoint: "1,234.56". Numbers stored as numbers in a workbook
	// are always read with DecimalPoint.
	DecimalPoint
	// DecimalComma: "1.234,56".
	DecimalComma
)

func (s DecimalSep) String() string {
	switch s {
	case DecimalPoint:
		return "point"
	case DecimalComma:
		return "comma"
	}
	return "auto"
}

// ParsedAmount is an amount read from text, exact and signed, with the
// currency its text named ("" if none).
type ParsedAmount struct {
	Value    *big.Rat
	Currency string
}

// ParseAmount reads numbers as exports write them: "1234.5", "1.234,56",
// "1,234.56", "1 234,56" (space, no-break space, narrow no-break space or
// thin space as grouping), "1'234.56", "€ 1.234,56", "1.234,56 EUR",
// "$13.50 ", "-12", "12-", "(12)", "−12" (Unicode minus), "+12", and
// exponent forms such as "1.23456789e+22" as workbooks store large
// numbers. A currency symbol or code may stand before or after the number
// (and before or after the sign); it is returned as an ISO code. A
// ".-" or ",-" ending means no cents ("Fr. 1'000.–", "12,- €").
//
// With sep DecimalPoint or DecimalComma that character is the decimal
// separator and the other one may only group thousands. With DecimalAuto:
//   - a value with both '.' and ',' has the last one as decimal separator;
//   - a separator that appears more than once groups thousands
//     ("1.234.567", "1,234,567");
//   - a single separator followed by 1, 2 or 4+ digits is the decimal
//     separator ("1,5", "12.50", "0.1234");
//   - a single separator followed by exactly 3 digits is the decimal
//     separator when it cannot be grouping: the integer part is zero
//     ("0,125") or longer than 3 digits ("1234.567"), or another
//     character (space, apostrophe) already groups ("1 234,567");
//     otherwise ("1,234", "12.500") it groups thousands, because money is
//     seldom written with 3 decimals while thousands are everywhere.
//     AmountSepEvidence reports such values as proving nothing, so a
//     reader that decides per column can pass the column's separator
//     instead of DecimalAuto.
//
// Groups must be well formed: 1-3 digits first, then groups of 3 (of 2 or 3
// with ',' grouping, for Indian lakh notation "1,23,456.00"), and one
// grouping character only. Anything else fails with an error such as
// `cannot read "12,3.4" as an amount`.
func ParseAmount(s string, sep DecimalSep) (ParsedAmount, error) {
	core, neg, cur, ok := splitAmount(s)
	if !ok {
		return ParsedAmount{}, amountError(s)
	}
	var sc numScan
	if !sc.scan(core) {
		return ParsedAmount{}, amountError(s)
	}
	v, ok := sc.value(core, sep)
	if !ok {
		return ParsedAmount{}, amountError(s)
	}
	if neg {
		v.Neg(v)
	}
	return ParsedAmount{Value: v, Currency: cur}, nil
}

func amountError(s string) error {
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return fmt.Errorf("cannot read %q as an amount", s)
}

// AmountSepEvidence looks at one text value and says which decimal
// separator it proves, or DecimalAuto if it proves nothing ("1,234",
// "12", "abc"). "1.234,5", "1,5", "0,125", "1.234.567" prove a comma;
// "1,234.5", "1.5", "1,234,567", "1.5e3" prove a point.
func AmountSepEvidence(s string) DecimalSep {
	core, _, _, ok := splitAmount(s)
	if !ok {
		return DecimalAuto
	}
	var sc numScan
	if !sc.scan(core) {
		return DecimalAuto
	}
	if sc.exp {
		if strings.IndexByte(core, '.') >= 0 {
			return DecimalPoint
		}
		return DecimalAuto
	}
	dots, commas := sc.count('.'), sc.count(',')
	switch {
	case dots > 0 && commas > 0:
		if sc.lastOf('.') > sc.lastOf(',') {
			return DecimalPoint
		}
		return DecimalComma
	case dots > 1:
		return DecimalComma
	case commas > 1:
		return DecimalPoint
	case dots == 1:
		if sc.singleIsDecimal('.') {
			return DecimalPoint
		}
	case commas == 1:
		if sc.singleIsDecimal(',') {
			return DecimalComma
		}
	}
	return DecimalAuto
}

// RoundMoney rounds v (whole units) to the minor unit of currency, half to
// even; rounded reports whether digits were dropped. The error says when
// the amount does not fit.
func RoundMoney(v *big.Rat, currency string) (m invoice.Money, rounded bool, err error) {
	if v == nil {
		return 0, false, fmt.Errorf("no amount to round")
	}
	m, ok := invoice.RoundRat(v, currency)
	if !ok {
		return 0, false, fmt.Errorf("amount %s is too large", v.FloatString(2))
	}
	return m, m.Rat(currency).Cmp(v) != 0, nil
}

// splitAmount peels spaces, signs, parentheses and currency symbols or
// codes off both ends of s and returns what is left (the number). It
// fails on two signs or two different currencies.
func splitAmount(s string) (core string, neg bool, cur string, ok bool) {
	t := strings.TrimFunc(s, unicode.IsSpace)
	signs := 0
	setCur := func(c string) bool {
		if cur != "" && cur != c {
			return false
		}
		cur = c
		return true
	}
	for guard := 0; guard < 8 && t != ""; guard++ {
		changed := false
		if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
			neg, signs, changed = true, signs+1, true
			t = strings.TrimFunc(t[1:len(t)-1], unicode.IsSpace)
		}
		if r, n := utf8.DecodeRuneInString(t); isMinus(r) || r == '+' {
			neg = neg || isMinus(r)
			signs, changed = signs+1, true
			t = strings.TrimLeftFunc(t[n:], unicode.IsSpace)
		}
		if n := noCentsSuffix(t); n > 0 {
			changed = true
			t = t[:len(t)-n]
		} else if r, n := utf8.DecodeLastRuneInString(t); isMinus(r) {
			neg, signs, changed = true, signs+1, true
			t = strings.TrimRightFunc(t[:len(t)-n], unicode.IsSpace)
		}
		if c, n := currencyPrefix(t); n > 0 {
			if !setCur(c) {
				return "", false, "", false
			}
			changed = true
			t = strings.TrimLeftFunc(t[n:], unicode.IsSpace)
		}
		if c, n := currencySuffix(t); n > 0 {
			if !setCur(c) {
				return "", false, "", false
			}
			changed = true
			t = strings.TrimRightFunc(t[:len(t)-n], unicode.IsSpace)
		}
		if !changed {
			break
		}
	}
	if signs > 1 || t == "" {
		return "", false, "", false
	}
	return t, neg, cur, true
}

// noCentsSuffix returns the length of a ".-", ",-" or ".–" ending after a
// digit, the Swiss and German way of writing whole amounts ("Fr. 1'000.–",
// "12,- €"), or 0.
func noCentsSuffix(t string) int {
	r, n := utf8.DecodeLastRuneInString(t)
	if !isMinus(r) || len(t) < n+2 {
		return 0
	}
	if c := t[len(t)-n-1]; c != '.' && c != ',' {
		return 0
	}
	if c := t[len(t)-n-2]; c < '0' || c > '9' {
		return 0
	}
	return n + 1
}

// isMinus accepts the hyphen-minus, the Unicode minus sign and the dashes
// word processors substitute for it.
func isMinus(r rune) bool { return r == '-' || r == '−' || r == '–' || r == '‒' }

// currencySymbols are matched before letters, longest first.
var currencySymbols = []struct{ sym, code string }{
	{"US$", "USD"}, {"CA$", "CAD"}, {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"}, {"MX$", "MXN"},
	{"C$", "CAD"}, {"A$", "AUD"}, {"S$", "SGD"}, {"R$", "BRL"},
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}, {"₽", "RUB"}, {"₺", "TRY"},
	{"₴", "UAH"}, {"₩", "KRW"}, {"₪", "ILS"}, {"₱", "PHP"}, {"฿", "THB"}, {"₫", "VND"}, {"₦", "NGN"},
	{"₸", "KZT"}, {"₼", "AZN"}, {"₾", "GEL"}, {"₡", "CRC"}, {"₲", "PYG"}, {"₭", "LAK"},
}

// currencyPrefix recognises a currency symbol, ISO code or word at the
// start of t and returns its code and byte length.
func currencyPrefix(t string) (string, int) {
	if t == "" || (t[0] >= '0' && t[0] <= '9') || t[0] == '.' || t[0] == ',' {
		return "", 0
	}
	for _, c := range currencySymbols {
		if strings.HasPrefix(t, c.sym) {
			return c.code, len(c.sym)
		}
	}
	n := 0
	for n < len(t) {
		r, size := utf8.DecodeRuneInString(t[n:])
		if !unicode.IsLetter(r) {
			break
		}
		n += size
	}
	if n == 0 {
		return "", 0
	}
	if n < len(t) && t[n] == '.' {
		if code, ok := currencyWord(t[:n+1]); ok {
			return code, n + 1
		}
	}
	if code, ok := currencyWord(t[:n]); ok {
		return code, n
	}
	return "", 0
}

// currencySuffix is currencyPrefix at the end of t.
func currencySuffix(t string) (string, int) {
	if t == "" || (t[len(t)-1] >= '0' && t[len(t)-1] <= '9') {
		return "", 0
	}
	for _, c := range currencySymbols {
		if strings.HasSuffix(t, c.sym) {
			return c.code, len(c.sym)
		}
	}
	end := len(t)
	dot := end > 0 && t[end-1] == '.'
	if dot {
		end--
	}
	i := end
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	if i == end {
		return "", 0
	}
	if dot {
		if code, ok := currencyWord(t[i:]); ok {
			return code, len(t) - i
		}
		return "", 0
	}
	if code, ok := currencyWord(t[i:end]); ok {
		return code, len(t) - i
	}
	return "", 0
}

// currencyWord looks a letter run up without allocating for the common
// upper-case ISO codes.
func currencyWord(w string) (string, bool) {
	if len(w) == 3 {
		if _, ok := isoCodes[w]; ok {
			return w, true
		}
	}
	if c, ok := currencyNames[w]; ok {
		return c, true
	}
	return CurrencyCode(w)
}

// CurrencyCode normalises a currency column value or symbol to its ISO
// 4217 code: "eur", "€", "Euro", "руб.", "RUR" (the pre-1998 rouble code
// 1C still writes) -> "RUB". "$" alone is USD and "¥" JPY, the common
// reading in exports; "kr" (SEK, NOK, DKK, ISK) is ambiguous and unknown.
// ok is false for anything it does not know.
func CurrencyCode(s string) (code string, ok bool) {
	t := strings.TrimFunc(s, unicode.IsSpace)
	if t == "" {
		return "", false
	}
	for _, c := range currencySymbols {
		if t == c.sym {
			return c.code, true
		}
	}
	if len(t) == 3 {
		if c, ok := isoCodes[t]; ok {
			return c, true
		}
	}
	f := Fold(t, false)
	if c, ok := currencyNames[f]; ok {
		return c, true
	}
	if len(f) == 3 {
		u := strings.ToUpper(f)
		if c, ok := isoCodes[u]; ok {
			return c, true
		}
	}
	return "", false
}

// isoCodes are the active ISO 4217 codes, each mapped to itself: the code
// returned is the table's string, not a piece of the cell's (which would
// keep a whole row or string table alive in every document).
var isoCodes = func() map[string]string {
	const list = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD " +
		"CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF " +
		"GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP " +
		"LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB " +
		"PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP " +
		"SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
	m := make(map[string]string)
	for _, c := range strings.Fields(list) {
		m[c] = c
	}
	return m
}()

// currencyNames are folded words and symbols that name a currency.
var currencyNames = map[string]string{
	"rur": "RUB", "руб": "RUB", "р": "RUB", "рубль": "RUB", "рубли": "RUB", "рублеи": "RUB", "рубля": "RUB",
	"российскии рубль": "RUB", "rubli": "RUB", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
	"euro": "EUR", "euros": "EUR", "евро": "EUR", "eur": "EUR",
	"dollar": "USD", "dollars": "USD", "us dollar": "USD", "us dollars": "USD", "dollaro": "USD", "dollari": "USD",
	"dolar": "USD", "dolares": "USD", "доллар": "USD", "долл": "USD", "доллар сша": "USD", "usd": "USD", "us": "USD",
	"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "pound sterling": "GBP", "sterline": "GBP", "sterlina": "GBP",
	"gbp": "GBP", "yen": "JPY", "yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
	"rs": "INR", "inr": "INR", "franc": "CHF", "francs": "CHF", "fr": "CHF", "sfr": "CHF", "chf": "CHF",
	"franchi svizzeri": "CHF", "franco svizzero": "CHF", "zł": "PLN", "zl": "PLN", "zloty": "PLN", "kc": "CZK",
	"ft": "HUF", "lei": "RON", "грн": "UAH", "гривна": "UAH", "тенге": "KZT", "lira": "TRY", "tl": "TRY",
	// as written, so that currencyWord finds them without folding
	"руб.": "RUB", "р.": "RUB", "Руб.": "RUB", "Руб": "RUB", "Р.": "RUB", "RUR": "RUB", "Fr.": "CHF", "Fr": "CHF",
	"€": "EUR", "Euro": "EUR", "Eur": "EUR", "Usd": "USD",
}

// numScan is the shape of a number's text: its digits and where the
// separators stand among them.
type numScan struct {
	nd   int // digits
	nz   int // digits before the first non-zero digit (nd if none)
	nsep int
	seps [32]struct {
		kind byte // '.', ',', ' ' (any space) or '\''
		at   int  // digits before it
	}
	exp bool // an exponent form, validated; value() uses big.Rat
}

// scan reads t, which must be digits and separators only, or a plain
// exponent form.
func (sc *numScan) scan(t string) bool {
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			if c == '0' && sc.nz == sc.nd {
				sc.nz++
			}
			sc.nd++
			i++
			continue
		case c == 'e' || c == 'E':
			return sc.scanExp(t, i)
		}
		var kind byte
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r == '.' || r == ',':
			kind = byte(r)
		case r == '\'' || r == '’':
			kind = '\''
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u2007':
			kind = ' '
		default:
			return false
		}
		if sc.nsep == len(sc.seps) {
			return false
		}
		sc.seps[sc.nsep].kind, sc.seps[sc.nsep].at = kind, sc.nd
		sc.nsep++
		i += size
	}
	return sc.nd > 0
}

// scanExp accepts digits with at most one '.' before the exponent and a
// bounded exponent after it, so that "1e999999999" cannot cost memory.
func (sc *numScan) scanExp(t string, at int) bool {
	if sc.nd == 0 || sc.nsep > 1 || (sc.nsep == 1 && sc.seps[0].kind != '.') {
		return false
	}
	e := t[at+1:]
	if e != "" && (e[0] == '+' || e[0] == '-') {
		e = e[1:]
	}
	if e == "" || len(e) > 3 {
		return false
	}
	for i := 0; i < len(e); i++ {
		if e[i] < '0' || e[i] > '9' {
			return false
		}
	}
	sc.exp = true
	return true
}

func (sc *numScan) count(kind byte) int {
	n := 0
	for i := 0; i < sc.nsep; i++ {
		if sc.seps[i].kind == kind {
			n++
		}
	}
	return n
}

func (sc *numScan) lastOf(kind byte) int {
	for i := sc.nsep - 1; i >= 0; i-- {
		if sc.seps[i].kind == kind {
			return i
		}
	}
	return -1
}

// singleIsDecimal applies the DecimalAuto rule to a separator that
// appears once: is it the decimal separator?
func (sc *numScan) singleIsDecimal(kind byte) bool {
	i := sc.lastOf(kind)
	intDigits := sc.seps[i].at
	after := sc.nd - intDigits
	if after != 3 {
		return after > 0
	}
	if intDigits > 3 || sc.nsep > 1 {
		return true
	}
	return sc.nz >= intDigits
}

// value turns the scanned text into a number, deciding the decimal
// separator by sep.
func (sc *numScan) value(t string, sep DecimalSep) (*big.Rat, bool) {
	if sc.exp {
		v, ok := new(big.Rat).SetString(t)
		return v, ok
	}
	var dec byte
	switch sep {
	case DecimalPoint:
		dec = '.'
	case DecimalComma:
		dec = ','
	default:
		dots, commas := sc.count('.'), sc.count(',')
		switch {
		case dots > 0 && commas > 0:
			dec = sc.seps[max(sc.lastOf('.'), sc.lastOf(','))].kind
		case dots == 1 && sc.singleIsDecimal('.'):
			dec = '.'
		case commas == 1 && sc.singleIsDecimal(','):
			dec = ','
		}
	}
	// The decimal separator, if present, must be the last separator and
	// appear once; everything before it groups with one character.
	ng := sc.nsep
	intDigits := sc.nd
	if dec != 0 && sc.count(dec) > 0 {
		if sc.count(dec) != 1 || sc.seps[sc.nsep-1].kind != dec {
			return nil, false
		}
		ng--
		intDigits = sc.seps[ng].at
		if intDigits == sc.nd {
			return nil, false // "12." has no fraction digits
		}
	}
	if ng > 0 {
		kind := sc.seps[0].kind
		prev := 0
		for i := 0; i < ng; i++ {
			g := sc.seps[i]
			if g.kind != kind {
				return nil, false
			}
			size := g.at - prev
			switch {
			case i == 0 && (size < 1 || size > 3):
				return nil, false
			case i > 0 && size != 3 && !(size == 2 && kind == ','):
				return nil, false
			}
			prev = g.at
		}
		if intDigits-prev != 3 {
			return nil, false
		}
	}
	return digitsRat(t, sc.nd, sc.nd-intDigits), true
}

var pow10s = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// digitsRat builds digits(t) / 10^scale, with int64 arithmetic when the
// digits fit.
func digitsRat(t string, nd, scale int) *big.Rat {
	if nd <= 18 {
		var n int64
		for i := 0; i < len(t); i++ {
			if c := t[i]; c >= '0' && c <= '9' {
				n = n*10 + int64(c-'0')
			}
		}
		d := pow10s[scale]
		for d > 1 && n%10 == 0 {
			n, d = n/10, d/10
		}
		if d == 1 {
			return new(big.Rat).SetInt64(n) // no gcd to compute
		}
		return new(big.Rat).SetFrac64(n, d)
	}
	buf := make([]byte, 0, nd)
	for i := 0; i < len(t); i++ {
		if c := t[i]; c >= '0' && c <= '9' {
			buf = append(buf, c)
		}
	}
	num, _ := new(big.Int).SetString(string(buf), 10)
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	return new(big.Rat).SetFrac(num, den)
}
