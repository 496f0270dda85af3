package ingest

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// day is the Excel serial of a date (days since 1899-12-30).
func day(s string) serial {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return serial(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// registerSheets is a hand-kept register: one sheet per year, a title and
// blank rows above the header, template rows below the invoices, and a
// draft sheet. In 2023 the "Data" column is empty and the dates sit in the
// column beside it, which has no header; in 2024 the client header has a
// typo ("Clinete").
func registerSheets() []testSheet {
	return []testSheet{
		{name: "2023", rows: [][]any{
			{"Registro fatture 2023 - Studio Rossi"},
			{},
			{},
			{"Numero", "Cliente", "Data", nil, "Imponibile", "IVA", "Totale"},
			{1, "Alfa srl", nil, day("2023-01-15"), 1000, formula{"E5*0.22", 220}, formula{"E5+F5", 1220}},
			{2, "Beta spa", nil, day("2023-03-10"), 250.5, formula{"E6*0.22", 55.11}, formula{"E6+F6", 305.61}},
			{3, "Alfa srl", nil, day("2023-07-01"), 99.99, formula{"E7*0.22", 22}, formula{"E7+F7", 121.99}},
			{4, nil, nil, nil, nil, formula{"E8*0.22", 0}, formula{"E8+F8", 0}},
			{5, nil, nil, nil, nil, formula{"E9*0.22", 0}, formula{"E9+F9", 0}},
			{6, nil, nil, nil, nil, formula{"E10*0.22", 0}, formula{"E10+F10", 0}},
		}},
		{name: "2024", rows: [][]any{
			{"Registro fatture 2024"},
			{},
			{"N. fattura", "Clinete", "Data", "Imponibile", "IVA", "Totale"},
			{1, "Gamma snc", day("2024-02-05"), 1200, formula{"D4*0.22", 264}, formula{"D4+E4", 1464}},
			{2, "Alfa srl", day("2024-05-20"), 300, formula{"D5*0.22", 66}, formula{"D5+E5", 366}},
			{3, nil, nil, nil, formula{"D6*0.22", 0}, formula{"D6+E6", 0}},
			{4, nil, nil, nil, formula{"D7*0.22", 0}, formula{"D7+E7", 0}},
		}},
		{name: "Bozza 2024", rows: [][]any{
			{"N.", "Cliente", "Data", "Imponibile"},
			{1, "Delta srl", day("2024-06-01"), 5000},
		}},
	}
}

// TestReadHandKeptRegister reads a register as people keep one by hand.
// Set CLIENTRISK_REGISTER_XLSX to a path to keep the workbook (the
// README's check output is of it).
func TestReadHandKeptRegister(t *testing.T) {
	t.Parallel()
	path := writeXLSX(t, t.TempDir(), "registro.xlsx", workbookOpts{}, registerSheets()...)
	if keep := os.Getenv("CLIENTRISK_REGISTER_XLSX"); keep != "" {
		copyFile(t, path, keep)
	}
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Net amounts (Imponibile), in cents: 2023 is 100000 + 25050 + 9999;
	// 2024 is 120000 + 30000. The draft's 5000.00 is not read.
	checkDocs(t, "register", res.Documents, []docView{
		{Number: "1", Client: "Alfa srl", Issue: "2023-01-15", Amount: 100000, Kind: invoice.KindInvoice, Row: 5},
		{Number: "2", Client: "Beta spa", Issue: "2023-03-10", Amount: 25050, Kind: invoice.KindInvoice, Row: 6},
		{Number: "3", Client: "Alfa srl", Issue: "2023-07-01", Amount: 9999, Kind: invoice.KindInvoice, Row: 7},
		{Number: "1", Client: "Gamma snc", Issue: "2024-02-05", Amount: 120000, Kind: invoice.KindInvoice, Row: 4},
		{Number: "2", Client: "Alfa srl", Issue: "2024-05-20", Amount: 30000, Kind: invoice.KindInvoice, Row: 5},
	})
	if len(res.Rejected) != 0 {
		t.Errorf("rejected %v, want none: template rows are blank, not errors", res.Rejected)
	}
	if len(res.Sheets) != 3 {
		t.Fatalf("sheets %+v", res.Sheets)
	}
	s23, s24, draft := res.Sheets[0], res.Sheets[1], res.Sheets[2]
	// 2023: header on row 4 below a title and two blank rows; rows 5-7 are
	// invoices, rows 8-10 templates (3 blank).
	if s23.HeaderRow != 4 || s23.Rows != 3 || s23.Accepted != 3 || s23.Blank != 3 {
		t.Errorf("2023: header %d rows %d accepted %d blank %d, want 4, 3, 3, 3", s23.HeaderRow, s23.Rows, s23.Accepted, s23.Blank)
	}
	if m := mappingString(s23.Mapping); !strings.Contains(m, "issue_date=D(beside)") {
		t.Errorf("2023 mapping %s: the dates are in column D, beside the empty C", m)
	}
	if s24.HeaderRow != 3 || s24.Rows != 2 || s24.Blank != 2 {
		t.Errorf("2024: header %d rows %d blank %d, want 3, 2, 2", s24.HeaderRow, s24.Rows, s24.Blank)
	}
	if m := mappingString(s24.Mapping); !strings.Contains(m, "client=B(near)") {
		t.Errorf("2024 mapping %s: Clinete is Cliente one typo away", m)
	}
	if !strings.Contains(draft.NoTable, "draft") || draft.HeaderRow != 0 {
		t.Errorf("draft sheet %+v, want skipped as a draft", draft)
	}
	if res.Blank != 5 || res.Rows != 5 {
		t.Errorf("file: blank %d rows %d, want 5 (3 + 2) and 5", res.Blank, res.Rows)
	}
	for _, want := range []string{
		"sheet Bozza 2024 is named as a draft and was skipped",
		`sheet 2023: the issue dates were read from column D, which has no header but holds only dates, beside the empty column C "Data"`,
	} {
		if !hasNote(res.Notes, want) {
			t.Errorf("no note %q in %v", want, res.Notes)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
