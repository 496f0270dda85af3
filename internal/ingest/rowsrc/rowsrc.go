package rowsrc

import "fmt"

// Flag says what a cell's style makes of a number.
type Flag uint8

const (
	FlagNone Flag = iota
	FlagDate      // a date number format: the number is a serial date
	FlagTime      // a time or duration format: a fraction of a day
)

// Row is one row as the file has it: trimmed cell texts by column, and
// its 1-based row number as the user sees it (the CSV record's first line).
type Row struct {
	Num   int
	Cells []string
	Flags []Flag // per cell, from the workbook's styles; nil for CSV
}

// Flag is the style flag of cell i.
func (r Row) Flag(i int) Flag {
	if i < len(r.Flags) {
		return r.Flags[i]
	}
	return FlagNone
}

// Blank reports a row without any text.
func (r Row) Blank() bool {
	for _, c := range r.Cells {
		if c != "" {
			return false
		}
	}
	return true
}

// Source yields the rows of one table (a worksheet, a CSV file). Next
// returns io.EOF at the end; a *BadRow is a row that could not be read,
// and the source goes on after it; any other error (a *Problem) ends the
// file. The slices of a row may be reused by the next call.
type Source interface {
	Next() (Row, error)
}

// BadRow is a row or line that could not be read at all.
type BadRow struct {
	Num    int
	Column int    // 1-based column the trouble is in; 0 for the whole line
	Reason string // "cannot read the line: ..."
}

func (e *BadRow) Error() string { return fmt.Sprintf("row %d: %s", e.Num, e.Reason) }

// Problem is why a whole file cannot be read, worded for the user after
// the file's name: Reason "is damaged (...)", Hint "export it again".
type Problem struct {
	Reason string
	Hint   string
	Err    error
}

func (p *Problem) Error() string { return p.Reason }

func (p *Problem) Unwrap() error { return p.Err }

// HintExportXLSX is the hint of most files that are not what they seem.
const HintExportXLSX = "export it again as .xlsx or CSV"
