package pipeline

import (
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/report"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// TestNoteTemplatesMatchCatalog: the reader's English note templates and
// the report's English "read.*" templates say the same thing, the report's
// behind the file's name; every other language has each key too (the
// catalog-completeness test of i18n checks their placeholders).
func TestNoteTemplatesMatchCatalog(t *testing.T) {
	t.Parallel()
	en, err := i18n.Lookup("en")
	if err != nil {
		t.Fatal(err)
	}
	ingestKeys := ingest.EnglishNoteTemplates()
	for key, tmpl := range ingestKeys {
		if got, want := en.T(key), "{file}: "+tmpl; got != want {
			t.Errorf("%s:\n catalog %q\n reader  %q", key, got, want)
		}
	}
	for _, key := range en.Keys() {
		if _, ok := ingestKeys[key]; strings.HasPrefix(key, "read.") && !ok {
			t.Errorf("catalog key %s has no reader note", key)
		}
	}
}

// TestNotesReachQualityTranslated follows notes from the reader's result
// through addRead into the data quality, and says them in each language.
func TestNotesReachQualityTranslated(t *testing.T) {
	t.Parallel()
	fr := &ingest.FileResult{Name: "fatture.csv", Notes: []ingest.Note{
		{Key: ingest.NoteSheetHidden, Args: []ingest.NoteArg{{Name: "sheet", Value: "Archivio"}}},
		{Key: ingest.NoteBadPaid, Args: []ingest.NoteArg{{Name: "sheet", Value: ""}, {Name: "count", Value: 1}}},
		{Key: ingest.NoteBadPaid, Args: []ingest.NoteArg{{Name: "sheet", Value: "2026"}, {Name: "count", Value: 3}}},
	}}
	var q report.DataQuality
	addRead(&q, FileRead{Path: "fatture.csv", Result: fr})
	want := map[string][]string{
		"en": {
			"fatture.csv: sheet Archivio is hidden and was skipped",
			"fatture.csv: 1 amount paid could not be read; that invoice has no known balance",
			"fatture.csv: sheet 2026: 3 amounts paid could not be read; those invoices have no known balance",
		},
		"it": {
			"fatture.csv: il foglio Archivio è nascosto ed è stato saltato",
			"fatture.csv: 1 importo pagato non è leggibile; quella fattura non ha un saldo noto",
			"fatture.csv: foglio 2026: 3 importi pagati non sono leggibili; quelle fatture non hanno un saldo noto",
		},
		"es": {
			"fatture.csv: la hoja Archivio está oculta y se ha omitido",
			"fatture.csv: no se ha podido leer 1 importe pagado; esa factura no tiene un saldo conocido",
			"fatture.csv: hoja 2026: no se han podido leer 3 importes pagados; esas facturas no tienen un saldo conocido",
		},
		"ru": {
			"fatture.csv: лист Archivio скрыт, он пропущен",
			"fatture.csv: нечитаемых оплаченных сумм: 1; остаток по этим счетам неизвестен",
			"fatture.csv: лист 2026: нечитаемых оплаченных сумм: 3; остаток по этим счетам неизвестен",
		},
	}
	for lang, lines := range want {
		cat, err := i18n.Lookup(lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Notes) != len(lines) {
			t.Fatalf("%d notes in the data quality, want %d", len(q.Notes), len(lines))
		}
		for i, m := range q.Notes {
			if got := cat.Message(m); got != lines[i] {
				t.Errorf("%s note %d:\n got  %q\n want %q", lang, i, got, lines[i])
			}
		}
	}
	// The reader's own English (clientrisk check) is the same without the
	// file's name, which check prints above its notes.
	for i, n := range fr.Notes {
		if got, want := n.String(), strings.TrimPrefix(want["en"][i], "fatture.csv: "); got != want {
			t.Errorf("note %d String() = %q, want %q", i, got, want)
		}
	}
}
