package store

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// A document is stored as two SQLite JSONB arrays (https://sqlite.org/jsonb.html):
// body holds the fields that make its content, in the order of packer.body, and
// source holds file, sheet and row. Binding three values per row instead
// of nineteen, and reading two instead of seventeen, is most of the cost
// of an import and of a report with the pure Go driver. The views
// documents and document_versions (body ->> i) still show every field to
// SQL, so the ledger stays readable with the sqlite3 shell.
//
// The encoding is canonical (same fields, same bytes), so comparing two
// bodies is comparing two blobs: strings are TEXTRAW elements (the bytes
// as given, so any string round-trips, invalid UTF-8 included), integers
// and booleans INT elements in decimal, and every header takes the
// smallest size form.

// JSONB element types used here.
const (
	jsonbInt     = 3
	jsonbText    = 7
	jsonbTextRaw = 10
	jsonbArray   = 11
)

// bodyFields and sourceFields are the lengths of the two arrays.
const (
	bodyFields   = 14
	sourceFields = 3
)

// packer encodes documents; its scratch buffer is reused between rows.
type packer struct{ scratch []byte }

func appendHeader(b []byte, typ byte, n int) []byte {
	switch {
	case n <= 11:
		return append(b, byte(n)<<4|typ)
	case n <= 0xff:
		return append(b, 12<<4|typ, byte(n))
	case n <= 0xffff:
		return append(b, 13<<4|typ, byte(n>>8), byte(n))
	case uint64(n) <= 0xffffffff:
		return append(b, 14<<4|typ, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	b = append(b, 15<<4|typ)
	for s := 56; s >= 0; s -= 8 {
		b = append(b, byte(uint64(n)>>s))
	}
	return b
}

func appendText(b []byte, s string) []byte {
	return append(appendHeader(b, jsonbTextRaw, len(s)), s...)
}

func appendInt(b []byte, v int64) []byte {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], v, 10)
	return append(appendHeader(b, jsonbInt, len(digits)), digits...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return appendInt(b, 1)
	}
	return appendInt(b, 0)
}

// array appends to dst the array whose elements were written to p.scratch.
func (p *packer) array(dst []byte) []byte {
	return append(appendHeader(dst, jsonbArray, len(p.scratch)), p.scratch...)
}

// body appends d's content array to dst.
func (p *packer) body(dst []byte, d *invoice.Document) []byte {
	b := p.scratch[:0]
	b = appendText(b, d.Kind.String())
	b = appendText(b, d.Number)
	b = appendText(b, d.ClientKey)
	b = appendText(b, d.ClientName)
	b = appendText(b, d.ClientID)
	b = appendInt(b, int64(d.IssueDate))
	b = appendInt(b, int64(d.DueDate))
	b = appendInt(b, int64(d.PaidDate))
	b = appendText(b, d.Currency)
	b = appendInt(b, int64(d.Amount))
	b = appendInt(b, int64(d.Outstanding))
	b = appendBool(b, d.HasOutstanding)
	b = appendText(b, d.Status.String())
	b = appendBool(b, d.HasPaymentInfo)
	p.scratch = b
	return p.array(dst)
}

// source appends d's source array to dst.
func (p *packer) source(dst []byte, s invoice.Source) []byte {
	b := p.scratch[:0]
	b = appendText(b, s.File)
	b = appendText(b, s.Sheet)
	b = appendInt(b, int64(s.Row))
	p.scratch = b
	return p.array(dst)
}

var errPacked = errors.New("not the encoding the ledger writes")

// jsonbElem splits the element at the start of b into its type, payload
// and the bytes after it.
func jsonbElem(b []byte) (typ byte, payload, rest []byte, err error) {
	if len(b) == 0 {
		return 0, nil, nil, errPacked
	}
	typ, sz := b[0]&0x0f, int(b[0]>>4)
	b = b[1:]
	var n uint64
	switch {
	case sz <= 11:
		n = uint64(sz)
	default:
		width := 1 << (sz - 12) // 1, 2, 4 or 8 bytes of size
		if len(b) < width {
			return 0, nil, nil, errPacked
		}
		for _, c := range b[:width] {
			n = n<<8 | uint64(c)
		}
		b = b[width:]
	}
	if n > uint64(len(b)) {
		return 0, nil, nil, errPacked
	}
	return typ, b[:n], b[n:], nil
}

// unpacker decodes stored arrays, sharing the memory of equal strings
// (client names, currencies and file names repeat over thousands of rows).
type unpacker struct {
	strs   map[string]string
	fields [bodyFields][]byte
	types  [bodyFields]byte
}

func newUnpacker() *unpacker { return &unpacker{strs: make(map[string]string)} }

// split reads the array b, which must hold want elements, into u.fields.
func (u *unpacker) split(b []byte, want int) error {
	typ, payload, rest, err := jsonbElem(b)
	if err != nil || typ != jsonbArray || len(rest) != 0 {
		return errPacked
	}
	for i := 0; i < want; i++ {
		if u.types[i], u.fields[i], payload, err = jsonbElem(payload); err != nil {
			return err
		}
	}
	if len(payload) != 0 {
		return errPacked
	}
	return nil
}

func (u *unpacker) str(i int, err *error) string {
	if u.types[i] != jsonbTextRaw && u.types[i] != jsonbText {
		*err = errPacked
		return ""
	}
	b := u.fields[i]
	if s, ok := u.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(u.strs) < 1<<16 {
		u.strs[s] = s
	}
	return s
}

// own returns field i as a string of its own, for fields that seldom
// repeat (document numbers).
func (u *unpacker) own(i int, err *error) string {
	if u.types[i] != jsonbTextRaw && u.types[i] != jsonbText {
		*err = errPacked
	}
	return string(u.fields[i])
}

func (u *unpacker) int(i int, err *error) int64 {
	v, perr := strconv.ParseInt(string(u.fields[i]), 10, 64)
	if u.types[i] != jsonbInt || perr != nil {
		*err = errPacked
	}
	return v
}

// document decodes a stored body and source into d, every field of which
// it sets (d may hold the previous row's document).
func (u *unpacker) document(body, source []byte, d *invoice.Document) error {
	*d = invoice.Document{}
	if err := u.split(source, sourceFields); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	var err error
	d.Source = invoice.Source{File: u.str(0, &err), Sheet: u.str(1, &err), Row: int(u.int(2, &err))}
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if err := u.split(body, bodyFields); err != nil {
		return fmt.Errorf("document of %s: %w", d.Source, err)
	}
	kind, status := u.str(0, &err), u.str(12, &err)
	d.Number, d.ClientKey, d.ClientName, d.ClientID = u.own(1, &err), u.str(2, &err), u.str(3, &err), u.str(4, &err)
	d.IssueDate, d.DueDate, d.PaidDate = invoice.Date(u.int(5, &err)), invoice.Date(u.int(6, &err)), invoice.Date(u.int(7, &err))
	d.Currency = u.str(8, &err)
	d.Amount, d.Outstanding = invoice.Money(u.int(9, &err)), invoice.Money(u.int(10, &err))
	d.HasOutstanding, d.HasPaymentInfo = u.int(11, &err) != 0, u.int(13, &err) != 0
	if err != nil {
		return fmt.Errorf("document %q of %s: %w", d.Number, d.Source, err)
	}
	if d.Kind, err = invoice.ParseKind(kind); err != nil {
		return fmt.Errorf("document %q of %s: %w", d.Number, d.Source, err)
	}
	if d.Status, err = invoice.ParseStatus(status); err != nil {
		return fmt.Errorf("document %q of %s: %w", d.Number, d.Source, err)
	}
	return nil
}
