package ingest

import (
	"strings"
	"testing"
)

func TestNoteString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		note Note
		want string
	}{
		{"sheet", newNote(NoteSheetHidden, "sheet", "Old"), "sheet Old is hidden and was skipped"},
		{"not a worksheet", newNote(NoteSheetNotWorksheet, "sheet", "M1", "kind", "macrosheet"),
			"sheet M1 is not a worksheet (macrosheet) and was skipped"},
		{"plural", newNote(NoteNotYesNo, "sheet", "2026", "column", `F "Disputed"`, "count", 4),
			`sheet 2026: column F "Disputed" holds 4 values that are not yes/no; they were ignored`},
		{"singular", newNote(NoteNotYesNo, "sheet", "2026", "column", `F "Disputed"`, "count", 1),
			`sheet 2026: column F "Disputed" holds 1 value that is not yes/no; it was ignored`},
		{"a CSV has no sheet", newNote(NoteBadPaid, "sheet", "", "count", 2),
			"2 amounts paid could not be read; those invoices have no known balance"},
		{"a CSV, singular", newNote(NoteBadPaid, "sheet", "", "count", 1),
			"1 amount paid could not be read; that invoice has no known balance"},
		{"several counts", newNote(NoteLedgerReceivables, "sheet", "GL", "paid", 1, "open", 2, "unknown", 0),
			"sheet GL is a transaction export: only income lines count; payment comes from the receivable lines of each invoice number: " +
				"1 paid, 2 open, 0 with no receivable charge in the file (payment unknown)"},
		{"missing argument stays visible", newNote(NoteSheetHidden), "sheet {sheet} is hidden and was skipped"},
		{"unknown key", Note{Key: "read.nothing"}, "!read.nothing"},
	}
	for _, tc := range tests {
		if got := tc.note.String(); got != tc.want {
			t.Errorf("%s:\n got  %q\n want %q", tc.name, got, tc.want)
		}
	}
}

// TestNoteTemplatesHaveVariants: every note about a table (its template
// starts "sheet {sheet}") has the variant a CSV, which has no sheet, needs.
func TestNoteTemplatesHaveVariants(t *testing.T) {
	t.Parallel()
	for key, tmpl := range noteTemplatesEN {
		if !strings.HasPrefix(tmpl, "sheet {sheet}") || strings.Contains(key, ".no_sheet") || strings.HasSuffix(key, ".one") {
			continue
		}
		switch key {
		case NoteSheetHidden, NoteSheetChart, NoteSheetNotWorksheet, NoteSheetDraft:
			continue // only workbooks have sheets to skip
		}
		if _, ok := noteTemplatesEN[key+".no_sheet"]; !ok {
			t.Errorf("%s names a sheet but has no .no_sheet variant for a CSV", key)
		}
	}
}
