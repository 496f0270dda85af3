package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clientrisk/clientrisk/internal/mail"
)

// Delivery is the outbox's record of sending one month's report to one
// recipient: the mail package's own record, kept here as it is.
type Delivery = mail.Record

// Delivery statuses: mail's.
const (
	DeliveryPending = mail.StatusPending
	DeliverySending = mail.StatusSending
	DeliverySent    = mail.StatusSent
	DeliveryFailed  = mail.StatusFailed
)

var (
	// ErrDeliveryExists is returned by AddDelivery when the month's report
	// is already sent, or on its way, to the recipient.
	ErrDeliveryExists = errors.New("a delivery of this month's report to this recipient already exists")
	// ErrNoDelivery is wrapped by UpdateDelivery for an unknown id.
	ErrNoDelivery = errors.New("no such delivery")
)

// AddDelivery records a new delivery of d.Month to d.Recipient (status
// pending unless d says otherwise). It returns ErrDeliveryExists if the
// latest delivery for them has not failed, so a report is never sent twice
// unless asked (AddDeliveryForced).
func (l *Ledger) AddDelivery(ctx context.Context, d Delivery) (Delivery, error) {
	return l.addDelivery(ctx, d, false)
}

// AddDeliveryForced records a new delivery even when one exists: the
// user asked to send the report again.
func (l *Ledger) AddDeliveryForced(ctx context.Context, d Delivery) (Delivery, error) {
	return l.addDelivery(ctx, d, true)
}

