package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/ingest/xlsx"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/xuri/excelize/v2"
)

// Excel serials used below (1900 system, day 0 = 1899-12-30):
// 2025-01-01 is 45658 (125 years of 365 days + 31 leap days to
// 2024-12-30, then 2 days), so 2025-01-15 = 45672, 2025-02-01 = 45689,
// 2025-02-12 = 45700.

func TestReadXLSXItalianWorkbook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "fatture.xlsx", workbookOpts{},
		testSheet{name: "Fatture 2025", rows: [][]any{
			{"Fatture emesse 2025"}, // title above the table
			{},
			{"Numero", "Cliente", "Data", "Importo", "Tipo"},
			{"1", "Rossi Srl", serial(45672), 1220.5, "Fattura"},
			{"2", "Bianchi SpA", serial(45689), "1.234,56", "Fattura"},
			{},
			{"3", "Rossi Srl", serial(45700), 100, "Nota di credito"},
			{"Totale", nil, nil, 2555.06},
		}},
		testSheet{name: "Old", hidden: true, rows: [][]any{
			{"Numero", "Cliente", "Data", "Importo"},
			{"9", "Verdi", serial(45672), 5},
		}},
	)
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, "fatture", res.Documents, []docView{
		// 1220.5 -> 122050 cents; "1.234,56" -> 123456; the credit note's
		// 100 is negated -> -10000.
		{Number: "1", Client: "Rossi Srl", Issue: "2025-01-15", Amount: 122050, Row: 4},
		{Number: "2", Client: "Bianchi SpA", Issue: "2025-02-01", Amount: 123456, Row: 5},
		{Number: "3", Client: "Rossi Srl", Issue: "2025-02-12", Amount: -10000, Kind: invoice.KindCreditNote, Row: 7},
	})
	if len(res.Sheets) != 2 {
		t.Fatalf("sheets: got %d, want 2", len(res.Sheets))
	}
	s := res.Sheets[0]
	if s.HeaderRow != 3 || s.Rows != 4 || s.Accepted != 3 || s.Skipped != 1 || s.Rejected != 0 {
		t.Errorf("sheet counts: header %d rows %d accepted %d skipped %d rejected %d, want 3 4 3 1 0",
			s.HeaderRow, s.Rows, s.Accepted, s.Skipped, s.Rejected)
	}
	if got, want := mappingString(s.Mapping), "number=A(exact) client=B(exact) issue_date=C(exact) amount=D(exact) kind=E(exact)"; got != want {
		t.Errorf("mapping: got %s, want %s", got, want)
	}
	if !res.Sheets[1].Hidden || !hasNote(res.Notes, "sheet Old is hidden") {
		t.Errorf("hidden sheet: got %+v, notes %q", res.Sheets[1], res.Notes)
	}
	if res.Format != "xlsx" || len(res.SHA256) != 64 {
		t.Errorf("format %q sha256 %q", res.Format, res.SHA256)
	}
}

