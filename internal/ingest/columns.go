package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// column is a field's source column.
type column struct {
	idx    int
	header string
	how    string // "exact", "contains", "config"
	match  headerMatch
}

// label is how a column is named in row errors: E "Importo".
func (c column) label() string {
	return fmt.Sprintf("%s %q", columnLetter(c.idx), c.header)
}

func columnLetter(idx int) string {
	s, err := excelize.ColumnNumberToName(idx + 1)
	if err != nil {
		return strconv.Itoa(idx + 1)
	}
	return s
}

// header is a recognised table header.
type header struct {
	row        int
	kind       string // "invoices" or "time"
	cols       map[string]column
	lang       string   // language of the headers, for undecidable date orders
	lineAmount bool     // the amount header names a line amount (Line Total)
	texts      []string // the header row's cells
	// journal is set for a general-ledger transaction export (journal.go);
	// refuse is why a header that was recognised cannot be read correctly.
	journal *journalCols
	refuse  string
}

func (h *header) col(field string) (column, bool) {
	c, ok := h.cols[field]
	return c, ok
}

// candidate is one header cell that matched a field.
type candidate struct {
	field string
	col   int
	text  string
	m     headerMatch
}

// betterCandidate orders candidates for one field by matchHeader's
// priority (it already ranks an exact synonym above one found inside a
// longer header, except weak words such as "Name" that lose to any other
// match), then exact over contains, then the leftmost column.
func betterCandidate(a, b candidate) bool {
	if a.m.Priority != b.m.Priority {
		return a.m.Priority > b.m.Priority
	}
	if a.m.Exact != b.m.Exact {
		return a.m.Exact
	}
	return a.col < b.col
}

// parseColumnLetter reads a config column given as a letter ("E", "ab").
func parseColumnLetter(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 3 {
		return 0, false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return 0, false
		}
	}
	n, err := excelize.ColumnNameToNumber(strings.ToUpper(s))
	if err != nil {
		return 0, false
	}
	return n - 1, true
}

// mapHeader tries to read cells as a table header. It returns nil when the
// row does not name at least a client (or client id), a date and an amount
// (or hours, for time-tracking exports). A general-ledger header comes back
// with journal set (its amount is the credit column when it has debit and
// credit columns), or with refuse set when it cannot be read correctly.
func mapHeader(r rowsrc.Row, opts *Options) *header {
	h := mapColumns(r, opts)
	if h.refuse = mapJournal(h, r.Cells); h.refuse != "" {
		return h
	}
	_, hasClient := h.cols[FieldClient]
	_, hasID := h.cols[FieldClientID]
	_, hasDate := h.cols[FieldIssueDate]
	_, hasAmount := h.cols[FieldAmount]
	_, hasHours := h.cols[FieldHours]
	switch {
	case (hasClient || hasID) && hasDate && hasAmount:
		h.kind = "invoices"
	case (hasClient || hasID) && hasDate && hasHours && h.journal == nil:
		h.kind = "time"
	default:
		return nil
	}
	if a, ok := h.cols[FieldAmount]; ok {
		h.lineAmount = a.match.Line
	}
	h.lang = headerLang(h)
	return h
}

// mapColumns maps every header cell it recognises to a field, the config's
// columns first, without deciding whether the row is a table header.
func mapColumns(r rowsrc.Row, opts *Options) *header {
	var cands []candidate
	for i, c := range r.Cells {
		if c == "" {
			continue
		}
		m, ok := matchHeader(c)
		if !ok {
			continue
		}
		field := m.Field
		if field == FieldAmount && m.Gross {
			field = FieldGross
		}
		cands = append(cands, candidate{field: field, col: i, text: c, m: m})
	}
	h := &header{row: r.Num, cols: make(map[string]column), texts: r.Cells}
	used := make(map[int]bool)
	mapConfigColumns(h, r, opts, used)
	sort.SliceStable(cands, func(i, j int) bool { return betterCandidate(cands[i], cands[j]) })
	for _, c := range cands {
		if _, taken := h.cols[c.field]; taken || used[c.col] {
			continue
		}
		how := "contains"
		if c.m.Exact {
			how = "exact"
		}
		h.cols[c.field] = column{idx: c.col, header: c.text, how: how, match: c.m}
		used[c.col] = true
	}
	chooseAmount(h, opts)
	return h
}

