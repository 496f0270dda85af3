package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// ImportFile says which file an import came from.
type ImportFile struct {
	Name, Path string
	Size       int64
	SHA256     string
}

// ImportCounts says what one Import did.
type ImportCounts struct {
	ImportID                                                   int64
	AlreadyImported                                            bool  // same sha256 seen before: nothing changed
	PreviousID                                                 int64 // when AlreadyImported
	New, Updated, Unchanged, Duplicates, Rejected, TimeEntries int
	Payments, Customers                                        int // payments and customers stored
}

// ImportRecord is one row of the imports history.
type ImportRecord struct {
	ID                                                         int64
	Name, Path, SHA256                                         string
	Size                                                       int64
	Started, Finished                                          time.Time
	Status                                                     string // done, removed
	New, Updated, Unchanged, Duplicates, Rejected, TimeEntries int
	Current                                                    int // documents it still sets
	Payments, Customers                                        int // payments and customers it brought
}

// ReadCounts are the reader's counts of a file, stored with its import:
// rows rejected, and rows dropped as identical to an earlier row of the
// file (which Import adds to the documents whose key repeats).
type ReadCounts struct {
	Rejected, Duplicates int
}

// Import stores one file's documents and time entries in one transaction,
// with the reader's counts. A file whose SHA-256 is already imported (and
// not removed) changes nothing.
//
// Choices the spec leaves open:
//   - A document's identity is invoice.Document.Key. Within one file the
//     first row of a key is kept; later rows with the same key count as
//     duplicates, whether or not their other fields match.
//   - Across files the newest import wins. "Unchanged" compares every
//     field except Source (the file name changes with every export); an
//     unchanged document is not rewritten, so it keeps the Source and the
//     import that brought its current content (ImportRecord.Current).
//   - A time entry is identified by (client key, date, seconds, ordinal
//     among equal entries of the same file): a re-export repeating an
//     entry does not count it twice; an entry whose hours were edited is a
//     different entry; identical time rows within one file are separate
//     entries, not duplicates.
//   - Started is the now given; Finished is now plus the measured duration.
func (l *Ledger) Import(ctx context.Context, f ImportFile, docs []invoice.Document, entries []invoice.TimeEntry, read ReadCounts, now time.Time) (ImportCounts, error) {
	return l.importAll(ctx, f, Contents{Documents: docs, TimeEntries: entries}, read, now)
}

