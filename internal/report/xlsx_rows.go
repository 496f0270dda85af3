package report

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Why the tables' rows are not written through excelize's stream writer:
// that writer keeps a sheet's XML in a bytes.Buffer until it passes its
// fixed 16 MiB chunk (excelize.StreamChunkSize), which doubling makes a
// 32 MiB buffer, held until the workbook is closed; a smaller sheet stays
// whole in memory until the zip is written. On a 1M-row month (140k open
// invoices, 98 MB of sheet XML) that buffer was 30 of the 45 MB of live
// heap at the report's peak. So excelize still writes each table's sheet
// (columns, frozen header, header row, autofilter) and the workbook around
// it, and the rows below the header are encoded here, straight into the
// final zip entry of their sheet (spliceRows), one row at a time.
//
// The encoding is excelize's own for the values the tables hold: the
// same XML, byte for byte, as its stream writer gives for a string, an
// integer or a float64 cell (TestRowXMLMatchesExcelize compares the two
// on awkward values). A value of another type is an error, never a guess.

// tableRows writes a table's rows (from row 2) as sheetData XML.
type tableRows func(w *bufio.Writer) error

// rowEncoder encodes one table's rows.
type rowEncoder struct {
	w    *bufio.Writer
	cols []string // column letters: A, B, ...
	num  []byte   // a number cell's text
	ref  [20]byte // scratch for a row number or style
}

func newRowEncoder(w *bufio.Writer, ncols int) *rowEncoder {
	e := &rowEncoder{w: w, cols: make([]string, ncols)}
	for i := range e.cols {
		e.cols[i] = columnLetters(i + 1)
	}
	return e
}

// columnLetters is the column name of the 1-based column n: A..Z, AA...
func columnLetters(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// startRow opens row r (1-based).
func (e *rowEncoder) startRow(r int) {
	e.w.WriteString(`<row r="`)
	e.w.Write(strconv.AppendInt(e.ref[:0], int64(r), 10))
	e.w.WriteString(`">`)
}

func (e *rowEncoder) endRow() { e.w.WriteString(`</row>`) }

// cell writes the cell of column col (0-based) in row r with the given
// style and value; a nil value is an empty cell that keeps its style.
func (e *rowEncoder) cell(col, r, style int, v any) error {
	var (
		t     string // the cell's type: "" (number) or inlineStr
		text  string // an inline string, already escaped
		space bool   // the string keeps its leading or trailing white space
		num   []byte // a number's text
	)
	switch v := v.(type) {
	case nil:
	case string:
		t = "inlineStr"
		text, space = inlineText(v)
	case int:
		num = strconv.AppendInt(e.num[:0], int64(v), 10)
	case int64:
		num = strconv.AppendInt(e.num[:0], v, 10)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// excelize writes these as the text of fmt.Sprint.
			t = "inlineStr"
			text, space = inlineText(fmt.Sprint(v))
		} else {
			num = append(e.num[:0], formatCellFloat(v)...)
		}
	default:
		return fmt.Errorf("column %s, row %d: a cell value of type %T cannot be written", e.cols[col], r, v)
	}
	if num != nil {
		e.num = num[:0]
	}
	w := e.w
	w.WriteString(`<c r="`)
	w.WriteString(e.cols[col])
	w.Write(strconv.AppendInt(e.ref[:0], int64(r), 10))
	w.WriteByte('"')
	if style != 0 {
		w.WriteString(` s="`)
		w.Write(strconv.AppendInt(e.ref[:0], int64(style), 10))
		w.WriteByte('"')
	}
	if t != "" {
		w.WriteString(` t="`)
		w.WriteString(t)
		w.WriteByte('"')
	}
	w.WriteByte('>')
	switch {
	case t == "" && num != nil:
		w.WriteString(`<v>`)
		w.Write(num) // digits, '-', '.': nothing to escape
		w.WriteString(`</v>`)
	case t != "":
		w.WriteString(`<is><t`)
		if space {
			w.WriteString(` xml:space="preserve"`)
		}
		w.WriteByte('>')
		w.WriteString(text)
		w.WriteString(`</t></is>`)
	}
	w.WriteString(`</c>`)
	return nil
}

// maxCellChars is the most UTF-16 units a cell holds: a longer text is
// cut there.
const maxCellChars = excelize.TotalCellChars

// inlineText is an inline string's escaped text and whether it keeps its
// white space, as excelize's setInlineStr makes them (trimCellValue): cut
// to maxCellChars, XML-escaped with new lines left as they are, then
// escaped for the _xHHHH_ notation (bstrMarshal).
func inlineText(s string) (text string, space bool) {
	if len(s) > maxCellChars && utf16Len(s) > maxCellChars { // a UTF-16 unit takes at least one byte
		s = truncateUTF16(s, maxCellChars)
	}
	if s != "" {
		for _, c := range [...]byte{'\t', '\n', '\r', ' '} {
			if s[0] == c || s[len(s)-1] == c {
				space = true
				break
			}
		}
		if needsEscape(s) {
			var b strings.Builder
			_ = xml.EscapeText(&b, []byte(s))
			s = strings.ReplaceAll(b.String(), "&#xA;", "\n")
		}
	}
	return bstrMarshal(s), space
}

// needsEscape reports whether xml.EscapeText would change s: a character
// it escapes, a control character, a byte of a multi-byte or invalid
// UTF-8 sequence. Most cells are plain ASCII text and skip the escaper.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80, c < 0x20, c == '"', c == '&', c == '\'', c == '<', c == '>':
			return true
		}
	}
	return false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncateUTF16 cuts s before the rune that would take it past max
// UTF-16 units.
func truncateUTF16(s string, max int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > max {
			return s[:i]
		}
	}
	return s
}

// formatCellFloat is excelize's text of a float cell: the shortest
// decimal that reads back as v, cut (not rounded) to Excel's 15
// significant digits.
func formatCellFloat(v float64) string {
	str := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes the text that a reader would take for the
// _xHHHH_ notation of a character, as excelize's bstrMarshal does (the
// same steps; excelize is BSD-3-Clause): an _xHHHH_ of a valid code is
// written _x005F_xHHHH_, so that it reads back as itself.
func bstrMarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var result strings.Builder
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result.WriteString(s[cursor:match[0]])
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				if _, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`); err == nil {
					result.WriteString(subStr + "x005F" + subStr)
					continue
				}
			}
			result.WriteString(subStr + "x005F_")
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result.WriteString("_x005F" + subStr)
				continue
			}
		}
	}
	if cursor < l {
		result.WriteString(s[cursor:])
	}
	return result.String()
}

// spliceRows writes the sheet XML of src (excelize's part: the sheet with
// its header row) to w with rows inserted before its </sheetData>.
func spliceRows(w io.Writer, src io.Reader, rows tableRows) error {
	part, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	const end = "</sheetData>"
	i := bytes.Index(part, []byte(end))
	if i < 0 || bytes.Count(part, []byte(end)) != 1 {
		return fmt.Errorf("the sheet has no single %s to put its rows before", end)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(part[:i])
	if err := rows(bw); err != nil {
		return err
	}
	bw.Write(part[i:])
	return bw.Flush()
}
