package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
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

// cursorDocs is a DocList with cursors (docCursors) that counts the
// documents made through them and checks that a cursor is asked in
// increasing order, as it is meant to be.
type cursorDocs struct {
	docs  []invoice.Document
	byCur atomic.Int64
	t     *testing.T
}

func (c *cursorDocs) DocumentCount() int { return len(c.docs) }

func (c *cursorDocs) Document(i int) invoice.Document { return c.docs[i] }

func (c *cursorDocs) DocumentCursor() func(i int) invoice.Document {
	last := -1
	return func(i int) invoice.Document {
		if i <= last {
			c.t.Errorf("cursor asked for document %d after %d", i, last)
		}
		last = i
		c.byCur.Add(1)
		return c.docs[i]
	}
}

// TestUniqueByKeyCursor: a list with cursors gives the same keys as the
// plain slice, its first pass over every document made through cursors
// in increasing order (one per part).
func TestUniqueByKeyCursor(t *testing.T) {
	t.Parallel()
	docs := repeatedDocs()
	for w := 1; w <= 4; w++ {
		want, wantDups, err := uniqueByKey(Docs(docs), w)
		if err != nil {
			t.Fatal(err)
		}
		list := &cursorDocs{docs: docs, t: t}
		got, dups, err := uniqueByKey(list, w)
		if err != nil {
			t.Fatal(err)
		}
		if dups != wantDups || !slices.Equal(got, want) {
			t.Errorf("%d parts: %d keys, %d duplicates with cursors, want the slice's %d and %d", w, len(got), dups, len(want), wantDups)
		}
		if n := list.byCur.Load(); n != int64(len(docs)) {
			t.Errorf("%d parts: %d documents made through cursors, want every one (%d) once", w, n, len(docs))
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

// TestUniqueByKeyLongKeys: long keys (2000 x's, more than a code holds
// past the bytes they share) among thousands of short ones. Rows 0-1999
// are S0000 to S1999; rows 2000-2999 are L0000 to L0499 twice over, each
// L number followed by 2000 x's. "l" sorts before "s" (keys are
// lower-cased), so the L keys come first, from rows 2000 to 2499, then the
// S keys from rows 0 to 1999.
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

// naiveUnique is what uniqueByKey must return, worked out the plain way:
// the positions sorted by Key (stably, so that the first row of a key
// comes first), and of each key the first.
func naiveUnique(docs []invoice.Document) ([]int32, int) {
	keys := make([]string, len(docs))
	pos := make([]int32, len(docs))
	for i := range docs {
		keys[i], pos[i] = docs[i].Key(), int32(i)
	}
	sort.SliceStable(pos, func(a, b int) bool { return keys[pos[a]] < keys[pos[b]] })
	out := []int32{}
	for _, p := range pos {
		if len(out) == 0 || keys[out[len(out)-1]] != keys[p] {
			out = append(out, p)
		}
	}
	return out, len(docs) - len(out)
}

// uniqueCases are files whose keys go through every way keySorter has:
// keys that share more than a code holds (6 bytes after what they share
// with the reference, or codeMaxGap bytes), keys that are prefixes of one
// another or differ only in NUL bytes (the zeros a code pads with), many
// copies of a key, runs of tied codes shorter and longer than smallRun, a
// tied run long enough to be coded again in parts, files of at most
// smallRun rows, and documents without a number (the key then ends in
// the client, date, amount and currency).
func uniqueCases() []struct {
	name string
	docs []invoice.Document
} {
	rng := rand.New(rand.NewPCG(17, 42))
	type tc = struct {
		name string
		docs []invoice.Document
	}
	var cases []tc
	doc := func(number, client string, i int) invoice.Document {
		return inv(number, client, d(2025, 1, 2), 100, "u.xlsx", i+2)
	}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }

	cases = append(cases, tc{"empty", nil})
	cases = append(cases, tc{"one", []invoice.Document{doc("N1", "acme", 0)}})
	var few []invoice.Document
	for i, number := range []string{"B", "A", "B", "C", "A", "a"} { // "a" is "A" lower-cased
		few = append(few, doc(number, "acme", i))
	}
	cases = append(cases, tc{"few", few})

	// Numbers sharing 0 to 2100 bytes, then one of a few endings, so that
	// keys share more than 8, 16, 24 bytes and more than codeMaxGap.
	var shared []invoice.Document
	for i := range 6000 {
		n := []int{0, 3, 5, 6, 7, 8, 9, 15, 16, 17, 23, 24, 25, 40, 2036, 2037, 2038, 2046, 2047, 2048, 2100}[rng.IntN(21)]
		number := strings.Repeat("p", n) + pick([]string{"", "a", "b", "a0", "a00", "ab", "b1", "q"})
		shared = append(shared, doc(number, pick([]string{"c", "c1", "d"}), i))
	}
	cases = append(cases, tc{"shared prefixes", shared})

	// Numbers of 2037 or 2038 p's and an ending: with "invoice|n|"
	// before them, keys that share codeMaxGap bytes or more with the
	// reference, some of them parting at byte codeMaxGap itself.
	var far []invoice.Document
	for i := range 600 {
		number := strings.Repeat("p", 2037+rng.IntN(2)) + pick([]string{"", "a", "b", "q", "pa", "z"})
		far = append(far, doc(number, pick([]string{"c", "d"}), i))
	}
	cases = append(cases, tc{"past codeMaxGap", far})

	// Clients and numbers that are prefixes of one another, or differ
	// only in NUL bytes: 3000 rows over 11*6 keys, ~45 copies of each.
	var nuls []invoice.Document
	for i := range 3000 {
		client := pick([]string{"", "a", "ab", "ab\x00", "ab\x00\x00", "ab\x00\x01", "ab\x01", "abc", "abcdefgh", "abcdefgh\x00", "abcdefghi"})
		number := pick([]string{"n", "n\x00", "n\x00\x00", "n\x00\x00\x00\x00\x00\x00\x00\x00", "n\x00\x00\x00\x00\x00\x00\x00\x00\x01", "n\x01"})
		nuls = append(nuls, doc(number, client, i))
	}
	cases = append(cases, tc{"prefixes and NULs", nuls})

	// Groups of numbers sharing 30 bytes past the group's own first
	// bytes, groups of 1 to 300 keys, some keys twice: the keys of a group
	// tie on their codes, in runs on both sides of smallRun.
	var groups []invoice.Document
	for g, size := range []int{1, 2, 16, 31, 32, 33, 34, 64, 300} {
		prefix := fmt.Sprintf("G%d-", g) + strings.Repeat("z", 30)
		for k := range size {
			groups = append(groups, doc(fmt.Sprintf("%s%d", prefix, k), "acme", 0))
			if k%3 == 0 {
				groups = append(groups, doc(fmt.Sprintf("%s%d", prefix, k), "acme", 0))
			}
		}
	}
	rng.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
	cases = append(cases, tc{"runs around smallRun", groups})

	// 13,000 invoices and 13,000 credit notes, a fifth of them copies,
	// shuffled: whichever kind the reference is, the other ties on its
	// first code bytes in a run long enough for parts (workers).
	var kinds []invoice.Document
	for i := range 26_000 {
		v := i / 2
		if v%5 == 4 {
			v-- // a copy of the number before
		}
		x := doc(fmt.Sprintf("INV-%05d", v), "acme", 0)
		if i%2 == 1 {
			x.Kind = invoice.KindCreditNote
			x.Number = fmt.Sprintf("CN-%05d", v)
		}
		kinds = append(kinds, x)
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	cases = append(cases, tc{"long tied run", kinds})

	// Random keys over a few bytes (NUL and 0xff among them), with and
	// without numbers, of both kinds.
	var random []invoice.Document
	for i := range 20_000 {
		var b []byte
		for range rng.IntN(12) {
			b = append(b, "ab0\x00\xff"[rng.IntN(5)])
		}
		x := doc(string(b), pick([]string{"c", "c\x00", "c1", "cc"}), i)
		x.IssueDate = d(2024+rng.IntN(2), 1, 1+rng.IntN(3))
		x.Amount = invoice.Money(rng.IntN(3) * 50)
		if rng.IntN(4) == 0 {
			x.Kind = invoice.KindCreditNote
		}
		random = append(random, x)
	}
	cases = append(cases, tc{"random", random})

	for i := range cases {
		for j := range cases[i].docs {
			cases[i].docs[j].Source.Row = j + 2
		}
	}
	return cases
}

// TestUniqueByKeyReference: on every file of uniqueCases, in 1 to 4
// parts, uniqueByKey returns what naiveUnique works out.
func TestUniqueByKeyReference(t *testing.T) {
	t.Parallel()
	for _, tc := range uniqueCases() {
		want, wantDups := naiveUnique(tc.docs)
		for w := 1; w <= 4; w++ {
			got, dups, err := uniqueByKey(Docs(tc.docs), w)
			if err != nil {
				t.Fatalf("%s, %d parts: %v", tc.name, w, err)
			}
			if dups != wantDups || !slices.Equal(got, want) {
				t.Errorf("%s, %d parts: %d keys and %d duplicates, want %d and %d", tc.name, w, len(got), dups, len(want), wantDups)
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Errorf("first difference: key %d is row %d's (%q), want row %d's (%q)", i, got[i], tc.docs[got[i]].Key(), want[i], tc.docs[want[i]].Key())
						break
					}
				}
			}
		}
	}
}

// TestUniqueByKeyRefusesFirst: of several documents storable refuses, in
// different parts, the error names the first in the file, however the
// file is cut: row 5999 is in part 0 of 2 and of 4, and in part 1 of 3
// with row 6000.
func TestUniqueByKeyRefusesFirst(t *testing.T) {
	t.Parallel()
	docs := repeatedDocs()
	docs[9000].Kind = invoice.Kind(9)
	docs[6000].Status = invoice.Status(42)
	docs[5999].Kind = invoice.Kind(9)
	docs[11999].Status = invoice.Status(42)
	const want = "file rep.xlsx, sheet Invoices, row 6001: unknown document kind 9"
	for w := 1; w <= 4; w++ {
		order, _, err := uniqueByKey(Docs(docs), w)
		if err == nil || err.Error() != want {
			t.Errorf("%d parts: got %d keys and error %v, want error %q", w, len(order), err, want)
		}
	}
}

// TestKeyCode: of two keys sharing base bytes, coded against a third
// sharing them too, the codes compare as the keys do, where they differ;
// where they are the same, either the code is exact and so are the keys,
// or both keys go on to codeBase and share it. The keys are random over
// NUL, 0x01, "a" and 0xff, after a shared run of 0 to 2100 bytes.
func TestKeyCode(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	key := func(common []byte) []byte {
		k := slices.Clone(common)
		for range rng.IntN(10) {
			k = append(k, "\x00\x01a\xff"[rng.IntN(4)])
		}
		return k
	}
	for i := range 200_000 {
		base := rng.IntN(4)
		common := bytes.Repeat([]byte{'a'}, base+[]int{0, 1, 5, 6, 7, 12, 2046, 2047, 2048, 2100}[rng.IntN(10)])
		if rng.IntN(2) == 0 {
			common = common[:base+rng.IntN(len(common)-base+1)]
		}
		ref, a, b := key(common), key(common), key(common)
		if i%7 == 0 {
			b = slices.Clone(a)
		}
		ca, cb := keyCode(a, ref, base), keyCode(b, ref, base)
		byKey := bytes.Compare(a, b)
		switch {
		case ca < cb && byKey >= 0, ca > cb && byKey <= 0:
			t.Fatalf("keys %q and %q (ref %q, base %d): codes %#x and %#x, keys compare %d", a, b, ref, base, ca, cb, byKey)
		case ca == cb && codeExact(ca) && byKey != 0:
			t.Fatalf("keys %q and %q (ref %q, base %d): the same exact code %#x", a, b, ref, base, ca)
		case ca == cb && !codeExact(ca):
			next := codeBase(ca, base)
			if len(a) < next || len(b) < next || !bytes.Equal(a[:next], b[:next]) {
				t.Fatalf("keys %q and %q (ref %q, base %d): code %#x says they share %d bytes", a, b, ref, base, ca, next)
			}
		}
		if bytes.Equal(a, ref) != (ca == codeSame) {
			t.Fatalf("key %q, ref %q: code %#x", a, ref, ca)
		}
	}
}

// TestSortByCode: sortByCode sorts pairs by code, then position, as
// slices.SortFunc does, on random, sorted, reversed and all-equal codes,
// short and long.
func TestSortByCode(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	type pair struct {
		code uint64
		pos  int32
	}
	for _, n := range []int{0, 1, 2, 15, 16, 17, 100, 5000} {
		for _, shape := range []string{"random", "few codes", "sorted", "reversed", "equal"} {
			{
				pairs := make([]pair, n)
				for i := range pairs {
					pairs[i] = pair{rng.Uint64(), int32(rng.IntN(1 << 30))}
					switch shape {
					case "few codes":
						pairs[i].code %= 5
					case "sorted":
						pairs[i] = pair{uint64(i / 3), int32(i)}
					case "reversed":
						pairs[i] = pair{uint64(n - i), int32(n - i)}
					case "equal":
						pairs[i].code = 7
					}
				}
				codes, pos := make([]uint64, n), make([]int32, n)
				for i, p := range pairs {
					codes[i], pos[i] = p.code, p.pos
				}
				sortByCode(codes, pos)
				slices.SortFunc(pairs, func(a, b pair) int {
					if c := cmp.Compare(a.code, b.code); c != 0 {
						return c
					}
					return cmp.Compare(a.pos, b.pos)
				})
				for i, p := range pairs {
					if codes[i] != p.code || pos[i] != p.pos {
						t.Fatalf("%d %s pairs: pair %d is (%d, %d), want (%d, %d)", n, shape, i, codes[i], pos[i], p.code, p.pos)
					}
				}
			}
		}
	}
}
