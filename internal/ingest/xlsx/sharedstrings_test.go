package xlsx

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// tableOf is a shared string table of the given texts.
func tableOf(texts ...string) *sharedStrings {
	var b sstBuilder
	for _, t := range texts {
		if err := b.add([]byte(t)); err != nil {
			panic(err)
		}
	}
	tab := b.table()
	return &tab
}

// entries lists a table's texts.
func entries(s sharedStrings) []string {
	out := []string{}
	for i := range s.len() {
		t, _ := s.at(i)
		out = append(out, t)
	}
	return out
}

// fastParse runs the fast parser alone, without the fall-back.
func fastParse(x string, maxText int) ([]string, error) {
	p := sstParser{br: bufio.NewReaderSize(strings.NewReader(x), 256), maxText: maxText}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return entries(p.b.table()), nil
}

// readSST reads x with readSharedStrings, fall-back included.
func readSST(x string, maxText int) ([]string, error) {
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(x)), nil }
	s, err := readSharedStrings(open, maxText, uint64(len(x)))
	if err != nil {
		return nil, err
	}
	return entries(s), nil
}

const sstHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">`

// TestSharedStringsFast: the forms Excel and other producers write are
// read by the fast parser itself, as encoding/xml reads them.
func TestSharedStringsFast(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, xml string
		want      []string
	}{
		{"plain", sstHead + `<si><t>Client</t></si><si><t>INV-0000001</t></si></sst>`, []string{"Client", "INV-0000001"}},
		{"rich text runs, preserved space", sstHead + `<si><r><rPr><b/><sz val="11"/></rPr><t>Ab</t></r><r><t xml:space="preserve">c </t></r></si></sst>`, []string{"Abc "}},
		{"phonetic runs left out", sstHead + `<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si></sst>`, []string{"漢字"}},
		{"rich text with a phonetic run", sstHead + `<si><r><t>東</t></r><rPh sb='0' eb='1'><t>ひがし</t></rPh><r><t>京</t></r></si></sst>`, []string{"東京"}},
		{"entities and character references", sstHead + `<si><t>&amp;&lt;&gt;&quot;&apos;&#8364;&#x41;&#x1F600;&#65;</t></si></sst>`, []string{"&<>\"'€A😀A"}},
		{"line ends made \\n, a referenced \\r kept", sstHead + "<si><t>a\r\nb\rc\n&#13;\nd</t></si></sst>", []string{"a\nb\nc\n\r\nd"}},
		{"CDATA", sstHead + `<si><t><![CDATA[<&>]] ]]>x&amp;</t></si></sst>`, []string{"<&>]] x&"}},
		{"empty entries", sstHead + `<si/><si><t/></si><si><t></t></si><si></si></sst>`, []string{"", "", "", ""}},
		{"namespace prefix, pretty-printed", "<x:sst xmlns:x=\"m\">\n  <x:si>\n    <x:t>p q</x:t>\n  </x:si>\n</x:sst>\n", []string{"p q"}},
		{"text outside t left out", sstHead + `<si>a<t>b</t>c<r>d<t>e</t></r></si></sst>`, []string{"be"}},
		{"surrogate reference is U+FFFD, as encoding/xml has it", `<sst><si><t>&#xD800;</t></si></sst>`, []string{"\uFFFD"}},
		{"no declaration, other processing instruction", `<?mso-application progid="Excel.Sheet"?><sst><si><t>x</t></si></sst>`, []string{"x"}},
		{"no table", ``, []string{}},
	}
	for _, c := range cases {
		got, err := fastParse(c.xml, 100)
		if err != nil {
			t.Errorf("%s: fast parser: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: fast parser got %q, want %q", c.name, got, c.want)
		}
		var ref sstBuilder
		if err := sharedStringsXML(strings.NewReader(c.xml), 100, &ref); err != nil {
			t.Errorf("%s: encoding/xml: %v", c.name, err)
		} else if r := entries(ref.table()); !reflect.DeepEqual(r, c.want) {
			t.Errorf("%s: encoding/xml got %q, want %q", c.name, r, c.want)
		}
	}
}

