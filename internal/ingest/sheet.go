package ingest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// collectAfterRows is the size of a table (rows parsed) from which the
// memory freed at its end is collected at once (finish).
const collectAfterRows = 200_000

// sheetState reads one table (a worksheet, a CSV file) through its
// stages: rows go in one at a time through add, first to the header
// search (header.go), then, once the columns are mapped (columns.go), to
// the row parser (rows.go), the first sampleRows of them held back until
// the column map has been checked against their values (settleMapping); finish has the column verdicts decided
// (verdicts.go) and groups the rows into documents (group.go). Each stage
// keeps its own state; this holds the table's result and what joins them.
type sheetState struct {
	fs       *fileState
	opts     *Options // the file's, with the sheet's own columns (input.sheets)
	res      SheetResult
	srcSheet string // sheet name in sources and row errors; "" for CSV
	xlsx     bool   // numbers are cell values: serial dates, point decimals
	date1904 bool
	nonBlank int // non-blank rows seen, header search included

	search  headerSearch  // stage 1: until the header is found
	hdr     *header       // stage 2: the column map; nil until found
	sample  []rowsrc.Row  // the first data rows, read before the column map is settled
	sampled bool          // the column map is settled (settleMapping)
	rows    *rowParser    // stage 3: set with hdr
	votes   columnVotes   // stage 4: per-column evidence, decided in finish
	pend    pendingList   // parsed rows waiting for the verdicts and grouping
	journal *journalState // general-ledger tables only
	// customers is how many rows of a customer list were read.
	customers int
}

func newSheetState(fs *fileState, name, srcSheet string, xlsx, date1904 bool) *sheetState {
	opts := fs.opts
	if srcSheet != "" {
		opts = opts.forSheet(srcSheet)
	}
	return &sheetState{fs: fs, opts: opts, res: SheetResult{Name: name}, srcSheet: srcSheet, xlsx: xlsx, date1904: date1904,
		votes: newColumnVotes()}
}

// gaveUp: the header search ended without a table to read (nothing in
// the first rows, or a refused one); the rest of the sheet is not read.
func (s *sheetState) gaveUp() bool { return s.search.gaveUp }

// add takes the next row of the sheet. It returns an error only for a
// limit that fails the whole file: more non-blank rows than the row limit
// in one sheet, as a partial read would silently change totals.
func (s *sheetState) add(r rowsrc.Row) error {
	if s.search.gaveUp || r.Blank() {
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
		if h := s.search.offer(r, s.opts, s.srcSheet); h != nil {
			s.hdr = h
		}
		return nil
	}
	if !s.sampled {
		// The source reuses its slices: keep a copy.
		r.Cells = append([]string(nil), r.Cells...)
		r.Flags = append([]rowsrc.Flag(nil), r.Flags...)
		s.sample = append(s.sample, r)
		if len(s.sample) >= sampleRows {
			s.endSample()
		}
		return s.rowsErr()
	}
	s.dataRow(r)
	return s.rowsErr()
}

// rowsErr fails the file once its rows could not be written to their
// spill file (pendingList.err): the rows are not read further.
func (s *sheetState) rowsErr() error {
	if s.pend.err != nil {
		return spillError(s.fs.res.Name, s.pend.err)
	}
	return nil
}

// endSample settles the column map on the first data rows (settleMapping),
// says what it changed, starts the table and reads the rows kept.
func (s *sheetState) endSample() {
	h, changes := settleMapping(s.hdr, s.sample, s.opts, s.xlsx)
	s.startTable(h)
	for _, c := range changes {
		if c.beside.how != "" {
			s.note(NoteDateBeside, "column", columnLetter(c.col.idx), "empty", c.beside.label())
		} else {
			s.note(NoteColumnNotTaken, "column", c.col.label())
		}
	}
	rows := s.sample
	s.sample, s.sampled = nil, true
	for _, r := range rows {
		s.dataRow(r)
	}
}

