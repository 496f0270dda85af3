package ingest

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding test data: %v", err)
	}
	return b
}

func utf16le(t *testing.T, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadCSV(t *testing.T) {
	t.Parallel()
	type tc struct {
		name    string
		data    []byte
		opts    Options
		want    []docView
		note    string // a note that must be present
		mapping string
	}
	cases := []tc{
		{
			name: "semicolon Windows-1252 Spanish, decimal comma",
			data: encode(t, charmap.Windows1252, "Nº factura;Cliente;Fecha;Importe\r\n"+
				"A-1;Peña S.L.;15/03/2025;1.234,56\r\n"+
				"A-2;Muñoz;02/03/2025;10,5\r\n"),
			// 1.234,56 -> 123456 cents; 10,5 -> 1050. 02/03 is settled as
			// day first by 15/03 in the same column.
			want: []docView{
				{Number: "A-1", Client: "Peña S.L.", Issue: "2025-03-15", Amount: 123456, Row: 2},
				{Number: "A-2", Client: "Muñoz", Issue: "2025-03-02", Amount: 1050, Row: 3},
			},
			note: "Windows-1252",
		},
		{
			name: "Windows-1251 Russian, space grouping, dates undecidable",
			data: encode(t, charmap.Windows1251, "Номер;Клиент;Дата;Сумма\n"+
				"17;ООО Ромашка;01.02.2025;1 234,56\n"),
			// Russian headers -> day first: 01.02.2025 is 1 February.
			want: []docView{{Number: "17", Client: "ООО Ромашка", Issue: "2025-02-01", Amount: 123456, Row: 2}},
			note: "Windows-1251",
		},
		{
			name: "forced encoding wins",
			data: encode(t, charmap.Windows1251, "Клиент;Дата;Сумма\nБета;2025-02-01;5\n"),
			opts: Options{Encoding: "windows-1251"},
			want: []docView{{Client: "Бета", Issue: "2025-02-01", Amount: 500, Row: 2}},
		},
		{
			name: "UTF-8 with BOM",
			data: []byte("\ufeffClient,Date,Amount\nAcme,2025-01-31,\"1,020.00\"\n"),
			// "1,020.00" -> 102000 cents
			want:    []docView{{Client: "Acme", Issue: "2025-01-31", Amount: 102000, Row: 2}},
			mapping: "client=A(exact) issue_date=B(exact) amount=C(exact)",
		},
		{
			name: "UTF-16 with BOM, tab separated (Excel's Unicode text)",
			data: utf16le(t, "Cliente\tData\tImporto\nCaffè Rossi\t2025-01-31\t3,5\n"),
			// "3,5": a comma followed by one digit is a decimal comma.
			want: []docView{{Client: "Caffè Rossi", Issue: "2025-01-31", Amount: 350, Row: 2}},
			note: "UTF-16",
		},
		{
			name: "tab separated",
			data: []byte("Client\tDate\tAmount\nAcme\t2025-01-31\t7.25\n"),
			want: []docView{{Client: "Acme", Issue: "2025-01-31", Amount: 725, Row: 2}},
		},
		{
			name: "pipe separated with a title line",
			data: []byte("Export 2025\n\nClient|Date|Amount\nAcme|2025-01-31|7\n"),
			want: []docView{{Client: "Acme", Issue: "2025-01-31", Amount: 700, Row: 4}},
		},
		{
			name: "quoted field with embedded newlines keeps line numbers",
			data: []byte("Client,Date,Amount\n\"Acme\nLtd\nUK\",2025-01-31,1\nBeta,2025-02-01,2\n"),
			// The first record spans lines 2-4, so Beta starts on line 5.
			want: []docView{
				{Client: "Acme\nLtd\nUK", Issue: "2025-01-31", Amount: 100, Row: 2},
				{Client: "Beta", Issue: "2025-02-01", Amount: 200, Row: 5},
			},
		},
	}
	dir := t.TempDir()
	for i, c := range cases {
		path := writeFile(t, dir, fmt.Sprintf("case%d.csv", i), c.data)
		res, err := ReadFile(path, c.opts)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		checkDocs(t, c.name, res.Documents, c.want)
		if c.note != "" && !hasNote(res.Notes, c.note) {
			t.Errorf("%s: notes %q lack %q", c.name, res.Notes, c.note)
		}
		if c.mapping != "" && mappingString(res.Sheets[0].Mapping) != c.mapping {
			t.Errorf("%s: mapping %s, want %s", c.name, mappingString(res.Sheets[0].Mapping), c.mapping)
		}
		if res.Format != "csv" || len(res.Rejected) != 0 {
			t.Errorf("%s: format %q, row errors %v", c.name, res.Format, res.Rejected)
		}
	}
}

func TestReadCSVNoTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeFile(t, dir, "people.csv", []byte("Name,Age,City\nAnn,30,Rome\n"))
	_, err := ReadFile(path, Options{})
	var fe *FileError
	if !asFileError(err, &fe) || !strings.Contains(fe.Reason, "no invoice table found") || !strings.Contains(fe.Reason, "Name, Age, City") {
		t.Errorf("got %v, want a no-table FileError naming the headers", err)
	}
}