func (l *Ledger) importAll(ctx context.Context, f ImportFile, contents Contents, read ReadCounts, now time.Time) (ImportCounts, error) {
	var docs DocList = Docs(contents.Documents)
	if contents.List != nil {
		docs = contents.List
	}
	entries := contents.TimeEntries
	began := time.Now()
	op := "import " + f.Name
	if f.SHA256 == "" {
		return ImportCounts{}, fmt.Errorf("%s: no sha256 given", op)
	}
	if err := l.writable(op); err != nil {
		return ImportCounts{}, err
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	defer tx.Rollback()

	var prev int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM imports WHERE sha256 = ? AND status = 'done' ORDER BY id LIMIT 1`, f.SHA256).Scan(&prev)
	switch {
	case err == nil:
		return ImportCounts{AlreadyImported: true, PreviousID: prev}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return ImportCounts{}, l.fail(op, err)
	}
	// Nothing is written into a damaged file (check.go).
	if err := l.quickCheck(ctx, op, tx); err != nil {
		return ImportCounts{}, err
	}

	res, err := tx.ExecContext(ctx, `INSERT INTO imports (name, path, size, sha256, started, finished, status) VALUES (?, ?, ?, ?, ?, '', 'done')`,
		f.Name, f.Path, f.Size, f.SHA256, formatTime(now))
	if err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	c := ImportCounts{ImportID: id, Rejected: read.Rejected, TimeEntries: len(entries)}

	order, dups, err := uniqueByKey(docs, workers(docs.DocumentCount()))
	if err != nil {
		return ImportCounts{}, fmt.Errorf("%s: %w", op, err)
	}
	c.Duplicates = read.Duplicates + dups
	if err := storeVersions(ctx, tx, id, docs, order, &c); err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	if err := insertTimeEntries(ctx, tx, id, entries); err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	if err := insertPayments(ctx, tx, id, contents.Payments); err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	custDups, err := insertCustomers(ctx, tx, id, contents.Customers)
	if err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	c.Payments, c.Customers = len(contents.Payments), len(contents.Customers)-custDups
	c.Duplicates += custDups
	finished := now.Add(time.Since(began))
	if _, err := tx.ExecContext(ctx, `UPDATE imports SET finished = ?, new_docs = ?, updated_docs = ?, unchanged_docs = ?,
		duplicates = ?, rejected = ?, time_entries = ? WHERE id = ?`,
		formatTime(finished), c.New, c.Updated, c.Unchanged, c.Duplicates, c.Rejected, c.TimeEntries, id); err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	// An import without payments or customers writes what version 6 wrote
	// (the upgrade tests write their version 6 ledgers with Import).
	if c.Payments > 0 || c.Customers > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET payments = ?, customers = ? WHERE id = ?`, c.Payments, c.Customers, id); err != nil {
			return ImportCounts{}, l.fail(op, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportCounts{}, l.fail(op, err)
	}
	return c, nil
}

// DocList is documents by index, 0 <= i < DocumentCount: a slice (Docs),
// or a file read in ingest's Stream mode (*ingest.FileResult), which makes
// each from its rows when asked. Document may be called from several
// goroutines at once.
type DocList interface {
	DocumentCount() int
	Document(i int) invoice.Document
}

// docCursors is a DocList that makes documents asked for in increasing
// order, by one goroutine, at less cost than Document (a file read in
// ingest's Stream mode whose rows were spilled to a temporary file reads
// them back a chunk at a time rather than a row at a time).
// DocumentCursor returns a Document for one goroutine's use.
type docCursors interface {
	DocumentCursor() func(i int) invoice.Document
}

// Docs is a slice as a DocList.
type Docs []invoice.Document

func (d Docs) DocumentCount() int              { return len(d) }
func (d Docs) Document(i int) invoice.Document { return d[i] }

// workers is how many goroutines share the Go side of an import (keys,
// sort, packing); SQLite itself runs on one.
func workers(n int) int {
	if n < 10_000 {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), 4)
}

// parallel runs f on the w parts of [0, n) (partBounds).
func parallel(n, w int, f func(part, lo, hi int)) {
	if w <= 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for p := range w {
		lo, hi := partBounds(p, n, w)
		wg.Go(func() { f(p, lo, hi) })
	}
	wg.Wait()
}

// partBounds is part p of [0, n) cut into w consecutive parts.
func partBounds(p, n, w int) (lo, hi int) {
	return int(int64(p) * int64(n) / int64(w)), int(int64(p+1) * int64(n) / int64(w))
}

// uniqueByKey returns the position in the list of the first row of each
// key, sorted by key so that the B-tree inserts that follow run in order,
// and counts the rows it leaves out. A kind or status the ledger could not
// read back is refused here rather than stored (the first such row in the
// file's order). Ties on the key sort by position, so the first row of a
// key comes first.
//
// The keys are not kept: a million of them are some 45 MB. Each row's key
// is made, in w parts (workers) at once, into a buffer of the part's and
// stands for itself as a 64-bit code that sorts as the key does as far as
// it goes (keyCode); only the rows whose codes tie have their keys made
// again (keySorter). That is 12 bytes a row, a code and a position, and
// the packer makes each batch's keys again from the documents it reads
// anyway (packDocuments).
func uniqueByKey(docs DocList, w int) ([]int32, int, error) {
	n := docs.DocumentCount()
	if n > math.MaxInt32 {
		return nil, 0, fmt.Errorf("%d documents in one file: more than an import takes (%d)", n, math.MaxInt32)
	}
	s := keySorter{docs: docs, pos: make([]int32, n), codes: make([]uint64, n)}
	for i := range s.pos {
		s.pos[i] = int32(i)
	}
	var sc keyScratch
	errs := make([]error, w) // each part's first refused document
	s.code(0, n, 0, w, errs, &sc)
	for _, err := range errs { // the first in the file's order
		if err != nil {
			return nil, 0, err
		}
	}
	kept := s.sortCoded(0, n, 0, w, &sc)
	return s.pos[:kept], n - kept, nil
}