// mapConfigColumns maps the fields input.columns names, by header text
// first, else by column letter; each takes its column before any synonym
// can. used marks the columns taken.
func mapConfigColumns(h *header, r rowsrc.Row, opts *Options, used map[int]bool) {
	fields := make([]string, 0, len(opts.Columns))
	for f := range opts.Columns {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		want := opts.Columns[f]
		idx := -1
		// A header text match is tried first: a header called "E" is
		// unlikely, but a header is what most users write.
		wantNorm := normalizeHeader(want)
		for i, c := range r.Cells {
			if c != "" && normalizeHeader(c) == wantNorm {
				idx = i
				break
			}
		}
		if idx < 0 {
			if l, ok := parseColumnLetter(want); ok {
				idx = l
			}
		}
		if idx < 0 || used[idx] {
			continue
		}
		text := ""
		if idx < len(r.Cells) {
			text = r.Cells[idx]
		}
		h.cols[f] = column{idx: idx, header: text, how: "config"}
		used[idx] = true
	}
}

// chooseAmount decides which column is the amount when the header has
// both a net and a gross one.
func chooseAmount(h *header, opts *Options) {
	// Net is the amount; a gross column stands in only when there is no
	// net one or the config asks for gross.
	// A net column found only inside a longer header ("ShipAmount") is a
	// weaker reading than a gross total named exactly ("TotalAmount"), so
	// the exact gross wins there unless the config says net.
	if g, ok := h.cols[FieldGross]; ok {
		net, hasNet := h.cols[FieldAmount]
		weakNet := hasNet && net.how == "contains" && g.how == "exact" && !strings.EqualFold(opts.Amount, "net")
		configNet := hasNet && net.how == "config" && g.how != "config"
		if !configNet && (!hasNet || weakNet || strings.EqualFold(opts.Amount, "gross")) {
			h.cols[FieldAmount] = g
			delete(h.cols, FieldGross)
		}
	}
}

// headerLang is the language the headers are written in: that of the
// issue date header when it has one, else the most common among the mapped
// headers.
func headerLang(h *header) string {
	if c, ok := h.cols[FieldIssueDate]; ok && c.match.Lang != "" {
		return c.match.Lang
	}
	votes := map[string]int{}
	best, bestN := "", 0
	for _, c := range h.cols {
		if c.match.Lang == "" {
			continue
		}
		votes[c.match.Lang]++
		if n := votes[c.match.Lang]; n > bestN || (n == bestN && c.match.Lang < best) {
			best, bestN = c.match.Lang, n
		}
	}
	return best
}

// mappingOf lists the mapping in column order for SheetResult.
func mappingOf(h *header) []ColumnMapping {
	out := make([]ColumnMapping, 0, len(h.cols))
	for f, c := range h.cols {
		out = append(out, ColumnMapping{Field: f, Column: columnLetter(c.idx), Header: c.header, How: c.how})
	}
	sort.Slice(out, func(i, j int) bool {
		ci, cj := h.cols[out[i].Field].idx, h.cols[out[j].Field].idx
		if ci != cj {
			return ci < cj
		}
		return out[i].Field < out[j].Field
	})
	return out
}

func (h *header) hasPaymentInfo() bool {
	for _, f := range []string{FieldPaidDate, FieldStatus, FieldOutstanding, FieldPaidFlag, FieldPaidAmount} {
		if _, ok := h.col(f); ok {
			return true
		}
	}
	return false
}