func TestReadXLSX1904(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := [][]any{
		{"Client", "Invoice date", "Amount"},
		// In the 1904 system day 0 is 1904-01-01: 43831 days later is
		// 2024-01-02 (2020-01-01 is 5844 days + ... ; equivalently the 1900
		// reading 2020-01-01 plus the 1462 days between the epochs:
		// 366+365+365+365 = 1461 to 2024-01-01, +1).
		{"Acme", serial(43831), 10},
	}
	for _, tc := range []struct {
		name     string
		date1904 bool
		want     string
	}{
		{"1900", false, "2020-01-01"},
		{"1904", true, "2024-01-02"},
	} {
		path := writeXLSX(t, dir, tc.name+".xlsx", workbookOpts{date1904: tc.date1904}, testSheet{name: "S", rows: rows})
		res, err := ReadFile(path, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(res.Documents) != 1 || res.Documents[0].IssueDate.String() != tc.want {
			t.Errorf("%s: got %v, want issue date %s", tc.name, res.Documents, tc.want)
		}
	}
}

func TestReadXLSXTables(t *testing.T) {
	t.Parallel()
	type tc struct {
		name      string
		opts      Options
		rows      [][]any
		want      []docView
		grain     string
		dateOrder string
		dups      int
		mapping   string // when set, the mapping must equal it
		note      string // when set, a note must contain it
	}
	cases := []tc{
		{
			name: "text dates day first, settled by 15/04",
			rows: [][]any{
				{"Client", "Date", "Amount"},
				{"A", "03/04/2025", 1},
				{"B", "15/04/2025", 2},
			},
			want: []docView{
				{Client: "A", Issue: "2025-04-03", Amount: 100, Row: 2},
				{Client: "B", Issue: "2025-04-15", Amount: 200, Row: 3},
			},
			grain: "invoice", dateOrder: "dmy",
		},
		{
			name: "text dates month first, settled by 04/15",
			rows: [][]any{
				{"Client", "Date", "Amount"},
				{"A", "03/04/2025", 1},
				{"B", "04/15/2025", 2},
			},
			want: []docView{
				{Client: "A", Issue: "2025-03-04", Amount: 100, Row: 2},
				{Client: "B", Issue: "2025-04-15", Amount: 200, Row: 3},
			},
			grain: "invoice", dateOrder: "mdy",
		},
		{
			name: "config forces month first",
			opts: Options{DateOrder: "mdy"},
			rows: [][]any{
				{"Client", "Date", "Amount"},
				{"A", "03/04/2025", 1},
			},
			want:  []docView{{Client: "A", Issue: "2025-03-04", Amount: 100, Row: 2}},
			grain: "invoice", dateOrder: "mdy",
		},
		{
			name: "undecidable dates follow Italian headers",
			rows: [][]any{
				{"Cliente", "Data", "Importo"},
				{"A", "03/04/2025", 1},
			},
			want:  []docView{{Client: "A", Issue: "2025-04-03", Amount: 100, Row: 2}},
			grain: "invoice", dateOrder: "dmy", note: `column B "Data" has dates like 03/04 that could be read either way; day first was assumed from the language of the headers`,
		},
		{
			name: "line items summed (Line Total header)",
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Item", "Line Total"},
				{"F1", "A", serial(45672), "x", 10},
				{"F1", "A", serial(45672), "y", 10},
				{"F2", "B", serial(45689), "z", 5.25},
			},
			// F1: 10 + 10 = 20.00 -> 2000 cents; F2: 525.
			want: []docView{
				{Number: "F1", Client: "A", Issue: "2025-01-15", Amount: 2000, Row: 2},
				{Number: "F2", Client: "B", Issue: "2025-02-01", Amount: 525, Row: 4},
			},
			grain: "line",
		},
		{
			name: "line amounts that differ are summed",
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Amount"},
				{"F1", "A", serial(45672), 10},
				{"F1", "A", serial(45672), 20.5},
			},
			// 10 + 20.5 = 30.50
			want:  []docView{{Number: "F1", Client: "A", Issue: "2025-01-15", Amount: 3050, Row: 2}},
			grain: "line",
		},
		{
			name: "repeated invoice total taken once",
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Item", "Total"},
				{"F1", "A", serial(45672), "x", 50},
				{"F1", "A", serial(45672), "y", 50},
				{"F1", "A", serial(45672), "z", 50},
			},
			want:  []docView{{Number: "F1", Client: "A", Issue: "2025-01-15", Amount: 5000, Row: 2}},
			grain: "invoice",
		},
		{
			name: "config forces line grain on a repeated total",
			opts: Options{Grain: "line"},
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Item", "Total"},
				{"F1", "A", serial(45672), "x", 50},
				{"F1", "A", serial(45672), "y", 50},
			},
			// 50 + 50 = 100.00
			want:  []docView{{Number: "F1", Client: "A", Issue: "2025-01-15", Amount: 10000, Row: 2}},
			grain: "line",
		},
		{
			name: "duplicate rows counted, not used",
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Amount"},
				{"F1", "A", serial(45672), 10},
				{"F1", "A", serial(45672), 10},
				{"F2", "A", serial(45672), 7},
			},
			want: []docView{
				{Number: "F1", Client: "A", Issue: "2025-01-15", Amount: 1000, Row: 2},
				{Number: "F2", Client: "A", Issue: "2025-01-15", Amount: 700, Row: 4},
			},
			grain: "invoice", dups: 1,
		},
		{
			name: "config maps columns by header text and by letter",
			opts: Options{Columns: map[string]string{"client": "who", "issue_date": "B", "amount": "c"}},
			rows: [][]any{
				{"Who", "When", "How much"},
				{"A", serial(45672), 3},
			},
			want:    []docView{{Client: "A", Issue: "2025-01-15", Amount: 300, Row: 2}},
			grain:   "invoice",
			mapping: "client=A(config) issue_date=B(config) amount=C(config)",
		},
		{
			name: "yes/no columns set the status they name",
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Amount", "Paid", "Disputed"},
				{"F1", "A", serial(45672), 10, "Yes", "No"},
				{"F2", "A", serial(45672), 10, "No", "Sì"},
				{"F3", "A", serial(45672), 10, "No", ""},
			},
			want: []docView{
				{Number: "F1", Client: "A", Issue: "2025-01-15", Amount: 1000, Status: invoice.StatusPaid, Row: 2},
				{Number: "F2", Client: "A", Issue: "2025-01-15", Amount: 1000, Status: invoice.StatusDisputed, Row: 3},
				{Number: "F3", Client: "A", Issue: "2025-01-15", Amount: 1000, Status: invoice.StatusOpen, Row: 4},
			},
			grain: "invoice",
		},
		{
			name: "status and paid date",
			rows: [][]any{
				{"Invoice #", "Client", "Date", "Amount", "Status", "Paid date", "Currency"},
				{"F1", "A", serial(45672), 10, "Paid", serial(45689), "usd"},
				{"F2", "A", serial(45672), 10, "Draft", nil, "EUR"},
			},
			want: []docView{
				{Number: "F1", Client: "A", Issue: "2025-01-15", Paid: "2025-02-01", Currency: "USD", Amount: 1000, Status: invoice.StatusPaid, Row: 2},
				{Number: "F2", Client: "A", Issue: "2025-01-15", Currency: "EUR", Amount: 1000, Status: invoice.StatusDraft, Row: 3},
			},
			grain: "invoice",
		},
	}
	dir := t.TempDir()
	for i, c := range cases {
		path := writeXLSX(t, dir, fmt.Sprintf("case%d.xlsx", i), workbookOpts{}, testSheet{name: "Invoices", rows: c.rows})
		res, err := ReadFile(path, c.opts)
		if err != nil {
			t.Errorf("case %d %q: %v", i, c.name, err)
			continue
		}
		checkDocs(t, c.name, res.Documents, c.want)
		s := res.Sheets[0]
		if s.Grain != c.grain {
			t.Errorf("%s: grain %q (%s), want %q", c.name, s.Grain, s.GrainWhy, c.grain)
		}
		if s.DateOrder != c.dateOrder {
			t.Errorf("%s: date order %q (%s), want %q", c.name, s.DateOrder, s.DateWhy, c.dateOrder)
		}
		if s.Duplicates != c.dups || res.Duplicates != c.dups {
			t.Errorf("%s: duplicates sheet %d file %d, want %d", c.name, s.Duplicates, res.Duplicates, c.dups)
		}
		if c.mapping != "" && mappingString(s.Mapping) != c.mapping {
			t.Errorf("%s: mapping %s, want %s", c.name, mappingString(s.Mapping), c.mapping)
		}
		if c.note != "" && !hasNote(res.Notes, c.note) {
			t.Errorf("%s: notes %q lack %q", c.name, res.Notes, c.note)
		}
		if len(res.Rejected) != 0 {
			t.Errorf("%s: unexpected row errors %v", c.name, res.Rejected)
		}
	}
}

func TestReadXLSXPaidAmounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "paid.xlsx", workbookOpts{}, testSheet{name: "S", rows: [][]any{
		{"Invoice #", "Client", "Date", "Amount", "Paid"},
		{"F1", "A", serial(45672), 100, "$40.00"},
		{"F2", "A", serial(45672), 50, "$50.00"},
		{"F3", "A", serial(45672), 30, "$0.00"},
	}})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Open balance = amount - paid: 100-40 = 60.00, 50-50 = 0, 30-0 = 30.00.
	want := []invoice.Money{6000, 0, 3000}
	if len(res.Documents) != len(want) {
		t.Fatalf("got %d documents, want %d", len(res.Documents), len(want))
	}
	for i, w := range want {
		if d := res.Documents[i]; !d.HasOutstanding || d.Outstanding != w || !d.HasPaymentInfo {
			t.Errorf("document %d: outstanding %d (known %v, payment info %v), want %d", i, d.Outstanding, d.HasOutstanding, d.HasPaymentInfo, w)
		}
	}
	if !hasNote(res.Notes, "amounts paid") {
		t.Errorf("notes %q do not say the Paid column holds amounts", res.Notes)
	}
}

func TestReadXLSXNetAndGross(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "netgross.xlsx", workbookOpts{}, testSheet{name: "S", rows: [][]any{
		{"Cliente", "Data", "Imponibile", "Totale"},
		{"A", serial(45672), 100, 122},
	}})
	for _, tc := range []struct {
		amount  string
		columns map[string]string
		want    invoice.Money
	}{
		{"", nil, 10000},      // net by default: Imponibile 100.00
		{"gross", nil, 12200}, // Totale 122.00
		// A column the config names wins over amount: gross.
		{"gross", map[string]string{"amount": "C"}, 10000},
		{"", map[string]string{"gross": "Totale", "amount": "Imponibile"}, 10000},
	} {
		res, err := ReadFile(path, Options{Amount: tc.amount, Columns: tc.columns})
		if err != nil {
			t.Fatalf("amount %q: %v", tc.amount, err)
		}
		if len(res.Documents) != 1 || res.Documents[0].Amount != tc.want {
			t.Errorf("amount %q: got %v, want %d (mapping %s)", tc.amount, res.Documents, tc.want, mappingString(res.Sheets[0].Mapping))
		}
	}
}