// storable refuses a kind or status the ledger could not read back.
func storable(d *invoice.Document) error {
	if d.Kind > invoice.KindCreditNote {
		return fmt.Errorf("%s: unknown document kind %d", d.Source, d.Kind)
	}
	if _, err := invoice.ParseStatus(d.Status.String()); err != nil {
		return fmt.Errorf("%s: unknown document status %d", d.Source, d.Status)
	}
	return nil
}

// packedRow is a document row as stored.
type packedRow struct {
	importID     int64
	key          string
	body, source []byte
}

// packDocuments encodes the documents at positions order into rows,
// reusing rows, buf and keys. Their keys are made here, as uniqueByKey
// made them (AppendKey), into keys and then one string for the batch, cut
// into each row's: SQLite is given a string (a []byte would be stored as a
// blob), and this way a batch's keys are one allocation and live no longer
// than the batch.
func packDocuments(importID int64, list DocList, order []int32, rows []packedRow, buf, keys []byte) ([]packedRow, []byte, []byte) {
	var p packer
	rows, buf, keys = rows[:0], buf[:0], keys[:0]
	type span struct{ mid, end, keyEnd int }
	ends := make([]span, len(order))
	for i, pos := range order {
		d := list.Document(int(pos))
		keys = d.AppendKey(keys)
		ends[i].keyEnd = len(keys)
		buf = p.body(buf, &d)
		ends[i].mid = len(buf)
		buf = p.source(buf, d.Source)
		ends[i].end = len(buf)
	}
	keyText := string(keys)
	start, keyStart := 0, 0
	for _, e := range ends {
		rows = append(rows, packedRow{importID: importID, key: keyText[keyStart:e.keyEnd], body: buf[start:e.mid:e.mid], source: buf[e.mid:e.end:e.end]})
		start, keyStart = e.end, e.keyEnd
	}
	return rows, buf, keys
}

// packedBatch is one batch of packed rows and the buffer they point into.
type packedBatch struct {
	rows      []packedRow
	buf, keys []byte
}

// packedBatches packs the documents at positions order batch by batch on
// a goroutine of its own, so that the encoding of the next batch overlaps
// SQLite's work on this one (SQLite runs on one core) and only a few
// batches are ever in memory. A batch given back to done is reused; stop
// ends the packing early (and is harmless after the end).
func packedBatches(importID int64, list DocList, order []int32, size int) (batches <-chan *packedBatch, done func(*packedBatch), stop func()) {
	out := make(chan *packedBatch, 1)
	free := make(chan *packedBatch, 3)
	for range cap(free) {
		free <- &packedBatch{}
	}
	quit := make(chan struct{})
	go func() {
		defer close(out)
		for start := 0; start < len(order); start += size {
			var b *packedBatch
			select {
			case b = <-free:
			case <-quit:
				return
			}
			b.rows, b.buf, b.keys = packDocuments(importID, list, order[start:min(start+size, len(order))], b.rows, b.buf, b.keys)
			select {
			case out <- b:
			case <-quit:
				return
			}
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() { close(quit) })
		for range out {
		}
	}
	return out, func(b *packedBatch) { free <- b }, stop
}

