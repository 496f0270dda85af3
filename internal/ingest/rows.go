package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// fileState is what a file's sheets share: the result being filled, the
// options and the hashes of the rows seen (duplicates are per file).
type fileState struct {
	res      *FileResult
	opts     *Options
	dups     map[[16]byte]struct{}
	seeds    [2]maphash.Seed
	rowsRead int
	tables   int
	noTables []string
	refusals []refusal
}

func newFileState(res *FileResult, opts *Options) *fileState {
	return &fileState{res: res, opts: opts, dups: make(map[[16]byte]struct{}),
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// noTableError fails the file when none of its sheets holds a table: a
// file that gave nothing must not look like a month without invoices.
func (fs *fileState) noTableError() error {
	if fs.tables > 0 {
		return nil
	}
	if err := fs.refusedError(); err != nil {
		return err
	}
	reason := "has no sheet with data"
	if len(fs.noTables) > 0 {
		reason = strings.Join(fs.noTables, "; ")
	}
	return &FileError{File: fs.res.Name, Reason: reason,
		Hint: "export a list with client, date and amount columns, or map the columns under input.columns in the config"}
}

func (fs *fileState) progress() {
	fs.rowsRead++
	if fs.opts.Progress != nil && fs.rowsRead%progressEvery == 0 {
		fs.opts.Progress(fs.rowsRead)
	}
}

// seen reports whether a row identical in every cell was seen before in
// this file, and remembers it. 16-byte hashes keep the set small on
// million-row files.
func (fs *fileState) seen(r rowsrc.Row) bool {
	cells := r.Cells
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	// Two 64-bit hashes with independent seeds make the 16-byte key; the
	// length before each cell keeps "ab","c" apart from "a","bc".
	var h1, h2 maphash.Hash
	h1.SetSeed(fs.seeds[0])
	h2.SetSeed(fs.seeds[1])
	for _, c := range cells {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(c)))
		h1.Write(n[:])
		h1.WriteString(c)
		h2.Write(n[:])
		h2.WriteString(c)
	}
	var k [16]byte
	binary.LittleEndian.PutUint64(k[:8], h1.Sum64())
	binary.LittleEndian.PutUint64(k[8:], h2.Sum64())
	if _, ok := fs.dups[k]; ok {
		return true
	}
	fs.dups[k] = struct{}{}
	return false
}

// sheetState reads one table: rows go in one at a time through add, and
// finish resolves what needed the whole column (date order, decimal
// separator, grain) and emits documents.
type sheetState struct {
	fs       *fileState
	res      SheetResult
	srcSheet string // sheet name in sources and row errors; "" for CSV
	xlsx     bool   // numbers are cell values: serial dates, point decimals
	date1904 bool

	scanned  []rowsrc.Row // rows searched for the header
	nonBlank int
	hdr      *header
	gaveUp   bool

	pend     pendingList
	notFlags map[string]int              // per yes/no field: values that were not yes/no
	keys     map[[2]string]clientStrings // by (id, name)
	// paidAmounts counts values of a "Paid" column read as amounts paid;
	// badPaid those that could not be used.
	paidAmounts, badPaid int
	dates                map[string]*orderVotes // per date field
	seps                 map[string]*sepVotes   // per amount field

	// refused says why a recognised table is not read (a payments export,
	// a ledger without account types); payments marks the first kind.
	refused  string
	payments bool
	// Ledger tables: lines left out (neither income nor receivable), and
	// invoice numbers whose receivable lines could not all be read.
	// payInfo: the header has a column that says whether an invoice was
	// paid (worked out once, not on every row).
	payInfo bool

	ledgerOther, ledgerAR int
	ledgerBadAR           map[string]bool
}

