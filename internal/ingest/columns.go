package ingest

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// column is a field's source column.
type column struct {
	idx    int
	header string
	how    string // "exact", "contains", "near", "config", "beside"
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
	// hot holds the columns of the fields a row reads (hotSlot), once the
	// map is final (freeze), nil for a field without one: a row's parsing
	// looks up a dozen fields, and a million rows' lookups by name, each
	// copying the column out of the map, were a tenth of the parsing.
	hot    [numHotFields]*column
	frozen bool
}

// numHotFields is the number of fields hotSlot numbers.
const numHotFields = 15

// hotFields are the fields hotSlot numbers, in its order.
var hotFields = [numHotFields]string{FieldNumber, FieldClient, FieldClientID, FieldIssueDate, FieldDueDate, FieldPaidDate,
	FieldAmount, FieldOutstanding, FieldCurrency, FieldStatus, FieldKind, FieldPaidAmount, FieldPaidFlag, FieldDisputed, FieldHours}

// hotSlot is field's index in hotFields, -1 for any other field.
func hotSlot(field string) int {
	switch field {
	case FieldNumber:
		return 0
	case FieldClient:
		return 1
	case FieldClientID:
		return 2
	case FieldIssueDate:
		return 3
	case FieldDueDate:
		return 4
	case FieldPaidDate:
		return 5
	case FieldAmount:
		return 6
	case FieldOutstanding:
		return 7
	case FieldCurrency:
		return 8
	case FieldStatus:
		return 9
	case FieldKind:
		return 10
	case FieldPaidAmount:
		return 11
	case FieldPaidFlag:
		return 12
	case FieldDisputed:
		return 13
	case FieldHours:
		return 14
	}
	return -1
}

// freeze fills hot from the column map, which does not change after it:
// startTable calls it before the table's rows are parsed.
func (h *header) freeze() {
	for i, f := range hotFields {
		if c, ok := h.cols[f]; ok {
			h.hot[i] = &c
		}
	}
	h.frozen = true
}

// colRef is field's column, nil if the table has none; once the header is
// frozen, a hot field's is found without a map lookup or a copy.
func (h *header) colRef(field string) *column {
	if h.frozen {
		if i := hotSlot(field); i >= 0 {
			return h.hot[i]
		}
	}
	if c, ok := h.cols[field]; ok {
		return &c
	}
	return nil
}

func (h *header) col(field string) (column, bool) {
	if c := h.colRef(field); c != nil {
		return *c, true
	}
	return column{}, false
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
	return mapHeaderExcept(r, opts, nil)
}

// mapHeaderExcept is mapHeader with some columns left out of the synonym
// matching (their values disagreed with the field, settleMapping).
func mapHeaderExcept(r rowsrc.Row, opts *Options, exclude map[int]bool) *header {
	// The header keeps its texts (and its columns' names) for as long as
	// the file's documents live; a cell of a workbook is a substring of
	// its shared strings, which must not stay in memory for a few header
	// names. The cells are copied.
	cells := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		cells[i] = strings.Clone(c)
	}
	r.Cells = cells
	h := mapColumnsExcept(r, opts, exclude)
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
	return mapColumnsExcept(r, opts, nil)
}