// startTable sets up the stages after the header: the row parser over
// the column map, and the journal reading of a general-ledger table.
func (s *sheetState) startTable(h *header) {
	h.freeze()
	s.hdr = h
	s.rows = &rowParser{hdr: h, file: s.fs.res.Name, sheet: s.srcSheet, xlsx: s.xlsx, date1904: s.date1904,
		forced: forcedOrder(s.fs.opts.DateOrder), payInfo: h.hasPaymentInfo(), votes: &s.votes,
		clientRefs: make(map[[2]string]clientRef)}
	s.pend.nums = &s.rows.numbers // spilled with the rows
	if h.journal != nil {
		s.journal = &journalState{cols: h.journal}
	}
	s.res.TableKind = h.kind
	s.res.HeaderRow = h.row
	s.res.Mapping = mappingOf(h)
}

// dataRow takes a row below the header: an over-long cell rejects it,
// totals and duplicate rows are counted and left out, and the rest is
// parsed by its table's kind.
func (s *sheetState) dataRow(r rowsrc.Row) {
	if s.hdr.kind == kindCustomers {
		s.res.Rows++
		s.customerRow(r)
		return
	}
	if s.journal == nil && s.hdr.kind != kindPayments && s.rows.isTemplate(r) {
		s.res.Blank++
		return
	}
	s.res.Rows++
	if idx, n := longCell(r, s.fs.opts.Limits.MaxCellChars); idx >= 0 {
		c := column{idx: idx}
		if idx < len(s.hdr.texts) {
			c.header = s.hdr.texts[idx]
		}
		s.reject(s.rows.rowError(r.Num, &c, r.Cells[idx],
			fmt.Sprintf("the cell has %d characters, more than the limit of %d (input.limits.max_cell_chars)", n, s.fs.opts.Limits.MaxCellChars)))
		return
	}
	if s.rows.isTotals(r) {
		s.res.Skipped++
		return
	}
	if s.fs.seen(r) {
		s.res.Duplicates++
		return
	}
	if s.journal != nil {
		s.journalRow(r)
		return
	}
	// The row is parsed in its place in the list, not copied there.
	p := s.pend.next()
	var err *RowError
	switch s.hdr.kind {
	case "time":
		err = s.rows.timeRow(r, p)
	case kindPayments:
		err = s.rows.paymentRow(r, p)
	default:
		err = s.rows.invoiceRow(r, p)
	}
	if err != nil {
		s.rows.forget(p)
		s.pend.unnext()
		s.reject(err)
	}
}

func (s *sheetState) reject(e *RowError) {
	e.Value = parse.Truncate(e.Value, 60)
	s.res.Rejected++
	s.fs.res.Rejected = append(s.fs.res.Rejected, e)
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

// finish resolves what needed the whole sheet and emits its documents or
// time entries; a sheet without a table says why. Its error fails the
// file: the table's rows could not be written to their spill file or read
// back from it (a failed read in a pass with no error return panics with
// a spillFault, caught here).
func (s *sheetState) finish() (err error) {
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(spillFault)
			if !ok {
				panic(p)
			}
			err = spillError(s.fs.res.Name, f.err)
		}
	}()
	fr := s.fs.res
	if s.hdr == nil {
		s.finishWithoutTable()
		return nil
	}
	if !s.sampled {
		s.endSample()
		if err := s.rowsErr(); err != nil {
			return err
		}
	}
	if s.fs.lastTable {
		// No row is read after this table's: the duplicate check's set,
		// a million entries on a million-row file, and the workbook's
		// shared strings (every parsed value is a copy) go before the
		// rows are grouped.
		s.fs.dups = rowSet{}
		if s.fs.releaseCells != nil {
			s.fs.releaseCells()
		}
		if s.pend.n >= collectAfterRows {
			// The collector paces itself on the heap it last found live,
			// which held both: left to it, the grouping and what follows
			// grew the heap to 1.5 times that before the next collection
			// (150 MB at 1M rows). Collected now, the goal is set on what
			// is still needed: the heap stays under 125 MB. The
			// collection's pause is a few milliseconds.
			runtime.GC()
		}
	}
	s.fs.tables++
	s.decideColumns()
	s.res.Accepted = s.settleRows()
	s.res.Currency = s.currencySeen()
	if err := s.rowsErr(); err != nil {
		return err
	}
	switch s.hdr.kind {
	case "time":
		s.emitTimeEntries()
	case kindPayments:
		s.emitPayments()
	case kindCustomers:
		s.res.Accepted = s.customers
	default:
		var ar []arLine
		if s.journal != nil {
			ar = s.prepareJournal()
		}
		first := len(fr.Documents)
		s.emitDocuments()
		if s.journal != nil {
			s.applyReceivables(fr.Documents[first:], ar)
			if s.fs.opts.Stream {
				// In Stream mode a journal's documents, finished now, are
				// a part of their own: Documents stays nil.
				fr.parts = append(fr.parts, docPart{docs: fr.Documents[first:]})
				fr.streamed += len(fr.Documents) - first
				fr.Documents = nil
			}
		}
	}
	if err := s.rowsErr(); err != nil {
		return err
	}
	s.pend = pendingList{}
	s.res.Rounded = s.rows.rounded
	fr.Rows += s.res.Rows
	fr.Accepted += s.res.Accepted
	fr.Skipped += s.res.Skipped
	fr.NotIncome += s.res.NotIncome
	fr.Blank += s.res.Blank
	fr.Duplicates += s.res.Duplicates
	fr.Rounded += s.res.Rounded
	fr.Sheets = append(fr.Sheets, s.res)
	return nil
}