// pendingRow is a parsed row whose ambiguous values wait for the column's
// verdict. Most rows have no ambiguous value; only those keep raw text.
type pendingRow struct {
	doc     invoice.Document
	seconds int64
	amb     []ambiguous
	curSet  bool // currency came from the currency column
	// paidText is the amount already paid, when the export gives it
	// instead of a balance; it is read once the amount's separator is
	// known.
	paidText string
	dropped  bool // rejected when its ambiguous values were resolved
	// negate: the amount came from the debit side of a ledger line.
	negate bool
	line   ledgerLine // in a ledger table: income or receivable
}

type ambiguous struct {
	field string
	text  string
}

// orderVotes gathers a date column's evidence: values whose first part
// is above 12 (day first) or whose second is (month first), with the
// first row of each for the explanation.
type orderVotes struct {
	dmy, mdy       int
	dmyRow, mdyRow int
	ambiguous      int
	order          parse.DateOrder
	why            string
}

type sepVotes struct {
	point, comma int
	ambiguous    int
	sep          parse.DecimalSep
	why          string
}

func newSheetState(fs *fileState, name, srcSheet string, xlsx, date1904 bool) *sheetState {
	return &sheetState{fs: fs, res: SheetResult{Name: name}, srcSheet: srcSheet, xlsx: xlsx, date1904: date1904,
		dates: make(map[string]*orderVotes), seps: make(map[string]*sepVotes), keys: make(map[[2]string]clientStrings)}
}

// add takes the next row of the sheet. It returns an error only for a
// limit that fails the whole file.
func (s *sheetState) add(r rowsrc.Row) error {
	if s.gaveUp || r.Blank() {
		return nil
	}
	s.nonBlank++
	if s.nonBlank > s.fs.opts.Limits.MaxRows {
		where := s.fs.res.Name
		if s.srcSheet != "" {
			where = "sheet " + s.srcSheet
		}
		return &FileError{File: s.fs.res.Name,
			Reason: fmt.Sprintf("%s has more than %d rows, the limit", where, s.fs.opts.Limits.MaxRows),
			Hint:   "export a shorter period, or raise input.limits.max_rows in the config"}
	}
	s.fs.progress()
	if s.hdr == nil {
		return s.scan(r)
	}
	s.dataRow(r)
	return nil
}

func (s *sheetState) scan(r rowsrc.Row) error {
	// The scanner reuses its slices; rows kept for the message are copied.
	r.Cells = append([]string(nil), r.Cells...)
	r.Flags = nil
	// An over-long cell above the table is a banner or a note, not data;
	// blank it so it neither matches nor floods the message.
	for idx, _ := s.longCell(r); idx >= 0; idx, _ = s.longCell(r) {
		r.Cells[idx] = ""
	}
	s.scanned = append(s.scanned, r)
	if h := mapHeader(r, s.fs.opts); h != nil {
		if h.refuse != "" {
			s.refused, s.gaveUp = h.refuse, true
			return nil
		}
		if why := s.paymentsWhy(h); why != "" {
			s.refused, s.payments, s.gaveUp = why, true, true
			return nil
		}
		s.hdr = h
		s.payInfo = s.hasPaymentInfo()
		s.res.TableKind = h.kind
		s.res.HeaderRow = h.row
		s.res.Mapping = mappingOf(h)
		s.scanned = nil
		return nil
	}
	if len(s.scanned) >= headerScanRows {
		s.gaveUp = true
	}
	return nil
}

// longCell finds a cell over the cell length limit.
func (s *sheetState) longCell(r rowsrc.Row) (int, int) {
	max := s.fs.opts.Limits.MaxCellChars
	for i, c := range r.Cells {
		if len(c) > max {
			if n := utf8.RuneCountInString(c); n > max {
				return i, n
			}
		}
	}
	return -1, 0
}

func (s *sheetState) source(row int) invoice.Source {
	return invoice.Source{File: s.fs.res.Name, Sheet: s.srcSheet, Row: row}
}

func (s *sheetState) reject(e *RowError) {
	e.Value = parse.Truncate(e.Value, 60)
	s.res.Rejected++
	s.fs.res.Rejected = append(s.fs.res.Rejected, e)
}