func TestReadXLSXTimeTracking(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "toggl.xlsx", workbookOpts{}, testSheet{name: "Time", rows: [][]any{
		{"Client", "Date", "Hours"},
		{"Acme", serial(45672), 1.5},
		{"Beta", serial(45689), 2},
		{"Gamma", serial(45700), dayFraction(0.0625)}, // 1:30:00 as a fraction of a day
	}})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sheets[0].TableKind != "time" {
		t.Fatalf("table kind %q, want time", res.Sheets[0].TableKind)
	}
	type te struct {
		client, date string
		sec          int64
	}
	// 1.5 h = 5400 s, 2 h = 7200 s; 0.0625 day * 86400 = 5400 s.
	want := []te{{"Acme", "2025-01-15", 5400}, {"Beta", "2025-02-01", 7200}, {"Gamma", "2025-02-12", 5400}}
	if len(res.TimeEntries) != len(want) {
		t.Fatalf("got %d time entries, want %d", len(res.TimeEntries), len(want))
	}
	for i, w := range want {
		e := res.TimeEntries[i]
		if g := (te{e.ClientName, e.Date.String(), e.Seconds}); g != w {
			t.Errorf("entry %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestReadXLSXRowErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "bad.xlsx", workbookOpts{}, testSheet{name: "Fatture", rows: [][]any{
		{"Cliente", "Data", "Importo"},
		{"A", serial(45672), "12,3.4x"},
		{"", serial(45672), 5},
		{"B", "not a date", 5},
		{"C", serial(45672), 5},
	}})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type re struct {
		row    int
		column string
	}
	want := []re{{2, `C "Importo"`}, {3, `A "Cliente"`}, {4, `B "Data"`}}
	if len(res.Rejected) != len(want) {
		t.Fatalf("got %d row errors %v, want %d", len(res.Rejected), res.Rejected, len(want))
	}
	for i, w := range want {
		e := res.Rejected[i]
		if (re{e.Row, e.Column}) != w || e.File != "bad.xlsx" || e.Sheet != "Fatture" || e.Reason == "" {
			t.Errorf("row error %d: got %+v, want row %d column %s", i, e, w.row, w.column)
		}
	}
	if len(res.Documents) != 1 || res.Documents[0].Amount != 500 {
		t.Errorf("documents: got %v, want only C with 5.00", res.Documents)
	}
	if s := res.Sheets[0]; s.Rows != 4 || s.Accepted != 1 || s.Rejected != 3 {
		t.Errorf("counts: rows %d accepted %d rejected %d, want 4 1 3", s.Rows, s.Accepted, s.Rejected)
	}
}

func TestReadXLSXNoTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "notable.xlsx", workbookOpts{}, testSheet{name: "Stuff", rows: [][]any{
		{"Product", "Colour", "Weight"},
		{"x", "red", 3},
	}}, testSheet{name: "Invoices", rows: [][]any{
		{"Client", "Date", "Amount"},
		{"A", serial(45672), 1},
	}})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Sheets[0].NoTable, "no invoice table found in sheet Stuff: saw headers Product, Colour, Weight"; got != want {
		t.Errorf("no table: got %q, want %q", got, want)
	}
	if len(res.Documents) != 1 {
		t.Errorf("the other sheet must still be read: got %d documents", len(res.Documents))
	}
	only := writeXLSX(t, dir, "only.xlsx", workbookOpts{}, testSheet{name: "Stuff", rows: [][]any{{"Product", "Colour"}}})
	_, err = ReadFile(only, Options{})
	var fe *FileError
	if !asFileError(err, &fe) || !strings.Contains(fe.Error(), "no invoice table found in sheet Stuff: saw headers Product, Colour") {
		t.Errorf("file with no table: got %v", err)
	}
}

func TestReadXLSXSheetKinds(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"Client", "Date", "Amount"}, {"A", "2025-01-15", 10}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"Hidden", "VeryHidden"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetSheetVisible("Hidden", false); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("VeryHidden", false, true); err != nil {
		t.Fatal(err)
	}
	if err := f.AddChartSheet("Chart", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Sheet1!$C$1", Categories: "Sheet1!$A$2", Values: "Sheet1!$C$2"}}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kinds.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 1 || res.Documents[0].Amount != 1000 {
		t.Errorf("documents %v, want only Sheet1's 10.00", res.Documents)
	}
	for _, n := range []string{"sheet Hidden is hidden", "sheet VeryHidden is hidden", "sheet Chart is a chart"} {
		if !hasNote(res.Notes, n) {
			t.Errorf("notes %q lack %q", res.Notes, n)
		}
	}
}

// TestExcelizeRowsFallback reads a sheet through excelize's own row
// iterator, the path taken when a sheet's part cannot be found from the
// relationships: it must give what the scanner gives.
func TestExcelizeRowsFallback(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeXLSX(t, dir, "fallback.xlsx", workbookOpts{}, testSheet{name: "S", rows: [][]any{
		{"Report"},
		{"Client", "Date", "Amount"},
		{"A", serial(45672), 12.5},
		{"Total", nil, 12.5},
	}})
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fs := newFileState(&FileResult{Name: "fallback.xlsx"}, &Options{Limits: DefaultLimits()})
	rows, err := xlsx.ExcelizeRows(f, "S")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if err := readSheet(fs, "S", rows, false); err != nil {
		t.Fatal(err)
	}
	// 45672 = 2025-01-15; 12.5 = 1250 cents; the totals row is skipped.
	checkDocs(t, "fallback", fs.res.Documents, []docView{{Client: "A", Issue: "2025-01-15", Amount: 1250, Row: 3}})
	if s := fs.res.Sheets[0]; s.HeaderRow != 2 || s.Skipped != 1 {
		t.Errorf("header row %d skipped %d, want 2 and 1", s.HeaderRow, s.Skipped)
	}
}
