package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Why a hand-written scanner: excelize's row iterator decodes every cell
// through encoding/xml and took about 25 times as long as unzipping the
// sheet, against a budget of 12. The worksheet grammar the reader needs is
// small (rows, cells, values, inline strings), so the sheet parts are
// scanned here byte by byte, and excelize still opens and validates the
// workbook, lists the sheets, says which are hidden, which date system the
// workbook uses and what each style's number format is.

// cellFlag says what a cell's style makes of a number.
type cellFlag uint8

const (
	flagNone cellFlag = iota
	flagDate          // a date number format: the number is a serial date
	flagTime          // a time or duration format: a fraction of a day
)

// workbookParts maps sheet names to their parts in the package, following
// the relationships (the workbook need not live in xl/).
type workbookParts struct {
	zr     *zip.Reader
	files  map[string]*zip.File // by lower-case name
	sheets map[string]string    // sheet name -> part name
	kinds  map[string]string    // sheet name -> "worksheet", "chartsheet", ...
	sst    string               // shared strings part, "" if none
}

type relationship struct{ target, typ string }

func openParts(r io.ReaderAt, size int64) (*workbookParts, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	p := &workbookParts{zr: zr, files: make(map[string]*zip.File), sheets: map[string]string{}, kinds: map[string]string{}}
	for _, f := range zr.File {
		p.files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))] = f
	}
	root := p.rels("_rels/.rels", "")
	wb := ""
	for _, rel := range root {
		if strings.HasSuffix(rel.typ, "/officeDocument") {
			wb = rel.target
		}
	}
	if wb == "" {
		wb = "xl/workbook.xml"
	}
	dir := path.Dir(wb)
	wbRels := p.rels(path.Join(dir, "_rels", path.Base(wb)+".rels"), dir)
	for _, rel := range wbRels {
		if strings.HasSuffix(rel.typ, "/sharedStrings") {
			p.sst = rel.target
		}
	}
	wf := p.file(wb)
	if wf == nil {
		return nil, fmt.Errorf("no workbook part %s", wb)
	}
	eachElement(wf, "sheet", func(a map[string]string) {
		if rel, ok := wbRels[a["id"]]; ok {
			p.sheets[a["name"]] = rel.target
			p.kinds[a["name"]] = rel.typ[strings.LastIndex(rel.typ, "/")+1:]
		}
	})
	return p, nil
}

func (p *workbookParts) file(name string) *zip.File {
	return p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// rels reads a relationships part; targets are resolved against dir.
func (p *workbookParts) rels(name, dir string) map[string]relationship {
	out := map[string]relationship{}
	f := p.file(name)
	if f == nil {
		return out
	}
	eachElement(f, "Relationship", func(a map[string]string) {
		t := a["Target"]
		if a["TargetMode"] == "External" {
			return
		}
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		out[a["Id"]] = relationship{target: path.Clean(t), typ: a["Type"]}
	})
	return out
}

// sharedStrings reads the shared string table: the one table of the file
// held in memory. Phonetic runs (rPh) are not part of the text.
func (p *workbookParts) sharedStrings(maxChars int) ([]string, error) {
	if p.sst == "" {
		return nil, nil
	}
	f := p.file(p.sst)
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	var out []string
	var b strings.Builder
	inSI, inT, rph := false, false, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				b.Reset()
			case "t":
				inT = inSI
			case "rPh":
				rph++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, b.String())
				inSI = false
			case "t":
				inT = false
			case "rPh":
				rph--
			}
		case xml.CharData:
			if inT && rph == 0 && b.Len() <= 4*maxChars+4 {
				b.Write(t)
			}
		}
	}
}

// sheetScanner reads <row> and <c> elements of one worksheet part.
type sheetScanner struct {
	br      *bufio.Reader
	sst     []string
	flags   []cellFlag // by style index
	maxText int        // bytes kept of one cell's text
	rowNum  int
	cells   []string
	cflags  []cellFlag
	text    []byte
	tag     []byte
	attrs   [][2]string
}

func newSheetScanner(r io.Reader, sst []string, flags []cellFlag, maxChars int) *sheetScanner {
	return &sheetScanner{br: bufio.NewReaderSize(r, 256<<10), sst: sst, flags: flags, maxText: 4*maxChars + 4}
}

var errSheetEnd = errors.New("end of sheet data")

// next returns the next row with any cell; io.EOF at the end. The cells
// and flags slices are reused by the next call.
func (sc *sheetScanner) next() (rawRow, []cellFlag, error) {
	for {
		name, end, self, err := sc.nextTag()
		if err != nil {
			return rawRow{}, nil, err
		}
		switch {
		case name == "row" && !end:
			num := sc.rowNum + 1
			if v := sc.attr("r"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 1_048_576 {
					return rawRow{}, nil, fmt.Errorf("row number %q is not valid", truncate(v, 20))
				}
				num = n
			}
			sc.rowNum = num
			if self {
				continue
			}
			if err := sc.readRow(); err != nil {
				return rawRow{}, nil, err
			}
			if len(sc.cells) > 0 {
				return rawRow{num: num, cells: sc.cells}, sc.cflags, nil
			}
		case name == "sheetData" && end:
			return rawRow{}, nil, io.EOF
		}
	}
}

