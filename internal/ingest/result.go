package ingest

import (
	"fmt"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Field names, as used by the synonym table and by input.columns in the
// config.
const (
	FieldNumber      = "number"
	FieldClient      = "client"
	FieldClientID    = "client_id"
	FieldIssueDate   = "issue_date"
	FieldDueDate     = "due_date"
	FieldPaidDate    = "paid_date"
	FieldAmount      = "amount" // net when both net and gross exist
	FieldGross       = "gross"  // a gross total beside a net amount
	FieldOutstanding = "outstanding"
	FieldCurrency    = "currency"
	FieldStatus      = "status"
	FieldKind        = "kind"
	FieldHours       = "hours"
	FieldDisputed    = "disputed"  // yes/no column
	FieldPaidFlag    = "paid_flag" // yes/no "Paid" column
)

// ColumnMapping says which column a field was read from.
type ColumnMapping struct {
	Field  string // one of the Field* names
	Column string // letter, "A", "AB"
	Header string // header text as in the file
	How    string // "exact", "contains", "near" (a word one typo away), "config", "beside" (no header, dates beside an empty date column)
}

// SheetResult says how one sheet (or the one table of a CSV) was read.
type SheetResult struct {
	Name       string
	Hidden     bool   // skipped: hidden or very hidden
	TableKind  string // "invoices", "time", "payments", "customers", or "" when no table was found
	HeaderRow  int    // 1-based; 0 when no table was found
	Mapping    []ColumnMapping
	DateOrder  string // "dmy", "mdy", "ymd" (ISO only) or "" (no ambiguous dates)
	DateWhy    string // why that order: "a first part above 12 in row 7", "config", "assumed from Italian headers"
	Currency   string // the currency seen (or "" when the sheet has none)
	Grain      string // "invoice" or "line"
	GrainWhy   string
	Rows       int // data rows after the header (blank rows not counted)
	Accepted   int
	Rejected   int
	Skipped    int // totals rows and journal lines other than income; void/draft are NOT skipped here (analytics counts them)
	NotIncome  int // of Skipped, the journal lines other than income (not totals)
	Blank      int // template rows with no client, date and amount, not in Rows (as blank rows)
	Duplicates int // rows identical to an earlier row of the same file
	Rounded    int // amounts with more decimals than the currency has
	// NoTable is set when the sheet had no recognisable invoice table:
	// "no invoice table found in sheet X: saw headers A, B, C", or when
	// its table was recognised and refused: "sheet X is a payments export,
	// not an invoice list: ...".
	NoTable string
}

// FileResult is what reading one file gave.
type FileResult struct {
	Name   string // base name, as shown to users
	Path   string
	Size   int64
	SHA256 string // hex of the file's bytes
	Format string // "xlsx", "csv"

	Sheets      []SheetResult
	Documents   []invoice.Document
	TimeEntries []invoice.TimeEntry
	Payments    []invoice.Payment  // from a payments table (TableKind "payments")
	Customers   []invoice.Customer // from a customer list (TableKind "customers")
	Rejected    []*RowError

	// parts are the documents in Stream mode, in the order Documents
	// would have them; streamed counts them.
	parts    []docPart
	streamed int

	Rows, Accepted, Skipped, Duplicates, Rounded int
	NotIncome, Blank                             int // as in SheetResult
	// Notes are things the user should know: "sheet Foo is hidden and
	// was skipped", "day first was assumed ..." (Note.String in English).
	Notes []Note
}

// RowError is a row that could not be read. It never silently changes a
// total: the row is left out and reported.
type RowError struct {
	File   string
	Sheet  string
	Row    int    // 1-based as in the spreadsheet / CSV record line
	Column string // letter and header, e.g. `E "Importo"`
	Value  string // the offending text, truncated
	Reason string // why: `cannot read "12,3.4" as an amount`
}

func (e *RowError) Error() string {
	loc := "file " + e.File
	if e.Sheet != "" {
		loc += ", sheet " + e.Sheet
	}
	loc += fmt.Sprintf(", row %d", e.Row)
	if e.Column != "" {
		loc += ", column " + e.Column
	}
	return loc + ": " + e.Reason
}

// FileError is a file that could not be read at all. Reason is one line
// naming what the file is; Hint says what to export instead.
type FileError struct {
	File   string
	Reason string // "is a legacy Excel 97-2003 .xls workbook"
	Hint   string // "save it as .xlsx or export CSV"
	Err    error
}

func (e *FileError) Error() string {
	s := "file " + e.File + ": " + e.Reason
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *FileError) Unwrap() error { return e.Err }

// WithoutContents is a copy of r with its counts, sheets, notes and
// rejected rows but without the documents, time entries, payments and
// customers: what a caller that has stored or taken them keeps, so the
// rows are not held twice.
func (r *FileResult) WithoutContents() *FileResult {
	c := *r
	c.Documents, c.TimeEntries, c.Payments, c.Customers = nil, nil, nil, nil
	c.parts, c.streamed = nil, 0
	return &c
}

// docPart is one sheet's documents in Stream mode: a table made on each
// walk, or, for a journal (whose documents are finished with its
// receivable lines), the documents themselves.
type docPart struct {
	table *docTable
	docs  []invoice.Document
}

func (p docPart) len() int {
	if p.table != nil {
		return p.table.gs.len()
	}
	return len(p.docs)
}

func (p docPart) doc(i int) invoice.Document {
	if p.table != nil {
		return p.table.doc(i)
	}
	return p.docs[i]
}

func (p docPart) each(fn func(*invoice.Document) error) error {
	if p.table != nil {
		return p.table.each(fn)
	}
	return eachOf(p.docs, fn)
}

// eachOf calls fn with each of docs.
func eachOf(docs []invoice.Document, fn func(*invoice.Document) error) error {
	for i := range docs {
		if err := fn(&docs[i]); err != nil {
			return err
		}
	}
	return nil
}

// Document is document i of the file (0 <= i < DocumentCount), the
// same as Documents[i] when the file is not read in Stream mode; in Stream
// mode it is made from its rows.
func (r *FileResult) Document(i int) invoice.Document {
	if r.parts == nil {
		return r.Documents[i]
	}
	k, j := r.part(i)
	return r.parts[k].doc(j)
}

// DocumentCursor returns Document for one goroutine that asks for
// documents in increasing order (any order is correct, only slower): a
// spilled table's rows are read back a chunk at a time, the chunk last
// read kept, rather than a row at a time. Like Document, it panics if the
// rows cannot be read back from their temporary file.
func (r *FileResult) DocumentCursor() func(i int) invoice.Document {
	if r.parts == nil {
		return r.Document
	}
	cursors := make([]rowCursor, len(r.parts))
	for k, p := range r.parts {
		if p.table != nil {
			cursors[k] = newRowCursor(&p.table.pend, true)
		}
	}
	return func(i int) invoice.Document {
		k, j := r.part(i)
		if p := r.parts[k]; p.table != nil {
			return p.table.mustDoc(j, &cursors[k])
		}
		return r.parts[k].docs[j]
	}
}

// part finds document i (Stream mode) among the parts: k is its part and
// j its index there.
func (r *FileResult) part(i int) (k, j int) {
	j = i
	for k, p := range r.parts {
		if j < p.len() {
			return k, j
		}
		j -= p.len()
	}
	panic(fmt.Sprintf("ingest: document %d of %d", i, r.DocumentCount()))
}

// DocumentCount is how many documents the file gave.
func (r *FileResult) DocumentCount() int { return len(r.Documents) + r.streamed }

// EachDocument calls fn with each document of the file in order, the
// same documents Documents holds when the file is not read in Stream
// mode. The *invoice.Document is only valid during the call. fn's error
// stops the walk and is returned.
func (r *FileResult) EachDocument(fn func(*invoice.Document) error) error {
	if r.parts == nil {
		return eachOf(r.Documents, fn)
	}
	for _, p := range r.parts {
		if err := p.each(fn); err != nil {
			return err
		}
	}
	return nil
}
