package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// rawXLSX builds a workbook by hand, its sheet XML as given, so that a
// test controls the literal of every number cell (excelize writes the
// shortest form; Excel and other writers store 17 significant digits).
// Text cells are inline strings.
func rawXLSX(t *testing.T, dir, name string, rows [][]string) string {
	t.Helper()
	var sh strings.Builder
	sh.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&sh, `<row r="%d">`, r+1)
		for c, v := range row {
			ref := fmt.Sprintf("%c%d", 'A'+c, r+1)
			if num, ok := strings.CutPrefix(v, "#"); ok {
				fmt.Fprintf(&sh, `<c r="%s"><v>%s</v></c>`, ref, num)
			} else {
				fmt.Fprintf(&sh, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, v)
			}
		}
		sh.WriteString(`</row>`)
	}
	sh.WriteString(`</sheetData></worksheet>`)
	return writeFile(t, dir, name, zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`,
		"xl/worksheets/sheet1.xml": sh.String(),
	}))
}

// A workbook stores 393.165 as "393.16500000000002" (17 significant
// digits of the same double). The amount is read as the 393.165 the user
// sees and rounded half-even to 393.16; the amount paid likewise.
func TestReadXLSXLongNumberLiterals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const rowsN = 1000
	rows := [][]string{{"Invoice", "Client", "Date", "Amount", "Paid"}}
	for i := 1; i <= rowsN; i++ {
		rows = append(rows, []string{fmt.Sprintf("R%d", i), "Acme", "2025-01-31", "#393.16500000000002", "#0"})
	}
	// One invoice of 500 with 393.165 paid (stored long): 500 - 393.16 = 106.84 open.
	rows = append(rows, []string{"P1", "Acme", "2025-01-31", "#500", "#393.16500000000002"})
	path := rawXLSX(t, dir, "register.xlsx", rows)
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != rowsN+1 || len(res.Rejected) != 0 {
		t.Fatalf("got %d documents and %d rejected rows, want %d and 0: %v", len(res.Documents), len(res.Rejected), rowsN+1, res.Rejected)
	}
	var total invoice.Money
	for _, d := range res.Documents[:rowsN] {
		total += d.Amount
	}
	// 393.165 half-even is 393.16 (6 is even): 1000 x 393.16 = 393,160.00.
	// Read as the literal, each would round up to 393.17: 393,170.00.
	if total != 39_316_000 {
		t.Errorf("total of %d rows of 393.16500000000002 = %d minor units, want 39316000 (393,160.00)", rowsN, total)
	}
	// Each 393.165 has one decimal too many for USD: 1000 rounded amounts.
	if res.Rounded != rowsN {
		t.Errorf("rounded = %d, want %d", res.Rounded, rowsN)
	}
	// A number cell's point is a decimal point: no column vote to make.
	if hasNote(res.Notes, "either way") {
		t.Errorf("notes %q: the amounts were taken for possible thousands groups", res.Notes)
	}
	p := res.Documents[rowsN]
	if p.Number != "P1" || !p.HasOutstanding || p.Outstanding != 10684 {
		t.Errorf("invoice %s: outstanding %d (known %v), want 10684 (500.00 - 393.16)", p.Number, p.Outstanding, p.HasOutstanding)
	}
}

// In an Italian register a point in a text amount may group thousands
// ("1.234" is 1234); 393.16500000000002 in a number cell is 393.165 all
// the same, not 393165.
func TestReadXLSXLongNumberLiteralsItalian(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := rawXLSX(t, dir, "registro.xlsx", [][]string{
		{"Numero", "Cliente", "Data", "Importo"},
		{"1", "Rossi", "31/01/2025", "#393.16500000000002"},
		{"2", "Rossi", "28/02/2025", "#2.6749999999999998"},
	})
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 393.165 -> 393.16 (half-even: 6 is even); 2.675 -> 2.68 (7 is odd: up).
	checkDocs(t, "registro", res.Documents, []docView{
		{Number: "1", Client: "Rossi", Issue: "2025-01-31", Amount: 39316, Row: 2},
		{Number: "2", Client: "Rossi", Issue: "2025-02-28", Amount: 268, Row: 3},
	})
}