func (s *sheetState) rowError(row int, c column, value, reason string) *RowError {
	return &RowError{File: s.fs.res.Name, Sheet: s.srcSheet, Row: row, Column: c.label(), Value: value, Reason: reason}
}

func (s *sheetState) cell(r rowsrc.Row, field string) (string, column, bool) {
	c, ok := s.hdr.col(field)
	if !ok {
		return "", c, false
	}
	if c.idx < len(r.Cells) {
		return r.Cells[c.idx], c, true
	}
	return "", c, true
}

func (s *sheetState) dataRow(r rowsrc.Row) {
	s.res.Rows++
	if idx, n := s.longCell(r); idx >= 0 {
		c := column{idx: idx}
		if idx < len(s.hdr.texts) {
			c.header = s.hdr.texts[idx]
		}
		s.reject(s.rowError(r.Num, c, r.Cells[idx],
			fmt.Sprintf("the cell has %d characters, more than the limit of %d (input.limits.max_cell_chars)", n, s.fs.opts.Limits.MaxCellChars)))
		return
	}
	if s.isTotals(r) {
		s.res.Skipped++
		return
	}
	if s.fs.seen(r) {
		s.res.Duplicates++
		return
	}
	if s.hdr.ledger != nil {
		s.ledgerRow(r)
		return
	}
	var p pendingRow
	var err *RowError
	if s.hdr.kind == "time" {
		p, err = s.timeRow(r)
	} else {
		p, err = s.invoiceRow(r)
	}
	if err != nil {
		s.reject(err)
		return
	}
	s.pend.add(p)
}

// pendingList holds a sheet's parsed rows in fixed chunks, so that growing
// it never copies the rows already read.
type pendingList struct {
	chunks [][]pendingRow
	n      int
}

const pendingChunk = 4096

func (l *pendingList) at(i int) *pendingRow {
	return &l.chunks[i/pendingChunk][i%pendingChunk]
}

