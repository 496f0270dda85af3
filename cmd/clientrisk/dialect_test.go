package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// checkOutput runs check on one file written in a temp dir and returns
// its output, spaces squeezed.
func checkOutput(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	o := newCLI(t).mustRun(0, "check", path)
	return regexp.MustCompile(`[ \t]+`).ReplaceAllString(o.stdout, " ")
}

func wantLines(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("check output lacks %q:\n%s", w, out)
		}
	}
}

// Excel's "CSV (Macintosh)": lines end in CR alone.
func TestCheckCSVCROnly(t *testing.T) {
	t.Parallel()
	out := checkOutput(t, "mac.csv", []byte("Invoice,Client,Date,Amount\rF1,Acme,2025-01-31,10.50\rF2,Beta,2025-02-28,20.25\r"))
	wantLines(t, out,
		"rows 2, accepted 2, rejected 0",
		" 2 invoice F1 Acme 2025-01-31 - - 10.50 ",
		" 3 invoice F2 Beta 2025-02-28 - - 20.25 ")
}

// A stray quote on row 3 of 5 rejects that row alone, with file, row,
// column and reason; rows 4 and 5 are read.
func TestCheckCSVStrayQuote(t *testing.T) {
	t.Parallel()
	out := checkOutput(t, "register.csv", []byte("Invoice,Client,Date,Amount\n"+
		"F1,Acme,2025-01-31,10.00\n"+
		"F2,\"Beta Trading,2025-01-31,20.00\n"+
		"F3,\"Gamma\",2025-01-31,30.00\n"+
		"F4,Delta,2025-01-31,40.00\n"))
	wantLines(t, out,
		"rows 4, accepted 3, rejected 1",
		`row 3, column B "Client": cannot read the line: unbalanced quote in column B`,
		" 4 invoice F3 Gamma 2025-01-31 - - 30.00 ",
		" 5 invoice F4 Delta 2025-01-31 - - 40.00 ")
}

// A 3 MB line is over the 1 MB line limit of a 4-column file: rejected,
// and the next row read.
func TestCheckCSVLongLine(t *testing.T) {
	t.Parallel()
	out := checkOutput(t, "long.csv", []byte("Invoice,Client,Date,Amount\n"+
		"F1,"+strings.Repeat("x", 3<<20)+",2025-01-31,10.00\n"+
		"F2,Beta,2025-01-31,20.00\n"))
	wantLines(t, out,
		"rows 2, accepted 1, rejected 1",
		"row 2: cannot read the line: the line is longer than the limit of 1.0 MB",
		" 3 invoice F2 Beta 2025-01-31 - - 20.00 ")
}

// A workbook storing 393.165 as "393.16500000000002": check shows 393.16
// (393.165 half-even), counts the rounding, and takes the point for a
// decimal point without asking.
func TestCheckXLSXLongNumberLiterals(t *testing.T) {
	t.Parallel()
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Invoice</t></is></c><c r="B1" t="inlineStr"><is><t>Client</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>Date</t></is></c><c r="D1" t="inlineStr"><is><t>Amount</t></is></c></row>`)
	for i := 2; i <= 4; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>R%d</t></is></c><c r="B%d" t="inlineStr"><is><t>Acme</t></is></c>`+
			`<c r="C%d" t="inlineStr"><is><t>2025-01-31</t></is></c><c r="D%d"><v>393.16500000000002</v></c></row>`, i, i, i, i, i, i)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	} {
		w, err := zw.Create(part.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out := checkOutput(t, "register.xlsx", buf.Bytes())
	wantLines(t, out,
		"rows 3, accepted 3, rejected 0, skipped 0 (totals), duplicates 0, rounded to the cent 3",
		" 2 invoice R2 Acme 2025-01-31 - - 393.16 ",
		" 4 invoice R4 Acme 2025-01-31 - - 393.16 ")
	if strings.Contains(out, "either way") {
		t.Errorf("check asks how to read the point of a number cell:\n%s", out)
	}
}
