package xlsx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// Why a hand-written parser for the shared strings: an export saved by
// Excel keeps every text cell in the shared string table, one entry per
// distinct text, so a million invoices mean a million entries. Through
// encoding/xml's Decoder.Token the table of such a workbook took 1.4 s
// and 500 MB of garbage, and a string of its own for each entry. The
// parser below reads the part byte by byte into one arena, and falls back
// to encoding/xml (sharedStringsXML, the reference) for the whole part as
// soon as it meets anything it does not handle itself: a comment, a DTD,
// nested <si>, a name or an attribute value outside its small grammar, and
// every error (malformed XML, a damaged zip entry). The table is therefore
// the one encoding/xml would read, errors included, and the fast path only
// has to be exact on the XML it accepts.

// sharedStrings is the shared string table, held compactly: the texts
// one after the other in one arena, entry i being arena[ends[i-1]:ends[i]]
// (from 0 for the first). Looking one up allocates nothing.
type sharedStrings struct {
	arena string
	ends  []uint32
}

// len is the number of entries.
func (s *sharedStrings) len() int { return len(s.ends) }

// at returns entry i; ok is false when there is none.
func (s *sharedStrings) at(i int) (text string, ok bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.arena[start:s.ends[i]], true
}

// sstBuilder builds a sharedStrings. The text of the entry being read is
// the arena past the last entry's end.
type sstBuilder struct {
	arena []byte
	ends  []uint32
}

// errSSTTooLarge: the ends are 32-bit offsets.
var errSSTTooLarge = errors.New("shared strings: more than 4 GiB of text")

// add appends one entry.
func (b *sstBuilder) add(text []byte) error {
	b.arena = append(b.arena, text...)
	return b.commit()
}

// commit ends the entry being read at the end of the arena.
func (b *sstBuilder) commit() error {
	if len(b.arena) > math.MaxUint32 {
		return errSSTTooLarge
	}
	b.ends = append(b.ends, uint32(len(b.arena)))
	return nil
}

// lastEnd is where the entry being read starts.
func (b *sstBuilder) lastEnd() int {
	if len(b.ends) == 0 {
		return 0
	}
	return int(b.ends[len(b.ends)-1])
}

// table returns the finished table; the arena is copied to its exact size.
func (b *sstBuilder) table() sharedStrings {
	return sharedStrings{arena: string(b.arena), ends: b.ends}
}

// readSharedStrings reads a shared strings part: open opens it (twice if
// the fast parser falls back). maxText is the number of bytes after which
// an entry takes no further text (see sharedStringsXML). size, the part's
// unzipped size as the zip says, sizes the arena and the ends up front.
func readSharedStrings(open func() (io.ReadCloser, error), maxText int, size uint64) (sharedStrings, error) {
	rc, err := open()
	if err != nil {
		return sharedStrings{}, err
	}
	p := sstParser{br: bufio.NewReaderSize(rc, 64<<10), maxText: maxText}
	// The text is at most the part, less the markup (an Excel-like table
	// is 40% text); an entry takes at least "<si/>" and more often 20
	// bytes. Capped: the size is a claim until the part is read.
	size = min(size, 128<<20)
	p.b.arena = make([]byte, 0, size/2)
	p.b.ends = make([]uint32, 0, size/20)
	err = p.parse()
	rc.Close()
	if err == nil {
		return p.b.table(), nil
	}
	if errors.Is(err, errSSTTooLarge) {
		return sharedStrings{}, err
	}
	// Anything the fast parser did not take: encoding/xml decides.
	rc, err = open()
	if err != nil {
		return sharedStrings{}, err
	}
	defer rc.Close()
	var b sstBuilder
	if err := sharedStringsXML(rc, maxText, &b); err != nil {
		return sharedStrings{}, err
	}
	return b.table(), nil
}

