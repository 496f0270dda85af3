package store

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

var testNow = time.Date(2025, 3, 5, 9, 30, 0, 0, time.UTC)

func openTemp(t testing.TB) *Ledger {
	t.Helper()
	l, err := Open(filepath.Join(t.TempDir(), "clientrisk.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func d(y int, m time.Month, day int) invoice.Date { return invoice.NewDate(y, m, day) }

func inv(number, client string, issue invoice.Date, amount invoice.Money, file string, row int) invoice.Document {
	return invoice.Document{
		Kind: invoice.KindInvoice, Number: number, ClientKey: client, ClientName: client,
		IssueDate: issue, DueDate: issue.AddDays(30), Currency: "EUR", Amount: amount,
		Status: invoice.StatusOpen, HasPaymentInfo: true,
		Source: invoice.Source{File: file, Sheet: "Invoices", Row: row},
	}
}

func byKey(docs []invoice.Document) map[string]invoice.Document {
	m := make(map[string]invoice.Document, len(docs))
	for _, d := range docs {
		m[d.Key()] = d
	}
	return m
}

// TestImportLifecycle walks one ledger through imports, a re-import, a
// later export where an invoice got paid, and removals. Each step says
// what it expects by hand.
func TestImportLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)

	jan := []invoice.Document{
		inv("INV-1", "acme", d(2025, 1, 10), 100000, "jan.xlsx", 2),
		inv("INV-2", "beta", d(2025, 1, 12), 50000, "jan.xlsx", 3),
		inv("INV-2", "beta", d(2025, 1, 12), 50000, "jan.xlsx", 4), // repeated row
		{Kind: invoice.KindCreditNote, Number: "CN-1", ClientKey: "acme", IssueDate: d(2025, 1, 20), Amount: -20000,
			Source: invoice.Source{File: "jan.xlsx", Row: 5}},
	}
	paid1 := inv("INV-1", "acme", d(2025, 1, 10), 100000, "feb.xlsx", 2)
	paid1.PaidDate = d(2025, 2, 10)
	paid1.Status = invoice.StatusPaid
	feb := []invoice.Document{
		paid1,
		inv("INV-2", "beta", d(2025, 1, 12), 50000, "feb.xlsx", 3), // same but for the source
		inv("INV-3", "beta", d(2025, 2, 3), 75000, "feb.xlsx", 4),
	}
	janFile := ImportFile{Name: "jan.xlsx", Path: "/in/jan.xlsx", Size: 1234, SHA256: "aaaa"}
	febFile := ImportFile{Name: "feb.xlsx", Path: "/in/feb.xlsx", Size: 2345, SHA256: "bbbb"}

	// Jan: INV-1, INV-2, CN-1 are new; the second INV-2 row is a duplicate,
	// beside the 4 identical rows the reader dropped.
	c, err := l.Import(ctx, janFile, jan, nil, ReadCounts{Rejected: 2, Duplicates: 4}, testNow)
	if err != nil {
		t.Fatalf("import jan: %v", err)
	}
	janID := c.ImportID
	want := ImportCounts{ImportID: janID, New: 3, Duplicates: 1 + 4, Rejected: 2}
	if c != want {
		t.Errorf("import jan: got %+v, want %+v", c, want)
	}

	// Same bytes again: a no-op that names the earlier import.
	c, err = l.Import(ctx, ImportFile{Name: "jan copy.xlsx", SHA256: "aaaa"}, jan, nil, ReadCounts{}, testNow)
	if err != nil {
		t.Fatalf("re-import jan: %v", err)
	}
	if want := (ImportCounts{AlreadyImported: true, PreviousID: janID}); c != want {
		t.Errorf("re-import jan: got %+v, want %+v", c, want)
	}

	// Feb: INV-1 now paid (updated), INV-2 unchanged but for its source,
	// INV-3 new.
	c, err = l.Import(ctx, febFile, feb, nil, ReadCounts{}, testNow.Add(24*time.Hour))
	if err != nil {
		t.Fatalf("import feb: %v", err)
	}
	febID := c.ImportID
	if want := (ImportCounts{ImportID: febID, New: 1, Updated: 1, Unchanged: 1}); c != want {
		t.Errorf("import feb: got %+v, want %+v", c, want)
	}
	docs, _, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := byKey(docs)
	if len(got) != 4 {
		t.Errorf("after feb: got %d documents, want 4 (INV-1, INV-2, INV-3, CN-1)", len(got))
	}
	if g := got[paid1.Key()]; g.PaidDate != d(2025, 2, 10) || g.Status != invoice.StatusPaid {
		t.Errorf("after feb: INV-1 paid date %s status %s, want 2025-02-10 paid", g.PaidDate, g.Status)
	}
	// Unchanged INV-2 is not rewritten: it keeps jan's source.
	if g := got[feb[1].Key()]; g.Source.File != "jan.xlsx" {
		t.Errorf("after feb: INV-2 source %s, want jan.xlsx (unchanged documents keep their source)", g.Source)
	}

	recs, err := l.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// jan still sets INV-2 (unchanged in feb) and CN-1; feb sets INV-1
	// (paid) and INV-3 (new).
	type short struct {
		ID                            int64
		Status                        string
		New, Updated, Unchanged, Dups int
		Current                       int
		Name, SHA                     string
		Started                       time.Time
	}
	var gotRecs []short
	for _, r := range recs {
		gotRecs = append(gotRecs, short{r.ID, r.Status, r.New, r.Updated, r.Unchanged, r.Duplicates, r.Current, r.Name, r.SHA256, r.Started})
		if r.Finished.Before(r.Started) {
			t.Errorf("import %d finished %s before it started %s", r.ID, r.Finished, r.Started)
		}
	}
	wantRecs := []short{
		{janID, "done", 3, 0, 0, 1 + 4, 2, "jan.xlsx", "aaaa", testNow},
		{febID, "done", 1, 1, 1, 0, 2, "feb.xlsx", "bbbb", testNow.Add(24 * time.Hour)},
	}
	if !reflect.DeepEqual(gotRecs, wantRecs) {
		t.Errorf("imports:\n got %+v\nwant %+v", gotRecs, wantRecs)
	}

	// Removing feb: INV-1 goes back to jan's version, INV-3 goes; INV-2
	// was jan's all along.
	rev, rem, err := l.RemoveImport(ctx, febID)
	if err != nil {
		t.Fatalf("remove feb: %v", err)
	}
	if rev != 1 || rem != 1 {
		t.Errorf("remove feb: got reverted %d removed %d, want 1 and 1", rev, rem)
	}
	docs, _, err = l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got = byKey(docs)
	if g := got[paid1.Key()]; !g.PaidDate.IsZero() || g.Status != invoice.StatusOpen || g.Source.File != "jan.xlsx" {
		t.Errorf("after removing feb: INV-1 paid %q status %s source %s, want no paid date, open, jan.xlsx", g.PaidDate, g.Status, g.Source)
	}
	if _, ok := got[feb[2].Key()]; ok || len(got) != 3 {
		t.Errorf("after removing feb: got %d documents (INV-3 present: %v), want 3 without INV-3", len(got), ok)
	}
	if _, _, err := l.RemoveImport(ctx, febID); err == nil {
		t.Errorf("removing feb twice: got no error")
	}

	// Removing jan, the only import left: everything goes.
	rev, rem, err = l.RemoveImport(ctx, janID)
	if err != nil {
		t.Fatalf("remove jan: %v", err)
	}
	if rev != 0 || rem != 3 {
		t.Errorf("remove jan: got reverted %d removed %d, want 0 and 3", rev, rem)
	}
	if docs, _, _ = l.Documents(ctx); len(docs) != 0 {
		t.Errorf("after removing every import: got %d documents, want 0", len(docs))
	}

	// A removed file may come in again.
	c, err = l.Import(ctx, janFile, jan, nil, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.AlreadyImported || c.New != 3 {
		t.Errorf("import jan after its removal: got %+v, want 3 new", c)
	}
	if _, _, err := l.RemoveImport(ctx, 999); err == nil {
		t.Errorf("remove unknown import: got no error")
	}
}

// TestDocumentRoundTrip checks that every field of a document survives
// the ledger unchanged.
func TestDocumentRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	in := []invoice.Document{
		{Kind: invoice.KindInvoice, Number: "2025/001", ClientKey: "it01234567890", ClientName: "Rossi S.r.l.",
			ClientID: "IT01234567890", IssueDate: d(2025, 1, 31), DueDate: d(2025, 3, 2), PaidDate: d(2025, 3, 15),
			Currency: "EUR", Amount: 1234567, Outstanding: 0, HasOutstanding: true, Status: invoice.StatusPaid,
			HasPaymentInfo: true, Source: invoice.Source{File: "fatture.xlsx", Sheet: "Fatture 2025", Row: 14}},
		{Kind: invoice.KindCreditNote, Number: "CN 7", ClientKey: "acme", ClientName: "ACME, Inc.",
			IssueDate: d(2024, 12, 31), Currency: "USD", Amount: -5000, Outstanding: -5000, HasOutstanding: true,
			Status: invoice.StatusDisputed, HasPaymentInfo: true, Source: invoice.Source{File: "qb.csv", Row: 3}},
		// No number: keyed by client, date, amount.
		{Kind: invoice.KindInvoice, ClientKey: "ооо ромашка", ClientName: "ООО «Ромашка»", IssueDate: d(2025, 2, 1),
			Currency: "RUB", Amount: 9900000, Status: invoice.StatusUnknown, Source: invoice.Source{File: "1c.xlsx", Sheet: "Лист1", Row: 9}},
		{Kind: invoice.KindInvoice, ClientKey: "ооо ромашка", ClientName: "ООО «Ромашка»", IssueDate: d(2025, 2, 1),
			Currency: "JPY", Amount: 120000, Status: invoice.StatusVoid, Source: invoice.Source{File: "1c.xlsx", Sheet: "Лист1", Row: 10}},
		{Kind: invoice.KindInvoice, Number: "D-1", ClientKey: "x", IssueDate: d(2025, 2, 2), Amount: 1, Status: invoice.StatusDraft,
			Source: invoice.Source{File: "h.csv", Row: 2}},
	}
	entries := []invoice.TimeEntry{
		{ClientKey: "acme", ClientName: "ACME", Date: d(2025, 1, 3), Seconds: 5400, Source: invoice.Source{File: "t.csv", Row: 2}},
		{ClientKey: "acme", ClientName: "ACME", Date: d(2025, 1, 3), Seconds: 5400, Source: invoice.Source{File: "t.csv", Row: 3}},
		{ClientKey: "beta", ClientName: "Beta", Date: d(2025, 1, 2), Seconds: 1, Source: invoice.Source{File: "t.csv", Sheet: "S", Row: 4}},
	}
	if _, err := l.Import(ctx, ImportFile{Name: "mixed", SHA256: "x"}, in, entries, ReadCounts{}, testNow); err != nil {
		t.Fatal(err)
	}
	gotDocs, gotEntries, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]invoice.Document(nil), in...)
	sort.Slice(want, func(i, j int) bool { return want[i].Key() < want[j].Key() })
	if !reflect.DeepEqual(gotDocs, want) {
		t.Errorf("documents round trip:\n got %+v\nwant %+v", gotDocs, want)
	}
	// Ordered by client, date, seconds.
	wantEntries := []invoice.TimeEntry{entries[0], entries[1], entries[2]}
	if !reflect.DeepEqual(gotEntries, wantEntries) {
		t.Errorf("time entries round trip:\n got %+v\nwant %+v", gotEntries, wantEntries)
	}
}