// inserter inserts packed rows into one table (current_docs or
// other_versions; packed_versions or packed_documents in migration 3)
// with INSERT statements of many rows each, prepared once per
// transaction: one of rowBatch rows, and for what is left of a call one
// of each power of two below rowBatch that it needs.
//
// Many rows per statement matter beyond the number of executions: the
// ledger's foreign key on import_id makes SQLite keep a statement journal
// for a multi-row INSERT, a copy of every page the statement changes that
// existed before it (the right edge of the B-tree), and that copy is made
// once per statement. At 256 rows per statement it wrote about four
// times the ledger's size to a temporary file during a big import.
type inserter struct {
	tx            *sql.Tx
	table, suffix string // suffix ends the statement (an ON CONFLICT clause, or nothing)
	stmts         map[int]*sql.Stmt
	args          []any
}

// rowBatch rows go in one INSERT (4*rowBatch stays below SQLite's limit
// on bound parameters, 32766), and an import packs and compares its
// versions rowBatch at a time (one range scan of current_docs each).
const rowBatch = 4096

func newInserter(tx *sql.Tx, table, suffix string) *inserter {
	return &inserter{tx: tx, table: table, suffix: suffix, stmts: make(map[int]*sql.Stmt)}
}

// stmt returns the prepared INSERT of n rows.
func (in *inserter) stmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if s := in.stmts[n]; s != nil {
		return s, nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + in.table + " (import_id, key, body, source) VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?)")
	}
	b.WriteString(in.suffix)
	s, err := in.tx.PrepareContext(ctx, b.String())
	if err != nil {
		return nil, err
	}
	in.stmts[n] = s
	return s, nil
}

