package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeRowXML is the XML excelize's stream writer gives for one row,
// row 2, of the cells (style, value): the reference the row encoder must
// match byte for byte.
func excelizeRowXML(t testing.TB, styles []int, vals []any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, len(vals))
	for i := range vals {
		row[i] = &excelize.Cell{StyleID: styles[i], Value: vals[i]}
	}
	if err := sw.SetRow("A2", row); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i, j := strings.Index(s, `<row r="2">`), strings.Index(s, `</sheetData>`)
		if i < 0 || j < i {
			t.Fatalf("no row 2 in excelize's sheet: %.300s", s)
		}
		return s[i:j]
	}
	t.Fatal("excelize wrote no sheet1.xml")
	return ""
}

// ourRowXML is the row encoder's XML for the same row.
func ourRowXML(t testing.TB, styles []int, vals []any) string {
	t.Helper()
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	e := newRowEncoder(w, len(vals))
	e.startRow(2)
	for i, v := range vals {
		if err := e.cell(i, 2, styles[i], v); err != nil {
			t.Fatal(err)
		}
	}
	e.endRow()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The row encoder writes what excelize's stream writer writes, for the
// value kinds the tables hold and the awkward cases of each: escaping,
// white space kept, characters XML cannot hold, the _xHHHH_ notation,
// the 32,767-unit cell limit, and floats cut to 15 significant digits.
func TestRowXMLMatchesExcelize(t *testing.T) {
	strs := []string{
		"", "plain", " leading", "trailing ", "\ttab", "line\nbreak", "cr\r\nlf", "both ends\n",
		`<&>"'`, "Smith & Sons", "ctl\x01\x1f", "bad utf8 \xff\xfe", "héllo wörld", "emoji 😀", "del\x7f",
		"\uFFFE", "_x0041_", "_x005F_x0041_", "_x005F_", "a_x005F_b", "_xZZZZ_", "_x00_", "_xD800_", "x_x0041_y_x0042_",
		"&#xA;", "literal &amp;", strings.Repeat("a", 40000), strings.Repeat("😀", 20000), strings.Repeat("é", 33000),
		strings.Repeat("b", 32767), strings.Repeat("c", 32766) + "😀",
	}
	var vals []any
	for _, s := range strs {
		vals = append(vals, s)
	}
	vals = append(vals,
		0, -1, 42, 1<<40, math.MinInt64, math.MaxInt64, int64(-7),
		0.0, math.Copysign(0, -1), 0.1, 0.1+0.2, 1e-7, 1e21, 123456789.123456789, 1.0/3, -2.5e-300,
		5e-324, 1234567890123456789.0, 99999999999999999.0, math.MaxFloat64, -math.MaxFloat64,
		math.NaN(), math.Inf(1), math.Inf(-1), nil, nil,
	)
	styles := make([]int, len(vals))
	for i := range styles {
		styles[i] = i % 5 // 0 is no style attribute
	}
	want, got := excelizeRowXML(t, styles, vals), ourRowXML(t, styles, vals)
	if got == want {
		return
	}
	for i := range vals {
		w, g := excelizeRowXML(t, styles[i:i+1], vals[i:i+1]), ourRowXML(t, styles[i:i+1], vals[i:i+1])
		if w != g {
			t.Errorf("value %d (%.40q): got\n%.400s\nwant\n%.400s", i, vals[i], g, w)
		}
	}
	t.Fatalf("the row differs from excelize's")
}

// FuzzRowXMLMatchesExcelize compares the two on any text.
func FuzzRowXMLMatchesExcelize(f *testing.F) {
	for _, s := range []string{"", " x", "a\nb", "<&>", "_x0041_", "_x005F_x0041_", "\xff", "😀 ", "\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		styles, vals := []int{3}, []any{s}
		if want, got := excelizeRowXML(t, styles, vals), ourRowXML(t, styles, vals); got != want {
			t.Fatalf("%q: got\n%s\nwant\n%s", s, got, want)
		}
	})
}

// A value of a type the encoder does not know is an error naming the
// cell, never a guess at its text.
func TestRowEncoderRejectsUnknownType(t *testing.T) {
	var b bytes.Buffer
	e := newRowEncoder(bufio.NewWriter(&b), 30)
	err := e.cell(27, 5, 0, true)
	if err == nil || !strings.Contains(err.Error(), "column AB, row 5") || !strings.Contains(err.Error(), "bool") {
		t.Fatalf("got %v, want an error naming column AB, row 5 and the type bool", err)
	}
}

func TestColumnLetters(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA", 16384: "XFD"} {
		if got := columnLetters(n); got != want {
			t.Errorf("columnLetters(%d) = %s, want %s", n, got, want)
		}
	}
}

// A table whose sheet is not among the parts excelize wrote fails the
// workbook: its rows are never silently left out.
func TestXLSXTableSheetMissingFails(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	called := false
	tables := map[string]tableRows{
		"xl/worksheets/sheet1.xml": func(w *bufio.Writer) error { called = true; return nil },
		"xl/worksheets/sheet9.xml": func(w *bufio.Writer) error { return nil },
	}
	var out bytes.Buffer
	err := writeZip(f, tables, t.TempDir(), &out)
	if err == nil || !strings.Contains(err.Error(), "1 of the 2 tables' sheets are not in the workbook") {
		t.Fatalf("got %v, want the missing sheet reported", err)
	}
	if !called {
		t.Error("the sheet that exists did not get its rows")
	}
}

// Every open invoice of a long list is in the sheet, once, in order,
// with its source row.
func TestXLSXLongOpenSheet(t *testing.T) {
	const n = 6000
	in := largeInput(50, n)
	p := filepath.Join(t.TempDir(), "r.xlsx")
	if err := WriteXLSX(p, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(SheetOpen)
	if err != nil {
		t.Fatal(err)
	}
	i := -1 // the header
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if i >= 0 {
			// largeInput's invoice i: number 2026/<i, 6 digits>, source row i+2.
			wantNum := fmt.Sprintf("2026/%06d", i)
			if cols[2] != wantNum || cols[len(cols)-1] != strconv.Itoa(i+2) {
				t.Fatalf("open row %d: invoice %q, source row %q; want %q, %d", i, cols[2], cols[len(cols)-1], wantNum, i+2)
			}
		}
		i++
	}
	if i != n {
		t.Fatalf("%d open invoices in the sheet, want %d", i, n)
	}
}
