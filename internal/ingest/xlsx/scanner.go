package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// Why a hand-written scanner: excelize's row iterator decodes every cell
// through encoding/xml and took about 25 times as long as unzipping the
// sheet, against a budget of 12. The worksheet grammar the reader needs is
// small (rows, cells, values, inline strings), so the sheet parts are
// scanned here byte by byte, and excelize still opens and validates the
// workbook, lists the sheets, says which are hidden, which date system the
// workbook uses and what each style's number format is.

// sheetScanner reads <row> and <c> elements of one worksheet part.
type sheetScanner struct {
	br      *bufio.Reader
	sst     *sharedStrings
	flags   []rowsrc.Flag // by style index
	maxText int           // bytes kept of one cell's text
	rowNum  int
	cells   []string
	cflags  []rowsrc.Flag
	// The row's texts that are not shared strings are gathered in rowText
	// and made one string when the row ends, not one string a cell; spans
	// says where each cell's is (start -1: the cell's string is set).
	rowText []byte
	spans   []span
	text    []byte
	tag     []byte
	attrs   []attrPair
	vbuf    []byte
	isbuf   []byte
}

func newSheetScanner(r io.Reader, sst *sharedStrings, flags []rowsrc.Flag, maxChars int) *sheetScanner {
	return &sheetScanner{br: bufio.NewReaderSize(r, 256<<10), sst: sst, flags: flags, maxText: maxText(maxChars)}
}

// maxText is the number of bytes kept of a cell's text: enough for
// maxChars characters of any UTF-8 and more, for the table layer to see
// that the cell is too long.
func maxText(maxChars int) int { return 4*maxChars + 4 }

// next returns the next row with any cell; io.EOF at the end. The cells
// and flags slices are reused by the next call.
func (sc *sheetScanner) next() (rowsrc.Row, error) {
	for {
		name, end, self, err := sc.nextTag()
		if err != nil {
			return rowsrc.Row{}, err
		}
		switch {
		case name == "row" && !end:
			num := sc.rowNum + 1
			if n, ok := sc.attrInt("r"); ok && n >= 1 && n <= 1_048_576 {
				num = n
			} else if v := sc.attr("r"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 1_048_576 {
					return rowsrc.Row{}, fmt.Errorf("row number %q is not valid", parse.Truncate(v, 20))
				}
				num = n
			}
			sc.rowNum = num
			if self {
				continue
			}
			if err := sc.readRow(); err != nil {
				return rowsrc.Row{}, err
			}
			if len(sc.cells) > 0 {
				return rowsrc.Row{Num: num, Cells: sc.cells, Flags: sc.cflags}, nil
			}
		case name == "sheetData" && end:
			return rowsrc.Row{}, io.EOF
		}
	}
}

func (sc *sheetScanner) readRow() error {
	sc.cells, sc.cflags, sc.spans, sc.rowText = sc.cells[:0], sc.cflags[:0], sc.spans[:0], sc.rowText[:0]
	col := 0
	for {
		if c, ok, err := sc.fastCell(col); ok || err != nil {
			if err != nil {
				return err
			}
			col = c
			continue
		}
		name, end, self, err := sc.nextTag()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch {
		case name == "row" && end:
			sc.endRow()
			return nil
		case name == "c" && !end:
			// The attributes first: reading the cell reads other tags.
			c, typ, style, err := sc.cellHead(col)
			if err != nil {
				return err
			}
			col = c
			var val, inline []byte
			if !self {
				if val, inline, err = sc.readCell(); err != nil {
					return err
				}
			}
			sc.addCell(col, typ, style, val, inline)
		case name == "sheetData" && end:
			return io.ErrUnexpectedEOF
		}
	}
}

