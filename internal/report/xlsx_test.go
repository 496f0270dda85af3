package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

func writeAndOpenXLSX(t *testing.T, in *Input) (*excelize.File, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "2026-10-client-report.xlsx")
	if err := WriteXLSX(p, in); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatalf("open the written workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f, p
}

func TestXLSXSheetsAndHeaders(t *testing.T) {
	t.Parallel()
	f, _ := writeAndOpenXLSX(t, fullInput())
	if got, want := f.GetSheetList(), []string{"Summary", "Clients", "Open invoices", "Rejected rows", "Data quality"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet index = %d, want 0 (Summary)", got)
	}
	tests := []struct {
		sheet   string
		columns int
		some    map[string]string // cell -> header
	}{
		{"Clients", 37, map[string]string{"A1": "Client", "C1": "Revenue", "D1": "Share", "K1": "Weighted days late",
			"S1": "DSO (days)", "AG1": "First invoice", "AI1": "Flags", "AK1": "Actions"}},
		{"Summary", 3, map[string]string{"A1": "Figure", "B1": "Value", "C1": "Note"}},
		{"Open invoices", 14, map[string]string{"A1": "Client", "D1": "Issue date", "G1": "Open amount", "H1": "Original currency",
			"I1": "Original amount", "J1": "Days past due", "K1": "Aging bucket"}},
		{"Rejected rows", 5, map[string]string{"A1": "File", "E1": "Reason"}},
		{"Data quality", 8, map[string]string{"A1": "File", "B1": "SHA-256", "C1": "Rows", "H1": "Error"}},
	}
	for _, tc := range tests {
		rows, err := f.GetRows(tc.sheet)
		if err != nil || len(rows) == 0 {
			t.Errorf("%s: no rows (%v)", tc.sheet, err)
			continue
		}
		if got := len(rows[0]); got != tc.columns {
			t.Errorf("%s: %d header cells, want %d: %q", tc.sheet, got, tc.columns, rows[0])
		}
		for cell, want := range tc.some {
			if got, _ := f.GetCellValue(tc.sheet, cell); got != want {
				t.Errorf("%s!%s header = %q, want %q", tc.sheet, cell, got, want)
			}
		}
		st := cellStyle(t, f, tc.sheet, "A1")
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header A1 is not bold", tc.sheet)
		}
		panes, err := f.GetPanes(tc.sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes = %+v (%v), want the header row frozen", tc.sheet, panes, err)
		}
	}
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s style: %v", sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("%s!%s style %d: %v", sheet, cell, id, err)
	}
	return st
}

func numFmt(st *excelize.Style) string {
	if st.CustomNumFmt == nil {
		return fmt.Sprintf("<built-in %d>", st.NumFmt)
	}
	return *st.CustomNumFmt
}

