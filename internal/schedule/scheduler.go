package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/clientrisk/clientrisk/internal/backoff"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
)

// Triggers passed to a RunFunc, saying why a run happens.
const (
	TriggerSchedule = "schedule" // the cron expression fired
	TriggerCatchUp  = "catch-up" // a run missed while the service was down
)

// DefaultCatchUpMonths is how far back Start looks for missed runs.
const DefaultCatchUpMonths = 12

// Backoff says how a failed run is retried: the wait after the n-th
// failed attempt is Initial·2^(n-1), capped at Max, and at most Attempts
// attempts are made in all (the first one included). Zero fields take
// the defaults 1m, 1h and 5 attempts, so a month that keeps failing is
// tried for about a quarter of an hour (1+2+4+8 minutes) and then left
// for the next start, where catch-up picks it up again.
type Backoff struct {
	Initial  time.Duration
	Max      time.Duration
	Attempts int
}

func (b Backoff) withDefaults() Backoff {
	if b.Initial == 0 {
		b.Initial = time.Minute
	}
	if b.Max == 0 {
		b.Max = time.Hour
	}
	if b.Max < b.Initial {
		b.Max = b.Initial
	}
	if b.Attempts == 0 {
		b.Attempts = 5
	}
	return b
}

// delay is the wait after the attempt-th failed attempt (1-based).
func (b Backoff) delay(attempt int) time.Duration {
	return backoff.Delay(b.Initial, b.Max, attempt)
}

// Settings is the schedule section of the config file, whose keys the
// yaml tags name (the config checks cron with CheckCron).
type Settings struct {
	Cron    string `yaml:"cron"`     // 5 fields, no seconds, read in Options.Location
	CatchUp bool   `yaml:"catch_up"` // run months missed while the service was down
}

// DefaultSettings are the schedule settings the config file starts from.
func DefaultSettings() Settings { return Settings{Cron: DefaultCron, CatchUp: true} }

// Options configure a Scheduler. The zero value of every field has a
// meaning: DefaultCron, time.Local, no catch-up, DefaultCatchUpMonths,
// the real clock, Backoff's defaults, no recording.
type Options struct {
	Settings
	Location      *time.Location // the config's time zone
	CatchUpMonths int            // how far back to look for missed runs
	Clock         clockwork.Clock
	Retry         Backoff
	Record        RecordFunc // told about every attempt, for the ledger
}

// RunFunc makes the report for month. trigger is TriggerSchedule or
// TriggerCatchUp. It must return soon after ctx is cancelled: that is how
// Stop abandons a run at shutdown.
type RunFunc func(ctx context.Context, month invoice.Month, trigger string) error

// DoneFunc tells whether month already has a completed run in the ledger.
// It is asked before every attempt, scheduled or caught up, so a month is
// never made twice even if `clientrisk report` made it by hand.
type DoneFunc func(ctx context.Context, month invoice.Month) (bool, error)

// Attempt is one try at a month's report, as handed to a RecordFunc.
// Final is true when no further attempt follows (success, retries used
// up, or shutdown); Err is nil on success.
type Attempt struct {
	Month    invoice.Month
	Trigger  string
	Number   int // 1 for the first try
	Started  time.Time
	Finished time.Time
	Err      error
	Final    bool
}

// RecordFunc records an attempt (the pipeline writes it to the ledger).
type RecordFunc func(ctx context.Context, a Attempt)

// Scheduler runs the monthly report job. All runs, scheduled or caught
// up, go through one slot, so a run never overlaps another.
type Scheduler struct {
	opts   Options
	retry  Backoff
	clock  clockwork.Clock
	loc    *time.Location
	cron   gocron.Cron
	run    RunFunc
	done   DoneFunc
	log    *slog.Logger
	slot   chan struct{} // capacity 1: holding it means running
	caught chan struct{} // closed when the catch-up pass is over
	halt   chan struct{} // closed when Stop begins

	mu         sync.Mutex
	started    bool
	stopping   bool
	gs         gocron.Scheduler
	job        gocron.Job
	runCtx     context.Context
	cancelRuns context.CancelFunc
	inflight   sync.WaitGroup
	// waiting are the months whose run found nothing to report
	// (ErrNothingToReport): still due, made by RunWaiting once data came.
	waiting map[invoice.Month]bool
}

