package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// convertPackedDocuments is the Go step of migration 3: it packs every row
// of the version 2 tables (renamed *_2 by the script) into the new ones
// with the same encoder Import uses, so that a document imported again
// after the upgrade compares equal to its converted self, then drops the
// old tables.
func convertPackedDocuments(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []struct{ from, to string }{
		{"document_versions_2", "packed_versions"},
		{"documents_2", "packed_documents"},
	} {
		if err := convertTable(ctx, tx, t.from, t.to); err != nil {
			return fmt.Errorf("convert %s: %w", t.from, err)
		}
		if _, err := tx.ExecContext(ctx, "DROP TABLE "+t.from); err != nil {
			return err
		}
	}
	return nil
}

func convertTable(ctx context.Context, tx *sql.Tx, from, to string) error {
	rows, err := tx.QueryContext(ctx, `SELECT import_id, key, kind, number, client_key, client_name, client_id,
		issue_date, due_date, paid_date, currency, amount, outstanding, has_outstanding, status, has_payment_info,
		source_file, source_sheet, source_row FROM `+from)
	if err != nil {
		return err
	}
	defer rows.Close()
	var p packer
	var batch []packedRow
	ins := newInserter(tx, to, "")
	defer ins.close()
	flush := func() error {
		err := ins.insert(ctx, batch)
		batch = batch[:0]
		return err
	}
	for rows.Next() {
		var r packedRow
		var d invoice.Document
		var kind, status string
		var issue, due, paid, amount, outstanding int64
		if err := rows.Scan(&r.importID, &r.key, &kind, &d.Number, &d.ClientKey, &d.ClientName, &d.ClientID,
			&issue, &due, &paid, &d.Currency, &amount, &outstanding, &d.HasOutstanding, &status, &d.HasPaymentInfo,
			&d.Source.File, &d.Source.Sheet, &d.Source.Row); err != nil {
			return err
		}
		d.IssueDate, d.DueDate, d.PaidDate = invoice.Date(issue), invoice.Date(due), invoice.Date(paid)
		d.Amount, d.Outstanding = invoice.Money(amount), invoice.Money(outstanding)
		if d.Kind, err = invoice.ParseKind(kind); err != nil {
			return fmt.Errorf("document %s of import %d: %w", r.key, r.importID, err)
		}
		if d.Status, err = invoice.ParseStatus(status); err != nil {
			return fmt.Errorf("document %s of import %d: %w", r.key, r.importID, err)
		}
		r.body = p.body(nil, &d)
		r.source = p.source(nil, d.Source)
		batch = append(batch, r)
		if len(batch) == rowBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}
