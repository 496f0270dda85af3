package ingest

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// pendingRow is a parsed row whose ambiguous values wait for the column's
// verdict. Most rows have no ambiguous value; only those keep raw text.
// Every row of a table is held until the table ends (in Stream mode, as
// its documents, for the whole walk): a row is 64 bytes
// (TestPendingRowSize).
type pendingRow struct {
	doc rowDoc
	// wait is 1 + the index of the row's waiting values in its parser's
	// waits, 0 for most rows: an index, not a pointer, keeps the row small.
	wait    uint32
	curSet  bool // currency came from the currency column
	dropped bool // rejected when its ambiguous values were resolved
	// negate: the amount came from the debit side of a journal line.
	negate bool
	line   journalLine // in a journal table: income or receivable
}

// seconds is a time row's hours in seconds, kept in its Amount: a time
// row has no amount, and a field of their own would make every row 8
// bytes longer.
func (p *pendingRow) seconds() int64 { return int64(p.doc.Amount) }

func (p *pendingRow) setSeconds(sec int64) { p.doc.Amount = invoice.Money(sec) }

// waiting is the raw text of a row's values that wait for their column's
// verdict (settle).
type waiting struct {
	amb []ambiguous
	// paidText is the amount already paid, when the export gives it
	// instead of a balance; it is read once the amount's separator is
	// known.
	paidText string
}

// waiting returns p's waiting values, made on first use.
func (rp *rowParser) waiting(p *pendingRow) *waiting {
	if p.wait == 0 {
		rp.waits = append(rp.waits, &waiting{})
		p.wait = uint32(len(rp.waits))
	}
	return rp.waits[p.wait-1]
}

// takeWaiting returns p's waiting values (nil if it has none) and lets
// them go.
func (rp *rowParser) takeWaiting(p *pendingRow) *waiting {
	if p.wait == 0 {
		return nil
	}
	w := rp.waits[p.wait-1]
	rp.waits[p.wait-1], p.wait = nil, 0
	return w
}

// forget lets go of the waiting values of p, the last row parsed, which
// is taken back (pendingList.unnext).
func (rp *rowParser) forget(p *pendingRow) {
	if p.wait != 0 {
		rp.waits = rp.waits[:p.wait-1] // the last: made for this row
		p.wait = 0
	}
}

// rowParser is the third stage of a table: it reads each data row's
// cells, by the column map, into a pending row (a document or a time
// entry in the making). A value whose reading depends on its whole column
// (a date that could be day or month first, an amount whose separator
// could be decimal or grouping) casts a vote in votes and waits in the
// row for the verdict (verdicts.go).
type rowParser struct {
	hdr      *header
	file     string // for sources and row errors
	sheet    string // "" for a CSV
	xlsx     bool   // numbers are cell values: serial dates, point decimals
	date1904 bool
	forced   parse.DateOrder // input.date_order; OrderUnknown lets the columns decide
	// payInfo: the header has a column that says whether an invoice was
	// paid (worked out once, not on every row).
	payInfo bool
	votes   *columnVotes
	clients map[[2]string]*clientStrings // by (id, name)
	rounded int                          // amounts with more decimals than the currency has
	// The rows' numbers and currencies, which a rowDoc refers to; they
	// only grow while the table is read, and are only read after.
	numbers    numArena
	currencies currencies
	waits      []*waiting // by pendingRow.wait; emptied by settle
}

func (rp *rowParser) source(row int) invoice.Source {
	return invoice.Source{File: rp.file, Sheet: rp.sheet, Row: row}
}

// rowDoc is a pending row's document: the fields of invoice.Document, but
// the client as a pointer to the sheet's interned strings, the number and
// currency as references to its parser's (rowParser.number, currency) and
// the source as the row number alone (file and sheet are the table's), so
// that a million-row sheet's rows take a fraction of the memory. document
// makes the invoice.Document.
type rowDoc struct {
	client                       *clientStrings
	Amount, Outstanding          invoice.Money
	number                       numRef
	IssueDate, DueDate, PaidDate invoice.Date
	row                          int32
	currency                     currencyRef
	Kind                         invoice.Kind
	Status                       invoice.Status
	HasOutstanding               bool
	HasPaymentInfo               bool
}

// number is d's invoice number as in its cell.
func (rp *rowParser) number(d *rowDoc) string { return rp.numbers.get(d.number) }

// currency is d's currency code, "" when it has none.
func (rp *rowParser) currency(d *rowDoc) string { return rp.currencies.code(d.currency) }

func (rp *rowParser) setCurrency(d *rowDoc, code string) { d.currency = rp.currencies.ref(code) }

