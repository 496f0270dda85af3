package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Contents is what one file gave: documents, time entries, payments and
// customers (any of them may be empty).
type Contents struct {
	Documents []invoice.Document
	// List, when set, gives the documents instead of Documents: a file
	// read in ingest's Stream mode makes each from its rows when asked,
	// so the import never holds them all.
	List        DocList
	TimeEntries []invoice.TimeEntry
	Payments    []invoice.Payment
	Customers   []invoice.Customer
}

// ImportContents is Import for a file that may also hold payments or a
// customer list (migrations/0007). Payments are kept like time entries:
// identified by (invoice number lower-cased, client key, date, amount,
// currency, ordinal among equal payments of the file), so a re-export
// does not count them twice and the newest import's row is read. A
// customer is its client key: within a file the first row wins (later
// ones count as duplicates), across files the newest import.
func (l *Ledger) ImportContents(ctx context.Context, f ImportFile, c Contents, read ReadCounts, now time.Time) (ImportCounts, error) {
	return l.importAll(ctx, f, c, read, now)
}

type payIdentity struct {
	number, client, currency string
	date                     invoice.Date
	amount                   invoice.Money
}

func insertPayments(ctx context.Context, tx *sql.Tx, importID int64, pays []invoice.Payment) error {
	if len(pays) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO payments (import_id, number_key, client_key, pay_date, amount, currency, ordinal,
		number, client_name, client_id, source_file, source_sheet, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	ordinals := make(map[payIdentity]int, len(pays))
	for _, p := range pays {
		id := payIdentity{strings.ToLower(strings.TrimSpace(p.Number)), p.ClientKey, strings.ToUpper(p.Currency), p.Date, p.Amount}
		ord := ordinals[id]
		ordinals[id] = ord + 1
		if _, err := stmt.ExecContext(ctx, importID, id.number, id.client, int64(id.date), int64(id.amount), id.currency, ord,
			p.Number, p.ClientName, p.ClientID, p.Source.File, p.Source.Sheet, p.Source.Row); err != nil {
			return err
		}
	}
	return nil
}

// insertCustomers stores a file's customers, the first row of a client
// key winning; it returns how many rows repeated a key.
func insertCustomers(ctx context.Context, tx *sql.Tx, importID int64, custs []invoice.Customer) (dups int, err error) {
	if len(custs) == 0 {
		return 0, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO customers (import_id, client_key, client_id, name, terms_days, email, category,
		source_file, source_sheet, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	seen := make(map[string]bool, len(custs))
	for _, c := range custs {
		if seen[c.ClientKey] {
			dups++
			continue
		}
		seen[c.ClientKey] = true
		var terms any
		if c.HasTerms {
			terms = int64(c.TermsDays)
		}
		if _, err := stmt.ExecContext(ctx, importID, c.ClientKey, c.ClientID, c.Name, terms, c.Email, c.Category,
			c.Source.File, c.Source.Sheet, c.Source.Row); err != nil {
			return 0, err
		}
	}
	return dups, nil
}

// Payments returns the current payments (the newest import's row of each
// identity) and customers (the newest import's row of each client key),
// ordered by their identity, from one snapshot.
func (l *Ledger) Payments(ctx context.Context) ([]invoice.Payment, []invoice.Customer, error) {
	var pays []invoice.Payment
	var custs []invoice.Customer
	err := l.readSnapshot(ctx, func(q driver.QueryerContext) error {
		var err error
		pays, custs, err = paymentsAndCustomers(ctx, q)
		return err
	})
	if err != nil {
		return nil, nil, l.fail("read payments", err)
	}
	return pays, custs, nil
}

// paymentsAndCustomers reads the current payments and customers.
func paymentsAndCustomers(ctx context.Context, q driver.QueryerContext) ([]invoice.Payment, []invoice.Customer, error) {
	var pays []invoice.Payment
	var custs []invoice.Customer
	err := queryEach(ctx, q, `SELECT number, client_key, client_name, client_id, pay_date, amount, currency,
			source_file, source_sheet, source_row, max(import_id)
			FROM payments GROUP BY number_key, client_key, pay_date, amount, currency, ordinal
			ORDER BY number_key, client_key, pay_date, amount, currency, ordinal`,
		func(r *rawRow) error {
			p := invoice.Payment{Number: r.str(0), ClientKey: r.str(1), ClientName: r.str(2), ClientID: r.str(3),
				Date: invoice.Date(r.int(4)), Amount: invoice.Money(r.int(5)), Currency: r.str(6),
				Source: invoice.Source{File: r.str(7), Sheet: r.str(8), Row: int(r.int(9))}}
			if r.err != nil {
				return fmt.Errorf("payment of %s: %w", p.Source, r.err)
			}
			pays = append(pays, p)
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	err = queryEach(ctx, q, `SELECT client_key, client_id, name, coalesce(terms_days, -1), email, category,
			source_file, source_sheet, source_row, max(import_id)
			FROM customers GROUP BY client_key ORDER BY client_key`,
		func(r *rawRow) error {
			c := invoice.Customer{ClientKey: r.str(0), ClientID: r.str(1), Name: r.str(2), Email: r.str(4), Category: r.str(5),
				Source: invoice.Source{File: r.str(6), Sheet: r.str(7), Row: int(r.int(8))}}
			if t := r.int(3); t >= 0 {
				c.TermsDays, c.HasTerms = int(t), true
			}
			if r.err != nil {
				return fmt.Errorf("customer of %s: %w", c.Source, r.err)
			}
			custs = append(custs, c)
			return nil
		})
	return pays, custs, err
}
