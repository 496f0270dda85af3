package ingest

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestFuzzyHeaderNeedsFittingValues: a column found by a word inside its
// header ("Payments Pro" holds "Payments") is taken only when its values
// are of the field's kind. Yes/No is no amount paid; amounts are.
func TestFuzzyHeaderNeedsFittingValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	flags := writeFile(t, dir, "flags.csv", []byte("Invoice Number,Customer Name,Invoice Date,Total,Payments Pro\n"+
		"INV-1,Acme,2024-01-10,100.00,Yes\n"+
		"INV-2,Bolt,2024-02-10,250.00,No\n"))
	res, err := ReadFile(flags, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := mappingString(res.Sheets[0].Mapping); strings.Contains(m, "paid_amount") {
		t.Errorf("mapping %s: Payments Pro holds Yes/No, not amounts paid", m)
	}
	if !hasNote(res.Notes, `column E "Payments Pro" was not taken`) || hasNote(res.Notes, "amounts paid could not be read") {
		t.Errorf("notes %v", res.Notes)
	}
	for _, d := range res.Documents {
		if d.HasPaymentInfo || d.HasOutstanding {
			t.Errorf("%s: payment info %v outstanding %v; the file says nothing about payment", d.Number, d.HasPaymentInfo, d.HasOutstanding)
		}
	}

	amounts := writeFile(t, dir, "amounts.csv", []byte("Invoice Number,Customer Name,Invoice Date,Total,Payments Received\n"+
		"INV-1,Acme,2024-01-10,100.00,40.00\n"+
		"INV-2,Bolt,2024-02-10,250.00,250.00\n"))
	res, err = ReadFile(amounts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := mappingString(res.Sheets[0].Mapping); !strings.Contains(m, "paid_amount=E(contains)") {
		t.Errorf("mapping %s: Payments Received holds amounts paid", m)
	}
	// Balances: 100.00 - 40.00 = 60.00 (6000 cents); 250.00 - 250.00 = 0.
	want := []invoice.Money{6000, 0}
	for i, d := range res.Documents {
		if !d.HasOutstanding || d.Outstanding != want[i] {
			t.Errorf("%s: outstanding %d (%v), want %d", d.Number, d.Outstanding, d.HasOutstanding, want[i])
		}
	}
}

// TestFuzzyRequiredColumnGivesWay: when a fuzzy amount column holds
// words, another header cell that names the amount takes its place.
func TestFuzzyRequiredColumnGivesWay(t *testing.T) {
	t.Parallel()
	path := writeFile(t, t.TempDir(), "way.csv", []byte("Client,Date,Amount Category,Value\n"+
		"Acme,2024-01-10,services,120.50\n"+
		"Bolt,2024-02-10,goods,80.00\n"))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := mappingString(res.Sheets[0].Mapping); !strings.Contains(m, "amount=D(exact)") {
		t.Fatalf("mapping %s: the amount is Value (D), not the words of C", m)
	}
	// 120.50 and 80.00 in cents.
	if len(res.Documents) != 2 || res.Documents[0].Amount != 12050 || res.Documents[1].Amount != 8000 {
		t.Errorf("documents %v", res.Documents)
	}
}

func TestNearMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header, field string
		near          bool
	}{
		{"Clinete", FieldClient, true},         // swapped letters
		{"Imponbile", FieldAmount, true},       // a letter dropped
		{"Importto", FieldAmount, true},        // a letter added
		{"Data fatura", FieldIssueDate, false}, // "fatura": no exact synonym, but "Data" is found inside
		{"Cliente", FieldClient, false},        // exact
		{"State", "", false},                   // a different ending: not Stato
		{"Invoices", "", false},                // a plural: not Invoice
		{"Dta", "", false},                     // short words are never near matches
		{"Totle", FieldAmount, true},           // Totale with a letter dropped
	}
	for _, c := range cases {
		m, ok := matchHeader(c.header)
		if c.field == "" {
			if ok {
				t.Errorf("%q matched %+v, want no match", c.header, m)
			}
			continue
		}
		if !ok || m.Field != c.field || m.Near != c.near {
			t.Errorf("%q: got %+v %v, want field %s near %v", c.header, m, ok, c.field, c.near)
		}
	}
	// The near match ranks below every exact one.
	if m, _ := matchHeader("Clinete"); m.Priority >= 95 {
		t.Errorf("near priority %d", m.Priority)
	}
}

