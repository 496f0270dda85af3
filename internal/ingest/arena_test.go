package ingest

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/strarena"
)

// TestPendingRowSize: every row of a table is held until the table ends,
// in Stream mode for the whole walk over its documents. With the number
// and currency as strings and the seconds in a field of their own a row
// was 104 bytes; with the client as a pointer, the number as an offset
// and a length, a waiting index and a bool for each flag, 64. It must
// stay within 48 (48 MB for a million rows).
func TestPendingRowSize(t *testing.T) {
	t.Parallel()
	if n := unsafe.Sizeof(pendingRow{}); n > 48 {
		t.Errorf("a pendingRow is %d bytes, want at most 48", n)
	}
}

// TestCurrencies: one number a code, in order of first use; 0 is none.
func TestCurrencies(t *testing.T) {
	t.Parallel()
	var cs currencies
	got := []currencyRef{cs.ref("EUR"), cs.ref(""), cs.ref("USD"), cs.ref("EUR"), cs.ref("USD")}
	if want := []currencyRef{1, 0, 2, 1, 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("refs %v, want %v", got, want)
	}
	if cs.code(0) != "" || cs.code(1) != "EUR" || cs.code(2) != "USD" {
		t.Errorf("codes %q %q %q, want \"\" EUR USD", cs.code(0), cs.code(1), cs.code(2))
	}
}

// TestStreamDocumentsConcurrently: documents of a table whose numbers
// fill more than one arena chunk (and one longer than a chunk takes),
// made by Document from several goroutines at once, as the ledger's
// import makes them (run with -race), are the plain read's and what the
// rows say. Invoice i is INV-i, in USD when i is a multiple of 3 (else
// EUR), of (i mod 100) + 1 euros; the first 50 have a second line of 0.50
// at the end of the file, so the lines are summed (line grain): invoice 7
// is 8.00 + 0.50 = 8.50.
func TestStreamDocumentsConcurrently(t *testing.T) {
	t.Parallel()
	const n = 9000 // 11-byte numbers: about 99 KB, two chunks
	long := "L-" + strings.Repeat("9", strarena.MaxInChunk)
	var csv strings.Builder
	csv.WriteString("Invoice,Client,Date,Amount,Currency\n")
	cur := func(i int) string {
		if i%3 == 0 {
			return "USD"
		}
		return "EUR"
	}
	for i := range n {
		fmt.Fprintf(&csv, "INV-%07d,Client %d,2026-01-%02d,%d.00,%s\n", i, i%7, 1+i%28, i%100+1, cur(i))
	}
	fmt.Fprintf(&csv, "%s,Client 1,2026-02-01,3.00,EUR\n", long)
	for i := range 50 {
		fmt.Fprintf(&csv, "INV-%07d,Client %d,2026-01-%02d,0.50,%s\n", i, i%7, 1+i%28, cur(i))
	}
	path := writeFile(t, t.TempDir(), "many.csv", []byte(csv.String()))

	plain, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Documents) != n+1 || plain.Sheets[0].Grain != "line" || plain.Sheets[0].Currency != "mixed" {
		t.Fatalf("%d documents, grain %q, currency %q; want %d, line, mixed", len(plain.Documents), plain.Sheets[0].Grain, plain.Sheets[0].Currency, n+1)
	}
	for i, d := range plain.Documents[:n] {
		want := invoice.Money((i%100 + 1) * 100)
		if i < 50 {
			want += 50
		}
		if d.Number != fmt.Sprintf("INV-%07d", i) || d.Currency != cur(i) || d.Amount != want || d.Source.Row != i+2 {
			t.Fatalf("document %d: %s %s %d from row %d, want INV-%07d %s %d from row %d", i, d.Number, d.Currency, d.Amount, d.Source.Row, i, cur(i), want, i+2)
		}
	}
	if d := plain.Documents[n]; d.Number != long || d.Currency != "EUR" || d.Amount != 300 {
		t.Errorf("last document %.20s… %s %d, want the long number in EUR, 300", d.Number, d.Currency, d.Amount)
	}

	res, err := ReadFile(path, Options{Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]invoice.Document, res.DocumentCount())
	var wg sync.WaitGroup
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(got); i += workers {
				got[i] = res.Document(i)
			}
		})
	}
	wg.Wait()
	if !reflect.DeepEqual(got, plain.Documents) {
		t.Errorf("%s: documents made concurrently differ from a plain read's", filepath.Base(path))
	}
}