// TestTimeEntriesAcrossExports: a re-export repeating entries does not
// count them twice; removing it brings back the first file's entries.
func TestTimeEntriesAcrossExports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	te := func(client string, day int, secs int64, file string, row int) invoice.TimeEntry {
		return invoice.TimeEntry{ClientKey: client, ClientName: client, Date: d(2025, 1, day), Seconds: secs, Source: invoice.Source{File: file, Row: row}}
	}
	first := []invoice.TimeEntry{te("a", 1, 3600, "t1", 2), te("a", 1, 3600, "t1", 3), te("b", 1, 1800, "t1", 4)}
	second := []invoice.TimeEntry{te("a", 1, 3600, "t2", 2), te("a", 1, 3600, "t2", 3), te("a", 2, 900, "t2", 4)}
	if _, err := l.Import(ctx, ImportFile{Name: "t1", SHA256: "t1"}, nil, first, ReadCounts{}, testNow); err != nil {
		t.Fatal(err)
	}
	c, err := l.Import(ctx, ImportFile{Name: "t2", SHA256: "t2"}, nil, second, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.TimeEntries != 3 {
		t.Errorf("second import: got %d time entries, want 3", c.TimeEntries)
	}
	sum := func(es []invoice.TimeEntry) (n int, secs int64, files map[string]int) {
		files = map[string]int{}
		for _, e := range es {
			secs += e.Seconds
			files[e.Source.File]++
		}
		return len(es), secs, files
	}
	tests := []struct {
		name      string
		remove    int64
		wantN     int
		wantSecs  int64
		wantFiles map[string]int
	}{
		// a/1/3600 twice (now from t2), a/2/900 (t2), b/1/1800 (t1):
		// 3600+3600+900+1800 = 9900 s.
		{"both imported", 0, 4, 9900, map[string]int{"t2": 3, "t1": 1}},
		// t2 gone: t1's three entries, 3600+3600+1800 = 9000 s.
		{"second removed", c.ImportID, 3, 9000, map[string]int{"t1": 3}},
	}
	for _, tc := range tests {
		if tc.remove != 0 {
			if _, _, err := l.RemoveImport(ctx, tc.remove); err != nil {
				t.Fatal(err)
			}
		}
		_, es, err := l.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, secs, files := sum(es)
		if n != tc.wantN || secs != tc.wantSecs || !reflect.DeepEqual(files, tc.wantFiles) {
			t.Errorf("%s: got %d entries, %d s, files %v; want %d, %d s, %v", tc.name, n, secs, files, tc.wantN, tc.wantSecs, tc.wantFiles)
		}
	}
}

