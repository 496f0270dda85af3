package ingest

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// dayFirstLangs are header languages whose users write dates day first.
var dayFirstLangs = map[string]string{
	"it": "Italian", "es": "Spanish", "ru": "Russian", "de": "German", "fr": "French",
	"pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "uk": "Ukrainian",
}

// resolveOrder decides a date column's day/month order from the votes of
// all its values, else from the header language. English headers mean
// month first (QuickBooks, FreshBooks and the like are US programs); with
// no language at all day first is assumed, as most of the world writes it.
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

// resolveSep decides an amount column's decimal separator. Workbook
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

// note adds a note about this sheet: its "sheet" argument is the sheet's
// name, "" for a CSV (the templates then speak of the file).
func (s *sheetState) note(key string, nameValues ...any) {
	s.fs.res.Notes = append(s.fs.res.Notes, newNote(key, append([]any{"sheet", s.srcSheet}, nameValues...)...))
}

// columnLabel names the column a field was read from as the file shows
// it (`E "Importo"`), or the field itself if it has none.
func (s *sheetState) columnLabel(field string) string {
	if c, ok := s.hdr.col(field); ok {
		return c.label()
	}
	return strings.ReplaceAll(field, "_", " ")
}

// finish resolves what needed the whole sheet and emits its documents.
func (s *sheetState) finish() {
	fr := s.fs.res
	if s.hdr == nil && s.refused == "" && s.nonBlank > 0 {
		if why := paymentsNoHeader(s.scanned, s.fs.opts); why != "" {
			s.refused, s.payments = why, true
		}
	}
	if s.hdr == nil && s.refused != "" {
		s.res.NoTable = s.refusedText()
		s.fs.refusals = append(s.fs.refusals, refusal{sheet: s.srcSheet, reason: s.refused, payments: s.payments})
		s.noteRefused()
		s.scanned = nil
		fr.Sheets = append(fr.Sheets, s.res)
		return
	}
	if s.hdr == nil {
		if s.nonBlank == 0 && s.srcSheet != "" {
			s.res.NoTable = fmt.Sprintf("sheet %s is empty", s.srcSheet)
		} else if s.srcSheet != "" {
			s.res.NoTable = fmt.Sprintf("no invoice table found in sheet %s: saw headers %s", s.srcSheet, sawHeaders(s.scanned))
		} else {
			s.res.NoTable = fmt.Sprintf("no invoice table found: saw headers %s", sawHeaders(s.scanned))
		}
		s.fs.noTables = append(s.fs.noTables, s.res.NoTable)
		s.scanned = nil
		fr.Sheets = append(fr.Sheets, s.res)
		return
	}
	s.fs.tables++
	for _, f := range []string{FieldIssueDate, FieldDueDate, FieldPaidDate} {
		if v, ok := s.dates[f]; ok {
			s.resolveOrder(f, v)
			if s.res.DateOrder == "" && (v.ambiguous > 0 || v.dmy+v.mdy > 0) {
				s.res.DateOrder, s.res.DateWhy = v.order.String(), v.why
			}
		}
	}
	if o := forcedOrder(s.fs.opts.DateOrder); o != parse.OrderUnknown {
		s.res.DateOrder, s.res.DateWhy = o.String(), "config (input.date_order)"
	}
	if s.paidAmounts > 0 {
		s.note(NotePaidAmounts, "column", s.columnLabel(FieldPaidFlag))
	}
	for _, f := range sortedKeys(s.notFlags) {
		s.note(NoteNotYesNo, "column", s.columnLabel(f), "count", s.notFlags[f])
	}
	for _, f := range sortedKeys(s.seps) {
		s.resolveSep(f, s.seps[f])
	}
	firstReject := len(fr.Rejected) - s.res.Rejected
	accepted := 0
	for _, chunk := range s.pend.chunks {
		for i := range chunk {
			p := &chunk[i]
			if err := s.resolveAmbiguous(p); err != nil {
				s.reject(err)
				p.dropped = true
				continue
			}
			if p.line == lineReceivable {
				continue
			}
			accepted++
		}
	}
	if s.badPaid > 0 {
		s.note(NoteBadPaid, "count", s.badPaid)
	}
	// Rows with ambiguous values fail only now; keep the sheet's errors in
	// row order.
	mine := fr.Rejected[firstReject:]
	sort.SliceStable(mine, func(i, j int) bool { return mine[i].Row < mine[j].Row })
	s.res.Accepted = accepted
	s.res.Currency = s.currencySeen()
	if s.hdr.kind == "time" {
		fr.TimeEntries = slices.Grow(fr.TimeEntries, accepted)
		for c, chunk := range s.pend.chunks {
			for _, p := range chunk {
				if !p.dropped {
					fr.TimeEntries = append(fr.TimeEntries, invoice.TimeEntry{ClientKey: p.doc.ClientKey, ClientName: p.doc.ClientName,
						Date: p.doc.IssueDate, Seconds: p.seconds, Source: p.doc.Source})
				}
			}
			s.pend.chunks[c] = nil
		}
	} else {
		var ar []arLine
		if s.hdr.ledger != nil {
			ar = s.prepareLedger()
		}
		first := len(fr.Documents)
		s.emitDocuments()
		if s.hdr.ledger != nil {
			s.applyReceivables(fr.Documents[first:], ar)
		}
	}
	s.pend = pendingList{}
	fr.Rows += s.res.Rows
	fr.Accepted += s.res.Accepted
	fr.Skipped += s.res.Skipped
	fr.Duplicates += s.res.Duplicates
	fr.Rounded += s.res.Rounded
	fr.Sheets = append(fr.Sheets, s.res)
}

