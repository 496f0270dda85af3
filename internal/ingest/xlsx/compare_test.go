package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// FuzzXLSXScannerVsExcelize writes a small workbook with excelize from
// the fuzz bytes (see genWorkbook) and reads every sheet twice: with the
// scanner (through Open, so the shared strings and style flags are the
// package's own) and with excelize's GetRows, raw values. They must agree
// cell by cell:
//
//   - a cell's text is its raw value: the shared string (all its rich
//     text runs), the inline string, or the stored <v> of a number,
//     boolean or date serial, unformatted, and untrimmed (the row source
//     trims later, not the scanner);
//   - rows are compared by row number; rows without any text and empty
//     cells at the end of a row are left out on both sides (the scanner
//     never yields them; GetRows pads);
//   - a number's flag is FlagDate when its style's number format is a date
//     format, FlagTime when it is a time or duration format (parse's
//     IsDateNumFmt, IsTimeNumFmt, asked through excelize's GetStyle); text
//     and booleans have no flag.
//
// Intended difference, not generated: the scanner keeps at most
// 4*maxChars+4 bytes of a cell's text (the table layer rejects longer
// cells), excelize keeps all.
func FuzzXLSXScannerVsExcelize(f *testing.F) {
	for _, seed := range [][]byte{
		{},
		[]byte("\x01\x00\x05\x00\x00\x01\x01\x02\x01\x01\x02\x03\x02\x02\x04\x04\x03\x05\x05\x01"),
		[]byte("\x02\x01\x1c\x03\x07\x01\x13\x1d\x08\x05\x0a\x0a\x06\x07\x0b\x0b\x07\x08\x0c\x0c\x09\x09\x08\x08\x41\x26\x3c"),
		[]byte("\x01\x01\x09\x0b\x00\x05\x01\x10\x02\x30\x03\x07\x08\x02\x01\x00\x02\x03\x04\x05\x06\x07\x08\x09"),
		[]byte("sparse columns, gaps between rows & <escaped> \"text\" 'quoted' — ünïcödé €"),
		[]byte("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0\xef\xee\xed\xec\xeb\xea"),
		seedAllKinds(),
		append(seedAllKinds(), 1, 1, 2, 1, 1, 2, 2, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := genWorkbook(data, path); err != nil {
			t.Skipf("excelize could not write the workbook: %v", err)
		}
		compareWithExcelize(t, path)
	})
}

// seedAllKinds is an input that makes every kind of cell genWorkbook
// knows once, in two sheets and a streamed one.
func seedAllKinds() []byte {
	b := []byte{1, 11} // two sheets, 11 cells in the first
	payload := [][]byte{
		{}, {3, 0, 3, 4}, {200, 3, 9}, {7, 3}, {1}, {30, 5, 17}, {9, 1}, {40},
		{2, 1, 2, 2, 5, 6}, {}, {2, 7, 8},
	}
	for k, p := range payload {
		b = append(b, byte(3*k), byte(k), byte(k)) // column, row, kind
		b = append(b, p...)
	}
	b = append(b, 0)    // no cells in the second sheet
	b = append(b, 1, 3) // a streamed sheet of three rows
	for r := range 3 {
		b = append(b, byte(r), 6) // row step, six cells
		b = append(b, 0, 1, 2, 9, 10, 2, 77, 3, 13, 4, 1, 5, 1, 11, 1, 12)
		b = append(b, byte(r)) // first column
	}
	return b
}

// fuzzBytes hands out the fuzz input a byte at a time, zeros once it is
// used up, so that every input makes a workbook.
type fuzzBytes struct {
	b []byte
	i int
}

func (g *fuzzBytes) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}

// textRunes are the characters of generated texts: letters, digits,
// spaces at either end, the XML specials, accents, a euro sign and a
// Cyrillic letter.
var textRunes = []rune("aZ9 &<>\"'\tüé€Ж._-,")

func (g *fuzzBytes) text() string {
	n := g.next() % 8
	var b strings.Builder
	for range n {
		b.WriteRune(textRunes[g.next()%len(textRunes)])
	}
	return b.String()
}