// TestRemoveOlderImport removes the older of two exports: what only it had
// goes, what the newer one repeated stays, now from the newer file.
func TestRemoveOlderImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	jan := []invoice.Document{
		inv("INV-1", "acme", d(2025, 1, 10), 100000, "jan.xlsx", 2),
		inv("INV-2", "acme", d(2025, 1, 11), 20000, "jan.xlsx", 3),
	}
	feb := []invoice.Document{
		inv("INV-1", "acme", d(2025, 1, 10), 100000, "feb.xlsx", 2), // unchanged
		inv("INV-3", "acme", d(2025, 2, 1), 30000, "feb.xlsx", 3),
	}
	a, err := l.Import(ctx, ImportFile{Name: "jan.xlsx", SHA256: "jan"}, jan, nil, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Import(ctx, ImportFile{Name: "feb.xlsx", SHA256: "feb"}, feb, nil, ReadCounts{}, testNow); err != nil {
		t.Fatal(err)
	}
	// jan set INV-1 (repeated unchanged by feb) and INV-2 (only in jan).
	rev, rem, err := l.RemoveImport(ctx, a.ImportID)
	if err != nil {
		t.Fatal(err)
	}
	if rev != 1 || rem != 1 {
		t.Errorf("remove jan: got reverted %d removed %d, want 1 (INV-1 to feb) and 1 (INV-2)", rev, rem)
	}
	docs, _, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range docs {
		got[d.Number] = d.Source.File
	}
	want := map[string]string{"INV-1": "feb.xlsx", "INV-3": "feb.xlsx"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after removing jan: got number->file %v, want %v", got, want)
	}
}

