package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/clientrisk/clientrisk/internal/backoff"
)

// Delivery statuses, equal to the ledger's strings.
const (
	// StatusPending: not tried yet, or failed temporarily and waiting for
	// NextAttempt.
	StatusPending = "pending"
	// StatusSending is written just before the SMTP transaction starts.
	StatusSending = "sending"
	StatusSent    = "sent"
	// StatusFailed: refused for good (5xx) or given up; LastError says why.
	StatusFailed = "failed"
)

// Record is one delivery of one month's report to one recipient. Its fields
// mirror the ledger's store.Delivery one for one, so the pipeline's adapter
// is a field-by-field copy.
type Record struct {
	ID          int64
	Month       string // yyyy-mm
	Recipient   string // bare address
	Status      string
	Attempts    int
	LastError   string
	MessageID   string // without angle brackets
	MessagePath string // the .eml in the outbox folder
	NextAttempt time.Time
	Created     time.Time
	Updated     time.Time
	Sent        time.Time
	// Generation numbers the deliveries of one month and recipient; the
	// Records implementation assigns it.
	Generation int
}

// Records stores the delivery records (the ledger in production).
type Records interface {
	// AddDelivery stores a new record and returns it with ID and
	// Generation set, or an error wrapping ErrExists when the latest
	// record for r.Month and r.Recipient has not failed.
	AddDelivery(ctx context.Context, r Record) (Record, error)
	// AddDeliveryForced stores a new record whatever exists (a resend).
	AddDeliveryForced(ctx context.Context, r Record) (Record, error)
	// UpdateDelivery stores r's state under r.ID.
	UpdateDelivery(ctx context.Context, r Record) error
	// Deliveries lists the records in any of statuses (all when none),
	// oldest first.
	Deliveries(ctx context.Context, statuses ...string) ([]Record, error)
	// ReplaceQueued stores r's MessageID, MessagePath, NextAttempt and
	// Updated under r.ID only if that record is still pending, in one
	// step; it reports whether it did.
	ReplaceQueued(ctx context.Context, r Record) (bool, error)
}

// ErrExists is wrapped by Records.AddDelivery when the month's report is
// already sent, or on its way, to the recipient. The ledger adapter wraps
// both: fmt.Errorf("%w: %w", mail.ErrExists, err) for store.ErrDeliveryExists.
var ErrExists = errors.New("this month's report is already sent or queued for this recipient")

// Result is the outcome of one delivery attempt made by Flush.
type Result struct {
	Record Record
	// Err is nil when the server accepted the message, else a
	// *DeliveryError (password redacted).
	Err error
}

// Outbox queues report emails on disk and in the delivery records, and
// sends them with retries. It is safe for concurrent use; Flush calls are
// serialised.
//
// Two processes flushing the same records at the same moment could both
// send a pending delivery: Records has no compare-and-swap. The service
// should be the only sender (the one-shot command may Enqueue and Flush
// when no service runs; the pipeline decides with the serve lock).
type Outbox struct {
	cfg      Config
	fromAddr string
	recs     Records
	now      func() time.Time
	log      *slog.Logger
	flushMu  sync.Mutex
	wake     chan struct{}
}

