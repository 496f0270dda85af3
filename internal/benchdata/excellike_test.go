package benchdata_test

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/clientrisk/clientrisk/internal/benchdata"
	"github.com/clientrisk/clientrisk/internal/ingest"
)

// The Excel-like workbook and its CSV read as the same documents, with the
// values worked out by hand from the generator's rules.
func TestExcelLikeReadsBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	xlsx, csvPath := filepath.Join(dir, "inv.xlsx"), filepath.Join(dir, "inv.csv")
	const n = 3
	if err := benchdata.WriteExcelLike(xlsx, n); err != nil {
		t.Fatal(err)
	}
	if err := benchdata.WriteExcelLikeCSV(csvPath, n); err != nil {
		t.Fatal(err)
	}
	// Row i: issued 2025-01-01 + i days, due 30 days later; row 0 is one in
	// a hundred (i%100 == 0), left open; row 1 paid 45658+1+40+1 = 45700 =
	// 2025-02-12 (issued 01-02 + 41 days); row 2 paid 45658+2+40+2 = 45702 =
	// 2025-02-14. Amount (100+i)*100+25 cents.
	want := []struct{ number, client, id, issue, due, paid, amount, status string }{
		{"INV-0000001", "Client 00000 Srl", "IT10000000000", "2025-01-01", "2025-01-31", "", "100.25", "open"},
		{"INV-0000002", "Client 00001 Srl", "IT10000000001", "2025-01-02", "2025-02-01", "2025-02-12", "101.25", "paid"},
		{"INV-0000003", "Client 00002 Srl", "IT10000000002", "2025-01-03", "2025-02-02", "2025-02-14", "102.25", "paid"},
	}
	for _, path := range []string{xlsx, csvPath} {
		res, err := ingest.ReadFile(path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Documents) != n {
			t.Fatalf("%s: %d documents, want %d", path, len(res.Documents), n)
		}
		for i, w := range want {
			d := res.Documents[i]
			paid := ""
			if !d.PaidDate.IsZero() {
				paid = d.PaidDate.String()
			}
			got := [...]string{d.Number, d.ClientName, d.ClientID, d.IssueDate.String(), d.DueDate.String(), paid, d.Amount.String(), d.Currency, d.Status.String()}
			exp := [...]string{w.number, w.client, w.id, w.issue, w.due, w.paid, w.amount, "EUR", w.status}
			if got != exp {
				t.Errorf("%s row %d: got %q, want %q", filepath.Base(path), i+2, got, exp)
			}
		}
	}

	// Every text cell is a shared string: 9 header cells + 5 text cells a
	// row = 24 uses; distinct: 9 headers + 3 numbers + 3 clients + 3 ids +
	// EUR, Open, Paid = 21. The sheet has no inline string.
	zr, err := zip.OpenReader(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	if m := regexp.MustCompile(`count="(\d+)" uniqueCount="(\d+)"`).FindStringSubmatch(parts["xl/sharedStrings.xml"]); m == nil || m[1] != "24" || m[2] != "21" {
		t.Errorf("shared strings count, uniqueCount = %v, want 24, 21", m)
	}
	if got := len(regexp.MustCompile(`t="s"`).FindAllString(parts["xl/worksheets/sheet1.xml"], -1)); got != 24 {
		t.Errorf("%d shared-string cells, want 24", got)
	}
	if regexp.MustCompile(`inlineStr|<is>`).MatchString(parts["xl/worksheets/sheet1.xml"]) {
		t.Error("the sheet has inline strings")
	}
}

// The same n gives the same bytes.
func TestExcelLikeDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	for _, p := range []string{a, b} {
		if err := benchdata.WriteExcelLike(p, 500); err != nil {
			t.Fatal(err)
		}
	}
	ba, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if string(ba) != string(bb) {
		t.Error("two workbooks of 500 rows differ")
	}
}
