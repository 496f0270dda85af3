package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadFileFormatErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeXLSX(t, dir, "good.xlsx", workbookOpts{}, testSheet{name: "S", rows: [][]any{{"Client", "Date", "Amount"}, {"A", serial(45672), 1}}})
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, file string
		data       []byte
		want       []string // substrings of the error
	}{
		{"pdf", "invoices.pdf", []byte("%PDF-1.7\n%binary\n1 0 obj\n"), []string{"PDF"}},
		{"ods", "invoices.ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), []string{".ods", "Excel 2007-365"}},
		{"numbers", "invoices.numbers", zipOf(t, map[string]string{"Index/Document.iwa": "x", "Metadata/Properties.plist": "x"}), []string{".numbers", "Export To > Excel"}},
		{"plain zip", "archive.xlsx", zipOf(t, map[string]string{"readme.txt": "hello"}), []string{"not an Excel workbook"}},
		{"truncated xlsx", "cut.xlsx", goodBytes[:len(goodBytes)/2], []string{"damaged", "truncated or corrupt"}},
		{"binary", "blob.csv", []byte{0x00, 0x01, 0x02, 0xff, 0x00, 0x10}, []string{"not a spreadsheet"}},
		{"empty", "empty.csv", nil, []string{"is empty"}},
		{"html", "report.xls", []byte("<html><body><table><tr><td>x</td></tr></table></body></html>"), []string{"HTML"}},
		{"text without separators", "notes.csv", []byte("hello world\nthis is text\n"), []string{"no column separator"}},
	}
	for _, c := range cases {
		path := writeFile(t, dir, c.file, c.data)
		res, err := ReadFile(path, Options{})
		var fe *FileError
		if !asFileError(err, &fe) {
			t.Errorf("%s: got result %v, error %v; want a FileError", c.name, res, err)
			continue
		}
		msg := fe.Error()
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q lacks %q", c.name, msg, w)
			}
		}
		if !strings.HasPrefix(msg, "file "+c.file+": ") {
			t.Errorf("%s: error %q does not name the file first", c.name, msg)
		}
	}
}

func TestReadFileLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	long := strings.Repeat("x", 50)
	csvPath := writeFile(t, dir, "long.csv", []byte("Client,Date,Amount\n"+long+",2025-01-31,1\nShort,2025-01-31,2\n"))
	res, err := ReadFile(csvPath, Options{Limits: Limits{MaxCellChars: 20}})
	if err != nil {
		t.Fatalf("cell limit: %v", err)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Row != 2 || !strings.Contains(res.Rejected[0].Reason, "more than the limit of 20") ||
		res.Rejected[0].Column != `A "Client"` || len(res.Documents) != 1 {
		t.Errorf("cell limit: rejected %v, documents %d; want row 2 column A rejected and 1 document", res.Rejected, len(res.Documents))
	}

	var b strings.Builder
	b.WriteString("Client,Date,Amount\n")
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "C%d,2025-01-31,1\n", i)
	}
	rowsPath := writeFile(t, dir, "rows.csv", []byte(b.String()))
	_, err = ReadFile(rowsPath, Options{Limits: Limits{MaxRows: 3}})
	var fe *FileError
	if !asFileError(err, &fe) || !strings.Contains(fe.Error(), "more than 3 rows") {
		t.Errorf("row limit: got %v, want a FileError about more than 3 rows", err)
	}
	xlsxRows := writeXLSX(t, dir, "rows.xlsx", workbookOpts{}, testSheet{name: "Big", rows: [][]any{
		{"Client", "Date", "Amount"}, {"A", serial(45672), 1}, {"B", serial(45672), 1}, {"C", serial(45672), 1},
	}})
	_, err = ReadFile(xlsxRows, Options{Limits: Limits{MaxRows: 2}})
	if !asFileError(err, &fe) || !strings.Contains(fe.Error(), "sheet Big has more than 2 rows") {
		t.Errorf("xlsx row limit: got %v", err)
	}

	// The workbook's XML parts alone unzip to several KB.
	bomb := writeXLSX(t, dir, "big.xlsx", workbookOpts{}, testSheet{name: "S", rows: [][]any{{"Client", "Date", "Amount"}, {"A", serial(45672), 1}}})
	_, err = ReadFile(bomb, Options{Limits: Limits{MaxUnzippedBytes: 1000}})
	if !asFileError(err, &fe) || !strings.Contains(fe.Error(), "more than the limit of 1000 bytes") {
		t.Errorf("unzip limit: got %v", err)
	}
}

func TestReadFileLeavesFileUnchanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	paths := []string{
		writeXLSX(t, dir, "a.xlsx", workbookOpts{}, testSheet{name: "S", rows: [][]any{{"Client", "Date", "Amount"}, {"A", serial(45672), 1}}}),
		writeFile(t, dir, "b.csv", []byte("Client,Date,Amount\nA,2025-01-31,1\n")),
		writeFile(t, dir, "c.pdf", []byte("%PDF-1.4\n")),
	}
	for _, p := range paths {
		before, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		st1, _ := os.Stat(p)
		_, _ = ReadFile(p, Options{})
		after, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%s: file gone after reading: %v", p, err)
		}
		st2, _ := os.Stat(p)
		if !bytes.Equal(before, after) || !st1.ModTime().Equal(st2.ModTime()) || st1.Mode() != st2.Mode() {
			t.Errorf("%s: changed by reading (bytes equal %v, mtime %v -> %v)", p, bytes.Equal(before, after), st1.ModTime(), st2.ModTime())
		}
	}
}

func TestReadProgressAndHash(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("Client,Date,Amount\n")
	for i := 0; i < 25_000; i++ {
		fmt.Fprintf(&b, "C%d,2025-01-31,%d\n", i%7, i)
	}
	data := []byte(b.String())
	var calls []int
	res, err := Read("big.csv", bytes.NewReader(data), int64(len(data)), Options{Progress: func(n int) { calls = append(calls, n) }})
	if err != nil {
		t.Fatal(err)
	}
	// 25,001 non-blank rows (header included): calls at 10,000 and 20,000.
	if fmt.Sprint(calls) != "[10000 20000]" {
		t.Errorf("progress calls %v, want [10000 20000]", calls)
	}
	if len(res.Documents) != 25_000 {
		t.Errorf("documents %d, want 25000", len(res.Documents))
	}
	// sha256 of "abc" is the FIPS 180-2 example value.
	res2, err := Read("abc.csv", bytes.NewReader([]byte("abc")), 3, Options{})
	if err == nil || res2 != nil {
		t.Fatalf("abc: want a no-separator error, got %v", res2)
	}
	if sum, _ := hashFile(bytes.NewReader([]byte("abc")), 3); sum != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("sha256(abc) = %s", sum)
	}
}
