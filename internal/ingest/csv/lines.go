package csv

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// minLineBytes is the least a line may hold whatever the limits say: the
// bound is there to stop a runaway line, not to judge cells (the table
// layer rejects a cell over input.limits.max_cell_chars and names it).
const minLineBytes = 1 << 20

// maxColumns bounds the column count the line limit is computed from
// (Excel's own limit).
const maxColumns = 16384

// lineLimit is the most bytes one line (or one record over several lines)
// may take: max_cell_chars characters in each column, at up to 4 bytes a
// character in UTF-8.
func lineLimit(maxCellChars, columns int) int {
	columns = min(max(columns, 1), maxColumns)
	return max(minLineBytes, 4*maxCellChars*columns)
}

// line is one physical line of the file, without its line end.
type line struct {
	num  int
	text []byte
	long bool // longer than the limit: text is empty, the line was skipped
}

// lineReader splits the decoded text into lines ending in LF (a CR before
// it dropped, as for CRLF), or in CR alone for the files Excel saves as
// "CSV (Macintosh)". A line longer than limit is skipped to its end
// without being held in memory.
type lineReader struct {
	br    *bufio.Reader
	end   byte // '\n', or '\r' for a CR-only file
	limit int
	num   int
	buf   []byte
	eof   bool
}

func newLineReader(r io.Reader, crOnly bool, limit int) *lineReader {
	lr := &lineReader{br: bufio.NewReaderSize(r, 64<<10), end: '\n', limit: limit}
	if crOnly {
		lr.end = '\r'
	}
	return lr
}

// next returns the next line; its text is valid until the next call. It
// returns io.EOF after the last line, and any read error as it is.
func (lr *lineReader) next() (line, error) {
	if lr.eof {
		return line{}, io.EOF
	}
	lr.buf = lr.buf[:0]
	long := false
	for {
		chunk, err := lr.br.ReadSlice(lr.end)
		if !long && len(lr.buf)+len(chunk) > lr.limit+1 {
			long, lr.buf = true, lr.buf[:0]
		}
		if !long {
			lr.buf = lr.grow(len(chunk))
			lr.buf = append(lr.buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return line{}, err
		}
		if err != nil {
			lr.eof = true
			if !long && len(lr.buf) == 0 {
				return line{}, io.EOF
			}
		}
		break
	}
	lr.num++
	text := lr.buf
	if n := len(text); n > 0 && text[n-1] == lr.end {
		text = text[:n-1]
	}
	if n := len(text); lr.end == '\n' && n > 0 && text[n-1] == '\r' {
		text = text[:n-1]
	}
	if long {
		text = nil
	}
	return line{num: lr.num, text: text, long: long}, nil
}

// crOnly reports text whose lines end in CR alone: a CR and no LF in it.
func crOnly(sample []byte) bool {
	return bytes.IndexByte(sample, '\n') < 0 && bytes.IndexByte(sample, '\r') >= 0
}

// grow makes room for n more bytes in buf, doubling it up to the limit
// (and its line end), so that a line up to the limit costs at most twice
// the limit in allocations, and the buffer serves the next lines.
func (lr *lineReader) grow(n int) []byte {
	need := len(lr.buf) + n
	if need <= cap(lr.buf) {
		return lr.buf
	}
	size := min(max(2*cap(lr.buf), need, 4096), lr.limit+2)
	buf := make([]byte, len(lr.buf), max(size, need))
	copy(buf, lr.buf)
	return buf
}
