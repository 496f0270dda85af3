package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/xuri/excelize/v2"
)

// TestCorpusInvoices reads every real export of ../shared/corpus/invoices
// and checks what MANIFEST.tsv says about it.
func TestCorpusInvoices(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "invoices")
	type expect struct {
		docs      int             // -1: not checked
		headerRow int             // of the first sheet with a table; 0: not checked
		grain     string          // "" not checked
		dups      int             // -1: not checked
		first     *docView        // first document, fields compared when set
		amounts   []invoice.Money // amounts of all documents in order, when set
		fail      string          // substring of the FileError when the file must fail
		sheet     string          // the sheet whose figures are checked ("" = first with a table)
		check     func(*FileResult) string
	}
	cases := map[string]expect{
		// 3 lines of invoice 0000001 under "Line Total": 650.00 + 490.00
		// + 6750.00 = 7890.00.
		"invoiceninja__freshbooks_invoices.csv": {docs: 1, headerRow: 1, grain: "line", dups: 0,
			first: &docView{Number: "0000001", Client: "X-Men", Issue: "2021-01-28", Currency: "USD", Amount: 789000}},
		// 13 lines, 3 invoices, Total repeated on each line: 489.75,
		// 460.00, 390.00 taken once each.
		"invoiceninja__zoho_invoices.csv": {docs: 3, headerRow: 1, grain: "invoice", dups: 0,
			amounts: []invoice.Money{48975, 46000, 39000}},
		// Header on row 4 below a title, a blank line and "INVOICES";
		// 401 data rows of which one repeats an earlier row exactly, 400
		// distinct invoice numbers. Invoice 1: "$13.50", of which "$5.01"
		// paid (column "Paid" holds amounts): open 13.50 - 5.01 = 8.49.
		"invoiceninja__v4_invoices_export.csv": {docs: 400, headerRow: 4, dups: 1,
			first: &docView{Number: "1", Client: "Ludwig Krajcik DVM", Issue: "2019-11-25", Due: "2019-10-20", Currency: "USD", Amount: 1350},
			check: func(r *FileResult) string {
				if d := r.Documents[0]; !d.HasOutstanding || d.Outstanding != 849 {
					return fmt.Sprintf("invoice 1 outstanding %v (known %v), want 8.49", d.Outstanding, d.HasOutstanding)
				}
				return ""
			}},
		// One quoted row: "Jan 28 2021" and "1,020.00".
		"invoiceninja__invoicely_invoices.csv": {docs: 1, headerRow: 1, dups: 0,
			first: &docView{Client: "Bruce Wayne", Issue: "2021-01-28", Due: "2021-01-28", Amount: 102000}},
		// BOM, 4 rows, one per invoice.
		"invoiceninja__invoice2go_invoices.csv": {docs: 4, headerRow: 1, dups: 0},
		// Akaunting 2018: dates as text "2018-06-11 00:00:00" (E2) and
		// "2018-06-14 00:00:00" (F2), amount 10 (G2), customer_name
		// "John Doe" (K2).
		"akaunting__invoices_2018.xlsx": {docs: 1, sheet: "invoices", dups: -1,
			first: &docView{Number: "INV-00001", Client: "John Doe", Issue: "2018-06-11", Due: "2018-06-14", Currency: "USD", Amount: 1000}},
		// Akaunting: one invoice, invoiced_at serial 43831 = 2020-01-01.
		"akaunting__invoices_2025_macexcel.xlsx":     {docs: 1, sheet: "invoices", dups: -1, first: &docView{Issue: "2020-01-01", Amount: 10000}},
		"akaunting__invoices_2020_libreoffice.xlsx":  {docs: 1, sheet: "invoices", dups: -1, first: &docView{Issue: "2020-01-01", Amount: 1000}},
		"akaunting__invoices_2022_googlesheets.xlsx": {docs: 1, sheet: "invoices", dups: -1, first: &docView{Issue: "2020-01-01", Amount: 1000}},
		"akaunting__invoices_2023_wijmo.xlsx":        {docs: 1, sheet: "invoices", dups: -1, first: &docView{Issue: "2020-01-01", Amount: 1000}},
		// No amount column (amounts are a lookup on another sheet): the
		// file fails and says what it saw.
		"powerbi-datasets__Invoices.xlsx": {fail: "no invoice table found in sheet Invoices: saw headers Invoice #, Invoice Date, Vendor Name"},
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		res, err := ReadFile(filepath.Join(dir, name), Options{})
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Errorf("%s: panicked: %v", name, err)
			continue
		}
		checkRowErrors(t, name, res)
		want, ok := cases[name]
		if !ok {
			continue
		}
		if want.fail != "" {
			if err == nil || !strings.Contains(err.Error(), want.fail) {
				t.Errorf("%s: got error %v, want one containing %q", name, err, want.fail)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if want.docs >= 0 && len(res.Documents) != want.docs {
			t.Errorf("%s: got %d documents, want %d", name, len(res.Documents), want.docs)
		}
		var s *SheetResult
		for i := range res.Sheets {
			if (want.sheet == "" && res.Sheets[i].TableKind != "") || res.Sheets[i].Name == want.sheet {
				s = &res.Sheets[i]
				break
			}
		}
		if s == nil {
			t.Errorf("%s: no sheet with a table", name)
			continue
		}
		if want.headerRow != 0 && s.HeaderRow != want.headerRow {
			t.Errorf("%s: header row %d, want %d", name, s.HeaderRow, want.headerRow)
		}
		if want.grain != "" && s.Grain != want.grain {
			t.Errorf("%s: grain %q (%s), want %q", name, s.Grain, s.GrainWhy, want.grain)
		}
		if want.dups >= 0 && res.Duplicates != want.dups {
			t.Errorf("%s: duplicates %d, want %d", name, res.Duplicates, want.dups)
		}
		if want.first != nil && len(res.Documents) > 0 {
			g := viewOf(res.Documents[0])
			w := *want.first
			// Only the fields the case names are compared.
			if w.Client == "" {
				g.Client = ""
			}
			if w.Number == "" {
				g.Number = ""
			}
			if w.Due == "" {
				g.Due = ""
			}
			if w.Currency == "" {
				g.Currency = ""
			}
			g.Paid, g.Status, g.Row, g.Kind = "", 0, 0, 0
			if g != w {
				t.Errorf("%s: first document\n got  %v\n want %v", name, g, w)
			}
		}
		if want.check != nil && len(res.Documents) > 0 {
			if msg := want.check(res); msg != "" {
				t.Errorf("%s: %s", name, msg)
			}
		}
		if want.amounts != nil {
			for i, a := range want.amounts {
				if i >= len(res.Documents) || res.Documents[i].Amount != a {
					t.Errorf("%s: document %d amount, want %d (documents %v)", name, i, a, res.Documents)
					break
				}
			}
		}
	}
}