// finishWithoutTable reports a sheet whose header search found no table
// to read: a refused one (payments, an unreadable journal), none at all,
// or an empty sheet.
func (s *sheetState) finishWithoutTable() {
	fr := s.fs.res
	hs := &s.search
	if hs.refused == "" && s.nonBlank > 0 {
		if why := paymentsNoHeader(hs.scanned, s.opts); why != "" {
			hs.refused, hs.payments = why, true
		}
	}
	switch {
	case hs.refused != "":
		s.res.NoTable = s.refusedText()
		s.fs.refusals = append(s.fs.refusals, refusal{sheet: s.srcSheet, reason: hs.refused, payments: hs.payments})
		s.noteRefused()
	case s.nonBlank == 0 && s.srcSheet != "":
		s.res.NoTable = fmt.Sprintf("sheet %s is empty", s.srcSheet)
		s.fs.noTables = append(s.fs.noTables, s.res.NoTable)
	case !hasText(hs.scanned):
		// Numbers and dates only: not empty, but no header to map.
		where := "the file"
		if s.srcSheet != "" {
			where = "sheet " + s.srcSheet
		}
		s.res.NoTable = fmt.Sprintf("no invoice table found: %s holds numbers and dates but no header row naming the columns", where)
		s.fs.noTables = append(s.fs.noTables, s.res.NoTable)
	case s.srcSheet != "":
		s.res.NoTable = fmt.Sprintf("no invoice table found in sheet %s: saw headers %s", s.srcSheet, sawHeaders(hs.scanned))
		s.fs.noTables = append(s.fs.noTables, s.res.NoTable)
	default:
		s.res.NoTable = fmt.Sprintf("no invoice table found: saw headers %s", sawHeaders(hs.scanned))
		s.fs.noTables = append(s.fs.noTables, s.res.NoTable)
	}
	hs.scanned = nil
	fr.Sheets = append(fr.Sheets, s.res)
}

// emitTimeEntries turns the rows of a time-tracking table into time
// entries, freeing the parsed rows chunk by chunk.
func (s *sheetState) emitTimeEntries() {
	fr := s.fs.res
	fr.TimeEntries = slices.Grow(fr.TimeEntries, s.res.Accepted)
	s.pend.each(func(c int, chunk []pendingRow) bool {
		for i := range chunk {
			if p := &chunk[i]; !p.has(flagDropped) {
				c := s.rows.cl(p)
				fr.TimeEntries = append(fr.TimeEntries, invoice.TimeEntry{ClientKey: c.key, ClientName: c.name,
					Date: p.IssueDate, Seconds: p.seconds(), Source: s.rows.source(int(p.row))})
			}
		}
		s.pend.chunks[c] = nil
		return false
	})
}

// currencySeen is the sheet's currency, "mixed" when its rows have more
// than one.
func (s *sheetState) currencySeen() string {
	var cur currencyRef
	mixed := false
	s.pend.each(func(_ int, chunk []pendingRow) bool {
		for i := range chunk {
			p := &chunk[i]
			if p.has(flagDropped) || p.currency == 0 {
				continue
			}
			if cur == 0 {
				cur = p.currency
			} else if cur != p.currency {
				mixed = true
			}
		}
		return false
	})
	if mixed {
		return "mixed"
	}
	return s.rows.currencies.code(cur)
}
