package ingest

import "strings"

// currencies numbers the currency codes of a table's rows in order of
// first use: a row holds a 2-byte currencyRef instead of a 16-byte string
// header. A table has few currencies (the codes come from the parser's
// tables of ISO codes and names), so a short list searched in order does.
type currencies []string

// currencyRef is 1 + a code's index in its table's currencies; 0 is no
// currency.
type currencyRef uint16

// ref numbers code, adding it on first use.
func (cs *currencies) ref(code string) currencyRef {
	if code == "" {
		return 0
	}
	for i, c := range *cs {
		if c == code {
			return currencyRef(i + 1)
		}
	}
	if len(*cs) == int(^currencyRef(0)) {
		// There are far fewer currency codes than this.
		panic("ingest: more currencies in a table than a currencyRef can number")
	}
	// A copy: an ISO code may be a piece of an amount's cell.
	*cs = append(*cs, strings.Clone(code))
	return currencyRef(len(*cs))
}

// code is the currency code r refers to, "" for none.
func (cs currencies) code(r currencyRef) string {
	if r == 0 {
		return ""
	}
	return cs[r-1]
}