// checkRowErrors holds for every file: a row error says file, row and why.
func checkRowErrors(t *testing.T, name string, res *FileResult) {
	t.Helper()
	if res == nil {
		return
	}
	for _, e := range res.Rejected {
		if e.File == "" || e.Row <= 0 || e.Reason == "" {
			t.Errorf("%s: incomplete row error %+v", name, e)
		}
	}
}

// TestCorpusProducers reads every odd workbook: each is read or refused
// with its own reason, and none panics.
func TestCorpusProducers(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "producers")
	mustFail := map[string]string{
		"calamine__pass_protected.xlsx":          "password-protected",
		"calamine__date.xls":                     ".xls",
		"calamine__date.ods":                     ".ods",
		"akaunting__invoices_truncated_zip.xlsx": "damaged",
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		res, err := ReadFile(filepath.Join(dir, name), Options{})
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Errorf("%s: panicked: %v", name, err)
			continue
		}
		checkRowErrors(t, name, res)
		if want, ok := mustFail[name]; ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: got error %v, want one containing %q", name, err, want)
			}
			continue
		}
		if err != nil {
			var fe *FileError
			if !asFileError(err, &fe) || fe.Reason == "" {
				t.Errorf("%s: error %v is not a FileError with a reason", name, err)
			}
		}
	}
	if res, err := ReadFile(filepath.Join(dir, "calamine__any_sheets.xlsx"), Options{}); err == nil || res != nil {
		// Its one visible sheet holds a note, not a table; what matters
		// is that hidden, very hidden and chart sheets are not read.
		t.Logf("any_sheets read: %v", res)
	}
}

// TestCorpus1904 checks the serial date plumbing against the cached
// TEXT(B,"YYYY-MM-DD") strings SheetJS's self-checking pair carries in
// column C: the same numbers give dates 1462 days apart.
func TestCorpus1904(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "producers")
	for _, name := range []string{"sheetjs__1904_1900.xlsx", "sheetjs__1904_1904.xlsx"} {
		f, err := excelize.OpenFile(filepath.Join(dir, name), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		props, err := f.GetWorkbookProps()
		if err != nil {
			t.Fatal(err)
		}
		date1904 := props.Date1904 != nil && *props.Date1904
		if want := strings.Contains(name, "1904_1904"); date1904 != want {
			t.Errorf("%s: date1904 %v, want %v", name, date1904, want)
		}
		rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		votes := newColumnVotes()
		rp := &rowParser{file: name, sheet: "Sheet1", xlsx: true, date1904: date1904, votes: &votes}
		n := 0
		for i, r := range rows {
			if len(r) < 3 || r[0] == "" {
				continue
			}
			got, _, err := rp.parseDate(r[0], FieldIssueDate, i+1)
			if err != nil || got.String() != r[2] {
				t.Errorf("%s row %d: serial %s read as %v (%v), the sheet says %s", name, i+1, r[0], got, err, r[2])
			}
			n++
		}
		if n < 5 {
			t.Errorf("%s: only %d dates checked", name, n)
		}
	}
}
