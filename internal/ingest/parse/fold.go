package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Fold is the comparison form shared by headers and words: NFKD with
// the combining marks removed (so "Número" and "numero", "Fällig" and
// "fallig" meet), case folded, every run of non-letters/non-digits turned
// into one space, trimmed. "#", "N°" and "№" become the word "no" because
// exports use them interchangeably for "number". camelCase and
// PascalCase words are split first ("CustomerName" -> "customer name")
// when split is true.
func Fold(s string, split bool) string {
	if isPlainASCII(s) {
		return foldASCII(s, split)
	}
	if split {
		s = splitCamel(s)
	}
	s = numberSigns.Replace(s)
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	s = cases.Fold().String(b.String())
	b.Reset()
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// numberSigns are the ways exports write "number" with a sign.
var numberSigns = strings.NewReplacer("#", " no ", "°", "o", "№", " no ")

// isPlainASCII reports whether s is ASCII without '#', which needs the
// "no" rewrite and is handled by the general path.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '#' {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII input, the common case, without the
// Unicode tables.
func foldASCII(s string, split bool) string {
	return string(foldASCIIInto(make([]byte, 0, len(s)+4), s, split))
}

// foldASCIIInto appends the folded form of the ASCII string s to dst.
func foldASCIIInto(dst []byte, s string, split bool) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		isUp := c >= 'A' && c <= 'Z'
		isLow := c >= 'a' && c <= 'z'
		isDig := c >= '0' && c <= '9'
		if !isUp && !isLow && !isDig {
			space = true
			continue
		}
		if split && isUp && i > 0 && !space {
			p := s[i-1]
			prevLow := p >= 'a' && p <= 'z'
			prevUp := p >= 'A' && p <= 'Z'
			nextLow := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
			if prevLow || (prevUp && nextLow) {
				space = true
			}
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		if isUp {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// lookupFolded looks the folded form of s up in m, without allocating for
// short ASCII words: status, kind and yes/no cells are read on every row.
func lookupFolded[V any](m map[string]V, s string) (V, bool) {
	if len(s) <= 64 && isPlainASCII(s) {
		var buf [64 + 8]byte
		v, ok := m[string(foldASCIIInto(buf[:0], s, false))]
		return v, ok
	}
	v, ok := m[Fold(s, false)]
	return v, ok
}

// splitCamel puts a space where a lower-case letter meets an upper-case
// one ("ContactName") and before the last capital of an acronym that
// starts a word ("IGSTAmount" -> "IGST Amount").
func splitCamel(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) {
			p := rs[i-1]
			nextLow := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(p) || (unicode.IsUpper(p) && nextLow) {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