func mapColumnsExcept(r rowsrc.Row, opts *Options, exclude map[int]bool) *header {
	var cands []candidate
	for i, c := range r.Cells {
		if c == "" || exclude[i] {
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
		switch {
		case c.m.Exact:
			how = "exact"
		case c.m.Near:
			how = "near"
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
		weakNet := hasNet && net.fuzzy() && g.how == "exact" && !strings.EqualFold(opts.Amount, "net")
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

// sampleRows is how many data rows below the header are read before the
// mapping is settled: enough to see what the columns hold, few enough to
// keep in memory.
const sampleRows = 50

// fuzzy reports whether a column was mapped by a guess about its header
// (a synonym inside a longer header, a word one typo away) rather than by
// the whole header or the config.
func (c column) fuzzy() bool { return c.how == "contains" || c.how == "near" }

// valueKinds names what the values of a field's column must be, as said
// in the note when they are not.
var valueKinds = map[string]string{
	FieldIssueDate: "dates", FieldDueDate: "dates", FieldPaidDate: "dates",
	FieldAmount: "amounts", FieldGross: "amounts", FieldOutstanding: "amounts", FieldPaidAmount: "amounts",
	FieldHours: "hours", FieldCurrency: "currencies", FieldDisputed: "yes/no",
}

// valueFits reports whether a cell's value is of the kind the field
// holds (valueKinds); fields of free text take anything.
func valueFits(field, text string, flag rowsrc.Flag, xlsx bool) bool {
	text = strings.TrimSpace(text)
	switch valueKinds[field] {
	case "dates":
		if flag == rowsrc.FlagDate || parse.IsISOPrefix(text) {
			return true
		}
		if parse.IsNumLiteral(text) {
			v, err := strconv.ParseFloat(text, 64)
			// a workbook serial from 1954 to 2119, or yyyymmdd
			return err == nil && v == float64(int64(v)) &&
				((xlsx && v >= 20000 && v <= 80000) || (v >= 19000101 && v <= 21001231))
		}
		_, err := parse.ParseDateText(text, parse.OrderUnknown)
		return err == nil || errors.Is(err, parse.ErrAmbiguousDate)
	case "amounts":
		a, err := parse.ParseAmount(text, parse.DecimalAuto)
		return err == nil && a.Value != nil
	case "hours":
		if flag == rowsrc.FlagTime {
			return true
		}
		_, err := parse.ParseDuration(text)
		return err == nil
	case "currencies":
		_, ok := parse.CurrencyCode(text)
		return ok
	case "yes/no":
		_, ok := parse.ParseYesNo(text)
		return ok
	}
	return true
}

// columnEvidence counts a column's non-empty values in the sample and
// those of the field's kind.
func columnEvidence(rows []rowsrc.Row, idx int, field string, xlsx bool) (n, fit int) {
	for _, r := range rows {
		if idx >= len(r.Cells) || strings.TrimSpace(r.Cells[idx]) == "" {
			continue
		}
		n++
		if valueFits(field, r.Cells[idx], r.Flag(idx), xlsx) {
			fit++
		}
	}
	return n, fit
}

// mappingChange is a column the sample made the reader take or leave, for
// the notes.
type mappingChange struct {
	field  string
	col    column // the column left, or taken
	beside column // taken: the empty column it stands in for
	kind   string // left: what its values are not
}

// settleMapping checks a header's guesses against the first data rows,
// as the date and amount columns are voted on: a column matched by a
// fuzzy header (contains, near) whose values are mostly not of the field's
// kind is not taken ("Payments Pro" holding Yes/No is no amount paid), and
// another header cell may take the field instead. Then an issue date
// column that is empty in every row gives way to a column beside it that
// has no header and holds only dates (hand-kept registers). A header that
// would no longer be a table keeps its required fields.
func settleMapping(h *header, rows []rowsrc.Row, opts *Options, xlsx bool) (*header, []mappingChange) {
	var changes []mappingChange
	exclude := map[int]bool{}
	for range len(h.texts) + 1 {
		var bad []string
		for _, f := range sortedKeys(h.cols) {
			c := h.cols[f]
			if !c.fuzzy() || valueKinds[f] == "" {
				continue
			}
			if n, fit := columnEvidence(rows, c.idx, f, xlsx); n > 0 && 2*fit < n {
				bad = append(bad, f)
			}
		}
		if len(bad) == 0 {
			break
		}
		for _, f := range bad {
			exclude[h.cols[f].idx] = true
		}
		nh := mapHeaderExcept(rowsrc.Row{Num: h.row, Cells: h.texts}, opts, exclude)
		if nh == nil || nh.refuse != "" || nh.kind != h.kind || (nh.journal == nil) != (h.journal == nil) {
			// Without the column the row would not be a table: leave out
			// only the optional fields.
			for _, f := range bad {
				if !requiredField(f, h.kind) {
					changes = append(changes, mappingChange{field: f, col: h.cols[f], kind: valueKinds[f]})
					delete(h.cols, f)
				}
			}
			h.lang = headerLang(h)
			break
		}
		for _, f := range bad {
			changes = append(changes, mappingChange{field: f, col: h.cols[f], kind: valueKinds[f]})
		}
		h = nh
	}
	if ch, ok := dateBeside(h, rows, xlsx); ok {
		h.cols[FieldIssueDate] = ch.col
		changes = append(changes, ch)
	}
	return h, changes
}

// requiredField: a table is not one without it.
func requiredField(f, kind string) bool {
	switch f {
	case FieldClient, FieldClientID, FieldIssueDate:
		return true
	case FieldAmount:
		return kind != "time"
	case FieldHours:
		return kind == "time"
	}
	return false
}

// dateBeside finds, for an issue date column empty in every sampled row,
// a neighbouring column with no header whose values are all dates.
func dateBeside(h *header, rows []rowsrc.Row, xlsx bool) (mappingChange, bool) {
	d, ok := h.cols[FieldIssueDate]
	if !ok || d.how == "config" || h.journal != nil {
		return mappingChange{}, false
	}
	if n, _ := columnEvidence(rows, d.idx, FieldIssueDate, xlsx); n > 0 {
		return mappingChange{}, false
	}
	used := map[int]bool{}
	for _, c := range h.cols {
		used[c.idx] = true
	}
	for _, idx := range []int{d.idx + 1, d.idx - 1} {
		if idx < 0 || used[idx] || (idx < len(h.texts) && strings.TrimSpace(h.texts[idx]) != "") {
			continue
		}
		if n, fit := columnEvidence(rows, idx, FieldIssueDate, xlsx); n > 0 && fit == n {
			return mappingChange{field: FieldIssueDate, col: column{idx: idx, how: "beside", match: d.match}, beside: d}, true
		}
	}
	return mappingChange{}, false
}