// ErrNothingToReport is returned (or wrapped) by a RunFunc that has no
// data to make a report from yet (nothing imported). Such a month is not
// a failure to retry, nor made: it stays due, and RunWaiting makes it
// once data has arrived.
var ErrNothingToReport = errors.New("nothing to report yet")

// New checks the options and returns a Scheduler that is not yet started.
func New(opts Options, run RunFunc, done DoneFunc, log *slog.Logger) (*Scheduler, error) {
	if run == nil || done == nil {
		return nil, errors.New("schedule: a run function and a done function are both required")
	}
	if opts.Cron == "" {
		opts.Cron = DefaultCron
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.CatchUpMonths < 0 {
		return nil, fmt.Errorf("schedule: catch-up months must not be negative, got %d", opts.CatchUpMonths)
	}
	if opts.CatchUpMonths == 0 {
		opts.CatchUpMonths = DefaultCatchUpMonths
	}
	if opts.Retry.Initial < 0 || opts.Retry.Max < 0 || opts.Retry.Attempts < 0 {
		return nil, fmt.Errorf("schedule: retry back-off must not be negative (initial %s, max %s, attempts %d)",
			opts.Retry.Initial, opts.Retry.Max, opts.Retry.Attempts)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c, err := parseCron(opts.Cron, opts.Location, opts.Clock.Now().In(opts.Location))
	if err != nil {
		return nil, err
	}
	return &Scheduler{
		opts:   opts,
		retry:  opts.Retry.withDefaults(),
		clock:  opts.Clock,
		loc:    opts.Location,
		cron:   c,
		run:    run,
		done:   done,
		log:    log,
		slot:   make(chan struct{}, 1),
		caught: make(chan struct{}),
		halt:   make(chan struct{}),
	}, nil
}

// Start looks for missed months (when CatchUp is set), starts running
// them in the background oldest first, and schedules the cron job. It
// returns once the job is scheduled; CaughtUp tells when the catch-up
// pass is over. A scheduled run that falls due during the catch-up waits
// for it.
//
// Which months are caught up: the scheduled times in the last
// CatchUpMonths months up to now are mapped to their report months;
// walking back from the newest, every month with no completed run is
// taken until one with a completed run is met. Months before that are
// never revisited (they are the user's business, `clientrisk report
// --month`). If no month in the window has a completed run (a new
// ledger), only the newest is made: starting the service for the first
// time should send one report, not a year of them.
//
// ctx bounds Start itself (the ledger queries); runs get a context that
// lives until Stop.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("schedule: scheduler already started")
	}

	var missed []invoice.Month
	if s.opts.CatchUp {
		var err error
		missed, err = s.missedMonths(ctx, s.clock.Now().In(s.loc))
		if err != nil {
			return err
		}
	}

	gs, err := gocron.NewScheduler(
		gocron.WithClock(s.clock),
		gocron.WithLocation(s.loc),
		gocron.WithLimitConcurrentJobs(1, gocron.LimitModeReschedule),
	)
	if err != nil {
		return fmt.Errorf("schedule: create scheduler: %w", err)
	}
	job, err := gs.NewJob(
		gocron.CronJob(s.opts.Cron, false),
		gocron.NewTask(s.fire),
		gocron.WithName("monthly report"),
		gocron.WithSingletonMode(gocron.LimitModeReschedule),
	)
	if err != nil {
		_ = gs.Shutdown()
		return fmt.Errorf("schedule: add job for cron %q: %w", s.opts.Cron, err)
	}

	s.runCtx, s.cancelRuns = context.WithCancel(context.WithoutCancel(ctx))
	s.gs, s.job, s.started = gs, job, true

	// The slot is taken here, before the scheduler starts, so that no
	// scheduled run can slip in ahead of the catch-up.
	s.slot <- struct{}{}
	s.inflight.Add(1)
	go s.catchUp(missed)

	gs.Start()
	next, _ := s.nextRunLocked()
	s.log.Info("report schedule started", "cron", s.opts.Cron, "timezone", s.loc.String(),
		"next_run", next.Format(time.RFC3339), "catch_up_months", len(missed))
	return nil
}

// CaughtUp is closed when the catch-up pass started by Start is over
// (at once when there was nothing to catch up).
func (s *Scheduler) CaughtUp() <-chan struct{} { return s.caught }

