package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestZipWithDuplicatePartRefused: a workbook whose zip holds one part
// twice (here the sheet, once with 100.00 and once with 999.00) is refused
// as damaged: which copy a reader takes is chance, so neither is read.
func TestZipWithDuplicatePartRefused(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	for i, row := range [][]any{{"Invoice", "Client", "Date", "Amount"}, {"F-1", "Acme", "2026-01-10", 100.0}} {
		if err := f.SetSheetRow("Sheet1", "A"+string(rune('1'+i)), &row); err != nil {
			t.Fatal(err)
		}
	}
	var orig bytes.Buffer
	if err := f.Write(&orig); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(orig.Bytes()), int64(orig.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		copies := [][]byte{b}
		if e.Name == "xl/worksheets/sheet1.xml" {
			copies = append(copies, bytes.Replace(b, []byte("100"), []byte("999"), 1))
		}
		for _, c := range copies {
			w, err := zw.Create(e.Name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(c); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Read("twice.xlsx", bytes.NewReader(out.Bytes()), int64(out.Len()), Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `holds the part "xl/worksheets/sheet1.xml" twice`) {
		t.Fatalf("read of a zip with a part twice: %v, want it refused as damaged", err)
	}
	// The same workbook without the second copy reads.
	if _, err := Read("once.xlsx", bytes.NewReader(orig.Bytes()), int64(orig.Len()), Options{}); err != nil {
		t.Fatalf("the workbook with each part once: %v", err)
	}
}