// TestXLSXCells reads cells back raw (the stored number, not the text a
// spreadsheet would show) and checks them and their number formats
// against the hand values of fullInput.
func TestXLSXCells(t *testing.T) {
	t.Parallel()
	f, _ := writeAndOpenXLSX(t, xlsxInput())
	// Excel serials: 2024-01-01 is 45292; 2024 has 366 days -> 2025-01-01 is
	// 45658, 2025 has 365 -> 2026-01-01 is 46023; 2026-07-18 is day 199 of
	// the year (31+28+31+30+31+30 = 181, +18), so 46023 + 198 = 46221.
	tests := []struct {
		sheet, cell string
		raw         string // "" = empty cell
		format      string // "" = not checked
	}{
		{"Clients", "A2", "Acme Srl", ""},
		{"Clients", "C2", "60000", "#,##0.00"},         // revenue 60,000.00
		{"Clients", "D2", "0.6", "0.0%"},               // share
		{"Clients", "F3", "-0.05", "+0.0%;-0.0%;0.0%"}, // Beta's share change
		{"Clients", "J2", "45.5", "0.0"},               // avg days to pay
		{"Clients", "K2", "20.25", "0.0"},              // wadl, unrounded
		{"Clients", "K4", "", "0.0"},                   // Gamma: no paid invoice, undefined
		{"Clients", "P2", "12345.67", "#,##0.00"},      // open 10,000.00 + 2,345.67
		{"Clients", "Q2", "10000", "#,##0.00"},         // overdue
		{"Clients", "R4", "-4", "0"},                   // Gamma's max days past due
		{"Clients", "T2", "2345.67", "#,##0.00"},       // not yet due
		{"Clients", "W2", "10000", "#,##0.00"},         // 61-90
		{"Clients", "AE3", "2", "0.00"},                // Beta's load ratio
		{"Clients", "AG2", "44988", "yyyy-mm-dd"},      // 2023-03-03: 45292 - 365 (2023) = 44927 for 2023-01-01, + 31 + 28 + 2
		{"Clients", "AI2", "Over-dependent, Slow payer", ""},
		{"Clients", "AI4", "High maintenance", ""},
		{"Clients", "AJ2", "Over-dependent: brings 60.0% of your revenue; the limit is 25.0% | Slow payer: pays on average 20.3 days late " +
			"(weighted by amount) over 4 paid invoices; the limit is 15.0; 1 invoice more than 60 days past due: invoice 2026/17 (€10,000.00, 75 days past due)", ""},
		{"Clients", "AK3", "High maintenance: Go over the scope with the client and put in writing what is included and what is not. " +
			"Bill every change request and extra round of revisions separately. Raise this client's price to match the time the work really takes. " +
			"If nothing changes, part ways with 30 days' notice and refer them to someone who fits. | Lost: Call the client and ask why the work stopped; " +
			"a short conversation often brings it back. Check whether the client was profitable before trying to win it back. " +
			"Compare your offer and prices with what this client needed.", ""},
		{"Open invoices", "C2", "2026/17", ""},
		{"Open invoices", "D2", "46221", "yyyy-mm-dd"}, // 2026-07-18
		{"Open invoices", "F2", "no", ""},
		{"Open invoices", "F3", "yes", ""}, // G-1's due date came from default terms
		{"Open invoices", "G2", "10000", "#,##0.00"},
		{"Open invoices", "G4", "2345.67", "#,##0.00"},
		{"Open invoices", "J2", "75", "0"}, // 14 + 30 + 31
		{"Open invoices", "K2", "61-90 days", ""},
		{"Open invoices", "K3", "not yet due", ""},
		{"Open invoices", "M3", "Fatture", ""},
		// Original amounts, in their own currency's decimals (see xlsxInput).
		{"Open invoices", "H2", "USD", ""},
		{"Open invoices", "I2", "12500", "#,##0.00"},
		{"Open invoices", "H3", "JPY", ""},
		{"Open invoices", "I3", "1600000", "#,##0"},
		{"Open invoices", "H4", "EUR", ""}, // issued in the base currency
		{"Open invoices", "I4", "2345.67", "#,##0.00"},
		{"Rejected rows", "A2", "qb.csv", ""},
		{"Rejected rows", "C2", "14", ""},
		{"Rejected rows", "D2", `E "Amount"`, ""},
		{"Rejected rows", "E3", "currency CHF has no exchange rate", ""}, // from analytics
		{"Data quality", "A2", "qb.csv", ""},
		{"Data quality", "D2", "118", ""},
		{"Data quality", "H4", "is a legacy Excel 97-2003 .xls workbook (save it as .xlsx or export CSV)", ""},
		{"Data quality", "A6", "Assumptions and notes", ""},
		{"Data quality", "A7", "1 invoice has no due date: due date taken as issue date + 30 days", ""},
		{"Data quality", "A9", "2 void, cancelled or draft documents left out", ""},
		{"Data quality", "A10", "fic.xlsx: sheet Archive is hidden and was skipped", ""},
	}
	for _, tc := range tests {
		got, err := f.GetCellValue(tc.sheet, tc.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Errorf("%s!%s: %v", tc.sheet, tc.cell, err)
			continue
		}
		if got != tc.raw {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.cell, got, tc.raw)
		}
		if tc.format != "" {
			st := cellStyle(t, f, tc.sheet, tc.cell)
			if st.CustomNumFmt == nil || *st.CustomNumFmt != tc.format {
				t.Errorf("%s!%s number format = %q, want %q", tc.sheet, tc.cell, numFmt(st), tc.format)
			}
		}
	}
	// Money cells are numbers, not text that looks like one.
	for _, cell := range []string{"C2", "P2", "T2"} {
		typ, err := f.GetCellType("Clients", cell)
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("Clients!%s cell type = %v (%v), want a number", cell, typ, err)
		}
	}
	if got, _ := f.GetRows("Data quality"); len(got) != 10 {
		t.Errorf("Data quality has %d rows, want 10 (header, 3 files, blank, heading, 3 assumptions, 1 note)", len(got))
	}
	for sheet, col := range map[string]string{"Clients": "A", "Open invoices": "G", "Rejected rows": "E"} {
		w, err := f.GetColWidth(sheet, col)
		if err != nil || w < 10 {
			t.Errorf("%s column %s width = %v (%v), want a set width", sheet, col, w, err)
		}
	}
}

