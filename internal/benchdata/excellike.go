package benchdata

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// The Excel-like workbook has nine columns, as an accounting program's
// invoice list saved from Excel does.
var excelLikeHeader = []string{"Invoice No", "Customer", "Customer ID", "Invoice Date",
	"Due Date", "Paid Date", "Amount", "Currency", "Status"}

// excelLikeRow is row i (0-based) of the Excel-like workbook and its CSV:
// a distinct invoice number, one of 10,000 clients with its VAT number,
// issue dates through 2025, due 30 days later, paid about three weeks after
// that except the last 45 days' invoices and one older invoice in a
// hundred, amounts 100.25 to 9099.25 (cents, to be written exactly).
type excelLikeRow struct {
	number, client, clientID string
	issued, due, paid        int // Excel serials; paid 0: not paid
	cents                    int64
	status                   string
}

func excelLike(i int) excelLikeRow {
	r := excelLikeRow{
		number:   fmt.Sprintf("INV-%07d", i+1),
		client:   fmt.Sprintf("Client %05d Srl", i%10000),
		clientID: fmt.Sprintf("IT%011d", 10000000000+i%10000),
		issued:   jan1st2025 + i%365,
		cents:    int64(100+i%9000)*100 + 25,
		status:   "Open",
	}
	r.due = r.issued + 30
	if i%365 < 320 && i%100 != 0 {
		r.paid, r.status = r.issued+40+i%15, "Paid"
	}
	return r
}

func (r excelLikeRow) amount() string {
	return strconv.FormatInt(r.cents/100, 10) + "." + fmt.Sprintf("%02d", r.cents%100)
}

// WriteExcelLike writes an n-row invoice workbook to path the way Excel
// writes one: every text cell a shared string (the table in
// xl/sharedStrings.xml, in order of first use), numbers and date-styled
// serials (number format 14) as values, an empty cell left out. Unlike
// WriteInvoices (inline strings, excelize's StreamWriter), its shared
// string table holds n distinct invoice numbers, as a real export's does:
// the cost a reader of real files pays. It writes the XML directly, so a
// 1M-row workbook takes seconds, and the same n gives the same bytes.
func WriteExcelLike(path string, n int) (err error) {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(out)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbookXML},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", stylesXML},
	} {
		w, err := zw.Create(part.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, part.body); err != nil {
			return err
		}
	}

	// The shared strings, numbered in order of first use.
	index := map[string]int{}
	var table []string
	sst := func(s string) int {
		if k, ok := index[s]; ok {
			return k
		}
		index[s] = len(table)
		table = append(table, s)
		return len(table) - 1
	}
	uses := 0

	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n"+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<dimension ref="A1:I%d"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>`+
		`<sheetFormatPr defaultRowHeight="15"/><sheetData>`, n+1)
	text := func(col byte, row int, s string) {
		uses++
		fmt.Fprintf(bw, `<c r="%c%d" t="s"><v>%d</v></c>`, col, row, sst(s))
	}
	date := func(col byte, row, serial int) {
		fmt.Fprintf(bw, `<c r="%c%d" s="1"><v>%d</v></c>`, col, row, serial)
	}
	bw.WriteString(`<row r="1" spans="1:9">`)
	for c, h := range excelLikeHeader {
		text(byte('A'+c), 1, h)
	}
	bw.WriteString(`</row>`)
	for i := range n {
		r, row := excelLike(i), i+2
		fmt.Fprintf(bw, `<row r="%d" spans="1:9">`, row)
		text('A', row, r.number)
		text('B', row, r.client)
		text('C', row, r.clientID)
		date('D', row, r.issued)
		date('E', row, r.due)
		if r.paid != 0 {
			date('F', row, r.paid)
		}
		fmt.Fprintf(bw, `<c r="G%d"><v>%s</v></c>`, row, r.amount())
		text('H', row, "EUR")
		text('I', row, r.status)
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}

	w, err = zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw = bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, uses, len(table))
	for _, s := range table {
		// The generated strings have no character XML escapes.
		bw.WriteString(`<si><t>` + s + `</t></si>`)
	}
	bw.WriteString(`</sst>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// WriteExcelLikeCSV writes the rows of WriteExcelLike(path, n) as a CSV
// export: ISO dates, the amount with a decimal point, an unpaid invoice's
// paid date empty.
func WriteExcelLikeCSV(path string, n int) (err error) {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(out, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(excelLikeHeader); err != nil {
		return err
	}
	for i := range n {
		r := excelLike(i)
		paid := ""
		if r.paid != 0 {
			paid = isoDate(r.paid)
		}
		if err := cw.Write([]string{r.number, r.client, r.clientID, isoDate(r.issued),
			isoDate(r.due), paid, r.amount(), "EUR", r.status}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// isoDate is the 1900-system Excel serial s (after 1900-03-01) as yyyy-mm-dd.
func isoDate(s int) string {
	// Serial 25569 is 1970-01-01; days since then to a civil date
	// (Howard Hinnant's days_from_civil inverse).
	z := s - 25569 + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

var contentTypes = strings.Join([]string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n",
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`,
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`,
	`<Default Extension="xml" ContentType="application/xml"/>`,
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`,
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`,
	`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`,
	`</Types>`,
}, "")

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

const workbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
	`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`

const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
	`</Relationships>`

// stylesXML has two cell formats: 0 general, 1 the short date (14).
const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
	`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
