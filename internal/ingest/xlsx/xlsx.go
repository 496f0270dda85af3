package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// excelXMLChunk is the size above which excelize spills a worksheet to a
// temporary file instead of holding it in memory.
const excelXMLChunk = 16 << 20

// Workbook is an open workbook, ready to stream its sheets.
type Workbook struct {
	Date1904 bool // serial dates count from 1904-01-01, not 1899-12-30

	parts    *workbookParts
	f        *excelize.File
	sst      sharedStrings
	flags    []rowsrc.Flag
	maxChars int
}

// Sheet is one sheet of the workbook, in workbook order.
type Sheet struct {
	Name string
	// Kind is the sheet's part type when it is not a worksheet
	// ("chartsheet", "dialogsheet" ...), else "".
	Kind   string
	Hidden bool // hidden or very hidden (worksheets only)
}

// Open reads the workbook's structure. maxUnzipped bounds the unzipped
// size excelize accepts; maxChars the characters kept of one cell (the
// table layer reports longer cells).
func Open(r io.ReaderAt, size, maxUnzipped int64, maxChars int) (*Workbook, error) {
	xo := excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: min(int64(excelXMLChunk), maxUnzipped),
	}
	parts, err := openParts(r, size)
	if err != nil {
		return nil, &rowsrc.Problem{Reason: "is damaged (the zip archive is truncated or corrupt)", Hint: "export it again", Err: err}
	}
	meta, err := parts.withoutCells()
	if err != nil {
		return nil, &rowsrc.Problem{Reason: "is damaged (the zip archive is truncated or corrupt)", Hint: "export it again", Err: err}
	}
	f, err := excelize.OpenReader(bytes.NewReader(meta), xo)
	if err != nil {
		return nil, openError(maxUnzipped, err)
	}
	wb := &Workbook{parts: parts, f: f, maxChars: maxChars}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		wb.Date1904 = *p.Date1904
	}
	if wb.sst, err = parts.sharedStrings(maxText(maxChars)); err != nil {
		f.Close()
		return nil, &rowsrc.Problem{Reason: "has a damaged shared string table", Hint: "export it again", Err: err}
	}
	wb.flags = styleFlags(f)
	return wb, nil
}

// Close releases excelize's copy of the workbook.
func (wb *Workbook) Close() error { return wb.f.Close() }

// ReleaseStrings lets go of the shared string table (on an Excel export
// of a million invoices, 16 MB) once no more rows are to be read: a row
// read after it would find none of its texts.
func (wb *Workbook) ReleaseStrings() { wb.sst = sharedStrings{} }

// Sheets lists the sheets in workbook order.
func (wb *Workbook) Sheets() []Sheet {
	var out []Sheet
	for _, name := range wb.f.GetSheetList() {
		s := Sheet{Name: name}
		if k := wb.parts.kinds[name]; k != "" && k != "worksheet" {
			s.Kind = k
		} else if visible, err := wb.f.GetSheetVisible(name); err == nil && !visible {
			s.Hidden = true
		}
		out = append(out, s)
	}
	return out
}

// Rows is a worksheet's row source; Close it when done (it stops the
// goroutine inflating the sheet).
type Rows interface {
	rowsrc.Source
	Close() error
}

// Rows opens a worksheet for reading. Cells are trimmed; numbers, dates
// and booleans come as stored (raw), with the style's date or time flag.
func (wb *Workbook) Rows(sheet string) (Rows, error) {
	part := wb.parts.file(wb.parts.sheets[sheet])
	if part == nil {
		// Not found by the relationships: let excelize find it.
		return ExcelizeRows(wb.f, sheet)
	}
	rc, err := openPrefetched(part)
	if err != nil {
		return nil, damagedSheet(sheet, err)
	}
	return &scanRows{rc: rc, sheet: sheet, sc: newSheetScanner(rc, &wb.sst, wb.flags, wb.maxChars)}, nil
}

func damagedSheet(sheet string, err error) *rowsrc.Problem {
	return &rowsrc.Problem{Reason: fmt.Sprintf("has a damaged sheet %s", sheet), Hint: "export it again", Err: err}
}

// scanRows streams one worksheet part through sheetScanner.
type scanRows struct {
	rc    io.ReadCloser
	sheet string
	sc    *sheetScanner
}

func (s *scanRows) Next() (rowsrc.Row, error) {
	row, err := s.sc.next()
	if errors.Is(err, io.EOF) {
		return row, io.EOF
	}
	if err != nil {
		return row, &rowsrc.Problem{Reason: fmt.Sprintf("has a damaged sheet %s (%v)", s.sheet, err), Hint: "export it again", Err: err}
	}
	for i, c := range row.Cells {
		row.Cells[i] = strings.TrimSpace(c)
	}
	return row, nil
}

func (s *scanRows) Close() error { return s.rc.Close() }

// ExcelizeRows reads a worksheet through excelize's row iterator: the way
// to a sheet the relationships do not lead to. Its rows carry no style
// flags; numbers come in their shortest form, as from the scanner.
func ExcelizeRows(f *excelize.File, sheet string) (Rows, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, damagedSheet(sheet, err)
	}
	return &excelizeRows{rows: rows, sheet: sheet}, nil
}

type excelizeRows struct {
	rows  *excelize.Rows
	sheet string
	num   int
}

func (e *excelizeRows) Next() (rowsrc.Row, error) {
	// The iterator yields every row number in turn, empty ones included,
	// so counting Next calls gives the row number the user sees.
	if !e.rows.Next() {
		if err := e.rows.Error(); err != nil {
			return rowsrc.Row{}, damagedSheet(e.sheet, err)
		}
		return rowsrc.Row{}, io.EOF
	}
	e.num++
	cells, err := e.rows.Columns()
	if err != nil {
		return rowsrc.Row{}, &rowsrc.BadRow{Num: e.num, Reason: fmt.Sprintf("cannot read the row: %v", err)}
	}
	for i, c := range cells {
		// The iterator does not say which cells are numbers; a float's
		// long literal is one (parse.FloatLiteral keeps anything else).
		cells[i] = parse.FloatLiteral(strings.TrimSpace(c))
	}
	return rowsrc.Row{Num: e.num, Cells: cells}, nil
}

func (e *excelizeRows) Close() error { return e.rows.Close() }

func openError(maxUnzipped int64, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unzip size exceeds"):
		return &rowsrc.Problem{Reason: fmt.Sprintf("unzips to more than the limit of %s", parse.SizeText(maxUnzipped)),
			Hint: "raise input.limits.max_unzipped_mb if the file is genuine, or export a shorter period", Err: err}
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm),
		errors.Is(err, io.ErrUnexpectedEOF), strings.Contains(msg, "flate"):
		return &rowsrc.Problem{Reason: "is damaged (the zip archive is truncated or corrupt)", Hint: "export it again", Err: err}
	}
	return &rowsrc.Problem{Reason: fmt.Sprintf("is not a readable Excel workbook (%v)", err), Hint: rowsrc.HintExportXLSX, Err: err}
}
