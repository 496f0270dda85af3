package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// headerSearch is the first stage of a table: the rows above it go in
// one at a time until one reads as a table header (mapHeader, columns.go).
// The search gives up after headerScanRows non-blank rows, or when the
// header is recognised and refused: a general-ledger journal that cannot
// be read (journal.go), a payments export (payments.go). A cell longer
// than the cell limit above the header is ignored (in the table it
// rejects its row, sheetState.dataRow).
type headerSearch struct {
	scanned []rowsrc.Row // the rows searched, for the messages and the payments clues
	gaveUp  bool
	// refused says why a recognised table is not read (a payments export,
	// a journal without account types); payments marks the first kind.
	refused  string
	payments bool
}

// offer looks at the next non-blank row and returns the table's header
// if this row is it.
func (hs *headerSearch) offer(r rowsrc.Row, opts *Options, sheet string) *header {
	// The scanner reuses its slices; rows kept for the message are copied.
	r.Cells = append([]string(nil), r.Cells...)
	r.Flags = nil
	// An over-long cell above the table is a banner or a note, not data;
	// blank it so it neither matches nor floods the message.
	for idx, _ := longCell(r, opts.Limits.MaxCellChars); idx >= 0; idx, _ = longCell(r, opts.Limits.MaxCellChars) {
		r.Cells[idx] = ""
	}
	hs.scanned = append(hs.scanned, r)
	if h := mapHeader(r, opts); h != nil {
		if h.refuse != "" {
			hs.refused, hs.gaveUp = h.refuse, true
			return nil
		}
		if why := paymentsWhy(hs.scanned, sheet, h); why != "" {
			if p := asPayments(h); p != nil {
				hs.scanned = nil
				return p
			}
			hs.refused, hs.payments, hs.gaveUp = why, true, true
			return nil
		}
		hs.scanned = nil
		return h
	}
	// Tables of their own that name no invoice date and amount: payments
	// whose only date is the payment's (payments.go), customer lists
	// (customers.go).
	if h := mapOtherTable(r, opts); h != nil {
		hs.scanned = nil
		return h
	}
	if len(hs.scanned) >= headerScanRows {
		hs.gaveUp = true
	}
	return nil
}

// longCell finds a cell over the cell length limit (max characters).
func longCell(r rowsrc.Row, max int) (int, int) {
	for i, c := range r.Cells {
		if len(c) > max {
			if n := utf8.RuneCountInString(c); n > max {
				return i, n
			}
		}
	}
	return -1, 0
}

// headerScanRows is how many non-blank rows are searched for the header:
// exports put titles, filters and banners above the table, never pages of
// them.
const headerScanRows = 30

// sawHeaders names the most header-like of the rows scanned, for the "no
// invoice table" message, so the user can see what the sheet looked like
// and map the columns in the config: the row with the most different
// texts of two letters or more (not a title, nor a row of markers such as
// "O M M O"), then the most texts, then the first.
func sawHeaders(rows []rowsrc.Row) string {
	best, bestDistinct, bestN := -1, 0, 0
	for i, r := range rows {
		n := 0
		distinct := map[string]bool{}
		for _, c := range r.Cells {
			if c == "" || looksNumeric(c) {
				continue
			}
			n++
			if letters(c) >= 2 {
				distinct[c] = true
			}
		}
		if n > 0 && (best < 0 || len(distinct) > bestDistinct || len(distinct) == bestDistinct && n > bestN) {
			best, bestDistinct, bestN = i, len(distinct), n
		}
	}
	if best < 0 {
		return "(nothing: the sheet is empty)"
	}
	var names []string
	for _, c := range rows[best].Cells {
		if c == "" || looksNumeric(c) {
			continue
		}
		names = append(names, parse.Truncate(strings.Join(strings.Fields(c), " "), 40))
		if len(names) == 8 {
			names = append(names, "...")
			break
		}
	}
	return strings.Join(names, ", ")
}

// hasText reports whether any row has a cell that is not a number or a
// date.
func hasText(rows []rowsrc.Row) bool {
	for _, r := range rows {
		for _, c := range r.Cells {
			if c != "" && !looksNumeric(c) && !parse.IsISOPrefix(c) {
				return true
			}
		}
	}
	return false
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func looksNumeric(s string) bool {
	hasDigit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case strings.ContainsRune(".,-+/:()%' ", r):
		default:
			return false
		}
	}
	return hasDigit
}