func (sc *sheetScanner) readRow() error {
	sc.cells, sc.cflags = sc.cells[:0], sc.cflags[:0]
	col := 0
	for {
		name, end, self, err := sc.nextTag()
		if err != nil {
			return err
		}
		switch {
		case name == "row" && end:
			// Trailing empty cells make no difference downstream.
			for len(sc.cells) > 0 && sc.cells[len(sc.cells)-1] == "" {
				sc.cells, sc.cflags = sc.cells[:len(sc.cells)-1], sc.cflags[:len(sc.cflags)-1]
			}
			return nil
		case name == "c" && !end:
			col++
			if ref := sc.attr("r"); ref != "" {
				if c, ok := columnOfRef(ref); ok {
					col = c
				}
			}
			if col > 16384 {
				return fmt.Errorf("cell column %d is past the last Excel column", col)
			}
			typ, style := sc.attr("t"), sc.attr("s")
			val, inline := "", ""
			if !self {
				if val, inline, err = sc.readCell(); err != nil {
					return err
				}
			}
			text, flag := sc.cellValue(typ, style, val, inline)
			if text == "" {
				continue
			}
			for len(sc.cells) < col {
				sc.cells = append(sc.cells, "")
				sc.cflags = append(sc.cflags, flagNone)
			}
			sc.cells[col-1] = text
			sc.cflags[col-1] = flag
		case name == "sheetData" && end:
			return io.ErrUnexpectedEOF
		}
	}
}

// readCell reads up to </c>: the <v> text and the text of an inline
// string (<is>, its <t> runs outside phonetic rPh runs).
func (sc *sheetScanner) readCell() (string, string, error) {
	var v, is []byte
	inIS, rph := false, 0
	for {
		name, end, self, err := sc.nextTag()
		if err != nil {
			return "", "", err
		}
		if self {
			continue
		}
		switch name {
		case "c":
			if end {
				return string(v), string(is), nil
			}
		case "v":
			if !end {
				t, err := sc.readText()
				if err != nil {
					return "", "", err
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
					return "", "", err
				}
				if rph == 0 && len(is) < sc.maxText {
					is = append(is, t...)
				}
			}
		case "row", "sheetData":
			return "", "", fmt.Errorf("unclosed cell")
		}
	}
}

func (sc *sheetScanner) cellValue(typ, style, val, inline string) (string, cellFlag) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || i < 0 || i >= len(sc.sst) {
			return "", flagNone
		}
		return sc.sst[i], flagNone
	case "inlineStr":
		if inline == "" {
			return val, flagNone
		}
		return inline, flagNone
	case "", "n":
		if style != "" {
			if i, err := strconv.Atoi(style); err == nil && i >= 0 && i < len(sc.flags) {
				return val, sc.flags[i]
			}
		}
		return val, flagNone
	}
	// str (formula text), b (0/1), e (#N/A ...), d (ISO date text).
	return val, flagNone
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
		// Read the whole tag up to '>', minding quoted attribute values.
		var quote byte
		for {
			c, err := sc.br.ReadByte()
			if err != nil {
				return "", false, false, io.ErrUnexpectedEOF
			}
			if quote != 0 {
				if c == quote {
					quote = 0
				}
			} else if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			}
			sc.tag = append(sc.tag, c)
			if len(sc.tag) > 1<<20 {
				return "", false, false, fmt.Errorf("an XML tag longer than 1 MB")
			}
		}
		self := len(sc.tag) > 0 && sc.tag[len(sc.tag)-1] == '/'
		if self {
			sc.tag = sc.tag[:len(sc.tag)-1]
		}
		name := sc.tag
		rest := []byte(nil)
		if i := bytes.IndexAny(name, " \t\r\n"); i >= 0 {
			name, rest = name[:i], name[i:]
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

func (sc *sheetScanner) parseAttrs(b []byte) {
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		eq := bytes.IndexByte(b, '=')
		if eq < 0 {
			return
		}
		key := bytes.TrimSpace(b[:eq])
		if i := bytes.LastIndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		b = bytes.TrimLeft(b[eq+1:], " \t\r\n")
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			return
		}
		q := b[0]
		endq := bytes.IndexByte(b[1:], q)
		if endq < 0 {
			return
		}
		sc.attrs = append(sc.attrs, [2]string{string(key), unescapeXML(b[1 : 1+endq])})
		b = b[endq+2:]
	}
}

func (sc *sheetScanner) attr(name string) string {
	for _, a := range sc.attrs {
		if a[0] == name {
			return a[1]
		}
	}
	return ""
}

// readText reads character data up to the next '<' (which is left for
// nextTag), decoding entities and CDATA sections.
func (sc *sheetScanner) readText() ([]byte, error) {
	sc.text = sc.text[:0]
	for {
		b, err := sc.br.Peek(1)
		if err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		if b[0] == '<' {
			if head, _ := sc.br.Peek(9); string(head) == "<![CDATA[" {
				sc.br.Discard(9)
				if err := sc.readCDATA(); err != nil {
					return nil, err
				}
				continue
			}
			return unescapeBytes(sc.text), nil
		}
		c, _ := sc.br.ReadByte()
		if len(sc.text) < sc.maxText {
			sc.text = append(sc.text, c)
		}
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
func columnOfRef(ref string) (int, bool) {
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