// genWorkbook writes one to two sheets set cell by cell (shared strings,
// rich text, numbers, booleans, dates with built-in and custom formats,
// durations, formulas without a cached value, sparse columns, rows with
// gaps, cells overwritten) and, if the bytes say so, a sheet written by
// the stream writer (inline strings, rich text); then it varies the forms
// of the shared strings (varySharedStrings).
func genWorkbook(data []byte, path string) error {
	g := &fuzzBytes{b: data}
	f := excelize.NewFile()
	defer f.Close()
	var st genStyles
	var err error
	if st.date, err = f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
		return err
	}
	custom, hours := "dd/mm/yyyy", "[h]:mm"
	if st.custom, err = f.NewStyle(&excelize.Style{CustomNumFmt: &custom}); err != nil {
		return err
	}
	if st.hours, err = f.NewStyle(&excelize.Style{CustomNumFmt: &hours}); err != nil {
		return err
	}
	sheets := 1 + g.next()%2
	for s := range sheets {
		name := fmt.Sprintf("S%d", s+1)
		if s == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		cells := g.next() % 40
		for range cells {
			ref, err := excelize.CoordinatesToCellName(1+g.next()%30, 1+g.next()%20)
			if err != nil {
				return err
			}
			if err := setCell(f, g, name, ref, st); err != nil {
				return err
			}
		}
	}
	if g.next()%2 == 1 {
		if err := writeStream(f, g); err != nil {
			return err
		}
	}
	if err := f.SaveAs(path); err != nil {
		return err
	}
	return varySharedStrings(g, path)
}

