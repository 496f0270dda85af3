package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clientrisk/clientrisk/internal/mail"
	"github.com/clientrisk/clientrisk/internal/schedule"
	"github.com/clientrisk/clientrisk/internal/store"
)

// ManualRequest is `clientrisk report`: a ReportRequest (without Ledger,
// which ManualReport opens) and what to do with the ledger and the email.
type ManualRequest struct {
	ReportRequest
	NoLedger bool // make the report from Files alone, leave the ledger alone
	Email    bool // email the report once written (needs the ledger)
	Resend   bool // with Email: send to recipients who already have it
	// Getenv reads the SMTP password's environment variable.
	Getenv func(string) string
}

// ManualRun is a report made by hand, with the ledger and outbox it used
// still open for SendEmail; Close releases them.
type ManualRun struct {
	*ReportOutcome
	p      *Pipeline
	ledger *store.Ledger
	outbox *mail.Outbox // nil: no email asked for
	resend bool
}

// ManualReport makes the report a user asked for by hand. With the ledger
// it is recorded like the service's runs (`status` lists it, and the
// service counts the month as made, see Service.monthDone); with Email the
// outbox is built, and the password read, before the report is made, so
// that a wrong password file does not cost a long import first. The
// returned run is nil only when the error came before the report was
// tried; on ErrNothingRead it holds the reads.
func (p *Pipeline) ManualReport(ctx context.Context, req ManualRequest) (*ManualRun, error) {
	run := &ManualRun{p: p, resend: req.Resend}
	if !req.NoLedger {
		l, err := p.OpenLedger()
		if err != nil {
			return nil, err
		}
		run.ledger = l
		req.Ledger = l
		if req.Email {
			if run.outbox, err = p.Outbox(l, req.Getenv); err != nil {
				run.Close()
				return nil, err
			}
		}
	}
	var err error
	if run.ledger != nil {
		run.ReportOutcome, err = p.RecordedReport(ctx, req.ReportRequest, TriggerManual)
	} else {
		run.ReportOutcome, err = p.Report(ctx, req.ReportRequest)
	}
	return run, err
}

// Reads are the files read, also when the report failed.
func (r *ManualRun) Reads() []FileRead {
	if r == nil || r.ReportOutcome == nil {
		return nil
	}
	return r.ReportOutcome.Reads
}

// Close closes the ledger.
func (r *ManualRun) Close() {
	if r != nil && r.ledger != nil {
		r.ledger.Close()
	}
}

// EmailOutcome says what SendEmail did.
type EmailOutcome struct {
	// Queued: a serve is running on the ledger, so the mail was only
	// queued for it to send.
	Queued bool
	// Skipped are the recipients who already have this month's report.
	Skipped []string
	// Results are the attempts made at once (none when Queued).
	Results []mail.Result
}

// SendEmail delivers the report when Email was asked for (nothing, with a
// nil outcome, otherwise). One sender per ledger: while a serve runs (it
// holds the lock) the mail is only queued, and serve sends it; two
// processes flushing the same outbox could otherwise both send one
// message. Deliveries that fail stay in the outbox; the error then says
// how many.
func (r *ManualRun) SendEmail(ctx context.Context) (*EmailOutcome, error) {
	if r.outbox == nil {
		return nil, nil
	}
	out := &EmailOutcome{}
	release, err := schedule.AcquireLock(r.p.LockPath())
	var locked *schedule.LockedError
	if errors.As(err, &locked) {
		out.Queued = true
		out.Skipped, err = r.p.Queue(ctx, r.outbox, r.ReportOutcome, r.resend)
		return out, err
	}
	if err != nil {
		return out, err
	}
	defer release()
	out.Results, out.Skipped, err = r.p.Deliver(ctx, r.outbox, r.ReportOutcome, r.resend)
	if err != nil {
		return out, err
	}
	return out, undelivered(out.Results)
}

// undelivered words the failed deliveries of results, or returns nil: a
// refusal for good (5xx) is not retried and says what to do; a temporary
// failure stays in the outbox.
func undelivered(results []mail.Result) error {
	permanent, temporary := 0, 0
	for _, res := range results {
		var de *mail.DeliveryError
		switch {
		case res.Err == nil:
		case errors.As(res.Err, &de) && de.Permanent:
			permanent++
		default:
			temporary++
		}
	}
	if permanent+temporary == 0 {
		return nil
	}
	var parts []string
	if permanent > 0 {
		parts = append(parts, fmt.Sprintf("%d refused for good by the mail server and not retried (fix what it says, then 'report --email --resend')", permanent))
	}
	if temporary > 0 {
		parts = append(parts, fmt.Sprintf("%d stay in the outbox and are retried by 'clientrisk serve' or the next 'report --email'", temporary))
	}
	return fmt.Errorf("%d of %d emails not delivered: %s (see 'clientrisk status')", permanent+temporary, len(results), strings.Join(parts, "; "))
}
