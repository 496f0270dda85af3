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
	"github.com/clientrisk/clientrisk/internal/strarena"
)

// pendingRow is a parsed row: its document's fields, and its state until
// the table ends. Every row of a table is held until then (in Stream mode,
// as its documents, for the whole walk): a row is 48 bytes
// (TestPendingRowSize). The fields are those of invoice.Document, but the
// client, number and currency as references to its parser's interned
// strings (rowParser.cl, number, currency), the source as the row number
// alone (file and sheet are the table's) and the yes/no facts as bits of
// flags, so that a million-row sheet's rows take a fraction of the
// memory; rowParser.document makes the invoice.Document. Most rows have
// no ambiguous value; only those keep raw text, which waits for the
// column's verdict (waiting).
type pendingRow struct {
	Amount, Outstanding          invoice.Money
	IssueDate, DueDate, PaidDate invoice.Date
	row                          int32
	client                       clientRef
	number                       strarena.Ref
	currency                     currencyRef
	Kind                         invoice.Kind
	Status                       invoice.Status
	flags                        rowFlags
	line                         journalLine // in a journal table: income or receivable
}

// rowFlags are a pending row's yes/no facts, a bit each: a bool apiece
// would make the row 8 bytes longer.
type rowFlags uint8

const (
	flagOutstanding rowFlags = 1 << iota // the document's HasOutstanding
	flagPaymentInfo                      // the document's HasPaymentInfo
	flagCurSet                           // currency came from the currency column
	flagDropped                          // rejected when its ambiguous values were resolved
	flagNegate                           // the amount came from the debit side of a journal line
	flagWaits                            // the row has waiting values (rowParser.waiting)
)

func (p *pendingRow) has(f rowFlags) bool { return p.flags&f != 0 }

func (p *pendingRow) set(f rowFlags, on bool) {
	if on {
		p.flags |= f
	} else {
		p.flags &^= f
	}
}

// seconds is a time row's hours in seconds, kept in its Amount: a time
// row has no amount, and a field of their own would make every row 8
// bytes longer.
func (p *pendingRow) seconds() int64 { return int64(p.Amount) }

func (p *pendingRow) setSeconds(sec int64) { p.Amount = invoice.Money(sec) }

// waiting is the raw text of a row's values that wait for their column's
// verdict (settle).
type waiting struct {
	amb []ambiguous
	// paidText is the amount already paid, when the export gives it
	// instead of a balance; it is read once the amount's separator is
	// known.
	paidText string
	// row is the row's number, checked when the values are taken; it fits
	// in the allocation's size class, so it costs nothing.
	row int32
}

// waiting returns p's waiting values, made on first use. Only the row
// being parsed, the last of its table so far, makes them, so rp.waits is in
// row order and a row needs a bit (flagWaits) rather than an index: the
// rows are settled in the same order, and takeWaiting takes the first
// values not yet taken.
func (rp *rowParser) waiting(p *pendingRow) *waiting {
	if !p.has(flagWaits) {
		rp.waits = append(rp.waits, &waiting{row: p.row})
		p.set(flagWaits, true)
	}
	return rp.waits[len(rp.waits)-1]
}

// takeWaiting returns p's waiting values (nil if it has none) and lets
// them go. The rows must be taken in order (settleRows).
func (rp *rowParser) takeWaiting(p *pendingRow) *waiting {
	if !p.has(flagWaits) {
		return nil
	}
	w := rp.waits[rp.taken]
	if w.row != p.row {
		panic(fmt.Sprintf("ingest: the waiting values of row %d taken for row %d: rows settled out of order", w.row, p.row))
	}
	rp.waits[rp.taken] = nil
	rp.taken++
	p.set(flagWaits, false)
	return w
}