// varySharedStrings rewrites the shared string table of the workbook at
// path in forms Excel and other producers write and excelize does not, as
// the next bytes say: a text's characters as decimal or hexadecimal
// character references, a text in a CDATA section, a phonetic run (rPh,
// not part of the text) at the end of an entry. Zero bytes change nothing.
func varySharedStrings(g *fuzzBytes, path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	var sst []byte
	for _, f := range zr.File {
		if f.Name == "xl/sharedStrings.xml" {
			rc, err := f.Open()
			if err != nil {
				zr.Close()
				return err
			}
			sst, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				zr.Close()
				return err
			}
		}
	}
	if sst == nil {
		return zr.Close()
	}
	texts := regexp.MustCompile(`(?s)<t([^>]*)>(.*?)</t>`)
	varied := texts.ReplaceAllFunc(sst, func(m []byte) []byte {
		sub := texts.FindSubmatch(m)
		var text struct {
			Val string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte("<t>"+string(sub[2])+"</t>"), &text); err != nil {
			return m
		}
		var b strings.Builder
		switch g.next() % 3 {
		case 0:
			return m
		case 1:
			for _, r := range text.Val {
				switch g.next() % 3 {
				case 0:
					xml.EscapeText(&b, []byte(string(r)))
				case 1:
					fmt.Fprintf(&b, "&#%d;", r)
				case 2:
					fmt.Fprintf(&b, "&#x%X;", r)
				}
			}
		case 2:
			if strings.Contains(text.Val, "]]>") {
				return m
			}
			b.WriteString("<![CDATA[" + text.Val + "]]>")
		}
		return []byte("<t" + string(sub[1]) + ">" + b.String() + "</t>")
	})
	varied = regexp.MustCompile(`</si>`).ReplaceAllFunc(varied, func(m []byte) []byte {
		if g.next()%2 == 0 {
			return m
		}
		return []byte(`<rPh sb="0" eb="1"><t>ルビ&amp;</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`)
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" {
			if err := zw.Copy(f); err != nil {
				zr.Close()
				return err
			}
			continue
		}
		w, err := zw.Create(f.Name)
		if err == nil {
			_, err = w.Write(varied)
		}
		if err != nil {
			zr.Close()
			return err
		}
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// genStyles are the cell styles genWorkbook sets on numbers.
type genStyles struct{ date, custom, hours int }

// setCell sets one cell of the kind the next byte says.
func setCell(f *excelize.File, g *fuzzBytes, name, ref string, st genStyles) error {
	var err error
	switch g.next() % 11 {
	case 0:
		err = f.SetCellValue(name, ref, "")
	case 1:
		err = f.SetCellStr(name, ref, g.text())
	case 2:
		err = f.SetCellInt(name, ref, int64(g.next()-128)*int64(1+g.next()*g.next()))
	case 3:
		err = f.SetCellFloat(name, ref, float64(g.next()-100)/float64(1+g.next()%7)*1e3, -1, 64)
	case 4:
		err = f.SetCellBool(name, ref, g.next()%2 == 0)
	case 5:
		err = f.SetCellValue(name, ref, time.Date(1990+g.next()%60, time.Month(1+g.next()%12), 1+g.next()%28, 0, 0, 0, 0, time.UTC))
	case 6:
		if err = f.SetCellInt(name, ref, int64(30000+g.next()*50)); err == nil {
			err = f.SetCellStyle(name, ref, ref, []int{st.custom, st.date}[g.next()%2])
		}
	case 7:
		if err = f.SetCellFloat(name, ref, float64(g.next())/96, -1, 64); err == nil {
			err = f.SetCellStyle(name, ref, ref, st.hours)
		}
	case 8:
		err = f.SetCellRichText(name, ref, []excelize.RichTextRun{{Text: g.text()}, {Text: g.text(), Font: &excelize.Font{Bold: true}}})
	case 9:
		err = f.SetCellFormula(name, ref, "1+1")
	case 10:
		// A style on a text cell: it has no flag.
		if err = f.SetCellStr(name, ref, g.text()); err == nil {
			err = f.SetCellStyle(name, ref, ref, st.date)
		}
	}
	return err
}

// writeStream writes a sheet with the stream writer: strings go in
// inline, rich text as inline runs.
func writeStream(f *excelize.File, g *fuzzBytes) error {
	if _, err := f.NewSheet("Stream"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Stream")
	if err != nil {
		return err
	}
	row := 0
	for range g.next() % 10 {
		row += 1 + g.next()%3
		vals := make([]any, g.next()%12)
		for i := range vals {
			switch g.next() % 6 {
			case 0:
				vals[i] = nil
			case 1:
				vals[i] = g.text()
			case 2:
				vals[i] = g.next() - 50
			case 3:
				vals[i] = float64(g.next()) / 8
			case 4:
				vals[i] = g.next()%2 == 1
			case 5:
				vals[i] = []excelize.RichTextRun{{Text: g.text()}, {Text: g.text()}}
			}
		}
		ref, err := excelize.CoordinatesToCellName(1+g.next()%3, row)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// compareWithExcelize reads every sheet of the workbook at path with the
// scanner and with excelize and reports where they differ.
func compareWithExcelize(t *testing.T, path string) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		t.Fatal(err)
	}
	const maxChars = 32767
	wb, err := Open(file, st.Size(), 512<<20, maxChars)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer wb.Close()
	ex, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer ex.Close()
	sheets := wb.Sheets()
	if got, want := len(sheets), len(ex.GetSheetList()); got != want {
		t.Fatalf("%d sheets, excelize lists %d", got, want)
	}
	for _, sh := range sheets {
		got, flags := scannerCells(t, wb, sh.Name, maxChars)
		rows, err := ex.GetRows(sh.Name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("sheet %s: excelize GetRows: %v", sh.Name, err)
		}
		want := map[int][]string{}
		for i, r := range rows {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			if len(r) > 0 {
				want[i+1] = r
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sheet %s:\nscanner  %#v\nexcelize %#v", sh.Name, got, want)
			continue
		}
		for num, cells := range got {
			for i, c := range cells {
				if c == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(i+1, num)
				if w := wantFlag(t, ex, sh.Name, ref); flags[num][i] != w {
					t.Errorf("sheet %s, cell %s (%q): flag %d, want %d", sh.Name, ref, c, flags[num][i], w)
				}
			}
		}
	}
}

// scannerCells reads a sheet with the scanner, raw: by row number, the
// cells and their flags.
func scannerCells(t *testing.T, wb *Workbook, sheet string, maxChars int) (map[int][]string, map[int][]rowsrc.Flag) {
	t.Helper()
	part := wb.parts.file(wb.parts.sheets[sheet])
	if part == nil {
		t.Fatalf("sheet %s: no part found from the relationships", sheet)
	}
	rc, err := part.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	sc := newSheetScanner(rc, &wb.sst, wb.flags, maxChars)
	cells, flags := map[int][]string{}, map[int][]rowsrc.Flag{}
	for {
		r, err := sc.next()
		if errors.Is(err, io.EOF) {
			return cells, flags
		}
		if err != nil {
			t.Fatalf("sheet %s: scanner: %v", sheet, err)
		}
		if _, dup := cells[r.Num]; dup {
			t.Fatalf("sheet %s: row %d yielded twice", sheet, r.Num)
		}
		if len(r.Flags) != len(r.Cells) {
			t.Fatalf("sheet %s: row %d has %d cells and %d flags", sheet, r.Num, len(r.Cells), len(r.Flags))
		}
		cells[r.Num] = append([]string(nil), r.Cells...)
		flags[r.Num] = append([]rowsrc.Flag(nil), r.Flags...)
	}
}

// wantFlag is the flag a cell should have: that of its style's number
// format for a number, none for anything else.
func wantFlag(t *testing.T, f *excelize.File, sheet, ref string) rowsrc.Flag {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		return rowsrc.FlagNone
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	code := ""
	if st.CustomNumFmt != nil {
		code = *st.CustomNumFmt
	}
	switch {
	case parse.IsDateNumFmt(st.NumFmt, code):
		return rowsrc.FlagDate
	case parse.IsTimeNumFmt(st.NumFmt, code):
		return rowsrc.FlagTime
	}
	return rowsrc.FlagNone
}