// TestImportRefusesUnreadable: a kind or status the ledger could not read
// back fails the import, names the row, and leaves the ledger as it was.
func TestImportRefusesUnreadable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	good := inv("INV-1", "acme", d(2025, 1, 10), 100, "x.xlsx", 2)
	badStatus := inv("INV-2", "acme", d(2025, 1, 10), 100, "x.xlsx", 3)
	badStatus.Status = invoice.Status(42)
	badKind := inv("INV-3", "acme", d(2025, 1, 10), 100, "x.xlsx", 4)
	badKind.Kind = invoice.Kind(9)
	tests := []struct {
		name string
		doc  invoice.Document
		want string
	}{
		{"status", badStatus, "file x.xlsx, sheet Invoices, row 3: unknown document status 42"},
		{"kind", badKind, "file x.xlsx, sheet Invoices, row 4: unknown document kind 9"},
	}
	for _, tc := range tests {
		_, err := l.Import(ctx, ImportFile{Name: "x.xlsx", SHA256: tc.name}, []invoice.Document{good, tc.doc}, nil, ReadCounts{}, testNow)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
	docs, _, err := l.Documents(ctx)
	recs, err2 := l.Imports(ctx)
	if err != nil || err2 != nil || len(docs) != 0 || len(recs) != 0 {
		t.Errorf("after refused imports: %d documents, %d imports (%v, %v); want none", len(docs), len(recs), err, err2)
	}
}