// TestXLSXAutoFilter looks for the filter both where Excel keeps it: the
// hidden _FilterDatabase name and the sheet's autoFilter element.
func TestXLSXAutoFilter(t *testing.T) {
	t.Parallel()
	f, p := writeAndOpenXLSX(t, fullInput())
	want := map[string]string{ // sheet -> range: header plus rows
		"Clients":       "$A$1:$AK$4", // 37 columns, 3 clients
		"Open invoices": "$A$1:$N$4",  // 14 columns, 3 invoices
		"Rejected rows": "$A$1:$E$3",  // 5 columns, 2 rows
		"Data quality":  "$A$1:$H$4",  // the files only, not the notes below
	}
	got := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			sheet, ref, _ := strings.Cut(dn.RefersTo, "!")
			got[strings.Trim(sheet, "'")] = ref
		}
	}
	for sheet, ref := range want {
		if got[sheet] != ref {
			t.Errorf("%s: filter range %q, want %q", sheet, got[sheet], ref)
		}
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	found := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(b), "<autoFilter ref=") {
			found++
		}
	}
	if found != 4 {
		t.Errorf("%d worksheets carry an autoFilter element, want 4 (all but Summary)", found)
	}
}

func TestXLSXEmptyAndCurrencies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		currency, format, raw string
	}{
		{"EUR", "#,##0.00", "1234.56"},
		{"JPY", "#,##0", "123456"},      // yen have no minor unit: 123456 minor units = ¥123,456
		{"KWD", "#,##0.000", "123.456"}, // three decimals
	}
	for _, tc := range tests {
		in := emptyInput()
		in.Result.Currency = tc.currency
		in.Result.Clients = []analytics.ClientFigures{{Key: "k", Name: "K", Revenue: 123456, Share: 1}}
		f, _ := writeAndOpenXLSX(t, in)
		got, _ := f.GetCellValue("Clients", "C2", excelize.Options{RawCellValue: true})
		if got != tc.raw {
			t.Errorf("%s: revenue cell = %q, want %q", tc.currency, got, tc.raw)
		}
		if st := cellStyle(t, f, "Clients", "C2"); st.CustomNumFmt == nil || *st.CustomNumFmt != tc.format {
			t.Errorf("%s: money format = %q, want %q", tc.currency, numFmt(st), tc.format)
		}
	}
	f, _ := writeAndOpenXLSX(t, emptyInput())
	for _, sheet := range f.GetSheetList() {
		if sheet == "Summary" {
			continue // its figures are rows; TestXLSXSummary reads them
		}
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) != 1 {
			t.Errorf("empty month: %s has %d rows (%v), want the header only", sheet, len(rows), err)
		}
	}
}

// TestXLSXReplacesAtomically: a failed write leaves no file behind, and a
// good one replaces an old report completely.
func TestXLSXReplacesAtomically(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "r.xlsx")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(p, fullInput()); err != nil {
		t.Fatal(err)
	}
	if f, err := excelize.OpenFile(p); err != nil {
		t.Errorf("replaced file does not open: %v", err)
	} else {
		_ = f.Close()
	}
	err := WriteXLSX(filepath.Join(dir, "missing", "r.xlsx"), fullInput())
	if err == nil || !strings.Contains(err.Error(), "xlsx report") {
		t.Errorf("write into a missing folder: err = %v, want an xlsx report error", err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"r.xlsx"}) {
		t.Errorf("folder holds %q, want only r.xlsx (no temp files left)", names)
	}
}

// manyClients builds n clients with revenue (n-i) * 100.00, so the total is
// 100.00 * n(n+1)/2.
func manyClients(n int) *Input {
	in := emptyInput()
	r := in.Result
	var open []analytics.OpenInvoice
	for i := 0; i < n; i++ {
		rev := invoice.Money(int64(n-i) * 10000)
		r.Clients = append(r.Clients, analytics.ClientFigures{
			Key: fmt.Sprintf("client %05d", i), Name: fmt.Sprintf("Client %05d", i), Revenue: rev,
			FirstInvoice: invoice.NewDate(2025, time.December, 1),
		})
		open = append(open, analytics.OpenInvoice{ClientKey: fmt.Sprintf("client %05d", i), Number: fmt.Sprint(i),
			IssueDate: invoice.NewDate(2026, time.October, 1), DueDate: invoice.NewDate(2026, time.October, 31), Amount: rev, Bucket: "current"})
	}
	r.Open = analytics.NewOpenList(open)
	return in
}

