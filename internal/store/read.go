package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/clientrisk/clientrisk/internal/ahead"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// rawRow reads one row of driver values; database/sql's Scan costs a
// conversion per column that, over a million documents, is a good part of
// the read time.
type rawRow struct {
	vals []driver.Value
	err  error
}

func (r *rawRow) str(i int) string {
	switch v := r.vals[i].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case nil:
		return ""
	}
	r.setErr(i)
	return ""
}

func (r *rawRow) blob(i int) []byte {
	if v, ok := r.vals[i].([]byte); ok {
		return v
	}
	r.setErr(i)
	return nil
}

func (r *rawRow) int(i int) int64 {
	if v, ok := r.vals[i].(int64); ok {
		return v
	}
	r.setErr(i)
	return 0
}

func (r *rawRow) setErr(i int) {
	if r.err == nil {
		r.err = fmt.Errorf("column %d holds %T, not the type the ledger writes", i+1, r.vals[i])
	}
}

// readSnapshot runs f on a raw driver connection inside one read
// transaction, so documents and time entries come from the same state.
func (l *Ledger) readSnapshot(ctx context.Context, f func(q driver.QueryerContext) error) error {
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		q, qok := dc.(driver.QueryerContext)
		ex, eok := dc.(driver.ExecerContext)
		if !qok || !eok {
			return fmt.Errorf("sqlite driver connection %T cannot query", dc)
		}
		if _, err := ex.ExecContext(ctx, "BEGIN", nil); err != nil {
			return err
		}
		ferr := f(q)
		// A connection left inside a transaction must not go back to the
		// pool.
		if _, err := ex.ExecContext(context.Background(), "ROLLBACK", nil); err != nil {
			return errors.Join(ferr, err, driver.ErrBadConn)
		}
		return ferr
	})
}

func queryEach(ctx context.Context, q driver.QueryerContext, query string, each func(r *rawRow) error) error {
	rows, err := q.QueryContext(ctx, query, nil)
	if err != nil {
		return err
	}
	defer rows.Close()
	r := &rawRow{vals: make([]driver.Value, len(rows.Columns()))}
	for {
		if err := rows.Next(r.vals); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := each(r); err != nil {
			return err
		}
	}
}

// aheadBatch is how many rows queryAhead fetches at a time.
const aheadBatch = 512

// queryAhead is queryEach with SQLite on a goroutine of its own
// (ahead.Batches): it fetches the rows in batches while each runs on the
// batch before, so that
// decoding and the caller's work overlap SQLite's on a second core (a walk
// of the ledger is about half SQLite, half decoding and figures). The
// driver copies every value out of SQLite (a []byte of its own), so a
// fetched row stays valid until its batch is handed back. An error from
// each stops the fetching; the goroutine has ended when queryAhead
// returns, and a panic in it is raised again in the caller, after the
// rows fetched before it. each must
// not use q: the goroutine is using it.
func queryAhead(ctx context.Context, q driver.QueryerContext, query string, each func(r *rawRow) error) error {
	rows, err := q.QueryContext(ctx, query, nil)
	if err != nil {
		return err
	}
	defer rows.Close()
	type batch struct {
		rows [][]driver.Value
		n    int
		err  error // the fetch's error, after the rows before it
	}
	cols := len(rows.Columns())
	batches := ahead.Start(1, func(b *batch) (last bool) {
		if b.rows == nil {
			b.rows = make([][]driver.Value, aheadBatch)
			for i := range b.rows {
				b.rows[i] = make([]driver.Value, cols)
			}
		}
		b.n, b.err = 0, nil
		for b.n < len(b.rows) {
			if err := rows.Next(b.rows[b.n]); err != nil {
				if !errors.Is(err, io.EOF) {
					b.err = err
				}
				return true
			}
			b.n++
		}
		return false
	})
	defer batches.Close() // before rows.Close: the goroutine is using rows
	r := &rawRow{}
	for {
		b, last, panicked := batches.Next()
		for i := range b.n {
			r.vals, r.err = b.rows[i], nil
			if err := each(r); err != nil {
				return err
			}
		}
		if panicked != nil {
			panic(panicked)
		}
		if last {
			return b.err
		}
		batches.Free(b)
	}
}

// EachDocument calls fn with the current version of every document, in
// key order, read from one consistent snapshot: the documents Documents
// returns, in the same order, decoded one row at a time, so that memory
// does not grow with the ledger. The *invoice.Document given to fn is
// valid only during the call: the same value holds the next document
// afterwards, so fn copies what it keeps (a copy of the struct is enough;
// its strings are not reused). An error from fn stops the reading and is
// returned as it is.
func (l *Ledger) EachDocument(ctx context.Context, fn func(*invoice.Document) error) error {
	return l.View(ctx, func(v *View) error { return v.EachDocument(fn) })
}

// eachDocument decodes the current documents, in key order, into one
// value it passes to fn.
func eachDocument(ctx context.Context, q driver.QueryerContext, fn func(*invoice.Document) error) error {
	u := newUnpacker()
	var d invoice.Document
	return queryAhead(ctx, q, `SELECT body, source FROM current_docs ORDER BY key`, func(r *rawRow) error {
		body, source := r.blob(0), r.blob(1)
		if r.err != nil {
			return fmt.Errorf("document: %w", r.err)
		}
		if err := u.document(body, source, &d); err != nil {
			return err
		}
		return fn(&d)
	})
}