// sharedStringsXML reads the shared string table with encoding/xml: the
// reference the fast parser must agree with. An entry is the text of the
// <t> elements of an <si>, phonetic runs (rPh) left out; a piece of text
// is taken whole while the entry holds at most maxText bytes, and dropped
// after (the cell-length limit reports the cell).
func sharedStringsXML(r io.Reader, maxText int, out *sstBuilder) error {
	dec := xml.NewDecoder(r)
	var b []byte
	inSI, inT, rph := false, false, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				b = b[:0]
			case "t":
				inT = inSI
			case "rPh":
				rph++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if err := out.add(b); err != nil {
					return err
				}
				inSI = false
			case "t":
				inT = false
			case "rPh":
				rph--
			}
		case xml.CharData:
			if inT && rph == 0 && len(b) <= maxText {
				b = append(b, t...)
			}
		}
	}
}

// errNotFast: the fast parser hands the part to encoding/xml.
var errNotFast = errors.New("shared strings: not for the fast parser")

// sstParser is the fast parser of the shared strings part. Its state is
// sharedStringsXML's, driven by the same elements and character data.
type sstParser struct {
	br      *bufio.Reader
	b       sstBuilder
	maxText int
	open    []byte // raw names of the open elements, one after the other
	marks   []int  // where each open element's name starts in open
	inSI    bool
	inT     bool
	rph     int
}

// parse reads the whole part (to the end, so that the zip entry's
// checksum is verified). Any error means: fall back.
func (p *sstParser) parse() error {
	for {
		// A piece of text is taken or not as a whole, as encoding/xml
		// delivers it as one CharData.
		take := p.inT && p.rph == 0 && len(p.b.arena)-p.b.lastEnd() <= p.maxText
		if err := p.text(take, false); err != nil {
			if errors.Is(err, io.EOF) && len(p.marks) == 0 {
				return nil
			}
			return err
		}
		p.br.Discard(1) // '<'
		head, err := p.br.Peek(1)
		if err != nil {
			return err
		}
		switch head[0] {
		case '/':
			p.br.Discard(1)
			err = p.endTag()
		case '?':
			p.br.Discard(1)
			err = p.procInst()
		case '!':
			if h, _ := p.br.Peek(8); string(h) != "![CDATA[" {
				return errNotFast // a comment or a declaration
			}
			p.br.Discard(8)
			take = p.inT && p.rph == 0 && len(p.b.arena)-p.b.lastEnd() <= p.maxText
			err = p.text(take, true)
		default:
			err = p.startTag()
		}
		if err != nil {
			return err
		}
	}
}

// startTag reads a start tag (its '<' read) and acts on it.
func (p *sstParser) startTag() error {
	tag, err := p.br.ReadSlice('>')
	if err != nil {
		return errNotFast
	}
	tag = tag[:len(tag)-1]
	self := len(tag) > 0 && tag[len(tag)-1] == '/'
	if self {
		tag = tag[:len(tag)-1]
	}
	n := nameLen(tag)
	if n == 0 || !attrsFast(tag[n:]) {
		return errNotFast
	}
	name := tag[:n]
	if err := p.element(localName(name), true); err != nil {
		return err
	}
	if self {
		return p.element(localName(name), false)
	}
	p.marks = append(p.marks, len(p.open))
	p.open = append(p.open, name...)
	return nil
}

// endTag reads an end tag (its "</" read), which must close the open
// element, and acts on it.
func (p *sstParser) endTag() error {
	tag, err := p.br.ReadSlice('>')
	if err != nil {
		return errNotFast
	}
	tag = tag[:len(tag)-1]
	n := nameLen(tag)
	if n == 0 || len(bytes.TrimLeft(tag[n:], " \t\r\n")) > 0 || len(p.marks) == 0 {
		return errNotFast
	}
	top := p.marks[len(p.marks)-1]
	if !bytes.Equal(p.open[top:], tag[:n]) {
		return errNotFast
	}
	p.open, p.marks = p.open[:top], p.marks[:len(p.marks)-1]
	return p.element(localName(tag[:n]), false)
}

// element is sharedStringsXML's handling of a start or end element.
func (p *sstParser) element(local []byte, start bool) error {
	switch string(local) {
	case "si":
		if !start {
			p.inSI = false
			return p.b.commit()
		}
		if p.inSI {
			return errNotFast // nested: the arena cannot say it
		}
		p.inSI = true
		p.b.arena = p.b.arena[:p.b.lastEnd()]
	case "t":
		p.inT = start && p.inSI
	case "rPh":
		if start {
			p.rph++
		} else {
			p.rph--
		}
	}
	return nil
}

