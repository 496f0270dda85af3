package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/clientrisk/clientrisk/internal/filekind"
	"github.com/clientrisk/clientrisk/internal/ingest/csv"
	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/ingest/xlsx"
)

// progressEvery is how many rows pass between two Progress calls.
const progressEvery = 10_000

// ReadFile reads one export. A file that cannot be read at all returns a
// *FileError (a one-line reason naming what the file is and what to export
// instead); otherwise a *FileResult with documents, time entries, row
// errors and per-sheet explanations. It opens the file read-only and never
// modifies, moves or deletes it.
//
// Anything but a regular file is refused before it is opened: opening a
// named pipe blocks until a writer comes (for ever, for an export given
// by mistake), and a device such as /dev/zero never ends.
func ReadFile(path string, opts Options) (*FileResult, error) {
	name := filepath.Base(path)
	pre, err := os.Stat(path)
	if err != nil {
		return nil, openError(name, path, err)
	}
	if why := notRegular(pre.Mode()); why != "" {
		return nil, &FileError{File: name, Reason: why}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(name, path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, openError(name, path, err)
	}
	if why := notRegular(st.Mode()); why != "" { // replaced since the first look
		return nil, &FileError{File: name, Reason: why}
	}
	res, err := Read(name, f, st.Size(), opts)
	if res != nil {
		res.Path = path
	}
	return res, err
}

// openError words a failure to find or open path: "no such file" for a
// path that is not there (with the path when it says more than the name).
func openError(name, path string, err error) *FileError {
	if errors.Is(err, fs.ErrNotExist) {
		reason := "no such file"
		if path != name {
			reason += " (" + path + ")"
		}
		return &FileError{File: name, Reason: reason, Err: err}
	}
	return &FileError{File: name, Reason: "cannot be opened", Err: err}
}

// notRegular says what a file that is not a regular file is, or "".
func notRegular(m fs.FileMode) string {
	switch kind := filekind.Of(m); kind {
	case "":
		return ""
	case "folder":
		return "is a folder, not a file"
	default:
		return "is a " + kind + ", not a file: give the export file itself"
	}
}

// Read is ReadFile over an already-open reader. name is used in messages;
// the format is chosen from the content, not from the name.
func Read(name string, r io.ReaderAt, size int64, opts Options) (res *FileResult, err error) {
	// One bad file must not stop a run: a bug turned into a panic by some
	// input becomes this file's error.
	defer func() {
		if p := recover(); p != nil {
			res = nil
			err = &FileError{File: name, Reason: "could not be read because of an internal error in clientrisk",
				Hint: "please report it with the file",
				Err:  fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
		}
	}()
	opts.Limits = opts.Limits.withDefaults()
	sum, err := hashFile(r, size)
	if err != nil {
		return nil, &FileError{File: name, Reason: "cannot be read", Err: err}
	}
	res = &FileResult{Name: name, Size: size, SHA256: sum}
	fmtKind, err := detectFormat(name, r, size, opts.Limits)
	if err != nil {
		return nil, err
	}
	st := newFileState(res, &opts)
	switch fmtKind {
	case formatXLSX:
		res.Format = "xlsx"
		err = readXLSX(st, r, size)
	default:
		res.Format = "csv"
		err = readCSV(st, r, size)
	}
	if err != nil {
		return nil, err
	}
	if err := st.noTableError(); err != nil {
		return nil, err
	}
	return res, nil
}

// withDefaults fills zero limits with DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxUnzippedBytes <= 0 {
		l.MaxUnzippedBytes = d.MaxUnzippedBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCellChars <= 0 {
		l.MaxCellChars = d.MaxCellChars
	}
	return l
}

func hashFile(r io.ReaderAt, size int64) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// encodingNote is the note's key for an encoding chosen by guess (the
// reasons of chooseEncoding).
func encodingNote(name string) string {
	switch name {
	case "UTF-16":
		return NoteEncodingUTF16
	case "Windows-1251":
		return NoteEncodingCP1251
	}
	return NoteEncodingCP1252
}

// readXLSX reads every visible worksheet of a workbook, each as a table.
// A number is a date when its style has a date format, or when it sits in
// a column mapped to a date field: a serial in the workbook's own 1900 or
// 1904 system.
func readXLSX(fs *fileState, r io.ReaderAt, size int64) error {
	name := fs.res.Name
	lim := fs.opts.Limits
	wb, err := xlsx.Open(r, size, lim.MaxUnzippedBytes, lim.MaxCellChars)
	if err != nil {
		return fileError(name, err)
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if len(sheets) == 0 {
		return &FileError{File: name, Reason: "is a workbook with no sheets", Hint: rowsrc.HintExportXLSX}
	}
	var hidden []string
	for i, sh := range sheets {
		sheet := sh.Name
		if k := sh.Kind; k != "" {
			what, note := "a chart", newNote(NoteSheetChart, "sheet", sheet)
			if k != "chartsheet" {
				what, note = "not a worksheet ("+k+")", newNote(NoteSheetNotWorksheet, "sheet", sheet, "kind", k)
			}
			fs.res.Sheets = append(fs.res.Sheets, SheetResult{Name: sheet, NoTable: "sheet " + sheet + " is " + what})
			fs.res.Notes = append(fs.res.Notes, note)
			continue
		}
		if sh.Hidden {
			fs.res.Sheets = append(fs.res.Sheets, SheetResult{Name: sheet, Hidden: true})
			fs.res.Notes = append(fs.res.Notes, newNote(NoteSheetHidden, "sheet", sheet))
			hidden = append(hidden, sheet)
			continue
		}
		if isDraftName(sheet) {
			why := "sheet " + sheet + " is named as a draft and was skipped"
			fs.res.Sheets = append(fs.res.Sheets, SheetResult{Name: sheet, NoTable: why})
			fs.res.Notes = append(fs.res.Notes, newNote(NoteSheetDraft, "sheet", sheet))
			fs.noTables = append(fs.noTables, why)
			continue
		}
		rows, err := wb.Rows(sheet)
		if err != nil {
			return fileError(name, err)
		}
		fs.lastTable = i == len(sheets)-1
		if fs.lastTable {
			fs.releaseCells = wb.ReleaseStrings
		}
		err = readSheet(fs, sheet, rows, wb.Date1904)
		rows.Close()
		if err != nil {
			return err
		}
	}
	if fs.tables == 0 {
		// The file is about to fail for want of a table: say which
		// hidden sheets hold one, as that is what the user must unhide.
		for _, sheet := range hidden {
			if row := hiddenTable(fs, wb, sheet); row > 0 {
				fs.noTables = append(fs.noTables, fmt.Sprintf("hidden sheet %s holds an invoice table (header on row %d): unhide it to have it read", sheet, row))
			}
		}
	}
	return nil
}

// hiddenTable looks for a table header in a hidden sheet, as the header
// search of a visible one does; it returns its row, or 0.
func hiddenTable(fs *fileState, wb *xlsx.Workbook, sheet string) int {
	rows, err := wb.Rows(sheet)
	if err != nil {
		return 0
	}
	defer rows.Close()
	var hs headerSearch
	opts := fs.opts.forSheet(sheet)
	for !hs.gaveUp {
		r, err := rows.Next()
		if err != nil {
			if _, bad := err.(*rowsrc.BadRow); bad {
				continue
			}
			return 0
		}
		if r.Blank() {
			continue
		}
		if h := hs.offer(r, opts, sheet); h != nil {
			return h.row
		}
	}
	return 0
}

// draftWords name a sheet kept as a draft, in the languages of the
// synonyms (folded: "Entwürfe" is "entwurfe").
var draftWords = map[string]bool{
	"bozza": true, "bozze": true, "draft": true, "drafts": true, "borrador": true, "borradores": true,
	"brouillon": true, "brouillons": true, "entwurf": true, "entwurfe": true, "черновик": true, "черновики": true,
}

// isDraftName reports whether a sheet's name has a draft word in it
// ("Bozza 2024", "Draft - March"): such a sheet is not read.
func isDraftName(name string) bool {
	for _, w := range strings.Fields(parse.Fold(name, true)) {
		if draftWords[w] {
			return true
		}
	}
	return false
}

// readSheet reads one worksheet as a table.
func readSheet(fs *fileState, sheet string, rows rowsrc.Source, date1904 bool) error {
	return readTable(newSheetState(fs, sheet, sheet, true, date1904), rows)
}

// readCSV reads a CSV or TSV file as one table: its SheetResult is named
// after the file, and its sources and row errors carry no sheet.
func readCSV(fs *fileState, r io.ReaderAt, size int64) error {
	name := fs.res.Name
	rd, err := csv.Open(r, size, fs.opts.Encoding, fs.opts.Limits.MaxCellChars)
	if rd != nil && rd.Guessed {
		fs.res.Notes = append(fs.res.Notes, Note{Key: encodingNote(rd.Encoding)})
	}
	if err != nil {
		return fileError(name, err)
	}
	fs.lastTable = true
	return readTable(newSheetState(fs, name, "", false, false), rd)
}

// readTable feeds a table's rows to its sheet state until the source ends
// or the header search gives up, then finishes the table. A row the source
// could not read is counted and rejected; a *rowsrc.Problem fails the file.
func readTable(st *sheetState, rows rowsrc.Source) error {
	// The format reader inflates and scans on its own goroutine, ahead of
	// the table stages here: two cores share a big file's work.
	src := rowsrc.Ahead(rows)
	defer src.Close()
	for {
		row, err := src.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			if bad, ok := err.(*rowsrc.BadRow); ok {
				st.res.Rows++
				st.reject(&RowError{File: st.fs.res.Name, Sheet: st.srcSheet, Row: bad.Num, Column: badColumn(st, bad.Column), Reason: bad.Reason})
				continue
			}
			return fileError(st.fs.res.Name, err)
		}
		if err := st.add(row); err != nil {
			return err
		}
		if st.gaveUp() {
			break
		}
	}
	return st.finish()
}

// badColumn names the 1-based column of a row the source could not read
// as row errors do (`B "Client"`), by its letter alone before the header
// is found; "" for none.
func badColumn(st *sheetState, col int) string {
	if col <= 0 {
		return ""
	}
	if st.hdr != nil && col <= len(st.hdr.texts) {
		return column{idx: col - 1, header: st.hdr.texts[col-1]}.label()
	}
	return columnLetter(col - 1)
}

// fileError names the file in a format reader's *rowsrc.Problem.
func fileError(name string, err error) error {
	var p *rowsrc.Problem
	if errors.As(err, &p) {
		return &FileError{File: name, Reason: p.Reason, Hint: p.Hint, Err: p.Err}
	}
	return &FileError{File: name, Reason: "cannot be read", Err: err}
}
