package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
)

// excelXMLChunk is the size above which excelize spills a worksheet to a
// temporary file instead of holding it in memory.
const excelXMLChunk = 16 << 20

// readXLSX reads every visible worksheet of a workbook. excelize opens a
// copy of the package without cell data (see withoutCells) and says which
// sheets there are, which are hidden, which date system the workbook uses
// and each style's number format; the worksheets themselves are streamed
// by sheetScanner, values raw. A number is a date when its style has a
// date format, or when it sits in a column mapped to a date field: a
// serial in the workbook's own 1900 or 1904 system.
func readXLSX(fs *fileState, r io.ReaderAt, size int64) error {
	name := fs.res.Name
	lim := fs.opts.Limits
	xo := excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    lim.MaxUnzippedBytes,
		UnzipXMLSizeLimit: min(int64(excelXMLChunk), lim.MaxUnzippedBytes),
	}
	parts, err := openParts(r, size)
	if err != nil {
		return &FileError{File: name, Reason: "is damaged (the zip archive is truncated or corrupt)", Hint: "export it again", Err: err}
	}
	meta, err := parts.withoutCells()
	if err != nil {
		return &FileError{File: name, Reason: "is damaged (the zip archive is truncated or corrupt)", Hint: "export it again", Err: err}
	}
	f, err := excelize.OpenReader(bytes.NewReader(meta), xo)
	if err != nil {
		return xlsxOpenError(name, lim, err)
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	sst, err := parts.sharedStrings(lim.MaxCellChars)
	if err != nil {
		return &FileError{File: name, Reason: "has a damaged shared string table", Hint: "export it again", Err: err}
	}
	flags := styleFlags(f)
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return &FileError{File: name, Reason: "is a workbook with no sheets", Hint: hintExportXLSX}
	}
	for _, sheet := range sheets {
		if k := parts.kinds[sheet]; k != "" && k != "worksheet" {
			what, note := "a chart", newNote(NoteSheetChart, "sheet", sheet)
			if k != "chartsheet" {
				what, note = "not a worksheet ("+k+")", newNote(NoteSheetNotWorksheet, "sheet", sheet, "kind", k)
			}
			fs.res.Sheets = append(fs.res.Sheets, SheetResult{Name: sheet, NoTable: "sheet " + sheet + " is " + what})
			fs.res.Notes = append(fs.res.Notes, note)
			continue
		}
		if visible, err := f.GetSheetVisible(sheet); err == nil && !visible {
			fs.res.Sheets = append(fs.res.Sheets, SheetResult{Name: sheet, Hidden: true})
			fs.res.Notes = append(fs.res.Notes, newNote(NoteSheetHidden, "sheet", sheet))
			continue
		}
		var err error
		if part := parts.file(parts.sheets[sheet]); part != nil {
			err = scanSheet(fs, part, sheet, date1904, sst, flags)
		} else {
			// Not found by the relationships: let excelize find it.
			err = readSheet(fs, f, sheet, date1904)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func readSheet(fs *fileState, f *excelize.File, sheet string, date1904 bool) error {
	st := newSheetState(fs, sheet, sheet, true, date1904)
	rows, err := f.Rows(sheet)
	if err != nil {
		return &FileError{File: fs.res.Name, Reason: fmt.Sprintf("has a damaged sheet %s", sheet), Hint: "export it again", Err: err}
	}
	defer rows.Close()
	// The iterator yields every row number in turn, empty ones included,
	// so counting Next calls gives the row number the user sees.
	num := 0
	for rows.Next() {
		num++
		cells, err := rows.Columns()
		if err != nil {
			st.res.Rows++
			st.reject(&RowError{File: fs.res.Name, Sheet: sheet, Row: num, Reason: fmt.Sprintf("cannot read the row: %v", err)})
			continue
		}
		for i, c := range cells {
			cells[i] = strings.TrimSpace(c)
		}
		if err := st.add(rawRow{num: num, cells: cells}); err != nil {
			return err
		}
		if st.gaveUp {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return &FileError{File: fs.res.Name, Reason: fmt.Sprintf("has a damaged sheet %s", sheet), Hint: "export it again", Err: err}
	}
	st.finish()
	return nil
}

// scanSheet streams one worksheet part through sheetScanner.
func scanSheet(fs *fileState, part *zip.File, sheet string, date1904 bool, sst []string, flags []cellFlag) error {
	st := newSheetState(fs, sheet, sheet, true, date1904)
	rc, err := part.Open()
	if err != nil {
		return &FileError{File: fs.res.Name, Reason: fmt.Sprintf("has a damaged sheet %s", sheet), Hint: "export it again", Err: err}
	}
	defer rc.Close()
	sc := newSheetScanner(rc, sst, flags, fs.opts.Limits.MaxCellChars)
	for {
		row, fl, err := sc.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &FileError{File: fs.res.Name, Reason: fmt.Sprintf("has a damaged sheet %s (%v)", sheet, err), Hint: "export it again", Err: err}
		}
		for i, c := range row.cells {
			row.cells[i] = strings.TrimSpace(c)
		}
		row.flags = fl
		if err := st.add(row); err != nil {
			return err
		}
		if st.gaveUp {
			break
		}
	}
	st.finish()
	return nil
}

// styleFlags says for each cell style whether its number format makes a
// number a date or a time of day / duration.
func styleFlags(f *excelize.File) []cellFlag {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil {
		return nil
	}
	codes := map[int]string{}
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			if nf != nil {
				codes[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	out := make([]cellFlag, len(ss.CellXfs.Xf))
	for i, xf := range ss.CellXfs.Xf {
		if xf.NumFmtID == nil {
			continue
		}
		id := *xf.NumFmtID
		code := codes[id]
		switch {
		case parse.IsDateNumFmt(id, code):
			out[i] = flagDate
		case parse.IsTimeNumFmt(id, code):
			out[i] = flagTime
		}
	}
	return out
}

func xlsxOpenError(name string, lim Limits, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unzip size exceeds"):
		return &FileError{File: name, Reason: fmt.Sprintf("unzips to more than the limit of %s", sizeText(lim.MaxUnzippedBytes)),
			Hint: "raise input.limits.max_unzipped_mb if the file is genuine, or export a shorter period", Err: err}
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm),
		errors.Is(err, io.ErrUnexpectedEOF), strings.Contains(msg, "flate"):
		return &FileError{File: name, Reason: "is damaged (the zip archive is truncated or corrupt)", Hint: "export it again", Err: err}
	}
	return &FileError{File: name, Reason: fmt.Sprintf("is not a readable Excel workbook (%v)", err), Hint: hintExportXLSX, Err: err}
}

// eachElement calls fn with the attributes (by local name) of every
// element called local in a small XML part.
func eachElement(zf *zip.File, local string, fn func(map[string]string)) {
	if zf.UncompressedSize64 > 16<<20 {
		return
	}
	rc, err := zf.Open()
	if err != nil {
		return
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			a := make(map[string]string, len(se.Attr))
			for _, at := range se.Attr {
				a[at.Name.Local] = at.Value
			}
			fn(a)
		}
	}
}
