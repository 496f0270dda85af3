package ingest

import (
	"fmt"
	"sort"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// columnVotes is the fourth stage's state: the evidence the row parser
// gathered about whole columns, decided once the table has been read
// (decideColumns) and then applied to the rows that waited for it
// (settleRows).
type columnVotes struct {
	dates map[string]*orderVotes // per date field
	seps  map[string]*sepVotes   // per amount field
	// notFlags counts per yes/no field the values that were not yes/no.
	notFlags map[string]int
	// paidAmounts counts values of a "Paid" column read as amounts paid;
	// badPaid those that could not be used.
	paidAmounts, badPaid int
}

func newColumnVotes() columnVotes {
	return columnVotes{dates: make(map[string]*orderVotes), seps: make(map[string]*sepVotes)}
}

// decideColumns gives each voted column its verdict, in the order the
// notes come in: the date columns (issue, due, paid), the config's date
// order, the "Paid" column, the yes/no columns, the amount columns.
func (s *sheetState) decideColumns() {
	v := &s.votes
	for _, f := range []string{FieldIssueDate, FieldDueDate, FieldPaidDate} {
		if o, ok := v.dates[f]; ok {
			s.resolveOrder(f, o)
			if s.res.DateOrder == "" && (o.ambiguous > 0 || o.dmy+o.mdy > 0) {
				s.res.DateOrder, s.res.DateWhy = o.order.String(), o.why
			}
		}
	}
	if o := s.rows.forced; o != parse.OrderUnknown {
		s.res.DateOrder, s.res.DateWhy = o.String(), "config (input.date_order)"
	}
	if v.paidAmounts > 0 {
		s.note(NotePaidAmounts, "column", s.columnLabel(FieldPaidFlag))
	}
	for _, f := range sortedKeys(v.notFlags) {
		s.note(NoteNotYesNo, "column", s.columnLabel(f), "count", v.notFlags[f])
	}
	for _, f := range sortedKeys(v.seps) {
		s.resolveSep(f, v.seps[f])
	}
}

// settleRows applies the verdicts to the rows that waited for them; a row
// whose value still cannot be read is rejected now. It returns the rows
// accepted (receivable lines of a journal are not).
func (s *sheetState) settleRows() int {
	fr := s.fs.res
	firstReject := len(fr.Rejected) - s.res.Rejected
	accepted := 0
	s.pend.each(func(_ int, chunk []pendingRow) bool {
		for i := range chunk {
			p := &chunk[i]
			if err := s.rows.settle(p); err != nil {
				s.reject(err)
				p.set(flagDropped, true)
				continue
			}
			if p.line == lineReceivable {
				continue
			}
			accepted++
		}
		return true // a spilled chunk is written back settled
	})
	s.rows.waits, s.rows.taken = nil, 0 // each let go by settle
	if s.votes.badPaid > 0 {
		s.note(NoteBadPaid, "count", s.votes.badPaid)
	}
	// Rows with ambiguous values fail only now; keep the sheet's errors in
	// row order.
	mine := fr.Rejected[firstReject:]
	sort.SliceStable(mine, func(i, j int) bool { return mine[i].Row < mine[j].Row })
	return accepted
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

// entry returns m[key], adding a zero value first if it is missing.
func entry[V any](m map[string]*V, key string) *V {
	v := m[key]
	if v == nil {
		v = new(V)
		m[key] = v
	}
	return v
}

// dayFirstLangs are header languages whose users write dates day first.
var dayFirstLangs = map[string]string{
	"it": "Italian", "es": "Spanish", "ru": "Russian", "de": "German", "fr": "French",
	"pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "uk": "Ukrainian",
}

// resolveOrder decides a date column's day/month order from the votes of
// all its values (a first part above 12 votes day first, a second part
// month first), else from the header language: it, es, ru, de, fr, pt,
// nl, pl, uk mean day first; English headers mean month first
// (QuickBooks, FreshBooks and the like are US programs); with no language
// at all day first is assumed, as most of the world writes it. An assumed
// order is said in the notes when the column has undecidable dates.
func (s *sheetState) resolveOrder(field string, v *orderVotes) {
	switch {
	case v.dmy > v.mdy:
		v.order = parse.OrderDMY
		v.why = fmt.Sprintf("day first: a first part above 12 in row %d", v.dmyRow)
	case v.mdy > v.dmy:
		v.order = parse.OrderMDY
		v.why = fmt.Sprintf("month first: a second part above 12 in row %d", v.mdyRow)
	default:
		lang := s.hdr.lang
		key := NoteDatesDayFirst
		if name, ok := dayFirstLangs[lang]; ok {
			v.order, v.why, key = parse.OrderDMY, "day first, assumed from the "+name+" headers", NoteDatesDayFirstLang
		} else if lang == "en" {
			v.order, v.why, key = parse.OrderMDY, "month first, assumed from the English headers", NoteDatesMonthFirstEN
		} else {
			v.order, v.why = parse.OrderDMY, "day first, assumed (no date in the column settles it)"
		}
		if v.ambiguous > 0 {
			s.note(key, "column", s.columnLabel(field))
		}
	}
}

// resolveSep decides an amount column's decimal separator by the votes
// of its text values, as resolveOrder does for dates. On a tie, workbook
// numbers always use a point, so an xlsx column with no text evidence is
// point-decimal; a CSV follows its header language.
func (s *sheetState) resolveSep(field string, v *sepVotes) {
	switch {
	case v.comma > v.point:
		v.sep, v.why = parse.DecimalComma, "decimal comma"
	case v.point > v.comma:
		v.sep, v.why = parse.DecimalPoint, "decimal point"
	default:
		_, dayFirst := dayFirstLangs[s.hdr.lang]
		key := NoteAmountsPoint
		if !s.xlsx && dayFirst {
			v.sep, v.why, key = parse.DecimalComma, "decimal comma, assumed from the "+dayFirstLangs[s.hdr.lang]+" headers", NoteAmountsCommaLang
		} else {
			v.sep, v.why = parse.DecimalPoint, "decimal point, assumed"
		}
		if v.ambiguous > 0 {
			s.note(key, "column", s.columnLabel(field))
		}
	}
}

// settle reads the values of p that waited for their column's verdict,
// then derives the balance from an amount paid and turns the signs of a
// credit note.
func (rp *rowParser) settle(p *pendingRow) *RowError {
	if w := rp.takeWaiting(p); w != nil {
		if err := rp.settleWaiting(p, w); err != nil {
			return err
		}
	}
	if p.Kind == invoice.KindCreditNote {
		if p.Amount > 0 {
			p.Amount = -p.Amount
		}
		if p.has(flagOutstanding) && p.Outstanding > 0 {
			p.Outstanding = -p.Outstanding
		}
	}
	return nil
}

// settleWaiting reads the values w kept for p by their verdicts, then
// the amount paid.
func (rp *rowParser) settleWaiting(p *pendingRow, w *waiting) *RowError {
	for _, a := range w.amb {
		c := rp.column(a.field)
		row := int(p.row)
		switch a.field {
		case FieldAmount, FieldOutstanding, FieldPaidAmount:
			if err := rp.setAmount(row, c, p, a.field, a.text, rp.votes.seps[a.field].sep); err != nil {
				return err
			}
		default:
			d, err := parse.ParseDateText(a.text, rp.votes.dates[a.field].order)
			if err != nil {
				return rp.rowError(row, c, a.text, parseReason("a date", a.text, err))
			}
			setDate(p, a.field, d)
		}
	}
	if w.paidText != "" && !p.has(flagOutstanding) {
		rp.derivePaid(p, w.paidText)
	}
	return nil
}

// derivePaid turns an amount-paid column into the open balance: amount
// less paid, never below zero. A paid value that cannot be read leaves the
// balance unknown rather than rejecting a row whose amount is good.
func (rp *rowParser) derivePaid(p *pendingRow, paidText string) {
	sep := parse.DecimalAuto
	if v, ok := rp.votes.seps[FieldAmount]; ok {
		sep = v.sep
	}
	var paid invoice.Money
	cur := rp.currency(p)
	m, ok := parse.PlainMoney(paidText, cur)
	if ok && sep != parse.DecimalComma {
		paid = m
	} else {
		a, err := parse.ParseAmount(paidText, sep)
		if err != nil || a.Value == nil {
			rp.votes.badPaid++
			return
		}
		if paid, _, err = parse.RoundMoney(a.Value, cur); err != nil {
			rp.votes.badPaid++
			return
		}
	}
	out := p.Amount - paid
	if p.Amount >= 0 && out < 0 {
		out = 0
	}
	p.Outstanding = out
	p.set(flagOutstanding, true)
}

// sortedKeys is used where map order would make output unstable.
func sortedKeys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