// NextRun is the next time the job fires.
func (s *Scheduler) NextRun() (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextRunLocked()
}

func (s *Scheduler) nextRunLocked() (time.Time, error) {
	if s.job != nil {
		if t, err := s.job.NextRun(); err == nil && !t.IsZero() {
			return t.In(s.loc), nil
		}
	}
	// Before Start (or after Stop) gocron has no timer; the cron still
	// says when the next run would be.
	t := next(s.cron, s.clock.Now().In(s.loc))
	if t.IsZero() {
		return time.Time{}, fmt.Errorf("schedule: cron %q has no next run", s.opts.Cron)
	}
	return t, nil
}

// Stop stops scheduling, waits for a run in progress until ctx is done,
// then cancels that run's context and waits for it to return. It reports
// ctx's error when a run had to be abandoned: that month has no completed
// run and will be caught up at the next start.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.started || s.stopping {
		s.mu.Unlock()
		return nil
	}
	s.stopping = true
	close(s.halt)
	s.mu.Unlock()

	idle := make(chan struct{})
	go func() { s.inflight.Wait(); close(idle) }()
	var err error
	select {
	case <-idle:
	case <-ctx.Done():
		s.log.Warn("report run still going at shutdown; abandoning it")
		s.cancelRuns()
		<-idle
		err = fmt.Errorf("schedule: stop: running report abandoned: %w", ctx.Err())
	}
	s.cancelRuns()
	// Nothing of ours is running now, so gocron's shutdown does not wait.
	if e := s.gs.Shutdown(); e != nil && err == nil {
		err = fmt.Errorf("schedule: stop: %w", e)
	}
	s.mu.Lock()
	s.job = nil // a stopped gocron job would make NextRun wait for a reply that never comes
	s.mu.Unlock()
	s.log.Info("report schedule stopped")
	return err
}

// enter registers a run unless Stop has begun.
func (s *Scheduler) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.inflight.Add(1)
	return true
}

func (s *Scheduler) isStopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopping
}

// fire is the gocron task: the cron expression fell due.
func (s *Scheduler) fire() {
	if !s.enter() {
		return
	}
	defer s.inflight.Done()
	// The month is read when the timer fires, not after waiting for the
	// slot, so a catch-up that runs long cannot shift it.
	month := ReportMonth(s.clock.Now(), s.loc)
	select {
	case s.slot <- struct{}{}:
	case <-s.halt:
		return
	}
	defer func() { <-s.slot }()
	_ = s.runMonth(s.runCtx, month, TriggerSchedule)
}

func (s *Scheduler) catchUp(months []invoice.Month) {
	defer s.inflight.Done()
	defer close(s.caught)
	defer func() { <-s.slot }()
	for _, m := range months {
		if s.runCtx.Err() != nil {
			return
		}
		// A month that fails every attempt does not hold back the next:
		// each report stands alone, and the failed one is tried again at
		// the next start.
		_ = s.runMonth(s.runCtx, m, TriggerCatchUp)
	}
}

// missedMonths implements the catch-up rule documented on Start. It looks
// month by month (one cron lookup each) rather than listing every firing,
// so an expression that fires often costs no more than a monthly one.
func (s *Scheduler) missedMonths(ctx context.Context, now time.Time) ([]invoice.Month, error) {
	y, m, _ := now.Date()
	var newestFirst []invoice.Month
	sawDone := false
	for k := 0; k < s.opts.CatchUpMonths; k++ {
		start := time.Date(y, m-time.Month(k), 1, 0, 0, 0, 0, s.loc)
		end := time.Date(y, m-time.Month(k)+1, 1, 0, 0, 0, 0, s.loc)
		t := next(s.cron, start.Add(-time.Nanosecond))
		if t.IsZero() || !t.Before(end) || t.After(now) {
			continue // no firing in that month, or not yet
		}
		month := ReportMonth(t, s.loc)
		ok, err := s.done(ctx, month)
		if err != nil {
			return nil, fmt.Errorf("schedule: catch-up: is there a completed run for %s: %w", month, err)
		}
		if ok {
			sawDone = true
			break
		}
		newestFirst = append(newestFirst, month)
	}
	if !sawDone && len(newestFirst) > 1 {
		newestFirst = newestFirst[:1]
	}
	out := make([]invoice.Month, 0, len(newestFirst))
	for i := len(newestFirst) - 1; i >= 0; i-- {
		out = append(out, newestFirst[i])
	}
	return out, nil
}