// forget lets go of the waiting values of p, the last row parsed, which
// is taken back (pendingList.unnext).
func (rp *rowParser) forget(p *pendingRow) {
	if p.has(flagWaits) {
		rp.waits[len(rp.waits)-1] = nil // the last: made for this row
		rp.waits = rp.waits[:len(rp.waits)-1]
		p.set(flagWaits, false)
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
	lastCur  lastCurrency    // the currency column's last text, read once (invoiceRow)
	// payInfo: the header has a column that says whether an invoice was
	// paid (worked out once, not on every row).
	payInfo bool
	votes   *columnVotes
	rounded int // amounts with more decimals than the currency has
	// The rows' clients, numbers and currencies, which a pendingRow
	// refers to; they only grow while the table is read, and are only
	// read after. The numbers of a large table are spilled with its rows
	// (pendingList.nums): they are read through the list
	// (pendingList.numbers, rowCursor.number).
	clients    []*clientStrings        // by clientRef - 1
	clientRefs map[[2]string]clientRef // by (id, name)
	numbers    strarena.Arena
	currencies currencies
	// waits are the rows' waiting values in row order, the first taken
	// of them settled already (takeWaiting); settleRows empties it.
	waits []*waiting
	taken int
}

func (rp *rowParser) source(row int) invoice.Source {
	return invoice.Source{File: rp.file, Sheet: rp.sheet, Row: row}
}

// currency is p's currency code, "" when it has none.
func (rp *rowParser) currency(p *pendingRow) string { return rp.currencies.code(p.currency) }

func (rp *rowParser) setCurrency(p *pendingRow, code string) { p.currency = rp.currencies.ref(code) }

// lastCurrency is the currency cell text of the last row that had one,
// and its code's reference (0: none yet).
type lastCurrency struct {
	text string
	ref  currencyRef
}

// noClient stands for the client of a row that has none yet.
var noClient = &clientStrings{}

// cl is p's client strings (empty ones when it has none).
func (rp *rowParser) cl(p *pendingRow) *clientStrings {
	if p.client == 0 {
		return noClient
	}
	return rp.clients[p.client-1]
}

// document is p as an invoice.Document of this table, with number, p's
// number read back.
func (rp *rowParser) document(p *pendingRow, number string) invoice.Document {
	c := rp.cl(p)
	return invoice.Document{
		Kind: p.Kind, Number: number,
		ClientKey: c.key, ClientName: c.name, ClientID: c.id,
		IssueDate: p.IssueDate, DueDate: p.DueDate, PaidDate: p.PaidDate,
		Currency: rp.currency(p), Amount: p.Amount, Outstanding: p.Outstanding, HasOutstanding: p.has(flagOutstanding),
		Status: p.Status, HasPaymentInfo: p.has(flagPaymentInfo),
		Source: rp.source(int(p.row)),
	}
}

type ambiguous struct {
	field string
	text  string
}

// rowError reports a rejected row. The value is copied: a workbook cell is
// a substring of the shared strings, which a row error outliving the
// reading must not keep in memory.
func (rp *rowParser) rowError(row int, c *column, value, reason string) *RowError {
	return &RowError{File: rp.file, Sheet: rp.sheet, Row: row, Column: c.label(), Value: strings.Clone(value), Reason: reason}
}

// cell is row r's text in field's column, that column (the zero column
// if the table has none: not to be changed) and whether it has one.
func (rp *rowParser) cell(r rowsrc.Row, field string) (string, *column, bool) {
	c := rp.column(field)
	if c == &noColumn {
		return "", c, false
	}
	if c.idx < len(r.Cells) {
		return r.Cells[c.idx], c, true
	}
	return "", c, true
}

// column is field's column, &noColumn if the table has none.
func (rp *rowParser) column(field string) *column {
	if c := rp.hdr.colRef(field); c != nil {
		return c
	}
	return &noColumn
}

// noColumn is the column of a field the table has no column for, in row
// errors: not to be changed.
var noColumn column

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
			c = rp.column(FieldClientID)
		}
		return rp.rowError(r.Num, c, "", "the client is empty")
	}
	p.client = rp.client(id, name)
	return nil
}

// clientStrings are a client's identity strings as first seen in a sheet.
type clientStrings struct{ key, id, name string }

// clientRef is 1 + the index of a row's client strings in its parser's
// clients: 4 bytes a row instead of a pointer's 8. 0 is no client.
type clientRef uint32

// client memoises invoice.ClientKey and interns the name and id: a sheet
// has many rows but few clients, the key's Unicode folding is the costliest
// step of a row, and a million documents need not carry a million copies
// of the same name.
func (rp *rowParser) client(id, name string) clientRef {
	k := [2]string{id, name}
	if r, ok := rp.clientRefs[k]; ok {
		return r
	}
	// Copies: the cells may be pieces of a row's text or of the workbook's
	// string table, which the documents must not keep alive.
	id, name = strings.Clone(id), strings.Clone(name)
	rp.clients = append(rp.clients, &clientStrings{key: invoice.ClientKey(id, name), id: id, name: name})
	r := clientRef(len(rp.clients))
	if len(rp.clientRefs) < 100_000 {
		rp.clientRefs[[2]string{id, name}] = r // k's strings are the cells'
	}
	return r
}

