package ingest

import "strings"

// A table can be recognised and still refused, because reading it as an
// invoice list would count money wrong (a payments export, a journal whose
// income lines cannot be told apart). The sheet is then reported like one
// without a table, with the reason; the file fails with it when no other
// sheet holds a table.

// refusedText is a refusal reason as a sheet's NoTable and a note: the
// reason is worded for the file ("is a payments export ...").
func (s *sheetState) refusedText() string {
	if s.srcSheet != "" {
		return "sheet " + s.srcSheet + " " + s.search.refused
	}
	return s.fs.res.Name + " " + s.search.refused
}

// Refusal reasons with a note of their own; any other is quoted in the
// note as it is.
const (
	refusedJournalNoTypes  = "is a general-ledger transactions export without account types: export the invoice list (Sales > Invoices) instead"
	refusedJournalNoClient = "is a general-ledger transactions export without a customer column: export the invoice list (Sales > Invoices) instead"
	refusedPaymentsLead    = "is a payments export, not an invoice list: "
)

// noteRefused notes a refused table. A payments export keeps the clue
// that gave it away as its detail (it quotes the file's own words).
func (s *sheetState) noteRefused() {
	switch r := s.search.refused; {
	case r == refusedJournalNoTypes:
		s.note(NoteRefusedLedgerNoTypes)
	case r == refusedJournalNoClient:
		s.note(NoteRefusedLedgerNoClient)
	case strings.HasPrefix(r, refusedPaymentsLead):
		s.note(NoteRefusedPayments, "detail", strings.TrimPrefix(r, refusedPaymentsLead))
	default:
		s.note(NoteRefused, "reason", r)
	}
}

// refusal is a sheet that was recognised and refused.
type refusal struct {
	sheet    string // "" for a CSV
	reason   string
	payments bool
}

// refusedError is the file's error when no sheet held a table and some
// were refused: the first refusal says what the file is.
func (fs *fileState) refusedError() error {
	if len(fs.refusals) == 0 {
		return nil
	}
	r := fs.refusals[0]
	reason, hint := r.reason, ""
	if r.payments {
		hint = hintPayments
	}
	if r.sheet != "" && len(fs.res.Sheets) > 1 && !strings.Contains(reason, r.sheet) {
		reason += " (sheet " + r.sheet + ")"
	}
	return &FileError{File: fs.res.Name, Reason: reason, Hint: hint}
}
