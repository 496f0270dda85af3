package parse

import (
	"strconv"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// GroupedLike: a point followed by exactly three digits may be a
// thousands separator ("1.234" is 1234 in Italy).
func GroupedLike(s string) bool {
	s = strings.TrimLeft(s, "+-")
	intPart, frac, ok := strings.Cut(s, ".")
	if !ok || len(intPart) < 1 || len(intPart) > 3 || len(frac) != 3 {
		return false
	}
	for _, c := range []byte(intPart + frac) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// IsNumLiteral matches a plain number as a workbook stores it: optional
// sign, digits with at most one point, optional exponent.
func IsNumLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		case (c == 'e' || c == 'E') && digits > 0:
			j := i + 1
			if j < len(s) && (s[j] == '-' || s[j] == '+') {
				j++
			}
			if j == len(s) {
				return false
			}
			for ; j < len(s); j++ {
				if s[j] < '0' || s[j] > '9' {
					return false
				}
			}
			return true
		default:
			return false
		}
	}
	return digits > 0
}

// PlainMoney reads a plain decimal ("1234.5", "-12") straight into minor
// units when it has no more decimals than the currency: the common case of
// workbook numbers, without the cost of a rational.
func PlainMoney(s, currency string) (invoice.Money, bool) {
	neg := false
	if s != "" && s[0] == '-' {
		neg, s = true, s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	digits := invoice.MinorDigits(currency)
	if intPart == "" || len(intPart) > 15 || len(frac) > digits {
		return 0, false
	}
	var v int64
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
	}
	for i := len(frac); i < digits; i++ {
		v *= 10
	}
	if neg {
		v = -v
	}
	return invoice.Money(v), true
}

// FloatLiteral rewrites a number literal a workbook stores for a binary
// double into the shortest decimal that reads back as the same double (the
// digits strconv.FormatFloat(v, 'g', -1, 64) gives, without an exponent
// when the literal had none): Excel and other writers store 393.165 as
// "393.16500000000002", its 17 significant digits, and read exactly that
// would round to 393.17 where the user sees 393.165 (393.16 half-even).
// The double is unchanged, only its spelling, so dates and hours read the
// same. Only a literal with a point or an exponent and 16 or 17
// significant digits that are the double's own rounding at that length
// is rewritten; anything else is kept as typed: shorter literals, longer
// exact decimals, and whole numbers (an id beyond 2^53 written in full).
// A result of one to three digits, a point and three decimals gets a
// trailing zero ("393.1650"), so that it is not taken for 393165 written
// with a thousands point (see GroupedLike): the number it reads as is the
// same. Excel itself shows at most 15 significant digits; the shortest
// form is those digits whenever the double was typed or read from text,
// and an amount column takes 15 digits anyway (CleanFloat).
func FloatLiteral(text string) string {
	digits, sig, frac, exp := literalDigits(text)
	if !frac && !exp {
		return text
	}
	if n := len(sig); n < 16 || n > 17 || digits > 40 {
		return text
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || v == 0 {
		return text
	}
	if _, round, _, _ := literalDigits(strconv.FormatFloat(v, 'e', len(sig)-1, 64)); round != sig {
		return text // not a double written out: an exact decimal
	}
	if exp {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	short := strconv.FormatFloat(v, 'f', -1, 64)
	if GroupedLike(short) {
		// "393.165" would pass for a thousands group in a text cell; a
		// number cell's point never is one, and "393.1650" says so.
		short += "0"
	}
	return short
}

// literalDigits reads a number literal (IsNumLiteral): how many digits it
// has, its significant digits (leading and trailing zeros dropped), and
// whether it has a point or an exponent.
func literalDigits(text string) (digits int, sig string, frac, exp bool) {
	start, end := -1, -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if c != '0' {
				if start < 0 {
					start = i
				}
				end = i + 1
			}
		case c == '.':
			frac = true
		case c == 'e' || c == 'E':
			exp = true
			i = len(text)
		}
	}
	if start >= 0 {
		sig = strings.ReplaceAll(text[start:end], ".", "")
	}
	return digits, sig, frac, exp
}

// CleanFloat turns a raw workbook number into the decimal Excel shows:
// 15 significant digits, as Excel itself keeps, so that 0.1+0.2 stored as
// 0.30000000000000004 reads as 0.3 and is not counted as rounded.
func CleanFloat(text string) string {
	digits := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == 'e' || c == 'E':
			digits = 99
		}
	}
	if digits <= 15 {
		return text // already what Excel shows
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return text
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}
