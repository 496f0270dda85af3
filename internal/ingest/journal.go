package ingest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// General-ledger transaction exports (Wave "Accounting Transactions",
// journals, account cards) are double entry: every invoice appears as its
// income lines plus a receivable line for the same total, and a payment as
// a receivable line and a cash line. Summing every line of an invoice
// number counts the invoice twice or more, so such a table is read
// differently: only lines whose account type says income count, and the
// receivable lines of an invoice number say whether and when it was paid.
//
// A journal is recognised by an account column with an account type or
// group column, or by debit and credit columns (Dare/Avere, Debe/Haber,
// Дебет/Кредит, Soll/Haben): mapJournal. Only lines whose type or group
// says income (Income, Revenue, Sales, Ricavi, Ingresos, Доходы, Выручка,
// Erlöse ...) count, summed per invoice number, client and date (grain
// "line" whatever the config says); the amount is the credit, a debit on
// an income account counts negative. With one signed amount column whose
// income lines add up below zero, signs are turned. Receivable lines (a
// receivable account or type) give payment (applyReceivables). Other lines
// (cash, tax, expenses) are left out and counted as skipped. A journal
// without account types, or without a customer column, fails the sheet
// (and the file when no other sheet holds a table): its income lines
// cannot be told apart.

// Extra fields of a journal header, usable in input.columns like the others.
const (
	FieldAccount      = "account"       // account name or code
	FieldAccountType  = "account_type"  // Income, Asset, Ricavi ...
	FieldAccountGroup = "account_group" // a second classification column
	FieldDebit        = "debit"
	FieldCredit       = "credit"
)

// journalCols are the columns that make a table a journal.
type journalCols struct {
	account   int   // -1 when there is none
	types     []int // account type / group columns
	debit     int   // -1 when there is no debit/credit pair
	credit    int
	signedAmt bool // one signed amount column, no debit/credit pair
}

// Header texts, folded (see foldText).
var (
	accountHeaders = parse.WordSet("account|account name|account title|account description|gl account|ledger account|" +
		"conto|nome conto|descrizione conto|conto contabile|cuenta|nombre cuenta|nombre de la cuenta|cuenta contable|" +
		"счет|наименование счета|konto|kontoname|kontobezeichnung|sachkonto|compte|libelle compte|libelle du compte|intitule du compte")
	accountTypeHeaders = parse.WordSet("account type|type of account|account class|account category|account subtype|" +
		"tipo conto|tipo di conto|categoria conto|tipo cuenta|tipo de cuenta|clase de cuenta|" +
		"тип счета|вид счета|kontotyp|kontoart|kontenart|type de compte|classe de compte|categorie de compte")
	accountGroupHeaders = parse.WordSet("account group|group|gruppo conto|gruppo|grupo cuenta|grupo de cuenta|группа счетов|группа|" +
		"kontogruppe|kontenklasse|groupe de comptes")
	debitWords  = parse.WordSet("debit|debito|dare|debe|дебет|soll|debits")
	creditWords = parse.WordSet("credit|credito|avere|haber|кредит|haben|credits")
	// A credit note or credit limit column is not the credit side.
	notSideWords = parse.WordSet("note|notes|memo|limit|terms|card|nota")
	// Account types and groups whose lines are revenue.
	incomeWords = parse.WordSet("income|revenue|revenues|sales|ricavi|ricavo|vendite|ingresos|ingreso|ventas|" +
		"доходы|доход|выручка|erlose|erlos|umsatzerlose|produits|ventes|receitas")
	// Words that make an "income"-looking type something else: "Cost of
	// Sales", "Sales Tax Payable", "Income Tax Expense".
	notIncomeWords = parse.WordSet("cost|costs|cogs|expense|expenses|costo|costi|gasto|gastos|расходы|расход|себестоимость|" +
		"aufwand|aufwendungen|charges|achats|purchases|purchase|tax|taxes|vat|iva|ндс|mwst|ust|tva|steuer|payable|liability|debiti")
	// Receivable accounts, where invoices are charged and payments land.
	receivableWords = parse.WordSet("receivable|receivables|crediti|cobrar|дебиторская|forderungen|creances")
)

// firstWord is the first word of a folded text.
func firstWord(f string) (string, string) {
	w, rest, _ := strings.Cut(f, " ")
	return w, rest
}