func (l *Ledger) addDelivery(ctx context.Context, d Delivery, force bool) (Delivery, error) {
	op := fmt.Sprintf("add delivery of %s to %s", d.Month, d.Recipient)
	if d.Month == "" || d.Recipient == "" {
		return Delivery{}, fmt.Errorf("%s: month and recipient are required", op)
	}
	if err := l.writable(op); err != nil {
		return Delivery{}, err
	}
	if d.Status == "" {
		d.Status = DeliveryPending
	}
	if d.Created.IsZero() {
		return Delivery{}, fmt.Errorf("%s: no creation time given", op)
	}
	if d.Updated.IsZero() {
		d.Updated = d.Created
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return Delivery{}, l.fail(op, err)
	}
	defer tx.Rollback()
	var gen int
	var status string
	err = tx.QueryRowContext(ctx, `SELECT generation, status FROM deliveries WHERE month = ? AND recipient = ?
		ORDER BY generation DESC LIMIT 1`, d.Month, d.Recipient).Scan(&gen, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Delivery{}, l.fail(op, err)
	case status != DeliveryFailed && !force:
		return Delivery{}, fmt.Errorf("%s: %w (status %s)", op, ErrDeliveryExists, status)
	}
	d.Generation = gen + 1
	res, err := tx.ExecContext(ctx, `INSERT INTO deliveries (month, recipient, generation, status, attempts, last_error,
		message_id, message_path, next_attempt, created, updated, sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Month, d.Recipient, d.Generation, d.Status, d.Attempts, d.LastError, d.MessageID, d.MessagePath,
		formatTime(d.NextAttempt), formatTime(d.Created), formatTime(d.Updated), formatTime(d.Sent))
	if err != nil {
		return Delivery{}, l.fail(op, err)
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return Delivery{}, l.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return Delivery{}, l.fail(op, err)
	}
	return normalise(d), nil
}

// normalise gives d's times as they read back from the ledger (UTC).
func normalise(d Delivery) Delivery {
	for _, t := range []*time.Time{&d.NextAttempt, &d.Created, &d.Updated, &d.Sent} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	return d
}

// UpdateDelivery stores d's state (status, attempts, errors, ids, times)
// under d.ID; month, recipient and generation do not change.
func (l *Ledger) UpdateDelivery(ctx context.Context, d Delivery) error {
	op := fmt.Sprintf("update delivery %d of %s to %s", d.ID, d.Month, d.Recipient)
	if err := l.writable(op); err != nil {
		return err
	}
	res, err := l.db.ExecContext(ctx, `UPDATE deliveries SET status = ?, attempts = ?, last_error = ?, message_id = ?,
		message_path = ?, next_attempt = ?, updated = ?, sent = ? WHERE id = ?`,
		d.Status, d.Attempts, d.LastError, d.MessageID, d.MessagePath,
		formatTime(d.NextAttempt), formatTime(d.Updated), formatTime(d.Sent), d.ID)
	if err != nil {
		return l.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return l.fail(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: ledger %s: %w", op, l.path, ErrNoDelivery)
	}
	return nil
}

// ReplaceQueued gives a delivery that is still pending (no attempt under
// way, nothing sent) the message d names: d's MessageID, MessagePath,
// NextAttempt and Updated. It reports false, and changes nothing, when
// the delivery is no longer pending: a check and a write in one
// statement, so a sender that has just taken it keeps what it sends.
func (l *Ledger) ReplaceQueued(ctx context.Context, d Delivery) (bool, error) {
	op := fmt.Sprintf("replace queued delivery %d of %s to %s", d.ID, d.Month, d.Recipient)
	if err := l.writable(op); err != nil {
		return false, err
	}
	res, err := l.db.ExecContext(ctx, `UPDATE deliveries SET message_id = ?, message_path = ?, next_attempt = ?, updated = ?
		WHERE id = ? AND status = 'pending'`,
		d.MessageID, d.MessagePath, formatTime(d.NextAttempt), formatTime(d.Updated), d.ID)
	if err != nil {
		return false, l.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, l.fail(op, err)
	}
	return n == 1, nil
}

const deliveryCols = `id, month, recipient, generation, status, attempts, last_error, message_id, message_path,
	next_attempt, created, updated, sent`

// Delivery returns the latest delivery of month to recipient.
func (l *Ledger) Delivery(ctx context.Context, month, recipient string) (Delivery, bool, error) {
	op := fmt.Sprintf("read delivery of %s to %s", month, recipient)
	rows, err := l.db.QueryContext(ctx, `SELECT `+deliveryCols+` FROM deliveries WHERE month = ? AND recipient = ?
		ORDER BY generation DESC LIMIT 1`, month, recipient)
	if err != nil {
		return Delivery{}, false, l.fail(op, err)
	}
	ds, err := l.scanDeliveries(op, rows)
	if err != nil || len(ds) == 0 {
		return Delivery{}, false, err
	}
	return ds[0], true, nil
}

// Deliveries returns the deliveries in any of statuses (all when none
// given), oldest first.
func (l *Ledger) Deliveries(ctx context.Context, statuses ...string) ([]Delivery, error) {
	const op = "list deliveries"
	q := `SELECT ` + deliveryCols + ` FROM deliveries`
	args := make([]any, len(statuses))
	if len(statuses) > 0 {
		q += ` WHERE status IN (?` + strings.Repeat(",?", len(statuses)-1) + `)`
		for i, s := range statuses {
			args[i] = s
		}
	}
	rows, err := l.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, l.fail(op, err)
	}
	return l.scanDeliveries(op, rows)
}

func (l *Ledger) scanDeliveries(op string, rows *sql.Rows) ([]Delivery, error) {
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var next, created, updated, sent string
		if err := rows.Scan(&d.ID, &d.Month, &d.Recipient, &d.Generation, &d.Status, &d.Attempts, &d.LastError,
			&d.MessageID, &d.MessagePath, &next, &created, &updated, &sent); err != nil {
			return nil, l.fail(op, err)
		}
		var err error
		for _, p := range []struct {
			s string
			t *time.Time
		}{{next, &d.NextAttempt}, {created, &d.Created}, {updated, &d.Updated}, {sent, &d.Sent}} {
			if *p.t, err = parseTime(p.s); err != nil {
				return nil, fmt.Errorf("%s: delivery %d: %w", op, d.ID, err)
			}
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fail(op, err)
	}
	return out, nil
}

// MonthEmailed reports whether any delivery of month's report was
// recorded, whatever its state (queued, sent, or given up).
func (l *Ledger) MonthEmailed(ctx context.Context, month string) (bool, error) {
	return l.exists(ctx, "check deliveries of "+month, `SELECT 1 FROM deliveries WHERE month = ? LIMIT 1`, month)
}
