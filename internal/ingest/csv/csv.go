package csv

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/transform"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// sniffBytes is how much decoded text the delimiter is guessed from.
const sniffBytes = 64 << 10

// maxBadLines stops reading a CSV that is not really one: past this many
// unreadable records the file fails instead of burying the user in errors.
const maxBadLines = 1000

// Reader is an open CSV file: its encoding and separator chosen, its
// records read one at a time by Next.
type Reader struct {
	// Encoding is the encoding the text is read in ("UTF-8",
	// "Windows-1252" ...); Guessed is set when it was not the config's
	// nor plain UTF-8, and the user should be told.
	Encoding string
	Guessed  bool
	// CROnly is set for a file whose lines end in CR alone (Excel's "CSV
	// (Macintosh)"), read line by line all the same.
	CROnly bool

	rs  *records
	bad int
}

// Open chooses the encoding (forced, if not "", is input.encoding) and
// the separator, and readies the records. maxCellChars (the limit
// input.limits.max_cell_chars) bounds a line: max_cell_chars characters
// in each of the columns the first lines have, at least 1 MiB; a longer
// line is skipped, not held in memory, and rejected.
func Open(r io.ReaderAt, size int64, forced string, maxCellChars int) (*Reader, error) {
	enc, skip, why, err := chooseEncoding(forced, r, size)
	if err != nil {
		return nil, &rowsrc.Problem{Reason: err.Error(), Hint: "use utf-8, windows-1252 or windows-1251 in input.encoding"}
	}
	open := func() io.Reader {
		var src io.Reader = io.NewSectionReader(r, skip, size-skip)
		if enc.dec != nil {
			src = transform.NewReader(src, enc.dec.NewDecoder())
		}
		return src
	}
	rd := &Reader{Encoding: enc.name, Guessed: why != ""}
	sample, err := io.ReadAll(io.LimitReader(open(), sniffBytes))
	if err != nil {
		return rd, &rowsrc.Problem{Reason: "cannot be decoded as " + enc.name, Hint: "set input.encoding in the config", Err: err}
	}
	if crOnly(sample) {
		rd.CROnly = true
		sample = bytes.ReplaceAll(sample, []byte{'\r'}, []byte{'\n'})
	}
	delim, ok := sniffDelimiter(sample)
	if !ok {
		return rd, &rowsrc.Problem{Reason: "is not a spreadsheet: no column separator (comma, semicolon, tab or |) found in its first lines",
			Hint: rowsrc.HintExportXLSX}
	}
	cols := sniffColumns(sample, byte(delim))
	limit := lineLimit(maxCellChars, cols)
	rd.rs = &records{lines: newLineReader(open(), rd.CROnly, limit), delim: byte(delim), limit: limit, minCells: cols, maxCells: cols}
	return rd, nil
}

// Next returns the next record as a row numbered by its first line. A line
// that cannot be read (a stray quote, a runaway length) is a
// *rowsrc.BadRow and reading goes on after it.
func (rd *Reader) Next() (rowsrc.Row, error) {
	num, rec, err := rd.rs.next()
	if errors.Is(err, io.EOF) {
		return rowsrc.Row{}, io.EOF
	}
	if err != nil {
		var bl *badLine
		if !errors.As(err, &bl) {
			return rowsrc.Row{}, &rowsrc.Problem{Reason: "cannot be read to the end", Hint: "export it again", Err: err}
		}
		rd.bad++
		if rd.bad > maxBadLines {
			return rowsrc.Row{}, &rowsrc.Problem{Reason: fmt.Sprintf("has more than %d unreadable lines: it is not a CSV export", maxBadLines),
				Hint: rowsrc.HintExportXLSX, Err: err}
		}
		return rowsrc.Row{}, &rowsrc.BadRow{Num: num, Column: bl.col + 1, Reason: "cannot read the line: " + bl.reason}
	}
	cells := make([]string, len(rec))
	copy(cells, rec)
	return rowsrc.Row{Num: num, Cells: cells}, nil
}