// mapJournal recognises a journal header among the mapped columns and
// adapts the mapping: the account column is never the client, the amount
// is the credit side when there are debit and credit columns, and columns
// that mean something else in a journal (a running balance, a transaction
// type, a status) are not read. It returns why the table must be refused,
// or "".
func mapJournal(h *header, cells []string) string {
	mapJournalColumns(h, cells)
	lc := &journalCols{account: -1, debit: -1, credit: -1}
	// The config may name these columns too; they are in h.cols then.
	if c, ok := h.cols[FieldAccount]; ok {
		lc.account = c.idx
	}
	for _, f := range []string{FieldAccountType, FieldAccountGroup} {
		if c, ok := h.cols[f]; ok {
			lc.types = append(lc.types, c.idx)
		}
	}
	d, hasDebit := h.cols[FieldDebit]
	cr, hasCredit := h.cols[FieldCredit]
	pair := hasDebit && hasCredit
	// "Group" alone is too common a header to make a journal.
	_, hasType := h.cols[FieldAccountType]
	if !pair && !(lc.account >= 0 && (hasType || len(lc.types) > 0 && hasDebit)) {
		dropJournalColumns(h, false)
		return ""
	}
	if !pair {
		delete(h.cols, FieldDebit)
		delete(h.cols, FieldCredit)
	}
	dropLineColumns(h, lc.account)
	_, hasClient := h.cols[FieldClient]
	_, hasID := h.cols[FieldClientID]
	_, hasDate := h.cols[FieldIssueDate]
	_, hasAmount := h.cols[FieldAmount]
	if !hasDate || !(pair || hasAmount) {
		// Not a table header after all (a title that says Debit/Credit).
		dropJournalColumns(h, true)
		return ""
	}
	if len(lc.types) == 0 {
		return refusedJournalNoTypes
	}
	if !hasClient && !hasID {
		return refusedJournalNoClient
	}
	if a, ok := h.cols[FieldAmount]; pair && (!ok || a.how != "config") {
		lc.debit, lc.credit = d.idx, cr.idx
		h.cols[FieldAmount] = column{idx: cr.idx, header: cr.header, how: cr.how}
		delete(h.cols, FieldCredit)
	} else {
		// An amount column named in the config is read as one signed
		// column, debit and credit aside.
		lc.signedAmt = true
	}
	h.journal = lc
	return ""
}

// mapJournalColumns maps the header cells that name a journal's columns
// (account, account type or group, debit, credit), leaving alone those the
// config took for other fields.
func mapJournalColumns(h *header, cells []string) {
	taken := func(i int) bool {
		for f, c := range h.cols {
			if c.idx == i && c.how == "config" && f != FieldClient && f != FieldClientID {
				return true
			}
		}
		return false
	}
	set := func(field string, i int) {
		if _, ok := h.cols[field]; !ok {
			h.cols[field] = column{idx: i, header: cells[i], how: "exact"}
		}
	}
	for i, c := range cells {
		if c == "" || taken(i) {
			continue
		}
		f := parse.Fold(c, true)
		w, rest := firstWord(f)
		switch {
		case accountHeaders[f]:
			set(FieldAccount, i)
		case accountTypeHeaders[f]:
			set(FieldAccountType, i)
		case accountGroupHeaders[f]:
			set(FieldAccountGroup, i)
		case debitWords[w] && !parse.HasWord(notSideWords, rest):
			set(FieldDebit, i)
		case creditWords[w] && !parse.HasWord(notSideWords, rest):
			set(FieldCredit, i)
		}
	}
}

// dropJournalColumns unmaps the journal's own columns of a table that is
// not a journal: all of them, or (config false) those the config did not
// name.
func dropJournalColumns(h *header, config bool) {
	for _, f := range []string{FieldAccount, FieldAccountType, FieldAccountGroup, FieldDebit, FieldCredit} {
		if c, ok := h.cols[f]; ok && (config || c.how != "config") {
			delete(h.cols, f)
		}
	}
}

// dropLineColumns unmaps what a journal's columns would be mistaken for:
// the account column (or an account code) as the client or its id, and a
// running balance, a transaction type or a status, which describe the
// line, not the invoice. The config's mappings stay.
func dropLineColumns(h *header, account int) {
	for _, f := range []string{FieldClient, FieldClientID} {
		c, ok := h.cols[f]
		if !ok || c.how == "config" {
			continue
		}
		w, _ := firstWord(parse.Fold(c.header, true))
		if c.idx == account || accountHeaders[w] || w == "a" {
			delete(h.cols, f)
		}
	}
	for _, f := range []string{FieldOutstanding, FieldPaidAmount, FieldPaidFlag, FieldStatus, FieldKind, FieldDisputed, FieldGross, FieldHours} {
		if c, ok := h.cols[f]; ok && c.how != "config" {
			delete(h.cols, f)
		}
	}
}

// journalLine says what a journal line is.
type journalLine uint8