// runMonth makes month's report unless it is already done, retrying
// failures with back-off. It holds the slot. A failed month does not hold
// back the next one; after its attempts are used up it waits for the next
// start. Shutdown does not wait out a back-off.
func (s *Scheduler) runMonth(ctx context.Context, month invoice.Month, trigger string) error {
	log := s.log.With("month", month.String(), "trigger", trigger)
	for attempt := 1; ; attempt++ {
		if s.isStopping() {
			return nil
		}
		// Asked before every attempt: a month must never be made twice,
		// and a hand-run `clientrisk report` may have made it meanwhile.
		done, err := s.done(ctx, month)
		if err == nil && done {
			log.Info("report already made for this month; not running it again")
			return nil
		}
		started := s.clock.Now()
		if err != nil {
			err = fmt.Errorf("is there a completed run for %s: %w", month, err)
		} else {
			log.Info("making report", "attempt", attempt)
			err = s.safeRun(ctx, month, trigger)
		}
		finished := s.clock.Now()
		if errors.Is(err, ErrNothingToReport) {
			log.Info("nothing to report yet: the month stays due and is made once an export is imported")
			s.mu.Lock()
			if s.waiting == nil {
				s.waiting = map[invoice.Month]bool{}
			}
			s.waiting[month] = true
			s.mu.Unlock()
			return nil
		}
		cancelled := ctx.Err() != nil
		final := err == nil || cancelled || attempt >= s.retry.Attempts
		if s.opts.Record != nil {
			// Recorded even at shutdown, on a context that still works.
			s.opts.Record(context.WithoutCancel(ctx), Attempt{
				Month: month, Trigger: trigger, Number: attempt,
				Started: started, Finished: finished, Err: err, Final: final,
			})
		}
		switch {
		case err == nil:
			log.Info("report made", "attempt", attempt, "took", finished.Sub(started).String())
			return nil
		case cancelled:
			log.Warn("report abandoned at shutdown; it will be made at the next start", "attempt", attempt, "error", err)
			return err
		case final:
			log.Error("report failed; giving up until the next start", "attempt", attempt, "error", err)
			return err
		}
		wait := s.retry.delay(attempt)
		log.Warn("report failed; retrying", "attempt", attempt, "retry_in", wait.String(), "error", err)
		// Shutdown does not wait out a back-off: the month is simply
		// not done, and the next start catches it up.
		select {
		case <-s.clock.After(wait):
		case <-s.halt:
			log.Warn("retry abandoned at shutdown; it will be made at the next start")
			return err
		case <-ctx.Done():
			log.Warn("retry abandoned at shutdown; it will be made at the next start")
			return ctx.Err()
		}
	}
}

// RunWaiting makes, oldest first, the months whose run found nothing to
// report (ErrNothingToReport), now that the caller has imported data; a
// month made meanwhile is skipped as done. It returns the months it ran
// (a month that found nothing again waits again). Called by the service
// after a drop-folder import; it waits for the slot like any run.
func (s *Scheduler) RunWaiting(ctx context.Context) []invoice.Month {
	s.mu.Lock()
	months := make([]invoice.Month, 0, len(s.waiting))
	for m := range s.waiting {
		months = append(months, m)
	}
	s.waiting = nil
	s.mu.Unlock()
	if len(months) == 0 || !s.enter() {
		return nil
	}
	defer s.inflight.Done()
	sort.Slice(months, func(i, j int) bool { return months[i].Before(months[j]) })
	select {
	case s.slot <- struct{}{}:
	case <-s.halt:
		return nil
	case <-ctx.Done():
		return nil
	}
	defer func() { <-s.slot }()
	for _, m := range months {
		_ = s.runMonth(s.runCtx, m, TriggerCatchUp)
	}
	return months
}

// safeRun turns a panic in the caller's run function into an error, so
// one bad month cannot take the service down.
func (s *Scheduler) safeRun(ctx context.Context, month invoice.Month, trigger string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report for %s panicked: %v", month, r)
		}
	}()
	return s.run(ctx, month, trigger)
}