// TestWaitingAfterRejectedRow: a row rejected while parsed lets its
// waiting values go, and the rows after it keep theirs. Rows 2 and 5 have
// dates that could be either way round and wait; row 3's date waits too
// but its amount rejects it; row 4's 13/04 makes the column day first. By
// hand: F-1 on 3 April, F-3 on 13 April, F-4 on 7 August.
func TestWaitingAfterRejectedRow(t *testing.T) {
	t.Parallel()
	csv := "Invoice,Client,Date,Amount\n" +
		"F-1,Acme,03/04/2025,10.00\n" +
		"F-2,Beta,05/06/2025,xyz\n" +
		"F-3,Gamma,13/04/2025,5.00\n" +
		"F-4,Delta,07/08/2025,1.00\n"
	path := writeFile(t, t.TempDir(), "wait.csv", []byte(csv))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type doc struct {
		num  string
		date string
	}
	var got []doc
	for _, d := range res.Documents {
		got = append(got, doc{d.Number, d.IssueDate.String()})
	}
	want := []doc{{"F-1", "2025-04-03"}, {"F-3", "2025-04-13"}, {"F-4", "2025-08-07"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("documents %v, want %v", got, want)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Row != 3 {
		t.Errorf("rejected %v, want row 3 alone", res.Rejected)
	}
}

// TestManyRowsWait: when most rows wait, each gets its own values back
// (a row keeps a bit, not an index: the values are taken in row order),
// across rows without waiting values and rows rejected while parsed,
// whose values are let go. Row i (file row i+2) is F-i; its date is
// ambiguous (day 1+i%12, month 1+(i/3)%12) unless i%3 == 1, when it is
// ISO (2025, month 1+i%12, day 1+i%28); its amount is "1,234" (waiting
// for the column's separator) when i%3 == 2, else (i+1).50; when i%7 == 3
// its amount is "xyz" and the row is rejected. A last row's 13/04 makes
// the dates day first, and the point amounts make "1,234" a thousand and
// more.
func TestManyRowsWait(t *testing.T) {
	t.Parallel()
	const n = 3000
	var csv strings.Builder
	csv.WriteString("Invoice,Client,Date,Amount\n")
	for i := range n {
		date := fmt.Sprintf("%02d/%02d/2025", 1+i%12, 1+(i/3)%12)
		if i%3 == 1 {
			date = fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		}
		amount := fmt.Sprintf("%d.50", i+1)
		if i%3 == 2 {
			amount = `"1,234"`
		}
		if i%7 == 3 {
			amount = "xyz"
		}
		fmt.Fprintf(&csv, "F-%d,Client %d,%s,%s\n", i, i%5, date, amount)
	}
	csv.WriteString("Z-1,Zed,13/04/2025,1.50\n")
	path := writeFile(t, t.TempDir(), "wait.csv", []byte(csv.String()))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type doc struct {
		num, date string
		amount    invoice.Money
	}
	var want []doc
	var rejected []int
	for i := range n {
		if i%7 == 3 {
			rejected = append(rejected, i+2)
			continue
		}
		d := doc{num: fmt.Sprintf("F-%d", i), amount: invoice.Money((i+1)*100 + 50)}
		if i%3 == 2 {
			d.amount = 123400
		}
		if i%3 == 1 {
			d.date = fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		} else {
			d.date = fmt.Sprintf("2025-%02d-%02d", 1+(i/3)%12, 1+i%12)
		}
		want = append(want, d)
	}
	want = append(want, doc{"Z-1", "2025-04-13", 150})
	var got []doc
	for _, d := range res.Documents {
		got = append(got, doc{d.Number, d.IssueDate.String(), d.Amount})
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%d documents, want %d; the first that differs: %v, want %v", len(got), len(want), got[i], want[i])
			}
		}
		t.Fatalf("%d documents, want %d", len(got), len(want))
	}
	var gotRej []int
	for _, e := range res.Rejected {
		gotRej = append(gotRej, e.Row)
	}
	if !reflect.DeepEqual(gotRej, rejected) {
		t.Errorf("rejected rows %v, want %v", gotRej, rejected)
	}
}