func TestXLSXManyClients(t *testing.T) {
	t.Parallel()
	const n = 2500
	start := time.Now()
	f, _ := writeAndOpenXLSX(t, manyClients(n))
	t.Logf("wrote and reopened %d clients and %d open invoices in %v", n, n, time.Since(start))
	for _, sheet := range []string{"Clients", "Open invoices"} {
		rows, err := f.Rows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for rows.Next() {
			count++
		}
		_ = rows.Close()
		if count != n+1 {
			t.Errorf("%s: %d rows, want %d (header + %d)", sheet, count, n+1, n)
		}
	}
	// The last client is i = 2499: revenue (2500-2499) * 100.00 = 100.00.
	if got, _ := f.GetCellValue("Clients", fmt.Sprintf("C%d", n+1), excelize.Options{RawCellValue: true}); got != "100" {
		t.Errorf("last client's revenue = %q, want 100", got)
	}
}

func BenchmarkWriteXLSX2500(b *testing.B) {
	in := manyClients(2500)
	dir := b.TempDir()
	for b.Loop() {
		if err := WriteXLSX(filepath.Join(dir, "r.xlsx"), in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestXLSXNonFinite(t *testing.T) {
	t.Parallel()
	in := fullInput()
	in.Result.Clients[0].Share = math.NaN()
	in.Result.Clients[0].WADL = fptr(math.Inf(1))
	f, _ := writeAndOpenXLSX(t, in)
	for _, cell := range []string{"D2", "K2"} {
		if got, _ := f.GetCellValue("Clients", cell, excelize.Options{RawCellValue: true}); got != "" {
			t.Errorf("Clients!%s = %q, want an empty cell for a non-finite figure", cell, got)
		}
	}
}

// The same input gives the same bytes, zip layout included (excelize alone
// writes streamed sheets in map order), and [Content_Types].xml comes first.
func TestXLSXDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var files [][]byte
	for i := 0; i < 4; i++ {
		p := filepath.Join(dir, fmt.Sprintf("r%d.xlsx", i))
		if err := WriteXLSX(p, fullInput()); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	for i := 1; i < len(files); i++ {
		if !bytes.Equal(files[0], files[i]) {
			t.Errorf("write %d differs from write 0 (%d vs %d bytes)", i, len(files[i]), len(files[0]))
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(files[0]), int64(len(files[0])))
	if err != nil {
		t.Fatalf("the written file is not a zip: %v", err)
	}
	if got := zr.File[0].Name; got != "[Content_Types].xml" {
		t.Errorf("first entry = %q, want [Content_Types].xml", got)
	}
	// Every entry's header is as excelize makes them: deflated, with no
	// time and no extra field, the sheets given their rows included (a
	// header copied from the spool carried a time and an extra field).
	for _, zf := range zr.File {
		if zf.Method != zip.Deflate || len(zf.Extra) != 0 || zf.ModifiedDate != 0 || zf.ModifiedTime != 0 {
			t.Errorf("%s: method %d, %d bytes of extra field, DOS date %d time %d; want deflated, none, 0 0",
				zf.Name, zf.Method, len(zf.Extra), zf.ModifiedDate, zf.ModifiedTime)
		}
	}
}

// xlsxInput is fullInput with payment data known and the open invoices'
// original currencies: 2026/17 was issued in USD at 0.80 EUR per USD, so
// its 10,000.00 EUR open are 10,000.00 / 0.80 = 12,500.00 USD; G-1 in JPY
// at 0.00625 EUR per yen, 10,000.00 / 0.00625 = ¥1,600,000 (no minor
// unit: 1600000 minor units); 2026/30 in the base currency.
func xlsxInput() *Input {
	in := fullInput()
	in.Result.Portfolio.PaymentKnown = true
	for i := range in.Result.Clients {
		in.Result.Clients[i].PaymentKnown = true
	}
	o := in.Result.Open.Invoices()
	o[0].OrigCurrency, o[0].OrigAmount = "USD", invoice.Money(1250000)
	o[1].OrigCurrency, o[1].OrigAmount = "JPY", invoice.Money(1600000)
	o[2].OrigCurrency, o[2].OrigAmount = "", o[2].Amount
	in.Result.Open = analytics.NewOpenList(o)
	return in
}

// summaryRow is one row of the Summary sheet read back: the raw value of
// column B, its number format and the note of column C.
type summaryRow struct{ raw, format, note string }

func readSummary(t *testing.T, f *excelize.File) map[string]summaryRow {
	t.Helper()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("Summary: %v", err)
	}
	out := map[string]summaryRow{}
	for i, r := range rows[1:] {
		if len(r) == 0 || r[0] == "" {
			t.Errorf("Summary row %d has no label: %q", i+2, r)
			continue
		}
		var row summaryRow
		if len(r) > 1 {
			row.raw = r[1]
		}
		if len(r) > 2 {
			row.note = r[2]
		}
		row.format = numFmt(cellStyle(t, f, "Summary", fmt.Sprintf("B%d", i+2)))
		if _, dup := out[r[0]]; dup {
			t.Errorf("Summary label %q appears twice", r[0])
		}
		out[r[0]] = row
	}
	return out
}

// TestXLSXSummary checks the Summary sheet against fullInput's hand
// values (see its comment), and that unknown figures are empty cells with
// the reason beside them, never 0.
func TestXLSXSummary(t *testing.T) {
	t.Parallel()
	const (
		money   = "#,##0.00"
		noPay   = "not available (no payment data)"
		noRev   = "not available (no revenue in the window)"
		builtin = "<built-in 0>" // a text cell: no number format
	)
	// Excel serials: 2026-01-01 is 46023 (see TestXLSXCells); 2026-10-31 is
	// day 273 + 31 = 304 of the year -> 46023 + 303 = 46326; 2025-01-01 is
	// 45658 and 2025-11-01 day 305 -> 45658 + 304 = 45962.
	full := map[string]summaryRow{
		"Company":                             {"Rossi Design srl", builtin, ""},
		"Report month":                        {"2026-10", builtin, ""},
		"As of":                               {"46326", "yyyy-mm-dd", ""},
		"Window from":                         {"45962", "yyyy-mm-dd", ""},
		"Window to":                           {"46326", "yyyy-mm-dd", ""},
		"Base currency":                       {"EUR", builtin, ""},
		"Generated":                           {"2026-11-01 07:00:00 UTC", builtin, ""},
		"Revenue in the window":               {"100000", money, ""},
		"Revenue in the month":                {"15000", money, ""},
		"Clients with revenue":                {"3", "0", ""},
		"HHI":                                 {"4600", "#,##0", ""}, // 60^2 + 30^2 + 10^2
		"HHI band":                            {"highly concentrated", builtin, ""},
		"Effective number of clients":         {"2.17391304347826", "0.00", ""}, // 10000 / 4600, to the 15 digits a spreadsheet keeps
		"Top 1 client's share":                {"0.6", "0.0%", ""},
		"Top 3 clients' share":                {"1", "0.0%", ""},
		"Top 5 clients' share":                {"1", "0.0%", ""},
		"Clients making 80% of revenue":       {"2", "0", ""},
		"Open amount":                         {"22345.67", money, ""},
		"Overdue amount":                      {"10000", money, ""},
		"DSO (days)":                          {"50.5", "0.0", ""},
		"Weighted days late":                  {"8.1", "0.0", ""},
		"On-time rate":                        {"0.7", "0.0%", ""},
		"Open, not yet due":                   {"12345.67", money, ""},
		"Open, 1-30 days past due":            {"0", money, ""},
		"Open, 31-60 days past due":           {"0", money, ""},
		"Open, 61-90 days past due":           {"10000", money, ""},
		"Open, over 90 days past due":         {"0", money, ""},
		"Clients flagged Over-dependent":      {"1", "0", ""}, // Acme
		"Clients flagged Slow payer":          {"1", "0", ""}, // Acme
		"Clients flagged High maintenance":    {"2", "0", ""}, // Beta, Gamma
		"Clients flagged Lost (lost clients)": {"1", "0", ""}, // Beta
		"New clients":                         {"1", "0", ""}, // Gamma
	}
	f, _ := writeAndOpenXLSX(t, xlsxInput())
	if got := readSummary(t, f); len(got) != len(full) {
		t.Errorf("Summary has %d figures, want %d: %v", len(got), len(full), got)
	} else {
		for label, want := range full {
			if got[label] != want {
				t.Errorf("full: %q = %+v, want %+v", label, got[label], want)
			}
		}
	}

	// No payment data: the payment figures are unknown, not 0, even where
	// the result holds numbers; the rest stays.
	in := xlsxInput()
	in.Result.Portfolio.PaymentKnown = false
	f, _ = writeAndOpenXLSX(t, in)
	got := readSummary(t, f)
	for _, label := range []string{"Open amount", "Overdue amount", "DSO (days)", "Weighted days late", "On-time rate",
		"Open, not yet due", "Open, 1-30 days past due", "Open, 31-60 days past due", "Open, 61-90 days past due", "Open, over 90 days past due"} {
		if g := got[label]; g.raw != "" || g.note != noPay {
			t.Errorf("no payment data: %q = %+v, want an empty cell noted %q", label, g, noPay)
		}
	}
	if g := got["Revenue in the window"]; g.raw != "100000" || g.note != "" {
		t.Errorf("no payment data: revenue = %+v, want 100000 with no note", g)
	}

	// An empty month: no revenue, no payment data; counts are real zeros.
	f, _ = writeAndOpenXLSX(t, emptyInput())
	got = readSummary(t, f)
	for label, want := range map[string]summaryRow{
		"Company":                        {"Empty Ltd", builtin, ""},
		"Revenue in the window":          {"0", money, ""},
		"Clients with revenue":           {"0", "0", ""},
		"HHI":                            {"", "#,##0", noRev},
		"HHI band":                       {"", builtin, noRev},
		"Effective number of clients":    {"", "0.00", noRev},
		"Top 1 client's share":           {"", "0.0%", noRev},
		"Clients making 80% of revenue":  {"", "0", noRev},
		"Open amount":                    {"", money, noPay},
		"DSO (days)":                     {"", "0.0", noPay},
		"On-time rate":                   {"", "0.0%", noPay},
		"Clients flagged Over-dependent": {"0", "0", ""},
		"New clients":                    {"0", "0", ""},
	} {
		if got[label] != want {
			t.Errorf("empty: %q = %+v, want %+v", label, got[label], want)
		}
	}

	// Payment data known, but no invoice paid: the delays are undefined.
	in = xlsxInput()
	in.Result.Portfolio.WADL, in.Result.Portfolio.OnTimeRate = nil, nil
	f, _ = writeAndOpenXLSX(t, in)
	got = readSummary(t, f)
	for _, label := range []string{"Weighted days late", "On-time rate"} {
		if g := got[label]; g.raw != "" || g.note != "not available" {
			t.Errorf("no paid invoice: %q = %+v, want an empty cell noted %q", label, g, "not available")
		}
	}
}

// A money cell is the double nearest to the amount's decimal: the one a
// Go literal of that decimal is (the compiler rounds it correctly), and
// the one parsing the decimal text gives, over every cent up to
// 10,000.00 and a spread of larger amounts.
func TestMoneyCellNearestDouble(t *testing.T) {
	t.Parallel()
	tests := []struct {
		m        invoice.Money
		currency string
		want     float64
	}{
		{123456, "EUR", 1234.56},
		{-123456, "EUR", -1234.56},
		{30, "EUR", 0.3},
		{-1, "EUR", -0.01},
		{0, "EUR", 0},
		{1600000, "JPY", 1600000},
		{1234567, "KWD", 1234.567},
		{9007199254740991, "EUR", 90071992547409.91},   // 2^53 - 1 cents
		{9007199254740993, "EUR", 90071992547409.93},   // above 2^53: through the text
		{-9007199254740993, "KWD", -9007199254740.993}, // likewise, three decimals
	}
	for _, tc := range tests {
		if got := moneyCell(tc.m, tc.currency); got != tc.want {
			t.Errorf("moneyCell(%d, %s) = %v, want %v", tc.m, tc.currency, got, tc.want)
		}
	}
	check := func(cents int64) {
		text := fmt.Sprintf("%d.%02d", cents/100, cents%100)
		want, err := strconv.ParseFloat(text, 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := moneyCell(invoice.Money(cents), "EUR"); got != want {
			t.Fatalf("moneyCell(%d) = %v, want %v (%s)", cents, got, want, text)
		}
	}
	for c := int64(0); c <= 1_000_000; c++ {
		check(c)
	}
	for c := int64(1_000_001); c < 1<<53; c = c*3 + 7 {
		check(c)
	}
}