// View is one consistent snapshot of the ledger, open during the callback
// of Ledger.View: its documents can be walked any number of times, and
// its time entries, payments and customer lists are as of the same
// moment, whatever another process imports meanwhile.
type View struct {
	ctx context.Context
	q   driver.QueryerContext
}

// viewError marks a ledger error met inside a View, so that View words it
// as the ledger's (Ledger.fail) and not as the callback's own.
type viewError struct{ err error }

func (e viewError) Error() string { return e.err.Error() }
func (e viewError) Unwrap() error { return e.err }

func viewErr(err error) error {
	if err == nil {
		return nil
	}
	return viewError{err}
}

// View runs fn on one read snapshot of the ledger. fn's own errors come
// back as they are; the ledger's are worded as the other reads' are.
func (l *Ledger) View(ctx context.Context, fn func(v *View) error) error {
	var fnErr error
	err := l.readSnapshot(ctx, func(q driver.QueryerContext) error {
		fnErr = fn(&View{ctx: ctx, q: q})
		return fnErr
	})
	var ve viewError
	switch {
	case fnErr != nil && errors.As(fnErr, &ve):
		return l.fail("read the ledger", ve.err)
	case fnErr != nil:
		return fnErr
	case err != nil:
		return l.fail("read the ledger", err)
	}
	return nil
}

// EachDocument is Ledger.EachDocument within the view's snapshot.
func (v *View) EachDocument(fn func(*invoice.Document) error) error {
	var fnErr error
	err := eachDocument(v.ctx, v.q, func(d *invoice.Document) error {
		fnErr = fn(d)
		return fnErr
	})
	return walkErr(fnErr, err)
}

// walkErr is a walk's error: fn's own as it is, else the ledger's marked
// as such (viewErr).
func walkErr(fnErr, err error) error {
	if fnErr != nil {
		return fnErr
	}
	return viewErr(err)
}

// EachClient calls fn with the client key, id and name of every current
// document, in no particular order: read without decoding the rest of
// each row, it is several times cheaper than EachDocument. The strings are
// interned: a client's are the same strings on each of its documents.
func (v *View) EachClient(fn func(key, id, name string) error) error {
	u := newUnpacker()
	var fnErr error
	err := queryAhead(v.ctx, v.q, `SELECT body FROM current_docs`, func(r *rawRow) error {
		body := r.blob(0)
		if r.err != nil {
			return fmt.Errorf("document: %w", r.err)
		}
		if err := u.split(body, bodyFields); err != nil {
			return fmt.Errorf("document: %w", err)
		}
		var err error
		key, name, id := u.str(2, &err), u.str(3, &err), u.str(4, &err)
		if err != nil {
			return fmt.Errorf("document: %w", err)
		}
		fnErr = fn(key, id, name)
		return fnErr
	})
	return walkErr(fnErr, err)
}

// DocumentCount is how many current documents the view holds.
func (v *View) DocumentCount() (int, error) {
	n := 0
	err := queryEach(v.ctx, v.q, `SELECT count(*) FROM current_docs`, func(r *rawRow) error {
		n = int(r.int(0))
		return r.err
	})
	return n, viewErr(err)
}

// TimeEntries are the view's current time entries (as Documents gives them).
func (v *View) TimeEntries() ([]invoice.TimeEntry, error) {
	e, err := timeEntries(v.ctx, v.q)
	return e, viewErr(err)
}

// Payments are the view's current payments and customers (as
// Ledger.Payments gives them).
func (v *View) Payments() ([]invoice.Payment, []invoice.Customer, error) {
	p, c, err := paymentsAndCustomers(v.ctx, v.q)
	return p, c, viewErr(err)
}

func (l *Ledger) readAll(ctx context.Context) ([]invoice.Document, []invoice.TimeEntry, error) {
	var docs []invoice.Document
	var entries []invoice.TimeEntry
	err := l.readSnapshot(ctx, func(q driver.QueryerContext) error {
		if err := queryEach(ctx, q, `SELECT count(*) FROM current_docs`, func(r *rawRow) error {
			docs = make([]invoice.Document, 0, r.int(0))
			return r.err
		}); err != nil {
			return err
		}
		if err := eachDocument(ctx, q, func(d *invoice.Document) error {
			docs = append(docs, *d)
			return nil
		}); err != nil {
			return err
		}
		var err error
		entries, err = timeEntries(ctx, q)
		return err
	})
	if err != nil {
		return nil, nil, l.fail("read documents", err)
	}
	return docs, entries, nil
}

// timeEntries reads the current time entries. The bare columns come from
// the row holding max(import_id): the newest import's version of each
// entry.
func timeEntries(ctx context.Context, q driver.QueryerContext) ([]invoice.TimeEntry, error) {
	var entries []invoice.TimeEntry
	err := queryEach(ctx, q, `SELECT client_key, entry_date, seconds, client_name, source_file, source_sheet, source_row, max(import_id)
			FROM time_entries GROUP BY client_key, entry_date, seconds, ordinal ORDER BY client_key, entry_date, seconds, ordinal`,
		func(r *rawRow) error {
			e := invoice.TimeEntry{ClientKey: r.str(0), Date: invoice.Date(r.int(1)), Seconds: r.int(2), ClientName: r.str(3),
				Source: invoice.Source{File: r.str(4), Sheet: r.str(5), Row: int(r.int(6))}}
			if r.err != nil {
				return fmt.Errorf("time entry of %s: %w", e.Source, r.err)
			}
			entries = append(entries, e)
			return nil
		})
	return entries, err
}