// TestSharedStringsLongEntry: a piece of text is taken whole while the
// entry holds at most maxText bytes, dropped after.
func TestSharedStringsLongEntry(t *testing.T) {
	t.Parallel()
	x := sstHead + `<si><r><t>abcdef</t></r><r><t>gh</t></r></si>` +
		`<si><r><t>ab</t></r><r><t>cdef</t></r><r><t>g</t></r></si>` +
		`<si><t>abcd<![CDATA[ef]]>gh</t></si></sst>`
	want := []string{"abcdef", "abcdef", "abcdef"}
	got, err := fastParse(x, 4)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

// TestSharedStringsFallBack: what the fast parser leaves to encoding/xml
// is read as encoding/xml reads it, errors included.
func TestSharedStringsFallBack(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, xml string
		want      []string // nil: an error
	}{
		{"comment", sstHead + `<si><t>a<!-- c -->b</t></si></sst>`, []string{"ab"}},
		{"DOCTYPE", `<!DOCTYPE sst><sst><si><t>a</t></si></sst>`, []string{"a"}},
		{"'>' in an attribute value", `<sst x="a>b"><si><t>a</t></si></sst>`, []string{"a"}},
		{"nested si", `<sst><si><t><si>A</si>B</t></si></sst>`, []string{"A", "AB"}},
		{"long character reference", `<sst><si><t>&#00000000000000000000000000000065;</t></si></sst>`, []string{"A"}},
		{"unknown entity", sstHead + `<si><t>a&nbsp;b</t></si></sst>`, nil},
		{"cut off", sstHead + `<si><t>abc`, nil},
		{"cut off in a tag", sstHead + `<si><t>abc</t`, nil},
		{"mismatched end", sstHead + `<si><t>abc</si></t></sst>`, nil},
		{"invalid UTF-8", sstHead + "<si><t>a\xffb</t></si></sst>", nil},
		{"control character", sstHead + "<si><t>a\x01b</t></si></sst>", nil},
		{"NUL by reference", sstHead + "<si><t>a&#0;b</t></si></sst>", nil},
		{"]]> outside CDATA", sstHead + "<si><t>a]]>b</t></si></sst>", nil},
		{"UTF-16 declared", `<?xml version="1.0" encoding="UTF-16"?><sst/>`, nil},
		{"version 1.1", `<?xml version="1.1"?><sst/>`, nil},
	} {
		if _, err := fastParse(c.xml, 100); err == nil {
			t.Errorf("%s: the fast parser took it", c.name)
		}
		got, err := readSST(c.xml, 100)
		switch {
		case c.want == nil && err == nil:
			t.Errorf("%s: read %q, want an error", c.name, got)
		case c.want != nil && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case !reflect.DeepEqual(got, c.want):
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSharedStringsAt: lookups out of range find nothing.
func TestSharedStringsAt(t *testing.T) {
	t.Parallel()
	s := tableOf("a", "", "bc")
	for i, want := range []string{"a", "", "bc"} {
		if got, ok := s.at(i); !ok || got != want {
			t.Errorf("at(%d) = %q, %v; want %q", i, got, ok, want)
		}
	}
	for _, i := range []int{-1, 3} {
		if got, ok := s.at(i); ok {
			t.Errorf("at(%d) = %q, want none", i, got)
		}
	}
	var empty sharedStrings
	if _, ok := empty.at(0); ok {
		t.Error("the empty table has an entry 0")
	}
}

// FuzzSharedStrings: whatever the fast parser accepts, encoding/xml
// reads the same way (what it does not accept goes to encoding/xml).
func FuzzSharedStrings(f *testing.F) {
	for _, seed := range []string{
		sstHead + `<si><t>Client</t></si><si><r><rPr><b/></rPr><t>Ab</t></r><r><t xml:space="preserve">c </t></r></si></sst>`,
		sstHead + `<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si></sst>`,
		sstHead + "<si><t>&amp;&lt;&#8364;&#x41;\r\n\r&#13;<![CDATA[<&]]]>]]></t></si><si/></sst>",
		`<x:sst xmlns:x="m"><x:si><x:t>p</x:t></x:si></x:sst>`,
		`<sst><si><t>abcdefgh</t><t>ijk</t></si><si>a<t>b</t>c</si></sst>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxText = 8
		// A small buffer cuts texts, references and characters; a large
		// one lets long tags through.
		for _, size := range []int{16, 4096} {
			p := sstParser{br: bufio.NewReaderSize(bytes.NewReader(data), size), maxText: maxText}
			if p.parse() != nil {
				continue
			}
			var ref sstBuilder
			if err := sharedStringsXML(bytes.NewReader(data), maxText, &ref); err != nil {
				t.Fatalf("buffer %d: the fast parser took what encoding/xml rejects (%v)", size, err)
			}
			if got, want := entries(p.b.table()), entries(ref.table()); !reflect.DeepEqual(got, want) {
				t.Fatalf("buffer %d: fast parser %q\nencoding/xml %q", size, got, want)
			}
		}
	})
}

// TestReleaseStrings: a workbook lets go of its shared strings when told
// (once its rows are read), and a cell read after that finds no text
// rather than another's.
func TestReleaseStrings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.xlsx")
	f := excelize.NewFile()
	for i, v := range []string{"Client", "Acme", "Globex"} {
		if err := f.SetCellStr("Sheet1", fmt.Sprintf("A%d", i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb := openFile(t, path)
	if wb.sst.len() != 3 {
		t.Fatalf("%d shared strings, want 3", wb.sst.len())
	}
	wb.ReleaseStrings()
	if wb.sst.len() != 0 || wb.sst.arena != "" {
		t.Fatalf("after ReleaseStrings: %d entries, %d bytes of text kept", wb.sst.len(), len(wb.sst.arena))
	}
	if text, ok := wb.sst.at(1); ok || text != "" {
		t.Fatalf("entry 1 after ReleaseStrings: %q, %v", text, ok)
	}
}
