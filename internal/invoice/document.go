package invoice

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says whether a document adds to or takes from a client's revenue.
type Kind uint8

const (
	KindInvoice Kind = iota
	KindCreditNote
)

func (k Kind) String() string {
	if k == KindCreditNote {
		return "credit_note"
	}
	return "invoice"
}

// ParseKind reads the String form back.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "invoice":
		return KindInvoice, nil
	case "credit_note":
		return KindCreditNote, nil
	}
	return 0, fmt.Errorf("unknown document kind %q", s)
}

// Status is what the export says about a document's state. StatusUnknown
// means the row did not say; a paid date or outstanding balance may still
// tell.
type Status uint8

const (
	StatusUnknown Status = iota
	StatusOpen
	StatusPaid
	StatusVoid // void or cancelled
	StatusDraft
	StatusDisputed
)

var statusNames = [...]string{"", "open", "paid", "void", "draft", "disputed"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// ParseStatus reads the String form back ("" is StatusUnknown).
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), nil
		}
	}
	return 0, fmt.Errorf("unknown status %q", s)
}

// Excluded reports whether documents in this state are left out of every
// figure (void, cancelled, draft), per the metrics spec.
func (s Status) Excluded() bool { return s == StatusVoid || s == StatusDraft }

// Source says where a value came from, for error messages and the
// data-quality appendix. Row is 1-based as the user sees it in the
// spreadsheet (or the CSV line number of the record's first line).
type Source struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row"`
}

func (s Source) String() string {
	if s.Sheet != "" {
		return fmt.Sprintf("file %s, sheet %s, row %d", s.File, s.Sheet, s.Row)
	}
	return fmt.Sprintf("file %s, row %d", s.File, s.Row)
}

// Document is one invoice or credit note as read from an export, in its
// own currency. Amount is signed: credit notes are negative.
type Document struct {
	Kind   Kind
	Number string // as printed; "" when the export has no number column

	ClientKey  string // identity: see ClientKey in ingest (client_id or normalised name)
	ClientName string // the spelling on this row
	ClientID   string // VAT number, customer id ... when the export has one

	IssueDate Date
	DueDate   Date // zero: not in the export (default terms apply)
	PaidDate  Date // zero: not paid, or not known

	Currency       string // ISO 4217 code; "" means the base currency
	Amount         Money  // minor units of Currency
	Outstanding    Money  // open balance in minor units, valid when HasOutstanding
	HasOutstanding bool

	Status Status
	// HasPaymentInfo is true when the export could say whether the invoice
	// was paid (it has a paid date, status or balance column). Without it
	// the document counts for revenue only.
	HasPaymentInfo bool

	Source Source
}

// Key is the identity of a document across exports: (kind, number, issue
// year, client), or without a number (kind, client, issue date, amount).
// The client is part of it so that two programs' invoice "2" of the same
// year, for different clients, are two documents, while the same
// program's monthly re-exports still update their invoices.
//
// The ledger stores keys: a change of their form needs a ledger migration
// (migrations/0006 added the client to the numbered form). It is
// "kind|n|number lower-cased|year|client" or "kind|c|client|yyyy-mm-dd|
// amount in minor units|CURRENCY", client being ClientKey. Key is
// AppendKey's bytes as a string.
func (d *Document) Key() string {
	var buf [64]byte
	return string(d.AppendKey(buf[:0]))
}

// AppendKey appends Key's form of d to dst. An import of a million rows
// makes a million keys: this makes them without fmt and without a string
// each (the number's and currency's case are changed as strings.ToLower
// and ToUpper would, straight into dst).
func (d *Document) AppendKey(dst []byte) []byte {
	dst = append(dst, d.Kind.String()...)
	if n := strings.TrimSpace(d.Number); n != "" {
		dst = append(dst, "|n|"...)
		dst = appendLower(dst, n)
		dst = append(dst, '|')
		dst = strconv.AppendInt(dst, int64(d.IssueDate.Year()), 10)
		dst = append(dst, '|')
		return append(dst, d.ClientKey...)
	}
	dst = append(dst, "|c|"...)
	dst = append(dst, d.ClientKey...)
	dst = append(dst, '|')
	dst = d.IssueDate.AppendISO(dst)
	dst = append(dst, '|')
	dst = strconv.AppendInt(dst, int64(d.Amount), 10)
	dst = append(dst, '|')
	return appendUpper(dst, d.Currency)
}

// appendLower appends strings.ToLower(s) to dst.
func appendLower(dst []byte, s string) []byte { return appendCase(dst, s, 'A', 'a', unicode.ToLower) }

// appendUpper appends strings.ToUpper(s) to dst.
func appendUpper(dst []byte, s string) []byte { return appendCase(dst, s, 'a', 'A', unicode.ToUpper) }

// appendCase appends s with the ASCII letters from..from+25 turned into
// to..to+25 and, from its first non-ASCII byte on, every rune mapped.
func appendCase(dst []byte, s string, from, to byte, mapping func(rune) rune) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return appendMapped(dst, s[i:], mapping)
		}
		if from <= c && c <= from+25 {
			c = c - from + to
		}
		dst = append(dst, c)
	}
	return dst
}

// appendMapped appends strings.Map(mapping, s) to dst for a mapping that
// drops no rune: like Map, it writes an invalid UTF-8 byte as U+FFFD.
// strings.ToLower and ToUpper are Map with unicode.ToLower and ToUpper
// (their ASCII-only path gives the same bytes).
func appendMapped(dst []byte, s string, mapping func(rune) rune) []byte {
	for _, r := range s { // an invalid byte is utf8.RuneError here
		dst = utf8.AppendRune(dst, mapping(r))
	}
	return dst
}

// TimeEntry is one line of a time-tracking export.
type TimeEntry struct {
	ClientKey  string
	ClientName string
	Date       Date
	Seconds    int64 // exact duration; hours = Seconds/3600
	Source     Source
}

// Hours returns the duration in hours.
func (t TimeEntry) Hours() float64 { return float64(t.Seconds) / 3600 }
