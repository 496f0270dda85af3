package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/clientrisk/clientrisk/internal/dropfolder"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/mail"
	"github.com/clientrisk/clientrisk/internal/schedule"
	"github.com/clientrisk/clientrisk/internal/store"
	"github.com/jonboulle/clockwork"
)

// Triggers recorded with a report run.
const (
	TriggerManual = "manual"
	TriggerDrop   = "drop"
)

// RunMonth makes month's report from the ledger and records the run (start,
// outcome, outputs) in it. The scheduler and the drop folder come through
// here.
func (p *Pipeline) RunMonth(ctx context.Context, l *store.Ledger, month invoice.Month, trigger string) (*ReportOutcome, error) {
	return p.RecordedReport(ctx, ReportRequest{Month: month, Ledger: l}, trigger)
}

// RecordedReport is Report on req.Ledger (which must be set) with the run
// recorded in it: `clientrisk report` (trigger manual) and RunMonth.
func (p *Pipeline) RecordedReport(ctx context.Context, req ReportRequest, trigger string) (*ReportOutcome, error) {
	l, month := req.Ledger, req.Month
	if l == nil {
		return nil, errors.New("a recorded report needs the ledger")
	}
	run, err := l.StartRun(ctx, month.String(), trigger, p.Now())
	if err != nil {
		return nil, fmt.Errorf("record the start of the %s run: %w", month, err)
	}
	out, err := p.Report(ctx, req)
	status, outputs, msg := store.RunDone, []string(nil), ""
	if err != nil {
		status, msg = store.RunFailed, err.Error()
	}
	if out != nil {
		// Written also when every document was rejected (ErrNothingCounted).
		outputs = out.Paths()
	}
	// Record even when ctx was cancelled: the run's outcome must not be lost.
	if rerr := l.FinishRun(context.WithoutCancel(ctx), run.ID, status, outputs, msg, p.Now()); rerr != nil {
		return out, errors.Join(err, fmt.Errorf("record the end of the %s run: %w", month, rerr))
	}
	return out, err
}

// DropOptions turns the dropfolder section of the config into options.
func (p *Pipeline) DropOptions() dropfolder.Options {
	return dropfolder.Options{Settings: p.Config.DropFolder.Settings, Location: p.location()}
}

// ScheduleOptions turns the schedule section of the config into options.
func (p *Pipeline) ScheduleOptions() schedule.Options {
	return schedule.Options{Settings: p.Config.Schedule, Location: p.location()}
}

// LockPath is the file whose lock keeps a second `serve` off the ledger.
func (p *Pipeline) LockPath() string { return schedule.LockPath(p.Config.Ledger) }

// Service is `clientrisk serve`: the monthly schedule and the drop folder
// over one ledger.
type Service struct {
	P      *Pipeline
	Ledger *store.Ledger
	// Clock drives the schedule and the drop folder (nil: the real clock).
	Clock clockwork.Clock
	// ShutdownTimeout is how long a running step may go on after a signal.
	ShutdownTimeout time.Duration
	// Outbox, when set, emails the monthly report (and the drop folder's
	// with on_drop: report_and_email) and retries unsent mail while the
	// service runs.
	Outbox *mail.Outbox

	release func() error        // the ledger's lock, taken by OpenService
	sched   *schedule.Scheduler // set by Run, for afterDrop
}