// timeRow reads a row of a time-tracking table. Hours: a number formatted
// as a time ([h]:mm) is a fraction of a day; any other number is decimal
// hours.
func (rp *rowParser) timeRow(r rowsrc.Row, p *pendingRow) *RowError {
	p.row = int32(r.Num)
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
	p.row = int32(r.Num)
	p.set(flagPaymentInfo, rp.payInfo)
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
		// Most rows repeat the last row's currency text: it is read
		// (CurrencyCode, a tenth of a row's parsing) only when it changes.
		if last := &rp.lastCur; last.ref == 0 || text != last.text {
			code, known := parse.CurrencyCode(text)
			if !known {
				return rp.rowError(r.Num, c, text, fmt.Sprintf("%q is not a currency I know (use an ISO code such as EUR)", parse.Truncate(text, 40)))
			}
			// A copy: the cell may be a piece of a workbook's shared
			// strings, which go when the table's rows are read.
			*last = lastCurrency{text: strings.Clone(text), ref: rp.currencies.ref(code)}
		}
		p.currency = rp.lastCur.ref
		p.set(flagCurSet, true)
	}
	if text, c, ok := rp.cell(r, FieldKind); ok && text != "" {
		k, known := parse.ParseKind(text)
		if !known {
			return rp.rowError(r.Num, c, text, fmt.Sprintf("%q is not a document type I know (invoice or credit note)", parse.Truncate(text, 40)))
		}
		p.Kind = k
	}
	rp.paymentState(r, p)
	if err := rp.amountField(r, p, FieldAmount, true); err != nil {
		return err
	}
	if err := rp.amountField(r, p, FieldOutstanding, false); err != nil {
		return err
	}
	// Last: the arena keeps no number of a row rejected here.
	p.number = rp.numbers.Add(num)
	return nil
}

// paymentState reads what a row says about payment: a status word (or a
// credit note named in the status column), an amount paid, a yes/no
// "Paid" column (or the amounts paid some programs put there) and a
// disputed flag. None of them rejects the row.
func (rp *rowParser) paymentState(r rowsrc.Row, p *pendingRow) {
	if text, _, ok := rp.cell(r, FieldStatus); ok && text != "" {
		if st, known := parse.ParseStatus(text); known {
			p.Status = st
		} else if k, known := parse.ParseKind(text); known && k == invoice.KindCreditNote {
			p.Kind = k
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
			p.Status = invoice.StatusPaid
		case known && p.Status == invoice.StatusUnknown:
			p.Status = invoice.StatusOpen
		}
	}
	if text, _, ok := rp.cell(r, FieldDisputed); ok && text != "" {
		if yes, known := rp.yesNo(FieldDisputed, text); known && yes {
			p.Status = invoice.StatusDisputed
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
	setDate(p, field, d)
	return nil
}

func setDate(p *pendingRow, field string, v invoice.Date) {
	switch field {
	case FieldIssueDate:
		p.IssueDate = v
	case FieldDueDate:
		p.DueDate = v
	case FieldPaidDate:
		p.PaidDate = v
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

func (rp *rowParser) setAmount(row int, c *column, p *pendingRow, field, text string, sep parse.DecimalSep) *RowError {
	if sep != parse.DecimalComma {
		if m, ok := parse.PlainMoney(text, rp.currency(p)); ok {
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
	if !p.has(flagCurSet) && a.Currency != "" {
		if p.currency == 0 {
			rp.setCurrency(p, a.Currency)
		}
	}
	cur := rp.currency(p)
	if p.has(flagCurSet) && a.Currency != "" && !strings.EqualFold(a.Currency, cur) {
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
		if p.has(flagNegate) {
			m = -m
		}
		p.Amount = m
	case FieldOutstanding:
		p.Outstanding = m
		p.set(flagOutstanding, true)
	case FieldPaidAmount:
		// Only a payments table reads an amount paid as its amount
		// (paymentRow); an invoice table reads it as text (derivePaid).
		p.Amount = m
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