// insert inserts rows, in order.
func (in *inserter) insert(ctx context.Context, rows []packedRow) error {
	for len(rows) > 0 {
		n := rowBatch
		if len(rows) < n {
			n = 1 << (bits.Len(uint(len(rows))) - 1) // the largest power of two in len(rows)
		}
		stmt, err := in.stmt(ctx, n)
		if err != nil {
			return err
		}
		in.args = in.args[:0]
		for _, r := range rows[:n] {
			in.args = append(in.args, r.importID, r.key, r.body, r.source)
		}
		if _, err := stmt.ExecContext(ctx, in.args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// close closes the prepared statements.
func (in *inserter) close() {
	for _, s := range in.stmts {
		s.Close()
	}
}

// upsertCurrent makes an INSERT of current_docs replace the row of a key
// already there (an updated document).
const upsertCurrent = ` ON CONFLICT (key) DO UPDATE SET import_id = excluded.import_id, body = excluded.body, source = excluded.source`

// storeVersions files an import's versions (the documents at positions
// order: sorted by key, distinct) and counts them into c. Each is compared with the current
// version of its key, read back by key range in the same order:
//   - no current version: new, it becomes current;
//   - same body (the encoding is canonical: same fields, same bytes):
//     unchanged, it goes to other_versions and the current version keeps
//     its import and source (the monthly re-export repeats most of the
//     year, and this way the document still says where its content came
//     from);
//   - another body: updated, the current version moves to other_versions
//     and the new one takes its place.
func storeVersions(ctx context.Context, tx *sql.Tx, importID int64, list DocList, order []int32, c *ImportCounts) error {
	var hasDocs bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM current_docs)`).Scan(&hasDocs); err != nil {
		return err
	}
	var rng *sql.Stmt
	if hasDocs {
		var err error
		if rng, err = tx.PrepareContext(ctx, `SELECT key, import_id, body, source FROM current_docs WHERE key BETWEEN ? AND ? ORDER BY key`); err != nil {
			return err
		}
		defer rng.Close()
	}
	newDocs := newInserter(tx, "current_docs", "")
	defer newDocs.close()
	upsert := newInserter(tx, "current_docs", upsertCurrent)
	defer upsert.close()
	otherVersions := newInserter(tx, "other_versions", "")
	defer otherVersions.close()
	batches, done, stop := packedBatches(importID, list, order, rowBatch)
	defer stop()
	var current, others []packedRow
	for b := range batches {
		batch := b.rows
		if rng == nil {
			// The first import into a ledger: nothing to compare.
			c.New += len(batch)
			if err := newDocs.insert(ctx, batch); err != nil {
				return err
			}
			done(b)
			continue
		}
		current, others = current[:0], others[:0]
		if err := compareCurrent(ctx, rng, batch, &current, &others, c); err != nil {
			return err
		}
		if err := otherVersions.insert(ctx, others); err != nil {
			return err
		}
		if err := upsert.insert(ctx, current); err != nil {
			return err
		}
		done(b)
	}
	return nil
}

// compareCurrent sorts batch into the versions that become current and
// those that go to other_versions (see storeVersions).
func compareCurrent(ctx context.Context, rng *sql.Stmt, batch []packedRow, current, others *[]packedRow, c *ImportCounts) error {
	cur, err := rng.QueryContext(ctx, batch[0].key, batch[len(batch)-1].key)
	if err != nil {
		return err
	}
	defer cur.Close()
	i := 0
	for cur.Next() {
		var key, body, source sql.RawBytes
		var importID int64
		if err := cur.Scan(&key, &importID, &body, &source); err != nil {
			return err
		}
		// Incoming keys before this one have no current version.
		for i < len(batch) && batch[i].key < string(key) {
			*current = append(*current, batch[i])
			c.New++
			i++
		}
		if i == len(batch) || batch[i].key != string(key) {
			continue // a current document this import does not carry
		}
		if bytes.Equal(batch[i].body, body) {
			*others = append(*others, batch[i])
			c.Unchanged++
		} else {
			*others = append(*others, packedRow{importID: importID, key: batch[i].key,
				body: bytes.Clone(body), source: bytes.Clone(source)})
			*current = append(*current, batch[i])
			c.Updated++
		}
		i++
	}
	if err := cur.Err(); err != nil {
		return err
	}
	for ; i < len(batch); i++ {
		*current = append(*current, batch[i])
		c.New++
	}
	return nil
}

type entryIdentity struct {
	client  string
	date    invoice.Date
	seconds int64
}

func insertTimeEntries(ctx context.Context, tx *sql.Tx, importID int64, entries []invoice.TimeEntry) error {
	if len(entries) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO time_entries (import_id, client_key, entry_date, seconds, ordinal,
		client_name, source_file, source_sheet, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	ordinals := make(map[entryIdentity]int, len(entries))
	for _, e := range entries {
		id := entryIdentity{e.ClientKey, e.Date, e.Seconds}
		ord := ordinals[id]
		ordinals[id] = ord + 1
		if _, err := stmt.ExecContext(ctx, importID, e.ClientKey, int64(e.Date), e.Seconds, ord,
			e.ClientName, e.Source.File, e.Source.Sheet, e.Source.Row); err != nil {
			return err
		}
	}
	return nil
}

// Documents returns the current version of every document (ordered by
// key) and the current time entries (ordered by client, date, seconds),
// read from one consistent snapshot.
func (l *Ledger) Documents(ctx context.Context) ([]invoice.Document, []invoice.TimeEntry, error) {
	return l.readAll(ctx)
}

// Imports returns every import, oldest first, with how many documents
// each still sets (whose current content it brought).
func (l *Ledger) Imports(ctx context.Context) ([]ImportRecord, error) {
	const op = "list imports"
	rows, err := l.db.QueryContext(ctx, `SELECT i.id, i.name, i.path, i.sha256, i.size, i.started, i.finished, i.status,
		i.new_docs, i.updated_docs, i.unchanged_docs, i.duplicates, i.rejected, i.time_entries, coalesce(c.n, 0), i.payments, i.customers
		FROM imports i LEFT JOIN (SELECT import_id, count(*) AS n FROM current_docs GROUP BY import_id) c ON c.import_id = i.id
		ORDER BY i.id`)
	if err != nil {
		return nil, l.fail(op, err)
	}
	defer rows.Close()
	var out []ImportRecord
	for rows.Next() {
		var r ImportRecord
		var started, finished string
		if err := rows.Scan(&r.ID, &r.Name, &r.Path, &r.SHA256, &r.Size, &started, &finished, &r.Status,
			&r.New, &r.Updated, &r.Unchanged, &r.Duplicates, &r.Rejected, &r.TimeEntries, &r.Current, &r.Payments, &r.Customers); err != nil {
			return nil, l.fail(op, err)
		}
		if r.Started, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("%s: ledger %s, import %d: %w", op, l.path, r.ID, err)
		}
		if r.Finished, err = parseTime(finished); err != nil {
			return nil, fmt.Errorf("%s: ledger %s, import %d: %w", op, l.path, r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fail(op, err)
	}
	return out, nil
}

// ErrNoImport is wrapped when RemoveImport is given an id that is not a
// live import.
var ErrNoImport = errors.New("no such import")

// RemoveImport undoes an import: the documents it set revert to the
// newest remaining import's version (reverted) or disappear (removed), and
// its time entries go. The import stays in the history as "removed".
// A document it set that a later import carried unchanged is "reverted"
// to that later import's identical version.
func (l *Ledger) RemoveImport(ctx context.Context, id int64) (reverted, removed int, err error) {
	op := fmt.Sprintf("remove import %d", id)
	if err := l.writable(op); err != nil {
		return 0, 0, err
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, l.fail(op, err)
	}
	defer tx.Rollback()
	var status string
	err = tx.QueryRowContext(ctx, `SELECT status FROM imports WHERE id = ?`, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("%s: ledger %s has no import %d: %w (see the list of imports)", op, l.path, id, ErrNoImport)
	}
	if err != nil {
		return 0, 0, l.fail(op, err)
	}
	if status != "done" {
		return 0, 0, fmt.Errorf("%s: import %d was already removed: %w", op, id, ErrNoImport)
	}
	// Its other versions go first, so that the newest other version left
	// for a key is the one to put back.
	if _, err := tx.ExecContext(ctx, `DELETE FROM other_versions WHERE import_id = ?`, id); err != nil {
		return 0, 0, l.fail(op, err)
	}
	// The documents it set: put back the newest other version of each
	// (moved from other_versions to current_docs), or delete them.
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE reverting (key TEXT PRIMARY KEY, import_id INTEGER NOT NULL) WITHOUT ROWID`); err != nil {
		return 0, 0, l.fail(op, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO temp.reverting (key, import_id)
		SELECT c.key, (SELECT max(o.import_id) FROM other_versions o WHERE o.key = c.key) AS back
		FROM current_docs c WHERE c.import_id = ? AND back IS NOT NULL`, id)
	if err != nil {
		return 0, 0, l.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, 0, l.fail(op, err)
	}
	reverted = int(n)
	for _, q := range []string{
		`UPDATE current_docs SET (import_id, body, source) = (SELECT o.import_id, o.body, o.source FROM temp.reverting r
			JOIN other_versions o ON o.key = r.key AND o.import_id = r.import_id WHERE r.key = current_docs.key)
			WHERE key IN (SELECT key FROM temp.reverting)`,
		`DELETE FROM other_versions WHERE (key, import_id) IN (SELECT key, import_id FROM temp.reverting)`,
		`DROP TABLE temp.reverting`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, 0, l.fail(op, err)
		}
	}
	if res, err = tx.ExecContext(ctx, `DELETE FROM current_docs WHERE import_id = ?`, id); err != nil {
		return 0, 0, l.fail(op, err)
	}
	if n, err = res.RowsAffected(); err != nil {
		return 0, 0, l.fail(op, err)
	}
	removed = int(n)
	for _, table := range []string{"time_entries", "payments", "customers"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE import_id = ?`, id); err != nil {
			return 0, 0, l.fail(op, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE imports SET status = 'removed' WHERE id = ?`, id); err != nil {
		return 0, 0, l.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, l.fail(op, err)
	}
	return reverted, removed, nil
}