// OpenService prepares `clientrisk serve`: it takes the ledger's lock (one
// serve per ledger), opens the ledger and, when email is on, the outbox.
// Close releases them.
func (p *Pipeline) OpenService(getenv func(string) string) (*Service, error) {
	// The lock file sits beside the ledger, so the ledger's folder must
	// exist before the lock is taken (OpenLedger would create it only
	// afterwards, and a first start would fail).
	if err := os.MkdirAll(filepath.Dir(p.Config.Ledger), 0o755); err != nil {
		return nil, fmt.Errorf("create the ledger's folder: %w", err)
	}
	release, err := schedule.AcquireLock(p.LockPath())
	if err != nil {
		return nil, err
	}
	s := &Service{P: p, release: release}
	if s.Ledger, err = p.OpenLedger(); err != nil {
		s.Close()
		return nil, err
	}
	// A damaged ledger stops serve before it imports or archives anything
	// into it (store.Ledger.Check).
	if err := s.Ledger.Check(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	p.Log.Info("clientrisk serve starting", "config", p.Config.Path, "ledger", s.Ledger.Path(),
		"inbox", p.Config.DropFolder.Inbox, "on_drop", p.Config.DropFolder.OnDrop)
	if !p.Config.Email.Enabled() {
		p.Log.Info("email is off (no email.host): reports are written, not sent")
		return s, nil
	}
	if s.Outbox, err = p.Outbox(s.Ledger, getenv); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the ledger and releases the lock OpenService took.
func (s *Service) Close() {
	if s.Ledger != nil {
		s.Ledger.Close()
	}
	if s.release != nil {
		s.release()
	}
}

// deliver emails a report the service made, when email is on.
func (s *Service) deliver(ctx context.Context, out *ReportOutcome) error {
	if s.Outbox == nil {
		return nil
	}
	_, _, err := s.P.Deliver(ctx, s.Outbox, out, false)
	return err
}

// importDropped is the drop folder's import step. A file that changed
// while it was read (a writer that paused longer than the settle time)
// has its import taken back and goes back to the inbox
// (dropfolder.ErrStillWriting); a busy ledger is temporary
// (dropfolder.ErrRetryLater): the file waits in processing/.
func (s *Service) importDropped(ctx context.Context, path string) (dropfolder.Outcome, error) {
	before, err := os.Stat(path)
	if err != nil {
		return dropfolder.Outcome{}, err
	}
	o := s.P.Import(ctx, s.Ledger, path)
	var out dropfolder.Outcome
	if o.Result != nil {
		out.Rows, out.Accepted, out.Rejected = o.Result.Rows, o.Result.Accepted, len(o.Result.Rejected)
		for _, e := range o.Result.Rejected {
			out.Details = append(out.Details, e.Error())
		}
	}
	if errors.Is(o.Err, store.ErrBusy) {
		return out, fmt.Errorf("%w: %w", dropfolder.ErrRetryLater, o.Err)
	}
	if o.Err != nil || o.Result == nil {
		return out, o.Err
	}
	after, err := os.Stat(path)
	if err == nil && after.Size() == o.Result.Size && after.Size() == before.Size() && after.ModTime().Equal(before.ModTime()) {
		return out, nil
	}
	// What was read is not the whole file: take the import back.
	if !o.Counts.AlreadyImported && o.Counts.ImportID != 0 {
		if _, _, rerr := s.Ledger.RemoveImport(context.WithoutCancel(ctx), o.Counts.ImportID); rerr != nil {
			return out, fmt.Errorf("%s changed while it was read, and its import %d cannot be taken back: %w", filepath.Base(path), o.Counts.ImportID, rerr)
		}
	}
	now := int64(-1)
	if err == nil {
		now = after.Size()
	}
	return out, fmt.Errorf("%w: %s changed while it was read (%d bytes read, %d now)", dropfolder.ErrStillWriting, filepath.Base(path), o.Result.Size, now)
}

// afterDrop makes the report of the last complete month once dropped files
// are in the ledger, when on_drop asks for it. The month is the one a
// manual `report` would make (the previous month): the month in progress
// has no as-of date yet, and its figures would change daily.
func (s *Service) afterDrop(ctx context.Context, imported []string) {
	// A month the schedule found nothing to report for (an empty ledger)
	// is made now that data has come, whatever on_drop says.
	var made []invoice.Month
	if s.sched != nil {
		made = s.sched.RunWaiting(ctx)
	}
	mode := s.P.Config.DropFolder.OnDrop
	if mode == "import" {
		return
	}
	month := s.P.DefaultMonth()
	if slices.Contains(made, month) {
		return // just made (and emailed, when email is on) by the schedule's run
	}
	if ok, err := s.hasDocuments(ctx); err == nil && !ok {
		s.P.Log.Info("no invoices in the ledger yet: the report waits for them", "month", month.String())
		return
	}
	names := make([]string, len(imported))
	for i, f := range imported {
		names[i] = filepath.Base(f)
	}
	s.P.Log.Info("new exports imported: making the report", "month", month.String(), "files", names)
	out, err := s.P.RunMonth(ctx, s.Ledger, month, TriggerDrop)
	if err != nil {
		s.P.Log.Error("report after drop failed", "month", month.String(), "err", err)
		return
	}
	if mode == "report_and_email" {
		if err := s.deliver(ctx, out); err != nil {
			s.P.Log.Error("delivery after drop failed", "month", month.String(), "err", err)
		}
	}
}

// hasDocuments reports whether the ledger holds any invoice or credit
// note (a live import that sets a document): with none (a new ledger, or
// only payments and customer lists so far) there is nothing to report,
// which is not a failed run.
func (s *Service) hasDocuments(ctx context.Context) (bool, error) {
	imps, err := s.Ledger.Imports(ctx)
	if err != nil {
		return false, err
	}
	for _, im := range imps {
		if im.Status == "done" && im.Current > 0 {
			return true, nil
		}
	}
	return false, nil
}

// monthDone tells the schedule whether month's monthly report is made.
// With email off, any completed run counts (the schedule's, the drop
// folder's or a hand-run `report`). With email on, the schedule's and
// catch-up's runs count; a report made by hand or for a dropped file
// counts only once the month was emailed too (`report --email`, or
// on_drop: report_and_email): otherwise a preview made by hand, or an
// export dropped between midnight and 07:00 on the 1st (a nightly sync),
// would mark the month done and the monthly email would never go. The
// outbox never sends one month twice to a recipient, so running again is
// safe.
func (s *Service) monthDone(ctx context.Context, month string) (bool, error) {
	if !s.P.Config.Email.Enabled() {
		return s.Ledger.MonthDone(ctx, month)
	}
	runs, err := s.Ledger.Runs(ctx, 0)
	if err != nil {
		return false, err
	}
	handMade := false
	for _, r := range runs {
		if r.Month != month || r.Status != store.RunDone {
			continue
		}
		if r.Trigger == schedule.TriggerSchedule || r.Trigger == schedule.TriggerCatchUp {
			return true, nil
		}
		handMade = true
	}
	if !handMade {
		return false, nil
	}
	// A report made by hand or for a dropped file counts once it was
	// emailed (or queued): `report` without --email, or on_drop: report,
	// leave the month's email to the job.
	return s.Ledger.MonthEmailed(ctx, month)
}

// Run starts the schedule (with catch-up) and the drop folder and blocks
// until ctx is cancelled; then it lets the current step finish up to
// ShutdownTimeout and returns nil on a clean stop.
func (s *Service) Run(ctx context.Context) error {
	p := s.P
	// Runs a crashed process left "running" are recorded as failed, so
	// that status shows what happened: a serve's own runs whatever their
	// host (serve holds the ledger's lock: the serve that ran them is
	// gone), others when their process is gone from this machine.
	left, err := s.Ledger.FailRunsLeftRunning(ctx, p.Now(), schedule.TriggerSchedule, schedule.TriggerCatchUp, TriggerDrop)
	if err == nil {
		var n int
		n, err = s.Ledger.FailInterruptedRuns(ctx, p.Now())
		left += n
	}
	if err != nil {
		p.Log.Warn("could not check for interrupted report runs", "err", err)
	} else if left > 0 {
		p.Log.Warn("report runs interrupted by a process that ended were recorded as failed", "runs", left)
	}
	sopts := p.ScheduleOptions()
	sopts.Clock = s.Clock
	sopts.Record = func(ctx context.Context, a schedule.Attempt) {
		if a.Err != nil {
			p.Log.Warn("scheduled report attempt failed", "month", a.Month.String(), "attempt", a.Number, "final", a.Final, "err", a.Err)
		}
	}
	run := func(ctx context.Context, m invoice.Month, trigger string) error {
		// A new service with no invoices yet has nothing to report: that
		// is not a failure to retry five times. The month stays due, and
		// is made once invoices come (Scheduler.RunWaiting).
		ok, err := s.hasDocuments(ctx)
		if err != nil {
			return err
		}
		if !ok {
			p.Log.Info("no invoices in the ledger yet: nothing to report", "month", m.String(), "inbox", p.Config.DropFolder.Inbox)
			return schedule.ErrNothingToReport
		}
		out, err := p.RunMonth(ctx, s.Ledger, m, trigger)
		if err != nil {
			return err
		}
		// A failed send is not a failed run: the report exists, and the
		// outbox retries the mail on its own schedule.
		if err := s.deliver(ctx, out); err != nil {
			p.Log.Warn("report made, email queued for retry", "month", m.String(), "err", err)
		}
		return nil
	}
	done := func(ctx context.Context, m invoice.Month) (bool, error) {
		return s.monthDone(ctx, m.String())
	}
	sched, err := schedule.New(sopts, run, done, p.Log)
	if err != nil {
		return err
	}
	s.sched = sched
	dopts := p.DropOptions()
	dopts.Clock = s.Clock
	watcher, err := dropfolder.New(dopts, s.importDropped, s.afterDrop, p.Log)
	if err != nil {
		return err
	}
	if err := sched.Start(ctx); err != nil {
		return err
	}
	outboxDone := make(chan error, 1)
	if s.Outbox != nil {
		go func() { outboxDone <- s.Outbox.Run(ctx) }()
	} else {
		outboxDone <- nil
	}
	werr := watcher.Run(ctx) // returns after ctx is cancelled and the current file is settled
	timeout := s.ShutdownTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	serr := sched.Stop(stopCtx)
	oerr := <-outboxDone
	p.Log.Info("clientrisk serve stopped")
	return errors.Join(werr, serr, oerr)
}