// noClient stands for the client of a row that has none yet.
var noClient = &clientStrings{}

// cl is the row's client strings (empty ones when it has none).
func (d *rowDoc) cl() *clientStrings {
	if d.client == nil {
		return noClient
	}
	return d.client
}

// document is d as an invoice.Document of this table.
func (rp *rowParser) document(d *rowDoc) invoice.Document {
	c := d.cl()
	return invoice.Document{
		Kind: d.Kind, Number: rp.number(d),
		ClientKey: c.key, ClientName: c.name, ClientID: c.id,
		IssueDate: d.IssueDate, DueDate: d.DueDate, PaidDate: d.PaidDate,
		Currency: rp.currency(d), Amount: d.Amount, Outstanding: d.Outstanding, HasOutstanding: d.HasOutstanding,
		Status: d.Status, HasPaymentInfo: d.HasPaymentInfo,
		Source: rp.source(int(d.row)),
	}
}

type ambiguous struct {
	field string
	text  string
}

// rowError reports a rejected row. The value is copied: a workbook cell is
// a substring of the shared strings, which a row error outliving the
// reading must not keep in memory.
func (rp *rowParser) rowError(row int, c column, value, reason string) *RowError {
	return &RowError{File: rp.file, Sheet: rp.sheet, Row: row, Column: c.label(), Value: strings.Clone(value), Reason: reason}
}

func (rp *rowParser) cell(r rowsrc.Row, field string) (string, column, bool) {
	c, ok := rp.hdr.col(field)
	if !ok {
		return "", c, false
	}
	if c.idx < len(r.Cells) {
		return r.Cells[c.idx], c, true
	}
	return "", c, true
}