// fastCell reads the next cell of a row when it is in the buffer whole
// and in the form of nearly every cell Excel writes: <c .../>,
// <c ...></c> or <c ...><v>text</v></c>, the text without '&', any text
// before it skipped (as nextTag does). It reads it with one look at the
// buffer, not tag by tag; ok is false when it read nothing and the
// general path is to take what comes. prev is the previous cell's column.
func (sc *sheetScanner) fastCell(prev int) (col int, ok bool, err error) {
	if sc.br.Buffered() < 1024 {
		sc.br.Peek(1024) // a full look at the next cells; an error waits for nextTag
	}
	w, _ := sc.br.Peek(sc.br.Buffered())
	lt := bytes.IndexByte(w, '<')
	if lt < 0 || len(w) < lt+3 || w[lt+1] != 'c' || !(isXMLSpace(w[lt+2]) || w[lt+2] == '>' || w[lt+2] == '/') {
		return 0, false, nil
	}
	gt := bytes.IndexByte(w[lt:], '>')
	if gt < 0 {
		return 0, false, nil
	}
	gt += lt
	tag := w[lt+1 : gt] // "c r=..."
	if quoteState(0, tag) != 0 {
		return 0, false, nil // a '>' in a value
	}
	self := tag[len(tag)-1] == '/'
	if self {
		tag = tag[:len(tag)-1]
	}
	if len(tag) > 1 && !isXMLSpace(tag[1]) {
		return 0, false, nil // not named c ("c/x"): nextTag ignores it
	}
	n := gt + 1
	var val []byte
	if !self {
		rest := w[n:]
		switch {
		case bytes.HasPrefix(rest, []byte("</c>")):
			n += len("</c>")
		case bytes.HasPrefix(rest, []byte("<v>")):
			end := bytes.IndexByte(rest[3:], '<')
			if end < 0 {
				return 0, false, nil
			}
			val = rest[3 : 3+end]
			if bytes.IndexByte(val, '&') >= 0 || len(val) > sc.maxText || !bytes.HasPrefix(rest[3+end:], []byte("</v></c>")) {
				return 0, false, nil
			}
			n += 3 + end + len("</v></c>")
		default:
			return 0, false, nil
		}
	}
	sc.attrs = sc.attrs[:0]
	sc.parseAttrs(tag[1:])
	col, typ, style, err := sc.cellHead(prev)
	if err != nil {
		return 0, false, err
	}
	sc.addCell(col, typ, style, val, nil)
	sc.br.Discard(n)
	return col, true, nil
}

// cellHead reads the attributes of a cell's tag: its column (the one
// after prev unless the reference says), type and style (-1: none).
func (sc *sheetScanner) cellHead(prev int) (col int, typ string, style int, err error) {
	col = prev + 1
	if ref := sc.attrBytes("r"); len(ref) > 0 {
		if c, ok := columnOfRef(ref); ok {
			col = c
		}
	}
	if col > 16384 {
		return 0, "", 0, fmt.Errorf("cell column %d is past the last Excel column", col)
	}
	style, hasStyle := sc.attrInt("s")
	if !hasStyle {
		style = -1
	}
	return col, cellType(sc.attrBytes("t")), style, nil
}

// addCell puts a cell's text in the row; an empty one changes nothing.
func (sc *sheetScanner) addCell(col int, typ string, style int, val, inline []byte) {
	text, raw, flag := sc.cellValue(typ, style, val, inline)
	if text == "" && len(raw) == 0 {
		return
	}
	for len(sc.cells) < col {
		sc.cells = append(sc.cells, "")
		sc.cflags = append(sc.cflags, rowsrc.FlagNone)
		sc.spans = append(sc.spans, span{-1, -1})
	}
	sc.cells[col-1] = text
	sc.cflags[col-1] = flag
	sc.spans[col-1] = span{-1, -1}
	if len(raw) > 0 {
		sc.spans[col-1] = span{len(sc.rowText), len(sc.rowText) + len(raw)}
		sc.rowText = append(sc.rowText, raw...)
	}
}

// endRow makes the row's text one string and drops the empty cells at
// the end of the row: they make no difference downstream.
func (sc *sheetScanner) endRow() {
	if len(sc.rowText) > 0 {
		text := string(sc.rowText)
		for i, sp := range sc.spans {
			if sp.start >= 0 {
				sc.cells[i] = text[sp.start:sp.end]
			}
		}
	}
	for len(sc.cells) > 0 && sc.cells[len(sc.cells)-1] == "" {
		sc.cells, sc.cflags = sc.cells[:len(sc.cells)-1], sc.cflags[:len(sc.cflags)-1]
	}
}

