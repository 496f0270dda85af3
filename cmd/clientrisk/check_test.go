package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheckSamples(t *testing.T) {
	t.Parallel()
	// What `check` must say about each sample, from samples/README.md and
	// the files themselves (header rows and column letters counted by hand).
	tests := []struct {
		file    string
		header  string   // sheet line
		mapping []string // field <- column LETTER "Header", whitespace-normalised
		order   string   // date order line prefix; "" when the file has no text dates
		counts  string
		noRate  string // the line on documents with no rate ("" = none)
	}{
		{
			file:   "quickbooks_invoice_list.xlsx",
			header: `sheet "Invoice List": invoices table, header on row 5`,
			mapping: []string{`kind <- column B "Type"`, `issue_date <- column C "Date"`, `number <- column D "Num"`,
				`client <- column E "Customer"`, `due_date <- column F "Due Date"`, `currency <- column G "Currency"`,
				`amount <- column H "Amount"`, `outstanding <- column I "Open Balance"`},
			order: "date order: mdy",
			// 44 documents + the TOTAL row skipped = 45 rows. No config:
			// base EUR, no rates, so the 44 USD invoices count as rejected
			// (44 accepted by the reader - 44 with no rate = 0).
			counts: "rows 45, accepted 0, rejected 44, skipped 1 (totals), duplicates 0; 44 documents, 0 time entries",
			noRate: `rejected: 44 rows in USD: no rate in the config (rates: {USD: ...}); sheet "Invoice List", currency column G "Currency"`,
		},
		{
			file:   "registro_fatture_rossi_design.xlsx",
			header: `sheet "Fatture 2025-2026": invoices table, header on row 1`,
			mapping: []string{`number <- column A "Numero"`, `kind <- column B "Tipo documento"`, `issue_date <- column C "Data"`,
				`client <- column D "Cliente"`, `client_id <- column E "Partita IVA"`, `amount <- column F "Imponibile"`,
				`gross <- column G "Totale"`, `due_date <- column H "Scadenza"`, `paid_date <- column I "Data incasso"`,
				`status <- column J "Stato"`},
			order:  "date order: dmy",
			counts: "rows 89, accepted 89, rejected 0, skipped 0 (totals), duplicates 0; 89 documents, 0 time entries",
		},
		{
			file:   "facturas_emitidas.csv",
			header: `sheet "facturas_emitidas.csv": invoices table, header on row 1`,
			mapping: []string{`number <- column A "Nº factura"`, `issue_date <- column B "Fecha"`, `client <- column C "Cliente"`,
				`client_id <- column D "NIF"`, `amount <- column E "Base imponible"`, `gross <- column F "Total factura"`,
				`due_date <- column G "Vencimiento"`, `paid_date <- column H "Fecha de cobro"`, `status <- column I "Estado"`},
			order:  "date order: dmy",
			counts: "rows 60, accepted 60, rejected 0, skipped 0 (totals), duplicates 0; 60 documents, 0 time entries",
		},
		{
			file:   "1c_scheta_pokupatelyam.xlsx",
			header: `sheet "TDSheet": invoices table, header on row 5`,
			mapping: []string{`number <- column A "Номер"`, `issue_date <- column B "Дата"`, `client <- column C "Контрагент"`,
				`client_id <- column D "ИНН"`, `amount <- column E "Сумма"`, `currency <- column F "Валюта"`,
				`due_date <- column G "Срок оплаты"`, `paid_date <- column H "Дата оплаты"`, `status <- column I "Статус"`},
			// Real date cells: no order to choose. 32 RUB invoices, no
			// rate for RUB with the defaults: 32 - 32 = 0 accepted.
			counts: "rows 33, accepted 0, rejected 32, skipped 1 (totals), duplicates 0; 32 documents, 0 time entries",
			noRate: `rejected: 32 rows in RUB: no rate in the config (rates: {RUB: ...}); sheet "TDSheet", currency column F "Валюта"`,
		},
		{
			file:    "toggl_time_entries.csv",
			header:  `sheet "toggl_time_entries.csv": time table, header on row 1`,
			mapping: []string{`client <- column B "Client"`, `issue_date <- column F "Start date"`, `hours <- column G "Duration"`},
			counts:  "rows 262, accepted 262, rejected 0, skipped 0 (totals), duplicates 0; 0 documents, 262 time entries",
		},
	}
	space := regexp.MustCompile(`[ \t]+`)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			o := newCLI(t).mustRun(0, "check", filepath.Join(samplesDir(), tc.file))
			norm := space.ReplaceAllString(o.stdout, " ")
			wants := append([]string{tc.header, tc.counts}, tc.mapping...)
			if tc.noRate != "" {
				wants = append(wants, tc.noRate)
			} else if strings.Contains(o.stdout, "no rate in the config") {
				t.Errorf("check %s: a no-rate line for a file in the base currency:\n%s", tc.file, o.stdout)
			}
			for _, want := range wants {
				if !strings.Contains(norm, want) {
					t.Errorf("check %s: output lacks %q\n%s", tc.file, want, o.stdout)
				}
			}
			if tc.order != "" && !strings.Contains(norm, tc.order+" (") {
				t.Errorf("check %s: output lacks the date order line %q (with its reason)\n%s", tc.file, tc.order, o.stdout)
			}
			if tc.order == "" && strings.Contains(norm, "date order:") {
				t.Errorf("check %s: a date order line for a file without text dates\n%s", tc.file, o.stdout)
			}
			if !strings.Contains(o.stdout, "first 5 ") {
				t.Errorf("check %s: the first parsed rows are not shown\n%s", tc.file, o.stdout)
			}
		})
	}
}

func TestCheckBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	// The compound-document signature of an old .xls, then zeros.
	cfb := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 504)...)
	files := []struct {
		name, reason string
		data         []byte
	}{
		{"x.xlsx", "no invoice table found", random},
		{"old.xlsx", "damaged Office compound document", cfb},
		{"empty.xlsx", "is empty", nil},
	}
	good := filepath.Join(samplesDir(), "facturas_emitidas.csv")
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(dir, f.name)
			if err := os.WriteFile(path, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			o := newCLI(t).mustRun(1, "check", path)
			reason := cannotReadReason(t, o.stdout, path)
			if !strings.HasPrefix(reason, "file "+f.name+": ") || !strings.Contains(reason, f.reason) {
				t.Errorf("check %s: reason %q, want it to name the file and say %q", f.name, reason, f.reason)
			}
			if !strings.Contains(o.stdout, "1 of 1 files could not be read") {
				t.Errorf("check %s: no summary line\n%s", f.name, o.stdout)
			}

			// A bad file beside a good one: still exit 1, but the good one is
			// explained in full.
			o = newCLI(t).mustRun(1, "check", path, good)
			cannotReadReason(t, o.stdout, path)
			for _, want := range []string{good + " (csv,", "header on row 1", "1 of 2 files could not be read"} {
				if !strings.Contains(o.stdout, want) {
					t.Errorf("check %s %s: output lacks %q\n%s", f.name, good, want, o.stdout)
				}
			}
		})
	}
}

// cannotReadReason finds "PATH: CANNOT READ" and returns the one line of
// reason under it, checking that it is one line.
func cannotReadReason(t *testing.T, out, path string) string {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if l != path+": CANNOT READ" {
			continue
		}
		if i+2 >= len(lines) {
			t.Fatalf("no reason under %q:\n%s", l, out)
		}
		// A blank line follows the reason (before the next file or the summary).
		if next := lines[i+2]; next != "" {
			t.Errorf("the reason for %s is not one line: the line after it is %q", path, next)
		}
		return strings.TrimPrefix(lines[i+1], "  ")
	}
	t.Fatalf("output does not say %s: CANNOT READ:\n%s", path, out)
	return ""
}
