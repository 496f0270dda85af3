package store

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// repeatedDocs is the file of TestUniqueByKeyAcrossParts: 12,000 rows,
// row i being invoice N<v> of acme with v = 3999 - i%4000 and amount
// 100000 + i. So every key comes three times (rows i, i+4000, i+8000),
// the copies with amounts of their own, and the keys run backwards in the
// file: key N00000 is rows 3999, 7999 and 11999.
func repeatedDocs() []invoice.Document {
	docs := make([]invoice.Document, 12_000)
	for i := range docs {
		docs[i] = inv(fmt.Sprintf("N%05d", 3999-i%4000), "acme", d(2025, 1, 2), invoice.Money(100000+i), "rep.xlsx", i+2)
	}
	return docs
}

// TestUniqueByKeyAcrossParts: the keys come out sorted and the first row
// of each key wins, however the rows are cut into parts. The parts of
// 12,000 rows end at 6,000 (2 parts), at 4,000 and 8,000 (3) and at
// 3,000, 6,000 and 9,000 (4), so the copies of a key fall in one, two or
// three parts, and a later part holds keys that sort before an earlier
// part's.
func TestUniqueByKeyAcrossParts(t *testing.T) {
	t.Parallel()
	docs := repeatedDocs()
	for w := 1; w <= 4; w++ {
		order, dups, err := uniqueByKey(Docs(docs), w)
		if err != nil {
			t.Fatalf("%d parts: %v", w, err)
		}
		// 4000 keys, the j-th (N<j>) first in row 3999-j.
		if dups != 8000 || len(order) != 4000 {
			t.Fatalf("%d parts: %d keys, %d duplicates; want 4000 and 8000", w, len(order), dups)
		}
		for j, pos := range order {
			if pos != int32(3999-j) {
				t.Fatalf("%d parts: key %d is row %d's (%s), want row %d's", w, j, pos, docs[pos].Key(), 3999-j)
			}
		}
	}
}

// TestImportRepeatedKeys imports the rows of TestUniqueByKeyAcrossParts
// (enough of them for an import to use more than one worker where there
// is more than one core), then a re-export that changed rows 0 to 999 and
// every later copy of a key, and added ten keys: the ledger keeps the
// first row of each key and compares it alone.
func TestImportRepeatedKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	first := repeatedDocs()
	c, err := l.Import(ctx, ImportFile{Name: "rep.xlsx", SHA256: "rep1"}, first, nil, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := (ImportCounts{ImportID: c.ImportID, New: 4000, Duplicates: 8000}); c != want {
		t.Errorf("first import: got %+v, want %+v", c, want)
	}
	// Key N<j> is row 3999-j's: amount 100000+3999-j, row 3999-j+2.
	check := func(step string, amount func(j int) invoice.Money, n int) {
		t.Helper()
		got, _, err := l.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("%s: %d documents, want %d", step, len(got), n)
		}
		for j, g := range got {
			if g.Number != fmt.Sprintf("N%05d", j) || g.Amount != amount(j) {
				t.Fatalf("%s: document %d is %s of %d from row %d; want N%05d of %d", step, j, g.Number, g.Amount, g.Source.Row, j, amount(j))
			}
		}
	}
	check("first import", func(j int) invoice.Money { return invoice.Money(100000 + 3999 - j) }, 4000)
	if got, _, _ := l.Documents(ctx); got[0].Source.Row != 4001 || got[3999].Source.Row != 2 {
		t.Errorf("first import: N00000 from row %d, N03999 from row %d; want rows 4001 and 2", got[0].Source.Row, got[3999].Source.Row)
	}

	// Rows 0-999 (keys N03999 to N03000) and rows 4000 on get 1 more; ten
	// rows add keys N04000 to N04009.
	second := repeatedDocs()
	for i := range second {
		if i < 1000 || i >= 4000 {
			second[i].Amount++
		}
	}
	for v := 4000; v < 4010; v++ {
		second = append(second, inv(fmt.Sprintf("N%05d", v), "acme", d(2025, 1, 2), 7, "rep.xlsx", len(second)+2))
	}
	c, err = l.Import(ctx, ImportFile{Name: "rep2.xlsx", SHA256: "rep2"}, second, nil, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := (ImportCounts{ImportID: c.ImportID, New: 10, Updated: 1000, Unchanged: 3000, Duplicates: 8000}); c != want {
		t.Errorf("second import: got %+v, want %+v", c, want)
	}
	check("second import", func(j int) invoice.Money {
		switch {
		case j >= 4000:
			return 7
		case j >= 3000:
			return invoice.Money(100000 + 3999 - j + 1)
		}
		return invoice.Money(100000 + 3999 - j)
	}, 4010)
}