// readCell reads up to </c>: the <v> text and the text of an inline
// string (<is>, its <t> runs outside phonetic rPh runs).
func (sc *sheetScanner) readCell() ([]byte, []byte, error) {
	v, is := sc.vbuf[:0], sc.isbuf[:0]
	defer func() { sc.vbuf, sc.isbuf = v, is }()
	inIS, rph := false, 0
	for {
		name, end, self, err := sc.nextTag()
		if err != nil {
			return nil, nil, unexpectedEOF(err)
		}
		if self {
			continue
		}
		switch name {
		case "c":
			if end {
				return v, is, nil
			}
		case "v":
			if !end {
				t, err := sc.readText()
				if err != nil {
					return nil, nil, err
				}
				v = append(v[:0], t...)
			}
		case "is":
			inIS = !end
		case "rPh":
			if end {
				rph--
			} else {
				rph++
			}
		case "t":
			if !end && inIS {
				t, err := sc.readText()
				if err != nil {
					return nil, nil, err
				}
				if rph == 0 && len(is) < sc.maxText {
					is = append(is, t...)
				}
			}
		case "row", "sheetData":
			return nil, nil, fmt.Errorf("unclosed cell")
		}
	}
}

// unexpectedEOF: the end of the part inside a row means a cut-off sheet.
func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// cellType interns the t attribute of a cell.
func cellType(b []byte) string {
	switch string(b) {
	case "":
		return ""
	case "n":
		return "n"
	case "s":
		return "s"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return "?"
}

// span is where a cell's text is in the row's text.
type span struct{ start, end int }

// cellValue returns a cell's text: as a string, or as bytes (raw) to be
// copied. raw aliases the scanner's buffers.
func (sc *sheetScanner) cellValue(typ string, style int, val, inline []byte) (text string, raw []byte, flag rowsrc.Flag) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(string(bytes.TrimSpace(val)))
		if err != nil {
			return "", nil, rowsrc.FlagNone
		}
		text, _ := sc.sst.at(i)
		return text, nil, rowsrc.FlagNone
	case "inlineStr":
		if len(inline) == 0 {
			return "", val, rowsrc.FlagNone
		}
		return "", inline, rowsrc.FlagNone
	case "", "n":
		if style >= 0 && style < len(sc.flags) {
			flag = sc.flags[style]
		}
		// A number as the shortest decimal of its double: "393.165", not
		// the "393.16500000000002" a writer may store. A literal of fewer
		// than 16 digits is kept as it is (parse.FloatLiteral).
		num := bytes.TrimSpace(val)
		if len(num) < 16 {
			return "", num, flag
		}
		return parse.FloatLiteral(string(num)), nil, flag
	}
	// str (formula text), b (0/1), e (#N/A ...), d (ISO date text).
	return "", val, rowsrc.FlagNone
}

// nextTag advances to the next element tag and returns its local name
// (any namespace prefix dropped), whether it is an end tag and whether it
// closes itself. Attributes are kept for attr. Comments, processing
// instructions and declarations are skipped.
func (sc *sheetScanner) nextTag() (string, bool, bool, error) {
	for {
		if _, err := sc.br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				return "", false, false, io.EOF
			}
			return "", false, false, err
		}
		// Fast path for the tags that make up most of a sheet: </v>,
		// </c>, <v>, </t>, <t>.
		if p, _ := sc.br.Peek(3); len(p) == 3 {
			if p[0] == '/' && p[2] == '>' && (p[1] == 'v' || p[1] == 'c' || p[1] == 't') {
				sc.br.Discard(3)
				sc.attrs = sc.attrs[:0]
				return tagName(p[1:2]), true, false, nil
			}
			if p[1] == '>' && (p[0] == 'v' || p[0] == 't') {
				name := tagName(p[0:1])
				sc.br.Discard(2)
				sc.attrs = sc.attrs[:0]
				return name, false, false, nil
			}
		}
		b, err := sc.br.ReadByte()
		if err != nil {
			return "", false, false, io.ErrUnexpectedEOF
		}
		switch b {
		case '?':
			if err := sc.skipPast("?>"); err != nil {
				return "", false, false, err
			}
			continue
		case '!':
			if err := sc.skipDecl(); err != nil {
				return "", false, false, err
			}
			continue
		}
		end := b == '/'
		sc.tag = sc.tag[:0]
		if !end {
			sc.tag = append(sc.tag, b)
		}
		// Read the whole tag up to '>'; a '>' inside a quoted attribute
		// value (legal XML) means reading on to the next one.
		var quote byte // open quote carried across chunks: linear time
		for {
			chunk, err := sc.br.ReadSlice('>')
			if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
				return "", false, false, io.ErrUnexpectedEOF
			}
			quote = quoteState(quote, chunk)
			sc.tag = append(sc.tag, chunk...)
			if len(sc.tag) > 1<<20 {
				return "", false, false, fmt.Errorf("an XML tag longer than 1 MB")
			}
			if err == nil && quote == 0 {
				sc.tag = sc.tag[:len(sc.tag)-1]
				break
			}
		}
		self := len(sc.tag) > 0 && sc.tag[len(sc.tag)-1] == '/'
		if self {
			sc.tag = sc.tag[:len(sc.tag)-1]
		}
		name := sc.tag
		rest := []byte(nil)
		for i, c := range name {
			if isXMLSpace(c) {
				name, rest = name[:i], name[i:]
				break
			}
		}
		if i := bytes.LastIndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		sc.attrs = sc.attrs[:0]
		if !end && len(rest) > 0 && wantAttrs(name) {
			sc.parseAttrs(rest)
		}
		return tagName(name), end, self, nil
	}
}