func (l *pendingList) add(p pendingRow) {
	if len(l.chunks) == 0 || len(l.chunks[len(l.chunks)-1]) == pendingChunk {
		l.chunks = append(l.chunks, make([]pendingRow, 0, pendingChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, p)
	l.n++
}

// isTotals: a totals line has a totals word as its first text and no
// invoice number. The word often sits in the number column itself
// ("Totale" under "Numero"), which counts as no number.
func (s *sheetState) isTotals(r rowsrc.Row) bool {
	num, _, _ := s.cell(r, FieldNumber)
	if num != "" && strings.ContainsAny(num, "0123456789") {
		return false // a real invoice number, the common case
	}
	for _, c := range r.Cells {
		if c == "" || looksNumeric(c) {
			continue
		}
		return (num == "" || num == c) && parse.IsTotalsLabel(c)
	}
	return false
}

func (s *sheetState) clientOf(r rowsrc.Row, p *pendingRow) *RowError {
	name, nameCol, hasName := s.cell(r, FieldClient)
	id, _, _ := s.cell(r, FieldClientID)
	if name == "" && id == "" {
		c := nameCol
		if !hasName {
			c, _ = s.hdr.col(FieldClientID)
		}
		return s.rowError(r.Num, c, "", "the client is empty")
	}
	c := s.client(id, name)
	p.doc.ClientName, p.doc.ClientID, p.doc.ClientKey = c.name, c.id, c.key
	return nil
}

// clientStrings are a client's identity strings as first seen in a sheet.
type clientStrings struct{ key, id, name string }

// client memoises invoice.ClientKey and interns the name and id: a sheet
// has many rows but few clients, the key's Unicode folding is the costliest
// step of a row, and a million documents need not carry a million copies
// of the same name.
func (s *sheetState) client(id, name string) clientStrings {
	k := [2]string{id, name}
	if v, ok := s.keys[k]; ok {
		return v
	}
	v := clientStrings{key: invoice.ClientKey(id, name), id: id, name: name}
	if len(s.keys) < 100_000 {
		s.keys[k] = v
	}
	return v
}

func (s *sheetState) timeRow(r rowsrc.Row) (pendingRow, *RowError) {
	var p pendingRow
	p.doc.Source = s.source(r.Num)
	if err := s.clientOf(r, &p); err != nil {
		return p, err
	}
	if err := s.dateField(r, &p, FieldIssueDate, true); err != nil {
		return p, err
	}
	text, c, _ := s.cell(r, FieldHours)
	if text == "" {
		return p, s.rowError(r.Num, c, "", "the hours are empty")
	}
	var sec int64
	var err error
	if f := r.Flag(c.idx); (f == rowsrc.FlagTime || f == rowsrc.FlagDate) && parse.IsNumLiteral(text) {
		// A cell formatted [h]:mm holds a fraction of a day.
		v, _ := strconv.ParseFloat(text, 64)
		sec, err = parse.ExcelDuration(v)
	} else {
		sec, err = parse.ParseDuration(text)
	}
	if err != nil {
		return p, s.rowError(r.Num, c, text, parseReason("hours", text, err))
	}
	p.seconds = sec
	return p, nil
}

func (s *sheetState) invoiceRow(r rowsrc.Row) (pendingRow, *RowError) {
	var p pendingRow
	p.doc.Source = s.source(r.Num)
	p.doc.HasPaymentInfo = s.payInfo
	if err := s.clientOf(r, &p); err != nil {
		return p, err
	}
	p.doc.Number, _, _ = s.cell(r, FieldNumber)
	for _, f := range []string{FieldIssueDate, FieldDueDate, FieldPaidDate} {
		if err := s.dateField(r, &p, f, f == FieldIssueDate); err != nil {
			return p, err
		}
	}
	if text, c, ok := s.cell(r, FieldCurrency); ok && text != "" {
		code, known := parse.CurrencyCode(text)
		if !known {
			return p, s.rowError(r.Num, c, text, fmt.Sprintf("%q is not a currency I know (use an ISO code such as EUR)", parse.Truncate(text, 40)))
		}
		p.doc.Currency, p.curSet = code, true
	}
	if text, c, ok := s.cell(r, FieldKind); ok && text != "" {
		k, known := parse.ParseKind(text)
		if !known {
			return p, s.rowError(r.Num, c, text, fmt.Sprintf("%q is not a document type I know (invoice or credit note)", parse.Truncate(text, 40)))
		}
		p.doc.Kind = k
	}
	if text, _, ok := s.cell(r, FieldStatus); ok && text != "" {
		if st, known := parse.ParseStatus(text); known {
			p.doc.Status = st
		} else if k, known := parse.ParseKind(text); known && k == invoice.KindCreditNote {
			p.doc.Kind = k
		}
	}
	if text, _, ok := s.cell(r, FieldPaidAmount); ok && text != "" {
		p.paidText = text
	}
	if text, _, ok := s.cell(r, FieldPaidFlag); ok && text != "" {
		yes, known := parse.ParseYesNo(text)
		if !known {
			// Invoice Ninja and 1C put the amount paid under "Paid".
			if _, err := parse.ParseAmount(text, parse.DecimalAuto); err == nil {
				s.paidAmounts++
				if p.paidText == "" {
					p.paidText = text
				}
			} else {
				yes, known = s.yesNo(FieldPaidFlag, text)
			}
		}
		switch {
		case known && yes:
			p.doc.Status = invoice.StatusPaid
		case known && p.doc.Status == invoice.StatusUnknown:
			p.doc.Status = invoice.StatusOpen
		}
	}
	if text, _, ok := s.cell(r, FieldDisputed); ok && text != "" {
		if yes, known := s.yesNo(FieldDisputed, text); known && yes {
			p.doc.Status = invoice.StatusDisputed
		}
	}
	if err := s.amountField(r, &p, FieldAmount, true); err != nil {
		return p, err
	}
	if err := s.amountField(r, &p, FieldOutstanding, false); err != nil {
		return p, err
	}
	return p, nil
}

// yesNo reads a flag cell. A value that is not yes or no does not reject
// the row: a column headed "Paid" may hold the amount paid (Invoice Ninja)
// rather than a flag, and the amount and dates are still good. Such values
// are counted and said once per column in the notes.
func (s *sheetState) yesNo(field, text string) (bool, bool) {
	yes, known := parse.ParseYesNo(text)
	if !known {
		if s.notFlags == nil {
			s.notFlags = make(map[string]int)
		}
		s.notFlags[field]++
	}
	return yes, known
}

func (s *sheetState) hasPaymentInfo() bool {
	for _, f := range []string{FieldPaidDate, FieldStatus, FieldOutstanding, FieldPaidFlag, FieldPaidAmount} {
		if _, ok := s.hdr.col(f); ok {
			return true
		}
	}
	return false
}

func forcedOrder(s string) parse.DateOrder {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "dmy":
		return parse.OrderDMY
	case "mdy":
		return parse.OrderMDY
	}
	return parse.OrderUnknown
}

// entry returns m[key], adding a zero value first if it is missing.
func entry[V any](m map[string]*V, key string) *V {
	v := m[key]
	if v == nil {
		v = new(V)
		m[key] = v
	}
	return v
}

// dateField reads one date cell; a day/month-ambiguous text waits for the
// column's verdict in p.amb.
func (s *sheetState) dateField(r rowsrc.Row, p *pendingRow, field string, required bool) *RowError {
	text, c, ok := s.cell(r, field)
	if !ok || text == "" {
		if required {
			return s.rowError(r.Num, c, "", "the date is empty")
		}
		return nil
	}
	d, ambig, err := s.parseDateCell(text, field, r.Num, r.Flag(c.idx))
	if err != nil {
		return s.rowError(r.Num, c, text, parseReason("a date", text, err))
	}
	if ambig {
		p.amb = append(p.amb, ambiguous{field: field, text: text})
		return nil
	}
	setDate(&p.doc, field, d)
	return nil
}

func setDate(d *invoice.Document, field string, v invoice.Date) {
	switch field {
	case FieldIssueDate:
		d.IssueDate = v
	case FieldDueDate:
		d.DueDate = v
	case FieldPaidDate:
		d.PaidDate = v
	}
}

// parseDateCell reads a date cell; a number whose style is a date format
// is a serial for certain, whatever its size.
func (s *sheetState) parseDateCell(text, field string, row int, flag rowsrc.Flag) (invoice.Date, bool, error) {
	if flag == rowsrc.FlagDate && parse.IsNumLiteral(text) {
		if v, err := strconv.ParseFloat(text, 64); err == nil {
			d, err := parse.ExcelSerialDate(v, s.date1904)
			return d, false, err
		}
	}
	return s.parseDate(text, field, row)
}

func (s *sheetState) parseDate(text, field string, row int) (invoice.Date, bool, error) {
	if parse.IsNumLiteral(text) {
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return 0, false, err
		}
		// yyyymmdd as a bare number is common in ERP dumps; as a serial it
		// would be tens of thousands of years away.
		if v >= 19000101 && v <= 21001231 && v == float64(int64(v)) {
			n := int64(v)
			return parse.YYYYMMDD(int(n/10000), int(n/100%100), int(n%100))
		}
		if s.xlsx {
			d, err := parse.ExcelSerialDate(v, s.date1904)
			return d, false, err
		}
	}
	if parse.IsISOPrefix(text) {
		d, err := invoice.ParseISODate(text[:10])
		return d, false, err
	}
	if o := forcedOrder(s.fs.opts.DateOrder); o != parse.OrderUnknown {
		d, err := parse.ParseDateText(text, o)
		return d, false, err
	}
	v := entry(s.dates, field)
	switch parse.DateOrderEvidence(text) {
	case parse.OrderDMY:
		if v.dmy++; v.dmyRow == 0 {
			v.dmyRow = row
		}
	case parse.OrderMDY:
		if v.mdy++; v.mdyRow == 0 {
			v.mdyRow = row
		}
	}
	d, err := parse.ParseDateText(text, parse.OrderUnknown)
	if errors.Is(err, parse.ErrAmbiguousDate) {
		v.ambiguous++
		return 0, true, nil
	}
	return d, false, err
}