const (
	lineOther      journalLine = iota // cash, tax, expense ...: left out
	lineIncome                        // counts: summed per invoice
	lineReceivable                    // an invoice's charge or a payment
)

func (s *sheetState) classifyLine(r rowsrc.Row) journalLine {
	lc := s.journal.cols
	income, other := false, false
	for _, i := range lc.types {
		if i >= len(r.Cells) || r.Cells[i] == "" {
			continue
		}
		f := parse.Fold(r.Cells[i], true)
		if parse.HasWord(receivableWords, f) {
			return lineReceivable
		}
		if parse.HasWord(notIncomeWords, f) {
			other = true
		} else if parse.HasWord(incomeWords, f) {
			income = true
		}
	}
	if income && !other {
		return lineIncome
	}
	if lc.account >= 0 && lc.account < len(r.Cells) && parse.HasWord(receivableWords, parse.Fold(r.Cells[lc.account], true)) {
		return lineReceivable
	}
	return lineOther
}

// isZeroText: an empty side of a debit/credit pair is often written 0.00.
func isZeroText(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0.,- ", c) {
			return false
		}
	}
	return true
}

// journalSide picks the filled side of a debit/credit pair: a credit adds to
// the line's account (income, or a payment on a receivable), a debit takes
// from it. The row is rewritten so that the amount column holds the value.
func (s *sheetState) journalSide(r rowsrc.Row) (rowsrc.Row, bool, *RowError) {
	lc := s.journal.cols
	cell := func(i int) string {
		if i < len(r.Cells) {
			return r.Cells[i]
		}
		return ""
	}
	dt, ct := cell(lc.debit), cell(lc.credit)
	dOK, cOK := dt != "" && !isZeroText(dt), ct != "" && !isZeroText(ct)
	switch {
	case dOK && cOK:
		c := column{idx: lc.debit}
		if lc.debit < len(s.hdr.texts) {
			c.header = s.hdr.texts[lc.debit]
		}
		return r, false, s.rows.rowError(r.Num, &c, dt, fmt.Sprintf("both debit (%s) and credit (%s) are filled on one line", parse.Truncate(dt, 20), parse.Truncate(ct, 20)))
	case dOK:
		a, _ := s.hdr.col(FieldAmount)
		cells := append([]string(nil), r.Cells...)
		for len(cells) <= a.idx {
			cells = append(cells, "")
		}
		cells[a.idx] = dt
		r.Cells = cells
		return r, true, nil
	}
	return r, false, nil
}

// journalRow reads one line of a journal table: income lines become document
// lines, receivable lines wait to say which invoices were paid, and the
// rest is left out and counted.
func (s *sheetState) journalRow(r rowsrc.Row) {
	kind := s.classifyLine(r)
	if kind == lineOther {
		s.res.Skipped++
		s.res.NotIncome++
		s.journal.other++
		return
	}
	if kind == lineReceivable {
		if num, _, _ := s.rows.cell(r, FieldNumber); strings.TrimSpace(num) == "" {
			s.res.Skipped++
			s.res.NotIncome++
			s.journal.other++
			return
		}
	}
	negate := false
	if !s.journal.cols.signedAmt {
		var err *RowError
		if r, negate, err = s.journalSide(r); err != nil {
			s.reject(err)
			return
		}
	}
	if kind == lineReceivable && !s.journal.cols.signedAmt {
		// A receivable is charged on the debit side: charges are kept
		// positive and payments negative, as in a signed amount column.
		negate = !negate
	}
	p := s.pend.next()
	if err := s.rows.invoiceRow(r, p); err != nil {
		s.rows.forget(p)
		s.pend.unnext()
		if kind == lineReceivable {
			// A receivable line only tells about payment: one that cannot
			// be read is reported, and its invoice's payment stays unknown.
			num, _, _ := s.rows.cell(r, FieldNumber)
			if s.journal.badAR == nil {
				s.journal.badAR = make(map[string]bool)
			}
			s.journal.badAR[strings.TrimSpace(num)] = true
		}
		s.reject(err)
		return
	}
	p.set(flagPaymentInfo, false)
	if negate {
		p.set(flagNegate, true)
		p.Amount = -p.Amount
	}
	p.line = kind
}

// journalState is a journal table's own state: lines left out (neither
// income nor receivable), receivable lines, and invoice numbers whose
// receivable lines could not all be read.
type journalState struct {
	cols      *journalCols
	other, ar int
	badAR     map[string]bool
}

// arLine is a receivable line: a charge (positive) or a payment
// (negative) on an invoice number.
type arLine struct {
	number, client string
	date           invoice.Date
	amount         invoice.Money
	row            int
}