// quoteState continues the quote state of a tag over b: 0 outside a
// quoted attribute value, else the quote character that will close it.
func quoteState(quote byte, b []byte) byte {
	for _, c := range b {
		if quote != 0 {
			if c == quote {
				quote = 0
			}
		} else if c == '"' || c == '\'' {
			quote = c
		}
	}
	return quote
}

// tagName returns the element names the scanner acts on without
// allocating; any other name comes back as "".
func tagName(b []byte) string {
	switch string(b) {
	case "row":
		return "row"
	case "c":
		return "c"
	case "v":
		return "v"
	case "is":
		return "is"
	case "t":
		return "t"
	case "rPh":
		return "rPh"
	case "sheetData":
		return "sheetData"
	}
	return ""
}

// wantAttrs limits attribute parsing to the elements whose attributes are
// used.
func wantAttrs(name []byte) bool {
	return string(name) == "c" || string(name) == "row"
}

// attrPair is one attribute; the value aliases the tag buffer and is
// valid until the next tag is read.
type attrPair struct{ key, val []byte }

func (sc *sheetScanner) parseAttrs(b []byte) {
	i := 0
	for i < len(b) {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		ks := i
		for i < len(b) && b[i] != '=' && !isXMLSpace(b[i]) {
			i++
		}
		key := b[ks:i]
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '=' {
			return
		}
		i++
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || (b[i] != '"' && b[i] != '\'') {
			return
		}
		q := b[i]
		i++
		vs := i
		for i < len(b) && b[i] != q {
			i++
		}
		if i >= len(b) {
			return
		}
		if c := bytes.LastIndexByte(key, ':'); c >= 0 {
			key = key[c+1:]
		}
		sc.attrs = append(sc.attrs, attrPair{key, b[vs:i]})
		i++
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (sc *sheetScanner) attr(name string) string {
	for _, a := range sc.attrs {
		if string(a.key) == name {
			if bytes.IndexByte(a.val, '&') >= 0 {
				return unescapeXML(a.val)
			}
			return string(a.val)
		}
	}
	return ""
}

// attrInt reads a numeric attribute without allocating; ok is false when
// it is absent or not a small non-negative number.
func (sc *sheetScanner) attrInt(name string) (int, bool) {
	for _, a := range sc.attrs {
		if string(a.key) == name {
			if len(a.val) == 0 || len(a.val) > 9 {
				return 0, false
			}
			n := 0
			for _, c := range a.val {
				if c < '0' || c > '9' {
					return 0, false
				}
				n = n*10 + int(c-'0')
			}
			return n, true
		}
	}
	return 0, false
}

func (sc *sheetScanner) attrBytes(name string) []byte {
	for _, a := range sc.attrs {
		if string(a.key) == name {
			return a.val
		}
	}
	return nil
}

// readText reads character data up to the next '<' (which is left for
// nextTag), decoding entities and CDATA sections.
func (sc *sheetScanner) readText() ([]byte, error) {
	sc.text = sc.text[:0]
	for {
		// The buffered bytes up to the next '<' in one go, not a byte at
		// a time: most cells are a <v> of a few characters.
		if sc.br.Buffered() == 0 {
			if _, err := sc.br.Peek(1); err != nil {
				return nil, io.ErrUnexpectedEOF
			}
		}
		buf, _ := sc.br.Peek(sc.br.Buffered())
		i := bytes.IndexByte(buf, '<')
		if i < 0 {
			sc.appendText(buf)
			sc.br.Discard(len(buf))
			continue
		}
		sc.appendText(buf[:i])
		sc.br.Discard(i)
		if head, _ := sc.br.Peek(9); string(head) == "<![CDATA[" {
			sc.br.Discard(9)
			if err := sc.readCDATA(); err != nil {
				return nil, err
			}
			continue
		}
		return unescapeBytes(sc.text), nil
	}
}

// appendText keeps up to maxText bytes of a cell's text; the rest is
// read and dropped (the cell-length limit reports it).
func (sc *sheetScanner) appendText(b []byte) {
	if room := sc.maxText - len(sc.text); room > 0 {
		sc.text = append(sc.text, b[:min(len(b), room)]...)
	}
}

func (sc *sheetScanner) readCDATA() error {
	for {
		c, err := sc.br.ReadByte()
		if err != nil {
			return io.ErrUnexpectedEOF
		}
		if c == ']' {
			if head, _ := sc.br.Peek(2); string(head) == "]>" {
				sc.br.Discard(2)
				return nil
			}
		}
		if len(sc.text) < sc.maxText {
			// CDATA is literal: protect '&' from the entity decoding.
			if c == '&' {
				sc.text = append(sc.text, "&amp;"...)
			} else {
				sc.text = append(sc.text, c)
			}
		}
	}
}

func (sc *sheetScanner) skipPast(end string) error {
	var last []byte
	for {
		c, err := sc.br.ReadByte()
		if err != nil {
			return io.ErrUnexpectedEOF
		}
		last = append(last, c)
		if len(last) > len(end) {
			last = last[1:]
		}
		if string(last) == end {
			return nil
		}
	}
}

func (sc *sheetScanner) skipDecl() error {
	head, _ := sc.br.Peek(2)
	if string(head) == "--" {
		return sc.skipPast("-->")
	}
	return sc.skipPast(">")
}

// columnOfRef reads the column of a cell reference ("AB12" -> 28).
func columnOfRef(ref []byte) (int, bool) {
	col := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A') + 1
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a') + 1
		default:
			return col, col > 0
		}
		if col > 16384 {
			return col, true
		}
	}
	return col, col > 0
}