func (s *sheetState) currencySeen() string {
	cur, mixed := "", false
	for _, chunk := range s.pend.chunks {
		for _, p := range chunk {
			if p.dropped || p.doc.Currency == "" {
				continue
			}
			if cur == "" {
				cur = p.doc.Currency
			} else if cur != p.doc.Currency {
				mixed = true
			}
		}
	}
	if mixed {
		return "mixed"
	}
	return cur
}

func (s *sheetState) resolveAmbiguous(p *pendingRow) *RowError {
	for _, a := range p.amb {
		c, _ := s.hdr.col(a.field)
		row := p.doc.Source.Row
		switch a.field {
		case FieldAmount, FieldOutstanding:
			if err := s.setAmount(row, c, p, a.field, a.text, s.seps[a.field].sep); err != nil {
				return err
			}
		default:
			d, err := parse.ParseDateText(a.text, s.dates[a.field].order)
			if err != nil {
				return s.rowError(row, c, a.text, parseReason("a date", a.text, err))
			}
			setDate(&p.doc, a.field, d)
		}
	}
	p.amb = nil
	if p.paidText != "" && !p.doc.HasOutstanding {
		s.derivePaid(p)
	}
	if p.doc.Kind == invoice.KindCreditNote {
		if p.doc.Amount > 0 {
			p.doc.Amount = -p.doc.Amount
		}
		if p.doc.HasOutstanding && p.doc.Outstanding > 0 {
			p.doc.Outstanding = -p.doc.Outstanding
		}
	}
	return nil
}

// derivePaid turns an amount-paid column into the open balance: amount
// less paid, never below zero. A paid value that cannot be read leaves the
// balance unknown rather than rejecting a row whose amount is good.
func (s *sheetState) derivePaid(p *pendingRow) {
	sep := parse.DecimalAuto
	if v, ok := s.seps[FieldAmount]; ok {
		sep = v.sep
	}
	var paid invoice.Money
	m, ok := parse.PlainMoney(p.paidText, p.doc.Currency)
	if ok && sep != parse.DecimalComma {
		paid = m
	} else {
		a, err := parse.ParseAmount(p.paidText, sep)
		if err != nil || a.Value == nil {
			s.badPaid++
			return
		}
		if paid, _, err = parse.RoundMoney(a.Value, p.doc.Currency); err != nil {
			s.badPaid++
			return
		}
	}
	out := p.doc.Amount - paid
	if p.doc.Amount >= 0 && out < 0 {
		out = 0
	}
	p.doc.Outstanding, p.doc.HasOutstanding = out, true
	p.paidText = ""
}

