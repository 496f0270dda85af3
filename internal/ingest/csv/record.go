package csv

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// maxRecordLines is the most lines one quoted cell may span. Notes and
// addresses take a few; a quote that is still open after this many lines
// is a broken one.
const maxRecordLines = 200

// records reads CSV records from lines as encoding/csv does with
// LazyQuotes (a quote inside a cell is kept as text, a quoted cell may
// span lines, an empty line is no record), but a quoted cell that does not
// end on its own line must end properly: by a quote followed by the
// separator or the line end, within maxRecordLines lines and the line
// limit, in a record with as many cells as the file's rows have. Otherwise its quote
// is unbalanced: the first line alone is rejected and reading resumes on
// the line after it, so one stray quote cannot swallow the rest of the file.
type records struct {
	lines *lineReader
	delim byte
	limit int
	// A record over several lines must have from minCells (the cells most
	// lines of the file's start have: the header's) to maxCells (the most
	// seen on one line) cells.
	minCells, maxCells int

	replay []line // lines read ahead for a broken record, to read again
	taken  []line // lines of the current record after its first, copied

	buf    []byte // the current record's cell texts, one after another
	ends   []int  // where each cell ends in buf
	fields []string
}

// badLine is a line that cannot be read as a record.
type badLine struct {
	num    int
	col    int // 0-based column the trouble starts in, -1 for the line
	reason string
}

func (b *badLine) Error() string { return fmt.Sprintf("line %d: %s", b.num, b.reason) }

// nextLine returns a line read ahead before, else the next from the file.
func (rs *records) nextLine() (line, error) {
	if len(rs.replay) > 0 {
		l := rs.replay[0]
		rs.replay = rs.replay[1:]
		return l, nil
	}
	return rs.lines.next()
}

// next returns the next record's line number and trimmed cells (valid
// until the next call), a *badLine for a line that cannot be read, io.EOF
// at the end, or a read error.
func (rs *records) next() (int, []string, error) {
	var first line
	for {
		l, err := rs.nextLine()
		if err != nil {
			return 0, nil, err
		}
		if l.long {
			return l.num, nil, &badLine{num: l.num, col: -1, reason: rs.longReason()}
		}
		if len(l.text) > 0 {
			first = l
			break
		}
	}
	cells, openCol, ok, err := rs.parse(first)
	if err != nil {
		return 0, nil, err
	}
	if !ok {
		// Read the lines taken again, after the broken one.
		rs.replay = append(rs.taken, rs.replay...)
		rs.taken = nil
		return first.num, nil, &badLine{num: first.num, col: openCol,
			reason: fmt.Sprintf("unbalanced quote in column %s: the quoted cell that starts there does not end on its line; the next line is read as a new row", columnName(openCol))}
	}
	return first.num, cells, nil
}

func (rs *records) longReason() string {
	// The limit is at least 1 MB: said in MB, with a decimal.
	return fmt.Sprintf("the line is longer than the limit of %.1f MB (input.limits.max_cell_chars characters in each of its %d columns, at least %d MB); it was skipped",
		float64(rs.limit)/(1<<20), max(rs.minCells, 1), minLineBytes>>20)
}

// parse reads the record that starts on first. ok is false when a quoted
// cell, opened in column openCol (0-based), does not end properly.
func (rs *records) parse(first line) (cells []string, openCol int, ok bool, err error) {
	rs.buf, rs.ends, rs.taken = rs.buf[:0], rs.ends[:0], rs.taken[:0]
	text := first.text
	size, lines := len(text), 1
	multi := false // a quoted cell went on past the first line
	openCol = -1
	pos := 0
	for {
		// One cell from pos.
		if pos < len(text) && text[pos] == '"' {
			pos++
			if !multi {
				openCol = len(rs.ends)
			}
		quoted:
			for {
				i := bytes.IndexByte(text[pos:], '"')
				if i < 0 {
					// The cell goes on on the next line.
					rs.buf = append(rs.buf, text[pos:]...)
					l, err := rs.nextLine()
					if err == io.EOF {
						return nil, openCol, false, nil
					}
					if err != nil {
						return nil, openCol, false, err
					}
					// The line is kept (copied) to be read again if the
					// record turns out broken.
					if !l.long {
						l.text = append([]byte(nil), l.text...)
					}
					rs.taken = append(rs.taken, l)
					lines++
					size += len(l.text) + 1
					if l.long || lines > maxRecordLines || size > rs.limit {
						return nil, openCol, false, nil
					}
					multi = true
					rs.buf = append(rs.buf, '\n')
					text, pos = l.text, 0
					continue
				}
				rs.buf = append(rs.buf, text[pos:pos+i]...)
				pos += i + 1
				switch {
				case pos < len(text) && text[pos] == '"': // "" is a quote
					rs.buf = append(rs.buf, '"')
					pos++
				case pos < len(text) && text[pos] == rs.delim:
					pos++
					rs.ends = append(rs.ends, len(rs.buf))
					break quoted
				case pos == len(text):
					rs.ends = append(rs.ends, len(rs.buf))
					return rs.finish(multi, openCol)
				case multi:
					// A closing quote followed by text: the quote that
					// opened the cell lines ago was a stray one.
					return nil, openCol, false, nil
				default: // a quote inside the cell, kept
					rs.buf = append(rs.buf, '"')
				}
			}
			continue
		}
		i := bytes.IndexByte(text[pos:], rs.delim)
		if i < 0 {
			rs.buf = append(rs.buf, text[pos:]...)
			rs.ends = append(rs.ends, len(rs.buf))
			return rs.finish(multi, openCol)
		}
		rs.buf = append(rs.buf, text[pos:pos+i]...)
		rs.ends = append(rs.ends, len(rs.buf))
		pos += i + 1
	}
}

// finish cuts the record into trimmed cells. A record over several lines
// with fewer or more cells than the file's rows have is lines run together
// by a stray quote.
func (rs *records) finish(multi bool, openCol int) ([]string, int, bool, error) {
	n := len(rs.ends)
	if multi && (n < rs.minCells || (rs.maxCells > 1 && n > rs.maxCells)) {
		return nil, openCol, false, nil
	}
	if !multi {
		rs.maxCells = max(rs.maxCells, n)
	}
	all := string(rs.buf)
	rs.fields = rs.fields[:0]
	start := 0
	for _, end := range rs.ends {
		rs.fields = append(rs.fields, strings.TrimSpace(all[start:end]))
		start = end
	}
	rs.taken = rs.taken[:0]
	return rs.fields, openCol, true, nil
}

// columnName is a 0-based column index as a spreadsheet letter: A, Z, AA.
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}