func unescapeXML(b []byte) string { return string(unescapeBytes(b)) }

// unescapeBytes decodes the five XML entities and character references,
// in place. Unknown entities are kept as written.
func unescapeBytes(b []byte) []byte {
	i := bytes.IndexByte(b, '&')
	if i < 0 {
		return b
	}
	out := b[:i]
	for i < len(b) {
		c := b[i]
		if c != '&' {
			out = append(out, c)
			i++
			continue
		}
		semi := bytes.IndexByte(b[i:], ';')
		if semi < 0 || semi > 12 {
			out = append(out, c)
			i++
			continue
		}
		ent := string(b[i+1 : i+semi])
		var r rune = -1
		switch ent {
		case "amp":
			r = '&'
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "quot":
			r = '"'
		case "apos":
			r = '\''
		default:
			if strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X") {
				if v, err := strconv.ParseUint(ent[2:], 16, 32); err == nil {
					r = rune(v)
				}
			} else if strings.HasPrefix(ent, "#") {
				if v, err := strconv.ParseUint(ent[1:], 10, 32); err == nil {
					r = rune(v)
				}
			}
		}
		if r < 0 || !utf8.ValidRune(r) {
			out = append(out, b[i:i+semi+1]...)
		} else {
			out = utf8.AppendRune(out, r)
		}
		i += semi + 1
	}
	return out
}