// procInst reads a processing instruction (its "<?" read). The XML
// declaration must declare version 1.0 and UTF-8 if anything.
func (p *sstParser) procInst() error {
	pi, err := p.br.ReadSlice('>')
	if err != nil || !bytes.HasSuffix(pi, []byte("?>")) {
		return errNotFast
	}
	pi = pi[:len(pi)-2]
	n := nameLen(pi)
	if n == 0 || n < len(pi) && !isXMLSpace(pi[n]) {
		return errNotFast
	}
	if string(pi[:n]) != "xml" {
		return nil
	}
	rest := pi[n:]
	for {
		i := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
		rest = rest[i:]
		if len(rest) == 0 {
			return nil
		}
		if i == 0 {
			return errNotFast
		}
		key, val, tail, ok := declParam(rest)
		if !ok {
			return errNotFast
		}
		switch key {
		case "version":
			ok = val == "1.0"
		case "encoding":
			ok = strings.EqualFold(val, "utf-8")
		case "standalone":
		default:
			ok = false
		}
		if !ok {
			return errNotFast
		}
		rest = tail
	}
}

// declParam reads name="value" from the start of b, the value of letters,
// digits, '.', '-' and '_'.
func declParam(b []byte) (key, val string, rest []byte, ok bool) {
	eq := bytes.IndexByte(b, '=')
	if eq <= 0 || eq+1 >= len(b) || (b[eq+1] != '"' && b[eq+1] != '\'') {
		return "", "", nil, false
	}
	q := b[eq+1]
	end := bytes.IndexByte(b[eq+2:], q)
	if end < 0 {
		return "", "", nil, false
	}
	v := b[eq+2 : eq+2+end]
	for _, c := range v {
		if !isASCIIAlnum(c) && c != '.' && c != '-' && c != '_' {
			return "", "", nil, false
		}
	}
	return string(b[:eq]), string(v), b[eq+3+end:], true
}

// nameLen is the length of the element or attribute name at the start of
// b: an ASCII name, with at most one prefix ("x:si"), or 0.
func nameLen(b []byte) int {
	n := simpleNameLen(b)
	if n > 0 && n < len(b) && b[n] == ':' {
		if m := simpleNameLen(b[n+1:]); m > 0 {
			return n + 1 + m
		}
		return 0
	}
	return n
}

// simpleNameLen: a letter or '_', then letters, digits, '_', '.', '-'.
func simpleNameLen(b []byte) int {
	if len(b) == 0 || !(isASCIIAlnum(b[0]) && b[0] > '9' || b[0] == '_') {
		return 0
	}
	i := 1
	for i < len(b) && (isASCIIAlnum(b[i]) || b[i] == '_' || b[i] == '.' || b[i] == '-') {
		i++
	}
	return i
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// localName drops a name's prefix.
func localName(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// attrsFast says whether b, what follows the name in a start tag, is
// attributes the fast parser takes: each after white space, name="value"
// (or single quotes), the value of printable ASCII without '<' or '&'.
func attrsFast(b []byte) bool {
	for {
		i := len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
		b = b[i:]
		if len(b) == 0 {
			return true
		}
		n := nameLen(b)
		if i == 0 || n == 0 {
			return false
		}
		b = bytes.TrimLeft(b[n:], " \t\r\n")
		if len(b) == 0 || b[0] != '=' {
			return false
		}
		b = bytes.TrimLeft(b[1:], " \t\r\n")
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			return false
		}
		q := b[0]
		end := bytes.IndexByte(b[1:], q)
		if end < 0 {
			return false
		}
		for _, c := range b[1 : 1+end] {
			if c < 0x20 || c > 0x7e || c == '<' || c == '&' {
				return false
			}
		}
		b = b[2+end:]
	}
}

// textByte classifies the bytes of character data: plain bytes are
// copied as they are; the others need a look.
var textByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '<' && c != '&' && c != '>'
	}
	t['\t'] = true
	return t
}()

