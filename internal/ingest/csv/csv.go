package csv

import (
	"bufio"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

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

	cr  *stdcsv.Reader
	bad int
}

// Open chooses the encoding (forced, if not "", is input.encoding) and
// the separator, and readies the records.
func Open(r io.ReaderAt, size int64, forced string) (*Reader, error) {
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
	delim, ok := sniffDelimiter(sample)
	if !ok {
		return rd, &rowsrc.Problem{Reason: "is not a spreadsheet: no column separator (comma, semicolon, tab or |) found in its first lines",
			Hint: rowsrc.HintExportXLSX}
	}
	cr := stdcsv.NewReader(bufio.NewReaderSize(open(), 64<<10))
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rd.cr = cr
	return rd, nil
}

// Next returns the next record as a row numbered by its first line.
func (rd *Reader) Next() (rowsrc.Row, error) {
	rec, err := rd.cr.Read()
	if errors.Is(err, io.EOF) {
		return rowsrc.Row{}, io.EOF
	}
	if err != nil {
		var pe *stdcsv.ParseError
		if !errors.As(err, &pe) {
			return rowsrc.Row{}, &rowsrc.Problem{Reason: "cannot be read to the end", Hint: "export it again", Err: err}
		}
		rd.bad++
		if rd.bad > maxBadLines {
			return rowsrc.Row{}, &rowsrc.Problem{Reason: fmt.Sprintf("has more than %d unreadable lines: it is not a CSV export", maxBadLines),
				Hint: rowsrc.HintExportXLSX, Err: err}
		}
		return rowsrc.Row{}, &rowsrc.BadRow{Num: max(pe.StartLine, 1), Reason: fmt.Sprintf("cannot read the line: %v", pe.Err)}
	}
	line, _ := rd.cr.FieldPos(0)
	cells := make([]string, len(rec))
	for i, c := range rec {
		cells[i] = strings.TrimSpace(c)
	}
	return rowsrc.Row{Num: line, Cells: cells}, nil
}