// amountField reads an amount cell; a value whose decimal separator cannot
// be told ("1.234") waits for the column's verdict in p.amb.
func (s *sheetState) amountField(r rowsrc.Row, p *pendingRow, field string, required bool) *RowError {
	text, c, ok := s.cell(r, field)
	if !ok || text == "" {
		if required {
			return s.rowError(r.Num, c, "", "the amount is empty")
		}
		return nil
	}
	v := entry(s.seps, field)
	var sep parse.DecimalSep
	switch {
	case s.xlsx && parse.IsNumLiteral(text) && !parse.GroupedLike(text):
		// A workbook number: point decimal, binary float noise removed.
		text = parse.CleanFloat(text)
		sep = parse.DecimalPoint
	default:
		sep = parse.AmountSepEvidence(text)
		switch sep {
		case parse.DecimalPoint:
			v.point++
		case parse.DecimalComma:
			v.comma++
		default:
			if strings.ContainsAny(text, ".,") {
				v.ambiguous++
				p.amb = append(p.amb, ambiguous{field: field, text: text})
				return nil
			}
		}
	}
	return s.setAmount(r.Num, c, p, field, text, sep)
}

func (s *sheetState) setAmount(row int, c column, p *pendingRow, field, text string, sep parse.DecimalSep) *RowError {
	if sep != parse.DecimalComma {
		if m, ok := parse.PlainMoney(text, p.doc.Currency); ok {
			s.putAmount(p, field, m)
			return nil
		}
	}
	a, err := parse.ParseAmount(text, sep)
	if err != nil {
		return s.rowError(row, c, text, parseReason("an amount", text, err))
	}
	if a.Value == nil {
		return s.rowError(row, c, text, fmt.Sprintf("cannot read %q as an amount", parse.Truncate(text, 40)))
	}
	if !p.curSet && a.Currency != "" {
		if p.doc.Currency == "" {
			p.doc.Currency = a.Currency
		}
	}
	cur := p.doc.Currency
	if p.curSet && a.Currency != "" && !strings.EqualFold(a.Currency, cur) {
		return s.rowError(row, c, text, fmt.Sprintf("the amount is in %s but the currency column says %s", a.Currency, cur))
	}
	m, rounded, err := parse.RoundMoney(new(big.Rat).Set(a.Value), cur)
	if err != nil {
		return s.rowError(row, c, text, parseReason("an amount", text, err))
	}
	if rounded {
		s.res.Rounded++
	}
	s.putAmount(p, field, m)
	return nil
}

func (s *sheetState) putAmount(p *pendingRow, field string, m invoice.Money) {
	switch field {
	case FieldAmount:
		if p.negate {
			m = -m
		}
		p.doc.Amount = m
	case FieldOutstanding:
		p.doc.Outstanding, p.doc.HasOutstanding = m, true
	}
}

// parseReason is the reason of a row error from a value parser. The
// parsers' errors already quote the value for users; others get it added.
func parseReason(what, text string, err error) string {
	msg := err.Error()
	if strings.Contains(msg, text) || strings.Contains(msg, parse.Truncate(text, 40)) {
		return msg
	}
	return fmt.Sprintf("cannot read %q as %s: %v", parse.Truncate(text, 40), what, msg)
}
