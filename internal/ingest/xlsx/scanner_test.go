package xlsx

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// TestSheetScanner feeds worksheet XML as odd producers write it and
// checks the cells read.
func TestSheetScanner(t *testing.T) {
	t.Parallel()
	sst := tableOf("Client", "Acme & Co")
	flags := []rowsrc.Flag{rowsrc.FlagNone, rowsrc.FlagDate, rowsrc.FlagTime}
	cases := []struct {
		name string
		xml  string
		want []rowsrc.Row
	}{
		{
			name: "shared, inline, number, boolean, formula string, ISO date cell",
			xml: `<?xml version="1.0"?><worksheet xmlns="x"><sheetData>` +
				`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Date</t></is></c></row>` +
				`<row r="3"><c r="A3" t="s"><v>1</v></c><c r="C3" s="1"><v>45672</v></c><c r="D3" t="b"><v>1</v></c>` +
				`<c r="E3" t="str"><f>A3</f><v>x&lt;y</v></c><c r="F3" t="d"><v>2025-01-15T00:00:00Z</v></c></row>` +
				`</sheetData></worksheet>`,
			want: []rowsrc.Row{
				{Num: 1, Cells: []string{"Client", "Date"}, Flags: []rowsrc.Flag{0, 0}},
				{Num: 3, Cells: []string{"Acme & Co", "", "45672", "1", "x<y", "2025-01-15T00:00:00Z"}, Flags: []rowsrc.Flag{0, 0, rowsrc.FlagDate, 0, 0, 0}},
			},
		},
		{
			name: "namespace prefixes, no r attributes, rich text with phonetic run, entities, CDATA",
			xml: `<x:worksheet xmlns:x="x"><x:sheetData>` +
				`<x:row><x:c t="inlineStr"><x:is><x:r><x:t>Ab</x:t></x:r><x:r><x:t xml:space="preserve">c </x:t></x:r>` +
				`<x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c><x:c s="2"><x:v>0.0625</x:v></x:c></x:row>` +
				`<x:row><x:c t="inlineStr"><x:is><x:t>&#8364;&#x41;&amp;<![CDATA[<&>]]></x:t></x:is></x:c></x:row>` +
				`</x:sheetData></x:worksheet>`,
			want: []rowsrc.Row{
				{Num: 1, Cells: []string{"Abc ", "0.0625"}, Flags: []rowsrc.Flag{0, rowsrc.FlagTime}},
				{Num: 2, Cells: []string{"€A&<&>"}, Flags: []rowsrc.Flag{0}},
			},
		},
		{
			name: "empty rows and cells skipped, '>' inside an attribute, self-closing cells",
			xml: `<worksheet><sheetData><row r="1" spans="1:3"/><row r="2" x="a>b"><c r="A2"/><c r="B2" t="s"><v>0</v></c><c r="C2"><v></v></c></row>` +
				`<row r="7"><c r="AB7"><v>5</v></c></row></sheetData><mergeCells/></worksheet>`,
			want: []rowsrc.Row{
				{Num: 2, Cells: []string{"", "Client"}, Flags: []rowsrc.Flag{0, 0}},
				{Num: 7, Cells: append(make([]string, 27), "5"), Flags: make([]rowsrc.Flag, 28)},
			},
		},
		{
			name: "numbers as the shortest decimal of their double; text and whole numbers as stored",
			xml: `<worksheet><sheetData><row r="1"><c r="A1"><v>393.16500000000002</v></c><c r="B1" t="n"><v>-2.6749999999999998</v></c>` +
				`<c r="C1"><v>9007199254740993</v></c><c r="D1" t="inlineStr"><is><t>393.16500000000002</t></is></c>` +
				`<c r="E1" t="str"><v>393.16500000000002</v></c><c r="F1"><v>0.1</v></c></row></sheetData></worksheet>`,
			want: []rowsrc.Row{
				{Num: 1, Cells: []string{"393.1650", "-2.6750", "9007199254740993", "393.16500000000002", "393.16500000000002", "0.1"}, Flags: make([]rowsrc.Flag, 6)},
			},
		},
	}
	for _, c := range cases {
		sc := newSheetScanner(strings.NewReader(c.xml), sst, flags, 100)
		var got []rowsrc.Row
		for {
			r, err := sc.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got = append(got, rowsrc.Row{Num: r.Num, Cells: append([]string(nil), r.Cells...), Flags: append([]rowsrc.Flag(nil), r.Flags...)})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got  %#v\n want %#v", c.name, got, c.want)
		}
	}
}

func TestSheetScannerBadInput(t *testing.T) {
	t.Parallel()
	for _, x := range []string{
		`<worksheet><sheetData><row r="0"><c><v>1</v></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="ZZZZ1"><v>1</v></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c><v>1</v>`,
		// An unclosed quote before many '>': once quadratic (found by
		// FuzzReadXLSX), now one pass.
		`<worksheet><sheetData><row r="1"><c a="` + strings.Repeat(">", 600_000),
	} {
		sc := newSheetScanner(strings.NewReader(x), tableOf(), nil, 100)
		var err error
		for err == nil {
			_, err = sc.next()
		}
		if errors.Is(err, io.EOF) {
			t.Errorf("%q: read to the end without an error", x)
		}
	}
}

func TestColumnOfRef(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]int{"A1": 1, "Z9": 26, "AA10": 27, "ab3": 28, "XFD1": 16384} {
		if got, ok := columnOfRef([]byte(ref)); !ok || got != want {
			t.Errorf("columnOfRef(%q) = %d, %v; want %d", ref, got, ok, want)
		}
	}
}