// emitDocuments groups the lines of one invoice (same number, client,
// issue date and currency) and decides whether their amounts add up (line
// amounts) or repeat the invoice total (taken once). Groups are found by a
// 64-bit hash of the key, checked against the group's first row, so that
// no key string is kept per row; chunks of pending rows are freed as soon
// as every group with a row in them has been emitted.
func (s *sheetState) emitDocuments() {
	l := &s.pend
	gid := make([]int32, l.n)
	var firstOf []int32 // first row of each group
	var size []int32
	byHash := make(map[uint64]int32)
	var byKey map[string]int32 // only for hash collisions
	for i := 0; i < l.n; i++ {
		p := l.at(i)
		if p.dropped || p.line == lineReceivable {
			gid[i] = -1
			continue
		}
		n := strings.TrimSpace(p.doc.Number)
		if n == "" {
			gid[i] = int32(len(size))
			firstOf, size = append(firstOf, int32(i)), append(size, 1)
			continue
		}
		h := groupHash(n, &p.doc)
		g, ok := byHash[h]
		if ok && !sameGroup(&l.at(int(firstOf[g])).doc, &p.doc) {
			if byKey == nil {
				byKey = make(map[string]int32)
			}
			k := n + "\x00" + p.doc.ClientKey + "\x00" + strconv.Itoa(int(p.doc.IssueDate)) + "\x00" + p.doc.Currency
			g, ok = byKey[k]
			if !ok {
				g = int32(len(size))
				byKey[k] = g
				firstOf, size = append(firstOf, int32(i)), append(size, 0)
			}
		} else if !ok {
			g = int32(len(size))
			byHash[h] = g
			firstOf, size = append(firstOf, int32(i)), append(size, 0)
		}
		gid[i] = g
		size[g]++
	}
	byHash, byKey = nil, nil
	start := make([]int32, len(size)+1)
	for g, n := range size {
		start[g+1] = start[g] + n
	}
	members := make([]int32, start[len(size)])
	fill := append([]int32(nil), start[:len(size)]...)
	for i, g := range gid {
		if g >= 0 {
			members[fill[g]] = int32(i)
			fill[g]++
		}
	}
	gid, fill = nil, nil
	group := func(g int) []int32 { return members[start[g]:start[g+1]] }
	multi, differ := 0, ""
	example, exNum, exLines := "", "", 0
	for g := range size {
		idx := group(g)
		if len(idx) < 2 {
			continue
		}
		multi++
		first := &l.at(int(idx[0])).doc
		if example == "" {
			example = fmt.Sprintf("%s (%d lines)", first.Number, len(idx))
			exNum, exLines = first.Number, len(idx)
		}
		for _, i := range idx[1:] {
			if l.at(int(i)).doc.Amount != first.Amount && differ == "" {
				differ = first.Number
			}
		}
	}
	amountHeader := ""
	if c, ok := s.hdr.col(FieldAmount); ok {
		amountHeader = c.header
	}
	grain, why := "invoice", ""
	switch g := strings.ToLower(s.fs.opts.Grain); {
	case s.hdr.ledger != nil:
		// Income lines of a ledger are parts of an invoice whatever the
		// config says: its total sits on the receivable line, not here.
		grain, why = "line", s.ledgerWhy(exNum, exLines)
	case g == "line" || g == "invoice":
		grain, why = g, "config (input.grain)"
	case multi == 0:
		why = "one row per invoice"
	case s.hdr.lineAmount:
		grain, why = "line", fmt.Sprintf("the amount column %q holds line amounts: the lines of an invoice are summed", amountHeader)
	case differ != "":
		grain, why = "line", fmt.Sprintf("amounts differ between the lines of invoice %s: the lines of an invoice are summed", differ)
	default:
		why = fmt.Sprintf("the same amount repeats on every line of an invoice (e.g. %s): taken once", example)
	}
	s.res.Grain, s.res.GrainWhy = grain, why
	s.fs.res.Documents = slices.Grow(s.fs.res.Documents, len(size))
	freed := 0
	for g := range size {
		idx := group(g)
		doc := l.at(int(idx[0])).doc
		if len(idx) > 1 {
			mergeLines(&doc, l, idx[1:], grain == "line")
		}
		// A negative total with no document type is a credit in all but
		// name; calling it one keeps it apart from invoices of the same
		// number in the cross-export key.
		if doc.Amount < 0 {
			doc.Kind = invoice.KindCreditNote
		}
		s.fs.res.Documents = append(s.fs.res.Documents, doc)
		// Groups come in order of their first row: once the next group
		// starts past a chunk, nothing in that chunk is needed again.
		next := l.n
		if g+1 < len(size) {
			next = int(group(g + 1)[0])
		}
		for ; freed < len(l.chunks) && (freed+1)*pendingChunk <= next; freed++ {
			l.chunks[freed] = nil
		}
	}
}

// mergeLines folds the other lines of an invoice into doc: amounts summed
// for line grain, taken once for invoice grain; a balance repeated on
// every line is taken once either way.
func mergeLines(doc *invoice.Document, l *pendingList, rest []int32, sum bool) {
	outSame := true
	for _, i := range rest {
		o := &l.at(int(i)).doc
		if o.Outstanding != doc.Outstanding || o.HasOutstanding != doc.HasOutstanding {
			outSame = false
		}
	}
	for _, i := range rest {
		o := &l.at(int(i)).doc
		if sum {
			doc.Amount += o.Amount
			if !outSame {
				doc.Outstanding += o.Outstanding
				doc.HasOutstanding = doc.HasOutstanding || o.HasOutstanding
			}
		}
		if doc.DueDate.IsZero() {
			doc.DueDate = o.DueDate
		}
		if doc.PaidDate.IsZero() {
			doc.PaidDate = o.PaidDate
		}
		if doc.Status == invoice.StatusUnknown {
			doc.Status = o.Status
		}
		if o.Kind == invoice.KindCreditNote {
			doc.Kind = invoice.KindCreditNote
		}
	}
}

func groupHash(number string, d *invoice.Document) uint64 {
	h := fnv.New64a()
	h.Write([]byte(number))
	h.Write([]byte{0})
	h.Write([]byte(d.ClientKey))
	h.Write([]byte{0, byte(d.IssueDate), byte(d.IssueDate >> 8), byte(d.IssueDate >> 16), byte(d.IssueDate >> 24), 0})
	h.Write([]byte(d.Currency))
	return h.Sum64()
}

func sameGroup(a, b *invoice.Document) bool {
	return strings.TrimSpace(a.Number) == strings.TrimSpace(b.Number) && a.ClientKey == b.ClientKey &&
		a.IssueDate == b.IssueDate && a.Currency == b.Currency
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
