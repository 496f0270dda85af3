package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// bodyCols are the fields that make a document's content, in the order
// of the packed body (pack.go): every column but the source.
var bodyCols = []string{"kind", "number", "client_key", "client_name", "client_id", "issue_date", "due_date",
	"paid_date", "currency", "amount", "outstanding", "has_outstanding", "status", "has_payment_info"}

// sameBody is an SQL condition: the rows a and b have the same content,
// compared column by column.
func sameBody(a, b string) string {
	parts := make([]string, len(bodyCols))
	for i, c := range bodyCols {
		parts[i] = a + "." + c + " = " + b + "." + c
	}
	return strings.Join(parts, " AND ")
}

// samePacked is sameBody for packed rows a and b: field by field, each
// taken out of the body with ->>, not by comparing the blobs as Import
// does.
func samePacked(a, b string) string {
	parts := make([]string, len(bodyCols))
	for i := range bodyCols {
		parts[i] = fmt.Sprintf("%s.body ->> %d = %s.body ->> %d", a, i, b, i)
	}
	return strings.Join(parts, " AND ")
}

// oldKey is a document's key as ledgers before version 6 stored it: the
// numbered form did not hold the client.
func oldKey(d invoice.Document) string {
	if n := strings.TrimSpace(d.Number); n != "" {
		return fmt.Sprintf("%s|n|%s|%d", d.Kind, strings.ToLower(n), d.IssueDate.Year())
	}
	return d.Key()
}