// TestPartOf: partOf finds the part of partBounds holding each index,
// empty parts included (more parts than indexes).
func TestPartOf(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 60; n++ {
		for w := 1; w <= 8; w++ {
			for p := range w {
				lo, hi := partBounds(p, n, w)
				for i := lo; i < hi; i++ {
					if got := partOf(i, n, w); got != p {
						t.Fatalf("partOf(%d, %d, %d) = %d, want %d (part %d is [%d, %d))", i, n, w, got, p, p, lo, hi)
					}
				}
			}
		}
	}
	// The parts of 12,000 in 4, written out.
	for _, tc := range []struct{ i, want int }{{0, 0}, {2999, 0}, {3000, 1}, {5999, 1}, {6000, 2}, {8999, 2}, {9000, 3}, {11999, 3}} {
		if got := partOf(tc.i, 12000, 4); got != tc.want {
			t.Errorf("partOf(%d, 12000, 4) = %d, want %d", tc.i, got, tc.want)
		}
	}
}

// TestUniqueByKeyLongKeys: keys longer than an arena's slack, after
// thousands of short ones (so that the arena's estimate falls short), are
// kept whole. Rows 0-1999 are S0000 to S1999; rows 2000-2999 are L0000 to
// L0499 twice over, each L number followed by 2000 x's. "l" sorts before
// "s" (keys are lower-cased), so the L keys come first, from rows 2000 to
// 2499, then the S keys from rows 0 to 1999.
func TestUniqueByKeyLongKeys(t *testing.T) {
	t.Parallel()
	docs := make([]invoice.Document, 3000)
	for i := range docs {
		number := fmt.Sprintf("S%04d", i)
		if i >= 2000 {
			number = fmt.Sprintf("L%04d", (i-2000)%500) + strings.Repeat("x", 2000)
		}
		docs[i] = inv(number, "acme", d(2025, 1, 2), 100, "long.xlsx", i+2)
	}
	for w := 1; w <= 3; w++ {
		order, dups, err := uniqueByKey(Docs(docs), w)
		if err != nil {
			t.Fatalf("%d parts: %v", w, err)
		}
		if dups != 500 || len(order) != 2500 {
			t.Fatalf("%d parts: %d keys, %d duplicates; want 2500 and 500", w, len(order), dups)
		}
		for j, pos := range order {
			want := 2000 + j // L<j>
			if j >= 500 {
				want = j - 500 // S<j-500>
			}
			if pos != int32(want) {
				t.Fatalf("%d parts: key %d is row %d's, want row %d's", w, j, pos, want)
			}
		}
	}
}

// TestGrowArena: an arena grows to the average so far times the keys
// left, a sixteenth more, and the slack; by a quarter at least.
func TestGrowArena(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		len, done, left int
		wantCap         int
	}{
		// 40 bytes a key: 40*100 = 4000, and 250 more: 4250+1024.
		{"estimate", 4000, 100, 100, 4000 + 4250 + 1024},
		// The estimate, 40*1*17/16 = 42, is below a quarter (1000).
		{"a quarter", 4000, 100, 1, 4000 + 1000 + 1024},
		{"empty", 0, 0, 50, 1024},
	}
	for _, tc := range tests {
		arena := make([]byte, tc.len)
		for i := range arena {
			arena[i] = byte(i)
		}
		grown := growArena(arena, tc.done, tc.left)
		if cap(grown) != tc.wantCap || !bytes.Equal(grown, arena) {
			t.Errorf("%s: cap %d, want %d; bytes kept: %v", tc.name, cap(grown), tc.wantCap, bytes.Equal(grown, arena))
		}
	}
}