// prepareJournal runs before the documents are emitted: it takes the
// receivable lines out of the pending rows, counts them as left out, and
// turns the signs of income lines written as negative credits.
func (s *sheetState) prepareJournal() []arLine {
	var ar []arLine
	var income invoice.Money
	nr := s.pend.numbers(true)
	s.pend.each(func(_ int, chunk []pendingRow) bool {
		for i := range chunk {
			p := &chunk[i]
			if p.has(flagDropped) {
				continue
			}
			if p.line == lineReceivable {
				ar = append(ar, arLine{number: strings.TrimSpace(mustNumber(&nr, p)), client: s.rows.cl(p).key,
					date: p.IssueDate, amount: p.Amount, row: int(p.row)})
				continue
			}
			income += p.Amount
		}
		return false
	})
	s.res.Skipped += len(ar)
	s.res.NotIncome += len(ar)
	s.journal.ar = len(ar)
	if s.journal.cols.signedAmt && income < 0 {
		// One signed amount column whose income lines add up below zero
		// writes credits as negatives (most ledgers do): revenue is the
		// other sign.
		s.pend.each(func(_ int, chunk []pendingRow) bool {
			for i := range chunk {
				if p := &chunk[i]; !p.has(flagDropped) && p.line != lineReceivable {
					p.Amount = -p.Amount
				}
			}
			return true // a spilled chunk is written back
		})
		s.note(NoteLedgerNegative, "column", s.columnLabel(FieldAmount))
	}
	return ar
}

// journalWhy is the grain explanation of a journal table.
func (s *sheetState) journalWhy(exNum string, exLines int) string {
	out := s.journal.other + s.journal.ar
	why := "transaction export: only income lines count, summed per invoice"
	if exLines > 1 {
		why = fmt.Sprintf("transaction export: %d income lines of invoice %s summed", exLines, exNum)
	}
	switch {
	case s.journal.ar > 0 && s.journal.other > 0:
		why += fmt.Sprintf("; %s and %s left out", lines(s.journal.ar, "receivable and payment"), lines(s.journal.other, "other"))
	case s.journal.ar > 0:
		why += fmt.Sprintf("; %s left out", lines(s.journal.ar, "receivable and payment"))
	case out > 0:
		why += fmt.Sprintf("; %s of other accounts left out", lines(out, ""))
	}
	return why
}

// applyReceivables derives payment from the receivable lines of each
// invoice number and client: the invoice's charge is the sum of its
// positive lines, its payments the negative ones. An invoice with a charge
// has payment data: paid on the date its payments reached the charge, else
// open with the balance left. One with no charge in the file (charged in
// an earlier period), or a receivable line that could not be read, keeps
// no payment data rather than a guess.
func (s *sheetState) applyReceivables(docs []invoice.Document, ar []arLine) {
	if len(ar) == 0 {
		s.note(NoteLedgerNoReceivables)
		return
	}
	type key struct{ number, client string }
	byKey := make(map[key][]arLine)
	for _, a := range ar {
		if a.number == "" {
			continue
		}
		k := key{a.number, a.client}
		byKey[k] = append(byKey[k], a)
	}
	paid, open, unknown := 0, 0, 0
	for i := range docs {
		d := &docs[i]
		n := strings.TrimSpace(d.Number)
		lines := byKey[key{n, d.ClientKey}]
		var charge invoice.Money
		for _, a := range lines {
			if a.amount > 0 {
				charge += a.amount
			}
		}
		if n == "" || charge <= 0 || s.journal.badAR[n] {
			unknown++
			continue
		}
		// Payments count in date order, then file order.
		pays := make([]arLine, 0, len(lines))
		for _, a := range lines {
			if a.amount < 0 {
				pays = append(pays, a)
			}
		}
		sort.SliceStable(pays, func(i, j int) bool { return pays[i].date < pays[j].date })
		left := charge
		for _, p := range pays {
			left += p.amount
			if left <= 0 && d.PaidDate.IsZero() {
				d.PaidDate = p.date
			}
		}
		d.HasPaymentInfo = true
		d.Outstanding, d.HasOutstanding = max(left, 0), true
		if left <= 0 {
			d.Status = invoice.StatusPaid
			paid++
		} else {
			d.Status = invoice.StatusOpen
			open++
		}
	}
	s.note(NoteLedgerReceivables, "paid", paid, "open", open, "unknown", unknown)
}

func lines(n int, what string) string {
	if what != "" {
		what += " "
	}
	if n == 1 {
		return fmt.Sprintf("1 %sline", what)
	}
	return fmt.Sprintf("%d %slines", n, what)
}
