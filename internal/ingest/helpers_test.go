package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/xuri/excelize/v2"
)

// testSheet describes one sheet of a workbook built for a test. A cell of
// type serial is written as a number with a date number format, as Excel
// stores dates.
type testSheet struct {
	name   string
	hidden bool
	rows   [][]any
}

type serial float64

// dayFraction is written as a number with the [h]:mm:ss format, as
// time-tracking exports store durations.
type dayFraction float64

// formula is a formula cell with the value Excel cached for it.
type formula struct {
	f      string
	cached float64
}

type workbookOpts struct {
	date1904 bool
}

// writeXLSX builds a real workbook with excelize in dir.
func writeXLSX(t testing.TB, dir, name string, wo workbookOpts, sheets ...testSheet) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	timeStyle, err := f.NewStyle(&excelize.Style{NumFmt: 46})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				switch v := v.(type) {
				case nil:
					continue
				case serial:
					if err := f.SetCellFloat(s.name, cell, float64(v), -1, 64); err != nil {
						t.Fatal(err)
					}
					if err := f.SetCellStyle(s.name, cell, cell, dateStyle); err != nil {
						t.Fatal(err)
					}
				case formula:
					if err := f.SetCellFloat(s.name, cell, v.cached, -1, 64); err != nil {
						t.Fatal(err)
					}
					if err := f.SetCellFormula(s.name, cell, v.f); err != nil {
						t.Fatal(err)
					}
				case dayFraction:
					if err := f.SetCellFloat(s.name, cell, float64(v), -1, 64); err != nil {
						t.Fatal(err)
					}
					if err := f.SetCellStyle(s.name, cell, cell, timeStyle); err != nil {
						t.Fatal(err)
					}
				default:
					if err := f.SetCellValue(s.name, cell, v); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	for _, s := range sheets {
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	if wo.date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeFile writes raw bytes (a CSV in some encoding, a fake PDF ...).
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// docView is the part of a document the tests compare.
type docView struct {
	Number, Client, Issue, Due, Paid, Currency string
	Amount                                     invoice.Money
	Kind                                       invoice.Kind
	Status                                     invoice.Status
	Row                                        int
}

func (d docView) String() string {
	return fmt.Sprintf("{#%s %s issue=%s due=%s paid=%s %s %d %s %s row=%d}", d.Number, d.Client, d.Issue, d.Due, d.Paid,
		d.Currency, d.Amount, d.Kind, d.Status, d.Row)
}

func viewOf(d invoice.Document) docView {
	return docView{Number: d.Number, Client: d.ClientName, Issue: d.IssueDate.String(), Due: d.DueDate.String(),
		Paid: d.PaidDate.String(), Currency: d.Currency, Amount: d.Amount, Kind: d.Kind, Status: d.Status, Row: d.Source.Row}
}

func checkDocs(t *testing.T, name string, got []invoice.Document, want []docView) {
	t.Helper()
	if len(got) != len(want) {
		var gs []string
		for _, d := range got {
			gs = append(gs, viewOf(d).String())
		}
		t.Fatalf("%s: got %d documents, want %d:\n%s", name, len(got), len(want), strings.Join(gs, "\n"))
	}
	for i := range want {
		if g := viewOf(got[i]); g != want[i] {
			t.Errorf("%s: document %d:\n got  %v\n want %v", name, i, g, want[i])
		}
	}
}

func mappingString(m []ColumnMapping) string {
	var parts []string
	for _, c := range m {
		parts = append(parts, fmt.Sprintf("%s=%s(%s)", c.Field, c.Column, c.How))
	}
	return strings.Join(parts, " ")
}

func hasNote(notes []Note, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n.String(), sub) {
			return true
		}
	}
	return false
}

// corpusDir is corpustest.Sub: the corpus folder sub, or a skip.
func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	return corpustest.Sub(t, sub)
}

func asFileError(err error, fe **FileError) bool { return errors.As(err, fe) }