// text reads character data up to the next '<' (left unread; io.EOF at
// the end of the part) or, in a CDATA section, past its "]]>", and
// appends it to the entry being read when take is set. It decodes as
// encoding/xml does: the five entities and character references, "\r\n"
// and "\r" made "\n"; what encoding/xml rejects (another entity, a
// character XML does not allow, invalid UTF-8, "]]>" outside CDATA) is
// left to it.
func (p *sstParser) text(take, cdata bool) error {
	// b0, b1: the last two bytes read as they were, for "\r\n" and "]]>";
	// an entity clears them, as in encoding/xml.
	var b0, b1 byte
	for {
		if p.br.Buffered() == 0 {
			if _, err := p.br.Peek(1); err != nil {
				if cdata && errors.Is(err, io.EOF) {
					return errNotFast
				}
				return err
			}
		}
		buf, _ := p.br.Peek(p.br.Buffered())
		i := 0
		for i < len(buf) && textByte[buf[i]] {
			i++
		}
		if take {
			p.b.arena = append(p.b.arena, buf[:i]...)
		}
		if i >= 2 {
			b0, b1 = buf[i-2], buf[i-1]
		} else if i == 1 {
			b0, b1 = b1, buf[0]
		}
		p.br.Discard(i)
		if i == len(buf) {
			continue
		}
		c := buf[i]
		size := 1
		repl, replaced := "", false // what c stands for, when not itself
		switch {
		case c == '<' && !cdata:
			return nil
		case c == '<' || c == '&' && cdata:
		case c == '>':
			if b0 == ']' && b1 == ']' {
				if !cdata {
					return errNotFast
				}
				p.br.Discard(1)
				if take {
					p.b.arena = p.b.arena[:len(p.b.arena)-2]
				}
				return nil
			}
		case c == '&':
			r, n, err := p.entity()
			if err != nil {
				return err
			}
			if take {
				p.b.arena = utf8.AppendRune(p.b.arena, r)
			}
			p.br.Discard(n)
			b0, b1 = 0, 0
			continue
		case c == '\r':
			repl, replaced = "\n", true
		case c == '\n':
			replaced = b1 == '\r' // the "\r" was made "\n" already

		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(buf[i:])
			if r == utf8.RuneError && n == 1 {
				if !utf8.FullRune(buf[i:]) {
					// Cut by the end of the buffer: read on.
					more, _ := p.br.Peek(utf8.UTFMax)
					r, n = utf8.DecodeRune(more)
				}
				if r == utf8.RuneError && n == 1 {
					return errNotFast
				}
			}
			if r == 0xFFFE || r == 0xFFFF {
				return errNotFast
			}
			size = n
		default:
			return errNotFast // a control character
		}
		raw, _ := p.br.Peek(size)
		if take {
			if replaced {
				p.b.arena = append(p.b.arena, repl...)
			} else {
				p.b.arena = append(p.b.arena, raw...)
			}
		}
		if size == 1 {
			b0, b1 = b1, c
		} else {
			b0, b1 = raw[size-2], raw[size-1]
		}
		p.br.Discard(size)
	}
}

// entity decodes the entity or character reference at the reader (its
// '&' unread) as encoding/xml does, and returns its length; anything
// encoding/xml would reject, or a reference longer than 32 bytes, is
// errNotFast.
func (p *sstParser) entity() (rune, int, error) {
	w, _ := p.br.Peek(32)
	semi := bytes.IndexByte(w, ';')
	if semi < 0 {
		return 0, 0, errNotFast
	}
	name := w[1:semi]
	switch string(name) {
	case "amp":
		return '&', semi + 1, nil
	case "lt":
		return '<', semi + 1, nil
	case "gt":
		return '>', semi + 1, nil
	case "quot":
		return '"', semi + 1, nil
	case "apos":
		return '\'', semi + 1, nil
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, 0, errNotFast
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, 0, errNotFast
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, 0, errNotFast
		}
		if r = r*base + d; r > utf8.MaxRune {
			return 0, 0, errNotFast
		}
	}
	// encoding/xml writes string(rune(n)), a surrogate as U+FFFD, and
	// then rejects the characters XML does not allow.
	if 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError
	}
	if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000) {
		return 0, 0, errNotFast
	}
	return r, semi + 1, nil
}
