package invoice

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// legalForms are company-form tokens (after NameKey's folding, so dots
// are already gone: "s.r.l." is "srl") that say nothing about who the
// client is. "co" counts only at the end ("Acme & Co."), where it is a
// form; at the start it is usually a word ("Co-op ...").
var legalForms = map[string]bool{
	// Italy
	"srl": true, "srls": true, "spa": true, "sas": true, "snc": true, "sapa": true, "scarl": true, "scrl": true,
	// Spain, Latin America
	"sl": true, "slu": true, "sa": true, "sau": true, "sll": true, "slne": true, "sacv": true, "sadecv": true,
	// English-speaking
	"ltd": true, "limited": true, "llc": true, "llp": true, "lp": true, "inc": true, "incorporated": true,
	"corp": true, "corporation": true, "plc": true, "pty": true, "pvt": true, "pllc": true,
	// German-speaking
	"gmbh": true, "ag": true, "kg": true, "kgaa": true, "ug": true, "ohg": true, "gbr": true, "ev": true, "mbh": true,
	// French-speaking
	"sarl": true, "sasu": true, "eurl": true, "sci": true,
	// Benelux, Nordics
	"bv": true, "nv": true, "bvba": true, "vof": true, "oy": true, "ab": true, "as": true, "asa": true, "aps": true,
	// Russia and neighbours
	"ооо": true, "оао": true, "зао": true, "пао": true, "ао": true, "ип": true, "нко": true, "тоо": true, "чп": true, "одо": true,
}

// NameKey normalises a client name for identity: Unicode NFKC, case
// folded, punctuation removed, whitespace collapsed, and legal forms
// (srl, s.r.l., spa, sl, s.a., ltd, llc, inc, gmbh, ооо, ао, ип ...)
// dropped where they stand as words at the end or the start, repeatedly
// ("Acme Holding GmbH & Co. KG" -> "acme holding", "ООО «Ромашка»" ->
// "ромашка"); at the start only forms of three letters or in Cyrillic
// count (see startForm). Dots and apostrophes
// are deleted so that "S.r.l." is "srl" and "O'Brien" is "obrien"; other
// punctuation separates words ("Acme-Tech" is "acme tech"); a run of
// one-letter words is joined ("S. p. A.", "J P Morgan" -> "spa", "jp
// morgan") so spacing inside initials does not split a client. Accents are
// kept: NFKC does not remove them and "Société" may differ from "Societe"
// in a name; the config's aliases merge such spellings. A name made only
// of legal forms keeps them rather than becoming "".
func NameKey(name string) string {
	var folded string
	if isASCII(name) {
		folded = strings.ToLower(name)
	} else {
		folded = cases.Fold().String(norm.NFKC.String(name))
		// x/text's Fold swaps the cases of some scripts (Cherokee) rather
		// than settling on one; lower(upper(r)) does settle, and a final
		// NFKC keeps the key a fixed point of NameKey.
		folded = norm.NFKC.String(strings.Map(settleCase, folded))
	}
	words := make([]string, 0, 8)
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range folded {
		switch {
		case r == '.' || r == '\'' || r == '’' || r == 'ʼ':
			// joins: s.r.l. -> srl
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// A mark belongs to the letter before it; a stray one would
			// make the key depend on mark order.
			if cur.Len() > 0 {
				cur.WriteRune(r)
			}
		default:
			flush()
		}
	}
	flush()
	words = joinInitials(words)
	if len(words) == 0 {
		return ""
	}
	lo, hi := 0, len(words)
	for hi > lo && (legalForms[words[hi-1]] || words[hi-1] == "co") {
		hi--
	}
	for lo < hi && legalForms[words[lo]] && startForm(words[lo]) {
		lo++
	}
	if lo == hi {
		lo, hi = 0, len(words)
	}
	key := strings.Join(words[lo:hi], " ")
	if !isASCII(key) {
		// Dropping punctuation can bring a letter and a mark together
		// ("A'́"): compose them so the key is a fixed point.
		key = norm.NFKC.String(key)
	}
	return key
}

func settleCase(r rune) rune { return unicode.ToLower(unicode.ToUpper(r)) }

// startForm says whether a legal form is dropped at the start of a name
// too: two-letter Latin forms are not, as they are often a name's own
// initials there ("AB Foods", "AS Roma", "SA Power"), while "ООО", "ИП"
// and "SARL" lead names by custom.
func startForm(w string) bool {
	return !isASCII(w) || len(w) >= 3
}

// joinInitials merges runs of one-letter words: "s p a" -> "spa".
func joinInitials(words []string) []string {
	out := words[:0]
	for i := 0; i < len(words); {
		if utf8.RuneCountInString(words[i]) != 1 {
			out = append(out, words[i])
			i++
			continue
		}
		j := i
		var b strings.Builder
		for j < len(words) && utf8.RuneCountInString(words[j]) == 1 {
			b.WriteString(words[j])
			j++
		}
		out = append(out, b.String())
		i = j
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ClientKey is a client's identity: "id:" and the client id with spaces,
// dots and dashes removed and letters upper-cased ("it 012.345-678" ->
// "id:IT012345678") when the export has one, else "name:" and NameKey of
// the name. A country prefix is kept as written, so "IT01234567890" and
// "01234567890" are different keys: exports of one program write the id
// the same way, and the config's aliases join the rest. An id made only
// of separators counts as no id. With neither an id nor a name the key is
// "name:", which a reader should reject as a row without a client.
func ClientKey(id, name string) string {
	if id != "" {
		var b strings.Builder
		for _, r := range id {
			if unicode.IsSpace(r) || r == '.' || r == '-' || r == '‐' || r == '–' {
				continue
			}
			b.WriteRune(unicode.ToUpper(r))
		}
		if b.Len() > 0 {
			return "id:" + b.String()
		}
	}
	return "name:" + NameKey(name)
}