// NewOutbox checks cfg, creates the outbox folder and returns the outbox.
// now is the clock (time.Now when nil); log may be nil.
func NewOutbox(cfg Config, recs Records, now func() time.Time, log *slog.Logger) (*Outbox, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if recs == nil {
		return nil, fmt.Errorf("%w: no delivery records given", ErrConfig)
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if w := cfg.PasswordFileWarning(); w != "" {
		log.Warn(w)
	}
	// Records keep the .eml path: make it absolute so that a restart from
	// another working folder still finds the file.
	if cfg.OutboxDir, err = filepath.Abs(cfg.OutboxDir); err != nil {
		return nil, fmt.Errorf("outbox folder: %w", err)
	}
	if err := os.MkdirAll(cfg.OutboxDir, 0o700); err != nil {
		return nil, fmt.Errorf("create the outbox folder: %w", err)
	}
	from, _ := netmail.ParseAddress(cfg.From) // checked by withDefaults
	return &Outbox{
		cfg: cfg, fromAddr: from.Address, recs: recs, now: now, log: log,
		wake: make(chan struct{}, 1),
	}, nil
}

// Enqueue records one delivery per recipient of Config.To and writes its
// .eml file; it does not send (Flush or Run do). A recipient whose report
// for m.Month is already sent (or being sent) is skipped, unless resend:
// then a new delivery is made and a still-queued older one is marked
// failed as superseded, so that the recipient gets one more copy, not
// two. A delivery still queued (pending) gets the new message instead of
// its old one: a report remade with new data replaces the unsent copy.
//
// Each recipient gets its own message with its own Message-ID, made here
// and stored in the record; every attempt sends the same stored bytes, so
// a repeat carries the same Message-ID and mail clients that dedupe on it
// show one copy. The .eml files stay in the outbox after sending, as the
// record of exactly what was sent.
func (o *Outbox) Enqueue(ctx context.Context, m Message, resend bool) (queued []Record, skipped []string, err error) {
	subject, err := o.checkMessage(m)
	if err != nil {
		return nil, nil, fmt.Errorf("queue report email: %w", err)
	}
	files, err := o.readAttachments(m)
	if err != nil {
		return nil, nil, fmt.Errorf("queue report email: %w", err)
	}
	waiting, err := o.recs.Deliveries(ctx, StatusPending)
	if err != nil {
		return nil, nil, fmt.Errorf("queue report email for %s: list queued deliveries: %w", m.Month, err)
	}
	for _, to := range o.cfg.To {
		rec, err := o.enqueueOne(ctx, m, subject, to, files, resend)
		if errors.Is(err, ErrExists) {
			replaced, rerr := o.replaceQueued(ctx, rec, waiting)
			if rerr != nil {
				return queued, skipped, rerr
			}
			if replaced.ID != 0 {
				queued = append(queued, replaced)
				o.log.Info("queued report email replaced by the report made now", "month", m.Month, "recipient", replaced.Recipient,
					"message_id", replaced.MessageID, "generation", replaced.Generation)
				continue
			}
			skipped = append(skipped, rec.Recipient)
			o.log.Info("report already sent, not queued again", "month", m.Month, "recipient", rec.Recipient)
			continue
		}
		if err != nil {
			return queued, skipped, err
		}
		queued = append(queued, rec)
		o.log.Info("report email queued", "month", m.Month, "recipient", rec.Recipient,
			"message_id", rec.MessageID, "generation", rec.Generation)
		if !resend {
			continue
		}
		for _, w := range waiting {
			if w.Month != rec.Month || w.Recipient != rec.Recipient || w.ID == rec.ID {
				continue
			}
			w.Status = StatusFailed
			w.LastError = fmt.Sprintf("superseded by a resend (generation %d) before it was sent", rec.Generation)
			w.Updated = o.now()
			if err := o.recs.UpdateDelivery(ctx, w); err != nil {
				return queued, skipped, fmt.Errorf("queue report email for %s to %s: mark the older queued copy superseded: %w", m.Month, rec.Recipient, err)
			}
		}
	}
	if len(queued) > 0 {
		select {
		case o.wake <- struct{}{}:
		default:
		}
	}
	return queued, skipped, nil
}

// replaceQueued gives the pending delivery of rec's month and recipient
// (one of waiting) rec's new message, written by enqueueOne, and removes
// the old, never sent, .eml. It returns the zero Record, and removes the
// new file, when there is no pending delivery to replace (it was sent, or
// a sender took it meanwhile).
func (o *Outbox) replaceQueued(ctx context.Context, rec Record, waiting []Record) (Record, error) {
	var w Record
	for _, r := range waiting {
		if r.Month == rec.Month && r.Recipient == rec.Recipient {
			w = r
		}
	}
	ok := false
	if w.ID != 0 {
		old := w.MessagePath
		w.MessageID, w.MessagePath = rec.MessageID, rec.MessagePath
		w.Updated, w.NextAttempt = o.now(), o.now()
		var err error
		if ok, err = o.recs.ReplaceQueued(ctx, w); err != nil {
			_ = os.Remove(rec.MessagePath)
			return Record{}, fmt.Errorf("queue report email for %s to %s: replace the queued message: %w", rec.Month, rec.Recipient, err)
		}
		if ok && old != w.MessagePath {
			_ = os.Remove(old)
		}
	}
	if !ok {
		_ = os.Remove(rec.MessagePath)
		return Record{}, nil
	}
	return w, nil
}

func (o *Outbox) enqueueOne(ctx context.Context, m Message, subject, to string, files []attachment, resend bool) (Record, error) {
	addr, err := netmail.ParseAddress(to)
	if err != nil { // checked by withDefaults; kept for safety
		return Record{}, fmt.Errorf("queue report email for %s: recipient %q is not an email address", m.Month, to)
	}
	rec := Record{Month: m.Month, Recipient: addr.Address}
	op := fmt.Sprintf("queue report email for %s to %s", m.Month, rec.Recipient)
	id, token, err := newMessageID(m.Month, o.cfg.From)
	if err != nil {
		return rec, fmt.Errorf("%s: %w", op, err)
	}
	data, err := o.buildEML(m, subject, to, id, files)
	if err != nil {
		return rec, fmt.Errorf("%s: %w", op, err)
	}
	// The file is written before the record: a crash in between leaves an
	// unreferenced file, never a record pointing at nothing.
	path := filepath.Join(o.cfg.OutboxDir, m.Month+"-"+token+".eml")
	if err := writeFileAtomic(path, data); err != nil {
		return rec, fmt.Errorf("%s: write %s: %w", op, path, err)
	}
	now := o.now()
	rec.Status = StatusPending
	rec.MessageID = id
	rec.MessagePath = path
	rec.NextAttempt = now
	rec.Created = now
	rec.Updated = now
	add := o.recs.AddDelivery
	if resend {
		add = o.recs.AddDeliveryForced
	}
	stored, err := add(ctx, rec)
	if errors.Is(err, ErrExists) {
		// The file stays for replaceQueued, which removes it if unused.
		return rec, err
	}
	if err != nil {
		_ = os.Remove(path)
		return rec, fmt.Errorf("%s: record the delivery: %w", op, err)
	}
	return stored, nil
}

// Flush attempts every due delivery now: pending ones whose NextAttempt
// has come, and "sending" ones left by an interrupted process
// (takeOverInterrupted). Send failures are in the results, not in
// the error, which reports trouble with the records. When ctx is done no
// new attempt starts; one under way finishes (it is bounded by Timeout)
// and is recorded.
func (o *Outbox) Flush(ctx context.Context) ([]Result, error) {
	o.flushMu.Lock()
	defer o.flushMu.Unlock()
	recs, err := o.recs.Deliveries(ctx, StatusPending, StatusSending)
	if err != nil {
		return nil, fmt.Errorf("flush outbox: list deliveries: %w", err)
	}
	var results []Result
	var errs []error
	for _, r := range recs {
		if ctx.Err() != nil {
			break
		}
		now := o.now()
		switch r.Status {
		case StatusPending:
			if r.NextAttempt.After(now) {
				continue
			}
		case StatusSending:
			if now.Sub(r.Updated) < o.cfg.SendingStale {
				// Maybe another process is sending it right now.
				continue
			}
			var again bool
			if r, again, err = o.takeOverInterrupted(ctx, r); err != nil {
				errs = append(errs, err)
				continue
			}
			if !again {
				results = append(results, Result{Record: r, Err: &DeliveryError{Recipient: r.Recipient, Text: r.LastError}})
				continue
			}
		default:
			continue
		}
		res, err := o.attempt(ctx, r)
		if err != nil {
			errs = append(errs, err)
		}
		if res != nil {
			results = append(results, *res)
		}
	}
	return results, errors.Join(errs...)
}

// interruptedMark starts LastError of a delivery whose attempt was cut off
// with an unknown outcome; it is kept through later errors so that the
// record remembers that its one blind resend is used.
const interruptedMark = "[interrupted] "

func wasInterrupted(r Record) bool { return strings.HasPrefix(r.LastError, interruptedMark) }

// takeOverInterrupted handles a record found in "sending" for longer than
// SendingStale: its process died during the SMTP transaction. It reports
// whether to send it once more (first time) or, having marked it failed,
// not (the blind resend was already used).
//
// "sending" is written before the SMTP transaction and "sent" after, so
// such a record's outcome is unknown: the server may or may not have taken
// the message. It is sent once more, with the same Message-ID, and
// LastError starts with "[interrupted] " from then on; a second time, the
// delivery is marked failed and the user is told to check the mailbox and
// resend. This is the best SMTP allows: there is no way to ask a server
// whether it accepted a message, and a server that had not replied 250
// has not taken it. A younger "sending" record (SendingStale: default 10
// min, never under 2·Timeout) is left alone: another process may be
// sending it at that moment.
func (o *Outbox) takeOverInterrupted(ctx context.Context, r Record) (Record, bool, error) {
	since := r.Updated
	if wasInterrupted(r) {
		r.Status = StatusFailed
		r.LastError = interruptedMark + fmt.Sprintf("attempt %d (started %s) was interrupted too, after an earlier interrupted one; "+
			"not sending again to avoid duplicates: check whether %s received message %s and resend if not",
			r.Attempts, since.UTC().Format(time.RFC3339), r.Recipient, r.MessageID)
		r.Updated = o.now()
		o.log.Error("report email interrupted twice, given up", "month", r.Month, "recipient", r.Recipient,
			"message_id", r.MessageID, "attempt", r.Attempts)
		if err := o.recs.UpdateDelivery(ctx, r); err != nil {
			return r, false, fmt.Errorf("flush outbox: give up delivery of %s to %s: %w", r.Month, r.Recipient, err)
		}
		return r, false, nil
	}
	r.LastError = interruptedMark + fmt.Sprintf("attempt %d (started %s) was interrupted with an unknown outcome; sent once more with the same Message-ID",
		r.Attempts, since.UTC().Format(time.RFC3339))
	o.log.Warn("report email interrupted while sending, sending once more with the same message id",
		"month", r.Month, "recipient", r.Recipient, "message_id", r.MessageID, "attempt", r.Attempts)
	return r, true, nil
}

// attempt sends r once and records the outcome. The returned error is a
// records failure; a send failure is in the Result.
func (o *Outbox) attempt(ctx context.Context, r Record) (*Result, error) {
	op := fmt.Sprintf("deliver report %s to %s", r.Month, r.Recipient)
	data, err := os.ReadFile(r.MessagePath)
	if err != nil {
		r.Status = StatusFailed
		r.LastError = keepMark(r, fmt.Sprintf("the queued message %s cannot be read (%v): queue the report again", r.MessagePath, err))
		r.Updated = o.now()
		o.log.Error("queued report email lost", "month", r.Month, "recipient", r.Recipient, "file", r.MessagePath, "error", err)
		if err := o.recs.UpdateDelivery(ctx, r); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		return &Result{Record: r, Err: &DeliveryError{Recipient: r.Recipient, Text: r.LastError}}, nil
	}
	// "sending" is stored before the first byte goes out, so that a crash
	// during the transaction is seen at restart (takeOverInterrupted).
	r.Status = StatusSending
	r.Attempts++
	r.Updated = o.now()
	if err := o.recs.UpdateDelivery(ctx, r); err != nil {
		return nil, fmt.Errorf("%s: record the attempt before sending (nothing sent): %w", op, err)
	}
	o.log.Info("sending report email", "month", r.Month, "recipient", r.Recipient, "attempt", r.Attempts, "message_id", r.MessageID)
	// Recording the outcome must survive a shutdown that cancelled ctx:
	// losing "sent" here would cost a duplicate later.
	wctx := context.WithoutCancel(ctx)
	var recordErr error
	sendErr := o.send(ctx, r.Recipient, data, func() {
		// The server answered 250 to the final dot: "sent" is recorded
		// before QUIT (send), so that nothing after it can cause a resend.
		now := o.now()
		r.Status, r.Sent, r.Updated, r.NextAttempt = StatusSent, now, now, time.Time{}
		if wasInterrupted(r) {
			// Kept so the user knows why two copies may have arrived.
			r.LastError = interruptedMark + "an earlier attempt was interrupted with an unknown outcome; " +
				"if two copies arrived they share one Message-ID"
		} else {
			r.LastError = ""
		}
		if recordErr = o.recs.UpdateDelivery(wctx, r); recordErr != nil {
			o.log.Error("report email sent but not recorded; it stays in sending and will be sent once more after a restart",
				"month", r.Month, "recipient", r.Recipient, "message_id", r.MessageID, "error", recordErr)
		}
	})
	if sendErr == nil {
		o.log.Info("report email sent", "month", r.Month, "recipient", r.Recipient, "attempt", r.Attempts, "message_id", r.MessageID)
		if recordErr != nil {
			return &Result{Record: r}, fmt.Errorf("%s: record the outcome: %w", op, recordErr)
		}
		return &Result{Record: r}, nil
	}
	now := o.now()
	r.Updated = now
	var de *DeliveryError
	if errors.As(sendErr, &de) && de.Permanent {
		r.Status = StatusFailed
		r.NextAttempt = time.Time{}
		r.LastError = keepMark(r, de.Text)
		o.log.Error("report email refused, not retried", "month", r.Month, "recipient", r.Recipient, "attempt", r.Attempts, "error", de.Text)
	} else {
		r.Status = StatusPending
		r.NextAttempt = now.Add(o.backoff(r.Attempts))
		r.LastError = keepMark(r, sendErr.Error())
		o.log.Warn("report email not sent, will retry", "month", r.Month, "recipient", r.Recipient, "attempt", r.Attempts,
			"next_attempt", r.NextAttempt.Format(time.RFC3339), "error", sendErr.Error())
	}
	if err := o.recs.UpdateDelivery(wctx, r); err != nil {
		return &Result{Record: r, Err: sendErr}, fmt.Errorf("%s: record the outcome: %w", op, err)
	}
	return &Result{Record: r, Err: sendErr}, nil
}

// keepMark keeps the interrupted mark of r in a new error text.
func keepMark(r Record, text string) string {
	if wasInterrupted(r) {
		return interruptedMark + text
	}
	return text
}

// backoff is the wait after the n-th failed attempt: Retry.Initial
// doubled per further failure, capped at Retry.Max.
func (o *Outbox) backoff(n int) time.Duration {
	return backoff.Delay(o.cfg.Retry.Initial, o.cfg.Retry.Max, n)
}

// Run flushes at once, then every Poll and whenever Enqueue queued
// something, until ctx is done; it returns nil then. Trouble with the
// records is logged, not returned: a briefly locked ledger must not stop
// the service.
func (o *Outbox) Run(ctx context.Context) error {
	o.log.Info("outbox started", "folder", o.cfg.OutboxDir, "poll", o.cfg.Poll.String())
	ticker := time.NewTicker(o.cfg.Poll)
	defer ticker.Stop()
	for {
		if _, err := o.Flush(ctx); err != nil {
			o.log.Error("outbox flush failed", "error", err)
		}
		select {
		case <-ctx.Done():
			o.log.Info("outbox stopped")
			return nil
		case <-ticker.C:
		case <-o.wake:
		}
	}
}