func TestOneEdit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"clinete", "cliente", true}, {"imponbile", "imponibile", true}, {"importto", "importo", true},
		{"imporxo", "importo", true}, {"importo", "importo", false}, {"impotro", "importo", true},
		{"state", "stato", false}, {"invoices", "invoice", false}, {"clienti", "cliente", false},
		{"clnetie", "cliente", false}, {"счёта", "счета", true},
	} {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestSheetColumns: input.sheets gives a sheet-name pattern its own
// columns; the first pattern that matches wins over input.columns.
func TestSheetColumns(t *testing.T) {
	t.Parallel()
	rows := func(c int, client string) [][]any {
		// the issue date in column c (0-based), under a header no synonym names
		h := []any{"Cliente", "Importo", "x", "y"}
		r := []any{client, 100, "z", "z"}
		h[c], r[c] = "Quando", day("2024-03-15")
		return [][]any{h, r}
	}
	path := writeXLSX(t, t.TempDir(), "sheets.xlsx", workbookOpts{},
		testSheet{name: "2023", rows: rows(2, "Acme")}, testSheet{name: "2024", rows: rows(3, "Bolt")}, testSheet{name: "Extra", rows: rows(3, "Cora")})
	opts := Options{Columns: map[string]string{FieldIssueDate: "D"},
		Sheets: []SheetOptions{
			{Pattern: "2023*", Columns: map[string]string{FieldIssueDate: "C"}},
			{Pattern: "202?", Columns: map[string]string{FieldIssueDate: "Quando"}},
		}}
	res, err := ReadFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	// 2023: "2023*" (C) wins over "202?"; 2024: "202?" by header text (D);
	// Extra: input.columns (D).
	want := []string{"issue_date=C(config)", "issue_date=D(config)", "issue_date=D(config)"}
	for i, s := range res.Sheets {
		if m := mappingString(s.Mapping); !strings.Contains(m, want[i]) || s.Accepted != 1 {
			t.Errorf("sheet %s: mapping %s accepted %d, want %s", s.Name, m, s.Accepted, want[i])
		}
	}
	// Without the per-sheet columns, 2023 has no date column (D holds "z").
	res, err = ReadFile(path, Options{Columns: map[string]string{FieldIssueDate: "D"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sheets[0].Accepted != 0 || res.Sheets[0].Rejected != 1 {
		t.Errorf("2023 without input.sheets: accepted %d rejected %d, want 0 and 1", res.Sheets[0].Accepted, res.Sheets[0].Rejected)
	}
}

// TestNoTableMessages: a sheet of numbers and dates is not called empty;
// the header-like row is shown, not a row of markers; a hidden sheet that
// holds the table is named.
func TestNoTableMessages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nums := writeXLSX(t, dir, "nums.xlsx", workbookOpts{}, testSheet{name: "Sheet1", rows: [][]any{
		{1, day("2024-01-01")}, {2, day("2024-01-02")},
	}})
	_, err := ReadFile(nums, Options{})
	if err == nil || !strings.Contains(err.Error(), "sheet Sheet1 holds numbers and dates but no header row") || strings.Contains(err.Error(), "empty") {
		t.Errorf("numbers and dates: %v", err)
	}
	markers := writeXLSX(t, dir, "markers.xlsx", workbookOpts{}, testSheet{name: "Reg", rows: [][]any{
		{"O", "M", "M", "O", "O"},
		{"HSN_Code", "Item", "UOM", "Qty", "Rate"},
		{8416, "fuel", "NOs", 1, 0},
	}})
	_, err = ReadFile(markers, Options{})
	if err == nil || !strings.Contains(err.Error(), "saw headers HSN_Code, Item, UOM, Qty, Rate (") {
		t.Errorf("markers: %v", err)
	}
	hidden := writeXLSX(t, dir, "hidden.xlsx", workbookOpts{},
		testSheet{name: "Readme", rows: [][]any{{"Invoices are in the other sheet"}}},
		testSheet{name: "Fatture", hidden: true, rows: [][]any{
			{"Registro"}, {"Cliente", "Data", "Importo"}, {"Acme", day("2024-01-05"), 10},
		}})
	_, err = ReadFile(hidden, Options{})
	if err == nil || !strings.Contains(err.Error(), "hidden sheet Fatture holds an invoice table (header on row 2): unhide it") {
		t.Errorf("hidden table: %v", err)
	}
}

// TestDraftSheetOnly: a workbook whose only sheet is a draft fails saying
// so.
func TestDraftSheetOnly(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Bozza 2024", "Draft", "Borrador marzo", "Brouillon", "Entwürfe", "Черновик"} {
		path := writeXLSX(t, t.TempDir(), "d.xlsx", workbookOpts{}, testSheet{name: name, rows: [][]any{
			{"Cliente", "Data", "Importo"}, {"Acme", day("2024-01-05"), 10},
		}})
		_, err := ReadFile(path, Options{})
		if err == nil || !strings.Contains(err.Error(), "sheet "+name+" is named as a draft and was skipped") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if isDraftName("Bozzetti") || isDraftName("Redraft notes") {
		t.Error("a draft word must be a whole word")
	}
}

// TestCorpusZohoPaymentsPro: Zoho's "Payments Pro" column (Yes/No) was
// read as the amount paid.
func TestCorpusZohoPaymentsPro(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "invoices")
	res, err := ReadFile(dir+"/invoiceninja__zoho_invoices.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := mappingString(res.Sheets[0].Mapping); strings.Contains(m, "paid_amount") || !strings.Contains(m, "outstanding=AH(exact)") {
		t.Errorf("mapping %s: no amount-paid column; the balance is Balance (AH)", m)
	}
	if !hasNote(res.Notes, `column BL "Payments Pro" was not taken`) {
		t.Errorf("notes %v", res.Notes)
	}
}

// TestHeaderOwnsItsTexts: a workbook's cells are substrings of its shared
// strings; the header outlives the reading (it names columns in row
// errors while the documents live), so it must copy its texts, or it
// keeps the whole table of a million shared strings in memory.
func TestHeaderOwnsItsTexts(t *testing.T) {
	table := "Invoice No|Customer|Invoice Date|Due Date|Total|" + strings.Repeat("x", 1<<16)
	cells := strings.Split(table, "|")[:5]
	opts := DefaultOptions()
	h := mapHeader(rowsrc.Row{Num: 1, Cells: cells}, &opts)
	if h.kind != "invoices" {
		t.Fatalf("header kind %q, want invoices", h.kind)
	}
	inTable := pointsInto(table)
	for i, s := range h.texts {
		if inTable(s) {
			t.Errorf("header text %d %q points into the row's string table", i, s)
		}
	}
	for f, c := range h.cols {
		if inTable(c.header) {
			t.Errorf("column %s's name %q points into the row's string table", f, c.header)
		}
	}
	if len(h.cols) < 4 {
		t.Errorf("only %d columns mapped: %v", len(h.cols), h.cols)
	}
}

// pointsInto returns whether a string's bytes lie in table's.
func pointsInto(table string) func(string) bool {
	start := uintptr(unsafe.Pointer(unsafe.StringData(table)))
	return func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return len(s) > 0 && p >= start && p < start+uintptr(len(table))
	}
}

// TestRowErrorOwnsItsValue: a rejected row's error is kept with the
// file's results, so it copies the cell it quotes (see
// TestHeaderOwnsItsTexts).
func TestRowErrorOwnsItsValue(t *testing.T) {
	table := "12,3.4|" + strings.Repeat("x", 1<<16)
	cell := table[:6]
	rp := &rowParser{file: "a.xlsx", sheet: "S"}
	e := rp.rowError(7, &column{idx: 4, header: "Total"}, cell, "cannot read it")
	if e.Value != "12,3.4" || pointsInto(table)(e.Value) {
		t.Errorf("row error value %q, want a copy of %q", e.Value, cell)
	}
	if e.Row != 7 || e.Column != `E "Total"` {
		t.Errorf("row error at row %d column %s, want 7, E \"Total\"", e.Row, e.Column)
	}
}

// TestHotColumns: the fields a row reads are numbered one to one by
// hotSlot, and a frozen header finds each field's column as its map has it
// (a hot one through hot, another through the map), nil for none.
func TestHotColumns(t *testing.T) {
	seen := map[int]bool{}
	for i, f := range hotFields {
		if got := hotSlot(f); got != i {
			t.Errorf("hotSlot(%q) = %d, want %d", f, got, i)
		}
		seen[i] = true
	}
	if len(seen) != numHotFields {
		t.Errorf("%d distinct slots, want %d", len(seen), numHotFields)
	}
	for _, f := range []string{FieldEmail, FieldAccount, FieldGross, ""} {
		if got := hotSlot(f); got != -1 {
			t.Errorf("hotSlot(%q) = %d, want -1", f, got)
		}
	}
	h := &header{cols: map[string]column{
		FieldAmount:   {idx: 4, header: "Total", how: "exact"},
		FieldClient:   {idx: 1, header: "Cliente", how: "contains"},
		FieldEmail:    {idx: 7, header: "E-mail", how: "exact"},
		FieldDueDate:  {idx: 3, header: "Scadenza", how: "config"},
		FieldCurrency: {idx: 0, header: "Valuta", how: "near"},
	}}
	h.freeze()
	for _, f := range append(hotFields[:], FieldEmail, FieldCategory) {
		want, ok := h.cols[f]
		got := h.colRef(f)
		switch {
		case !ok && got != nil:
			t.Errorf("colRef(%q) = %+v, want nil", f, *got)
		case ok && (got == nil || *got != want):
			t.Errorf("colRef(%q) = %v, want %+v", f, got, want)
		}
	}
}