// isTotals: a totals line has a totals word as its first text and no
// invoice number. The word often sits in the number column itself
// ("Totale" under "Numero"), which counts as no number.
func (rp *rowParser) isTotals(r rowsrc.Row) bool {
	num, _, _ := rp.cell(r, FieldNumber)
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

// isTemplate: a row of a hand-kept register's template, with formulas
// or fixed values but no client, date and amount (or hours), is a blank
// row still to be filled in, not an invoice with errors.
func (rp *rowParser) isTemplate(r rowsrc.Row) bool {
	fields := []string{FieldClient, FieldClientID, FieldIssueDate, FieldAmount}
	if rp.hdr.kind == "time" {
		fields[3] = FieldHours
	}
	for _, f := range fields {
		if text, _, ok := rp.cell(r, f); ok && strings.TrimSpace(text) != "" {
			return false
		}
	}
	return true
}

func (rp *rowParser) clientOf(r rowsrc.Row, p *pendingRow) *RowError {
	name, nameCol, hasName := rp.cell(r, FieldClient)
	id, _, _ := rp.cell(r, FieldClientID)
	if name == "" && id == "" {
		c := nameCol
		if !hasName {
			c, _ = rp.hdr.col(FieldClientID)
		}
		return rp.rowError(r.Num, c, "", "the client is empty")
	}
	p.doc.client = rp.client(id, name)
	return nil
}

// clientStrings are a client's identity strings as first seen in a sheet.
type clientStrings struct{ key, id, name string }

// client memoises invoice.ClientKey and interns the name and id: a sheet
// has many rows but few clients, the key's Unicode folding is the costliest
// step of a row, and a million documents need not carry a million copies
// of the same name.
func (rp *rowParser) client(id, name string) *clientStrings {
	k := [2]string{id, name}
	if v, ok := rp.clients[k]; ok {
		return v
	}
	// Copies: the cells may be pieces of a row's text or of the workbook's
	// string table, which the documents must not keep alive.
	id, name = strings.Clone(id), strings.Clone(name)
	v := &clientStrings{key: invoice.ClientKey(id, name), id: id, name: name}
	if len(rp.clients) < 100_000 {
		rp.clients[[2]string{id, name}] = v // k's strings are the cells'
	}
	return v
}

// timeRow reads a row of a time-tracking table. Hours: a number formatted
// as a time ([h]:mm) is a fraction of a day; any other number is decimal
// hours.
func (rp *rowParser) timeRow(r rowsrc.Row, p *pendingRow) *RowError {
	p.doc.row = int32(r.Num)
	if err := rp.clientOf(r, p); err != nil {
		return err
	}
	if err := rp.dateField(r, p, FieldIssueDate, true); err != nil {
		return err
	}
	text, c, _ := rp.cell(r, FieldHours)
	if text == "" {
		return rp.rowError(r.Num, c, "", "the hours are empty")
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
		return rp.rowError(r.Num, c, text, parseReason("hours", text, err))
	}
	p.setSeconds(sec)
	return nil
}

// invoiceRow reads a row of an invoice table (or a journal's line). A row
// error reports the first problem of the row. Unreadable due or paid
// dates reject the row like a bad amount; an unknown status word leaves
// the status unknown; values of a yes/no column that are not yes or no
// are ignored and counted in the notes, except amounts: a "Paid" column
// holding amounts (Invoice Ninja, 1C) and an amount-paid column give the
// open balance, amount less paid, never below zero (derivePaid).
func (rp *rowParser) invoiceRow(r rowsrc.Row, p *pendingRow) *RowError {
	p.doc.row = int32(r.Num)
	p.doc.HasPaymentInfo = rp.payInfo
	if err := rp.clientOf(r, p); err != nil {
		return err
	}
	num, _, _ := rp.cell(r, FieldNumber)
	for _, f := range []string{FieldIssueDate, FieldDueDate, FieldPaidDate} {
		if err := rp.dateField(r, p, f, f == FieldIssueDate); err != nil {
			return err
		}
	}
	if text, c, ok := rp.cell(r, FieldCurrency); ok && text != "" {
		code, known := parse.CurrencyCode(text)
		if !known {
			return rp.rowError(r.Num, c, text, fmt.Sprintf("%q is not a currency I know (use an ISO code such as EUR)", parse.Truncate(text, 40)))
		}
		rp.setCurrency(&p.doc, code)
		p.curSet = true
	}
	if text, c, ok := rp.cell(r, FieldKind); ok && text != "" {
		k, known := parse.ParseKind(text)
		if !known {
			return rp.rowError(r.Num, c, text, fmt.Sprintf("%q is not a document type I know (invoice or credit note)", parse.Truncate(text, 40)))
		}
		p.doc.Kind = k
	}
	rp.paymentState(r, p)
	if err := rp.amountField(r, p, FieldAmount, true); err != nil {
		return err
	}
	if err := rp.amountField(r, p, FieldOutstanding, false); err != nil {
		return err
	}
	// Last: the arena keeps no number of a row rejected here.
	p.doc.number = rp.numbers.add(num)
	return nil
}

// paymentState reads what a row says about payment: a status word (or a
// credit note named in the status column), an amount paid, a yes/no
// "Paid" column (or the amounts paid some programs put there) and a
// disputed flag. None of them rejects the row.
func (rp *rowParser) paymentState(r rowsrc.Row, p *pendingRow) {
	if text, _, ok := rp.cell(r, FieldStatus); ok && text != "" {
		if st, known := parse.ParseStatus(text); known {
			p.doc.Status = st
		} else if k, known := parse.ParseKind(text); known && k == invoice.KindCreditNote {
			p.doc.Kind = k
		}
	}
	if text, _, ok := rp.cell(r, FieldPaidAmount); ok && text != "" {
		rp.waiting(p).paidText = text
	}
	if text, _, ok := rp.cell(r, FieldPaidFlag); ok && text != "" {
		yes, known := parse.ParseYesNo(text)
		if !known {
			// Invoice Ninja and 1C put the amount paid under "Paid".
			if _, err := parse.ParseAmount(text, parse.DecimalAuto); err == nil {
				rp.votes.paidAmounts++
				if w := rp.waiting(p); w.paidText == "" {
					w.paidText = text
				}
			} else {
				yes, known = rp.yesNo(FieldPaidFlag, text)
			}
		}
		switch {
		case known && yes:
			p.doc.Status = invoice.StatusPaid
		case known && p.doc.Status == invoice.StatusUnknown:
			p.doc.Status = invoice.StatusOpen
		}
	}
	if text, _, ok := rp.cell(r, FieldDisputed); ok && text != "" {
		if yes, known := rp.yesNo(FieldDisputed, text); known && yes {
			p.doc.Status = invoice.StatusDisputed
		}
	}
}

// yesNo reads a flag cell. A value that is not yes or no does not reject
// the row: a column headed "Paid" may hold the amount paid (Invoice Ninja)
// rather than a flag, and the amount and dates are still good. Such values
// are counted and said once per column in the notes.
func (rp *rowParser) yesNo(field, text string) (bool, bool) {
	yes, known := parse.ParseYesNo(text)
	if !known {
		if rp.votes.notFlags == nil {
			rp.votes.notFlags = make(map[string]int)
		}
		rp.votes.notFlags[field]++
	}
	return yes, known
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

// dateField reads one date cell; a day/month-ambiguous text waits for the
// column's verdict in p's waiting values.
func (rp *rowParser) dateField(r rowsrc.Row, p *pendingRow, field string, required bool) *RowError {
	text, c, ok := rp.cell(r, field)
	if !ok || text == "" {
		if required {
			return rp.rowError(r.Num, c, "", "the date is empty")
		}
		return nil
	}
	d, ambig, err := rp.parseDateCell(text, field, r.Num, r.Flag(c.idx))
	if err != nil {
		return rp.rowError(r.Num, c, text, parseReason("a date", text, err))
	}
	if ambig {
		w := rp.waiting(p)
		w.amb = append(w.amb, ambiguous{field: field, text: text})
		return nil
	}
	setDate(&p.doc, field, d)
	return nil
}

func setDate(d *rowDoc, field string, v invoice.Date) {
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
func (rp *rowParser) parseDateCell(text, field string, row int, flag rowsrc.Flag) (invoice.Date, bool, error) {
	if flag == rowsrc.FlagDate && parse.IsNumLiteral(text) {
		if v, err := strconv.ParseFloat(text, 64); err == nil {
			d, err := parse.ExcelSerialDate(v, rp.date1904)
			return d, false, err
		}
	}
	return rp.parseDate(text, field, row)
}

// parseDate reads a date text. A number in a date column is an Excel
// serial in the workbook's date system; an unstyled whole number from
// 19000101 to 21001231 is read as yyyymmdd. A numeric date whose day and
// month could be either way round votes for its column's order and waits
// for the verdict (ambig true).
func (rp *rowParser) parseDate(text, field string, row int) (invoice.Date, bool, error) {
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
		if rp.xlsx {
			d, err := parse.ExcelSerialDate(v, rp.date1904)
			return d, false, err
		}
	}
	if parse.IsISOPrefix(text) {
		d, err := invoice.ParseISODate(text[:10])
		return d, false, err
	}
	if o := rp.forced; o != parse.OrderUnknown {
		d, err := parse.ParseDateText(text, o)
		return d, false, err
	}
	v := entry(rp.votes.dates, field)
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
// be told ("1.234") waits for the column's verdict in p's waiting values.
func (rp *rowParser) amountField(r rowsrc.Row, p *pendingRow, field string, required bool) *RowError {
	text, c, ok := rp.cell(r, field)
	if !ok || text == "" {
		if required {
			return rp.rowError(r.Num, c, "", "the amount is empty")
		}
		return nil
	}
	v := entry(rp.votes.seps, field)
	var sep parse.DecimalSep
	switch {
	case rp.xlsx && parse.IsNumLiteral(text) && !parse.GroupedLike(text):
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
				w := rp.waiting(p)
				w.amb = append(w.amb, ambiguous{field: field, text: text})
				return nil
			}
		}
	}
	return rp.setAmount(r.Num, c, p, field, text, sep)
}

func (rp *rowParser) setAmount(row int, c column, p *pendingRow, field, text string, sep parse.DecimalSep) *RowError {
	if sep != parse.DecimalComma {
		if m, ok := parse.PlainMoney(text, rp.currency(&p.doc)); ok {
			rp.putAmount(p, field, m)
			return nil
		}
	}
	a, err := parse.ParseAmount(text, sep)
	if err != nil {
		return rp.rowError(row, c, text, parseReason("an amount", text, err))
	}
	if a.Value == nil {
		return rp.rowError(row, c, text, fmt.Sprintf("cannot read %q as an amount", parse.Truncate(text, 40)))
	}
	if !p.curSet && a.Currency != "" {
		if p.doc.currency == 0 {
			rp.setCurrency(&p.doc, a.Currency)
		}
	}
	cur := rp.currency(&p.doc)
	if p.curSet && a.Currency != "" && !strings.EqualFold(a.Currency, cur) {
		return rp.rowError(row, c, text, fmt.Sprintf("the amount is in %s but the currency column says %s", a.Currency, cur))
	}
	m, rounded, err := parse.RoundMoney(new(big.Rat).Set(a.Value), cur)
	if err != nil {
		return rp.rowError(row, c, text, parseReason("an amount", text, err))
	}
	if rounded {
		rp.rounded++
	}
	rp.putAmount(p, field, m)
	return nil
}

func (rp *rowParser) putAmount(p *pendingRow, field string, m invoice.Money) {
	switch field {
	case FieldAmount:
		if p.negate {
			m = -m
		}
		p.doc.Amount = m
	case FieldOutstanding:
		p.doc.Outstanding, p.doc.HasOutstanding = m, true
	case FieldPaidAmount:
		// Only a payments table reads an amount paid as its amount
		// (paymentRow); an invoice table reads it as text (derivePaid).
		p.doc.Amount = m
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