// importOldLayout writes an import the way the clientrisk of the ledger's
// schema version wrote it (before version 3 one column per field in both
// document tables; in version 3 packed bodies in both; in versions 4 and
// 5 current and other versions; before version 6 with the old keys), so
// the upgrade tests start from what an older clientrisk left on disk.
// docs must have distinct keys.
func importOldLayout(t *testing.T, l *Ledger, name string, docs []invoice.Document) {
	t.Helper()
	v := pragmaInt(t, l, "user_version")
	if v >= 6 {
		// Documents are stored as version 6 stores them today.
		if _, err := l.Import(context.Background(), ImportFile{Name: name, SHA256: name}, docs, nil, ReadCounts{}, testNow); err != nil {
			t.Fatal(err)
		}
		return
	}
	tx, err := l.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	res, err := tx.Exec(`INSERT INTO imports (name, path, size, sha256, started, finished, status) VALUES (?, '', 0, ?, ?, ?, 'done')`,
		name, name, formatTime(testNow), formatTime(testNow))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	switch {
	case v >= 4:
		writeLayout4(t, tx, id, docs)
	case v == 3:
		writeLayout3(t, tx, id, docs)
	default:
		writeLayout2(t, tx, id, docs)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// writeLayout4 writes import id's documents as versions 4 and 5 did: a
// new key goes to current_docs; a changed body replaces the current
// version, which moves to other_versions; an unchanged one is kept, and
// this import's copy goes to other_versions.
func writeLayout4(t *testing.T, tx *sql.Tx, id int64, docs []invoice.Document) {
	t.Helper()
	var p packer
	for _, d := range docs {
		key, body, src := oldKey(d), p.body(nil, &d), p.source(nil, d.Source)
		var curImport int64
		var curBody, curSource []byte
		err := tx.QueryRow(`SELECT import_id, body, source FROM current_docs WHERE key = ?`, key).Scan(&curImport, &curBody, &curSource)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.Exec(`INSERT INTO current_docs (key, import_id, body, source) VALUES (?, ?, ?, ?)`, key, id, body, src)
		case err != nil:
		case bytes.Equal(curBody, body):
			_, err = tx.Exec(`INSERT INTO other_versions (key, import_id, body, source) VALUES (?, ?, ?, ?)`, key, id, body, src)
		default:
			if _, err = tx.Exec(`INSERT INTO other_versions (key, import_id, body, source) VALUES (?, ?, ?, ?)`, key, curImport, curBody, curSource); err == nil {
				_, err = tx.Exec(`UPDATE current_docs SET import_id = ?, body = ?, source = ? WHERE key = ?`, id, body, src, key)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// writeLayout2 writes import id's documents as versions 1 and 2 did: one
// column per field, the current document replaced only when a field
// changed.
func writeLayout2(t *testing.T, tx *sql.Tx, id int64, docs []invoice.Document) {
	t.Helper()
	const cols = "kind, number, client_key, client_name, client_id, issue_date, due_date, paid_date, " +
		"currency, amount, outstanding, has_outstanding, status, has_payment_info, source_file, source_sheet, source_row"
	for _, d := range docs {
		if _, err := tx.Exec(`INSERT INTO document_versions (import_id, key, `+cols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, oldKey(d), d.Kind.String(), d.Number, d.ClientKey, d.ClientName, d.ClientID, int64(d.IssueDate), int64(d.DueDate),
			int64(d.PaidDate), d.Currency, int64(d.Amount), int64(d.Outstanding), d.HasOutstanding, d.Status.String(),
			d.HasPaymentInfo, d.Source.File, d.Source.Sheet, d.Source.Row); err != nil {
			t.Fatal(err)
		}
	}
	set := strings.Split(cols, ", ")
	for i, c := range set {
		set[i] = c + " = excluded." + c
	}
	if _, err := tx.Exec(`INSERT INTO documents (key, import_id, `+cols+`)
		SELECT key, import_id, `+cols+` FROM document_versions WHERE import_id = ?
		ON CONFLICT (key) DO UPDATE SET import_id = excluded.import_id, `+strings.Join(set, ", ")+`
		WHERE NOT (`+sameBody("documents", "excluded")+`)`, id); err != nil {
		t.Fatal(err)
	}
}

// writeLayout3 writes import id's documents as version 3 did: both packed
// tables hold the body and source, and the current document is replaced
// only when its body changed.
func writeLayout3(t *testing.T, tx *sql.Tx, id int64, docs []invoice.Document) {
	t.Helper()
	var p packer
	for _, d := range docs {
		if _, err := tx.Exec(`INSERT INTO packed_versions (import_id, key, body, source) VALUES (?, ?, ?, ?)`,
			id, oldKey(d), p.body(nil, &d), p.source(nil, d.Source)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(`INSERT INTO packed_documents (key, import_id, body, source)
		SELECT key, import_id, body, source FROM packed_versions WHERE import_id = ?
		ON CONFLICT (key) DO UPDATE SET import_id = excluded.import_id, body = excluded.body, source = excluded.source
		WHERE packed_documents.body <> excluded.body`, id); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateKeepsVersions upgrades a version 2 ledger (one column per
// field), a version 3 one (two packed copies) and version 4 and 5 ones
// (current and other versions, keys without the client) holding two
// imports, and
// checks that the documents read back, compare equal to the same content
// imported after the upgrade, revert on removal, and still show every
// field to SQL.
func TestMigrateKeepsVersions(t *testing.T) {
	t.Parallel()
	for _, from := range []int{2, 3, 4, 5} {
		t.Run(fmt.Sprintf("from version %d", from), func(t *testing.T) { testMigrateKeepsVersions(t, from) })
	}
}

func testMigrateKeepsVersions(t *testing.T, from int) {
	ctx := context.Background()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "clientrisk.db")
	old, err := openAt(path, Options{}, ms, from)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Società Lunghissima ", 20) // 400 bytes: a two-byte JSONB size
	x := inv(`X "1"`, "quote\"back\\slash\nnew line\x00nul", d(2025, 1, 10), -12345, "jan.xlsx", 2)
	x.ClientID, x.PaidDate, x.Status = "IT\t01", d(2025, 2, 1), invoice.StatusPaid
	y := inv("Y-2", long, d(2025, 1, 11), 9_000_000_000_000, "jan.xlsx", 3)
	y.Outstanding, y.HasOutstanding = 4500, true
	z := inv("", "ооо ромашка", d(2025, 1, 12), 700, "jan.xlsx", 4) // no number: keyed by client, date, amount
	z.Kind, z.Currency, z.HasPaymentInfo = invoice.KindCreditNote, "", false
	importOldLayout(t, old, "jan.xlsx", []invoice.Document{x, y, z})

	xFeb, yFeb := x, y
	xFeb.Source = invoice.Source{File: "feb.xlsx", Sheet: "Invoices", Row: 7} // unchanged content
	yFeb.Source = invoice.Source{File: "feb.xlsx", Sheet: "Invoices", Row: 8}
	yFeb.PaidDate, yFeb.Status, yFeb.Outstanding = d(2025, 2, 20), invoice.StatusPaid, 0 // updated
	w := inv("W-4", "acme", d(2025, 2, 3), 100, "feb.xlsx", 9)                           // new
	importOldLayout(t, old, "feb.xlsx", []invoice.Document{xFeb, yFeb, w})
	old.Close()

	l, err := Open(path)
	if err != nil {
		t.Fatalf("open version %d: %v", from, err)
	}
	defer l.Close()
	check := func(step string, want []invoice.Document) {
		t.Helper()
		got, _, err := l.Documents(ctx)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		sort.Slice(want, func(i, j int) bool { return want[i].Key() < want[j].Key() })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: documents\n got %+v\nwant %+v", step, got, want)
		}
	}
	// x keeps January's version (February carried it unchanged), y is
	// February's, z January's, w February's.
	check("after upgrade", []invoice.Document{x, yFeb, z, w})

	recs, err := l.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var current []int
	for _, r := range recs {
		current = append(current, r.Current)
	}
	if want := []int{2, 2}; !reflect.DeepEqual(current, want) { // jan: x, z; feb: y, w
		t.Errorf("documents each import sets after upgrade: got %v, want %v", current, want)
	}

	// Every field through SQL, as the sqlite3 shell would see it.
	var number, clientKey, clientID, sheet string
	var amount, paid, row, hasOut int64
	if err := l.db.QueryRow(`SELECT number, client_key, client_id, amount, paid_date, has_outstanding, source_sheet, source_row
		FROM documents WHERE key = ?`, x.Key()).Scan(&number, &clientKey, &clientID, &amount, &paid, &hasOut, &sheet, &row); err != nil {
		t.Fatal(err)
	}
	if number != x.Number || clientKey != x.ClientKey || clientID != "IT\t01" || amount != -12345 ||
		paid != int64(d(2025, 2, 1)) || hasOut != 0 || sheet != "Invoices" || row != 2 {
		t.Errorf("x through SQL: got %q %q %q %d %d %d %q %d; want %q %q \"IT\\t01\" -12345 %d 0 \"Invoices\" 2",
			number, clientKey, clientID, amount, paid, hasOut, sheet, row, x.Number, x.ClientKey, int64(d(2025, 2, 1)))
	}

	// March repeats x (unchanged: its converted body must equal a fresh
	// one byte for byte) and changes z's status.
	xMar, zMar := x, z
	xMar.Source = invoice.Source{File: "mar.xlsx", Row: 2}
	zMar.Source = invoice.Source{File: "mar.xlsx", Row: 3}
	zMar.Status = invoice.StatusVoid
	c, err := l.Import(ctx, ImportFile{Name: "mar.xlsx", SHA256: "mar"}, []invoice.Document{xMar, zMar}, nil, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.New != 0 || c.Updated != 1 || c.Unchanged != 1 {
		t.Errorf("march after upgrade: got new %d, updated %d, unchanged %d; want 0, 1, 1", c.New, c.Updated, c.Unchanged)
	}
	check("after march", []invoice.Document{x, yFeb, zMar, w})

	// Removing January: x reverts to the newest remaining version
	// (March's), z is March's already; nothing disappears.
	reverted, removed, err := l.RemoveImport(ctx, recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if reverted != 1 || removed != 0 {
		t.Errorf("remove january: got %d reverted, %d removed; want 1, 0", reverted, removed)
	}
	check("after removing january", []invoice.Document{xMar, yFeb, zMar, w})
}

// TestMigrateSeparatesClients upgrades ledgers of every older version in
// which a second program's invoice "2" (another client, same year)
// overwrote the first program's, as the keys without the client made it
// do: after the upgrade both invoices are current again, each from its
// own import, and each program's re-export updates only its own.
func TestMigrateSeparatesClients(t *testing.T) {
	t.Parallel()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for from := 2; from <= 5; from++ {
		t.Run(fmt.Sprintf("from version %d", from), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "clientrisk.db")
			old, err := openAt(path, Options{}, ms, from)
			if err != nil {
				t.Fatal(err)
			}
			wave2 := inv("2", "globex", d(2021, 1, 4), 300000, "wave.csv", 2)
			wave5 := inv("5", "globex", d(2021, 2, 1), 45000, "wave.csv", 3)
			i2go2 := inv("2", "initech", d(2021, 6, 30), 12000, "invoice2go.csv", 2)
			importOldLayout(t, old, "wave.csv", []invoice.Document{wave2, wave5})
			importOldLayout(t, old, "invoice2go.csv", []invoice.Document{i2go2})
			table := map[int]string{2: "documents", 3: "packed_documents", 4: "current_docs", 5: "current_docs"}[from]
			var before int
			if err := old.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&before); err != nil {
				t.Fatal(err)
			}
			if before != 2 { // the collision this version had: wave's 2 overwritten
				t.Fatalf("version %d ledger holds %d current documents, want 2 (wave's invoice 2 overwritten)", from, before)
			}
			old.Close()

			l, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			got, _, err := l.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := []invoice.Document{wave2, wave5, i2go2}
			sort.Slice(want, func(i, j int) bool { return want[i].Key() < want[j].Key() })
			if !reflect.DeepEqual(got, want) {
				t.Errorf("documents after upgrade\n got %+v\nwant %+v", got, want)
			}
			recs, err := l.Imports(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 2 || recs[0].Current != 2 || recs[1].Current != 1 {
				t.Errorf("documents each import sets after upgrade: got %+v, want wave 2, invoice2go 1", recs)
			}
			// Wave's next export: its invoice 2 is paid. Invoice2go's
			// invoice 2 is not touched.
			paid := wave2
			paid.Status, paid.PaidDate, paid.Source = invoice.StatusPaid, d(2021, 2, 3), invoice.Source{File: "wave-mar.csv", Row: 2}
			c, err := l.Import(ctx, ImportFile{Name: "wave-mar.csv", SHA256: "wave-mar"}, []invoice.Document{paid}, nil, ReadCounts{}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if c.New != 0 || c.Updated != 1 || c.Unchanged != 0 {
				t.Errorf("wave's re-export: got new %d, updated %d, unchanged %d; want 0, 1, 0", c.New, c.Updated, c.Unchanged)
			}
			got, _, err = l.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want = []invoice.Document{paid, wave5, i2go2}
			sort.Slice(want, func(i, j int) bool { return want[i].Key() < want[j].Key() })
			if !reflect.DeepEqual(got, want) {
				t.Errorf("documents after wave's re-export\n got %+v\nwant %+v", got, want)
			}
		})
	}
}