func TestReadRoundsHalfEven(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeFile(t, dir, "round.csv", []byte("Client;Date;Amount;Currency\n"+
		"A;2025-01-31;10,005;EUR\n"+ // 10.005 -> 10.00 (tie, 0 is even)
		"B;2025-01-31;10,015;EUR\n"+ // 10.015 -> 10.02 (tie, 1 is odd: up)
		"C;2025-01-31;7,5;JPY\n"+ // JPY has no minor unit: 7.5 -> 8 (tie, 7 is odd: up)
		"D;2025-01-31;12,34;EUR\n")) // no rounding
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, "round", res.Documents, []docView{
		{Client: "A", Issue: "2025-01-31", Currency: "EUR", Amount: 1000, Row: 2},
		{Client: "B", Issue: "2025-01-31", Currency: "EUR", Amount: 1002, Row: 3},
		{Client: "C", Issue: "2025-01-31", Currency: "JPY", Amount: 8, Row: 4},
		{Client: "D", Issue: "2025-01-31", Currency: "EUR", Amount: 1234, Row: 5},
	})
	if res.Rounded != 3 || res.Sheets[0].Rounded != 3 {
		t.Errorf("rounded: file %d sheet %d, want 3", res.Rounded, res.Sheets[0].Rounded)
	}
}

// TestReadCurrencyRuns: the currency column's text is read again each time
// it changes, whatever came before: runs of one code, another spelling of
// it, a code that is refused (its row alone), blanks (no currency) and the
// first code again.
func TestReadCurrencyRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeFile(t, dir, "cur.csv", []byte("Client,Date,Amount,Currency\n"+
		"A,2025-01-31,1.00,EUR\n"+
		"B,2025-01-31,2.00,EUR\n"+
		"C,2025-01-31,3.00,usd\n"+
		"D,2025-01-31,4.00,USD\n"+
		"E,2025-01-31,5.00,XYZ\n"+
		"F,2025-01-31,6.00,XYZ\n"+
		"G,2025-01-31,7.00,\n"+
		"H,2025-01-31,8.00,eur\n"+
		"I,2025-01-31,9.00,EUR\n"))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, "currencies", res.Documents, []docView{
		{Client: "A", Issue: "2025-01-31", Currency: "EUR", Amount: 100, Row: 2},
		{Client: "B", Issue: "2025-01-31", Currency: "EUR", Amount: 200, Row: 3},
		{Client: "C", Issue: "2025-01-31", Currency: "USD", Amount: 300, Row: 4},
		{Client: "D", Issue: "2025-01-31", Currency: "USD", Amount: 400, Row: 5},
		{Client: "G", Issue: "2025-01-31", Currency: "", Amount: 700, Row: 8},
		{Client: "H", Issue: "2025-01-31", Currency: "EUR", Amount: 800, Row: 9},
		{Client: "I", Issue: "2025-01-31", Currency: "EUR", Amount: 900, Row: 10},
	})
	if len(res.Rejected) != 2 || res.Rejected[0].Row != 6 || res.Rejected[1].Row != 7 ||
		!strings.Contains(res.Rejected[1].Reason, `"XYZ" is not a currency I know`) {
		t.Errorf("rejected %v, want rows 6 and 7 for XYZ", res.Rejected)
	}
}
