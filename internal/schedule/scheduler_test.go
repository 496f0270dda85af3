package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/jonboulle/clockwork"
)

// ledger stands in for the pipeline's record of completed report runs.
type ledger struct {
	mu    sync.Mutex
	done  map[invoice.Month]bool
	runs  []run
	fail  int // how many runs fail before one succeeds (-1: all fail)
	clock clockwork.Clock
	ran   chan run
}

type run struct {
	month   invoice.Month
	trigger string
	at      time.Time
}

func newLedger(clock clockwork.Clock, done ...invoice.Month) *ledger {
	l := &ledger{done: map[invoice.Month]bool{}, clock: clock, ran: make(chan run, 100)}
	for _, m := range done {
		l.done[m] = true
	}
	return l
}

func (l *ledger) run(ctx context.Context, m invoice.Month, trigger string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := run{m, trigger, l.clock.Now()}
	l.runs = append(l.runs, r)
	defer func() { l.ran <- r }()
	if l.fail != 0 {
		if l.fail > 0 {
			l.fail--
		}
		return fmt.Errorf("smtp refused for %s", m)
	}
	l.done[m] = true
	return nil
}

func (l *ledger) isDone(_ context.Context, m invoice.Month) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done[m], nil
}

func (l *ledger) months() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.runs {
		out = append(out, r.month.String()+" "+r.trigger)
	}
	return out
}

func waitRun(t *testing.T, l *ledger, what string) run {
	t.Helper()
	select {
	case r := <-l.ran:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no run within 5s (runs so far %v)", what, l.months())
		return run{}
	}
}

func noRun(t *testing.T, l *ledger, what string) {
	t.Helper()
	select {
	case r := <-l.ran:
		t.Fatalf("%s: unexpected run for %s (%s) at %s", what, r.month, r.trigger, r.at)
	case <-time.After(30 * time.Millisecond):
	}
}

func blockUntil(t *testing.T, fc *clockwork.FakeClock, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fc.BlockUntilContext(ctx, n); err != nil {
		t.Fatalf("waiting for %d timers on the fake clock: %v", n, err)
	}
}

func stop(t *testing.T, s *Scheduler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Errorf("Stop: %v", err)
	}
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// The job fires at 07:00 Rome time on the 1st of each month, once, for
// the month before, through both 2026 DST changes (29 March, 25 October).
func TestScheduleFiresMonthlyAcrossDST(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	fc := clockwork.NewFakeClockAt(time.Date(2026, 2, 15, 12, 0, 0, 0, loc))
	l := newLedger(fc)
	s, err := New(Options{Settings: Settings{Cron: "0 7 1 * *"}, Location: loc, Clock: fc}, l.run, l.isDone, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, s)
	<-s.CaughtUp()

	// Rome is UTC+1 in winter (CET) and UTC+2 in summer (CEST, from
	// 29 March to 25 October), so 07:00 local is 06:00 UTC on 1 March and
	// 1 November and 05:00 UTC on the 1sts from April to October.
	cases := []struct {
		fireUTC time.Time
		month   invoice.Month
	}{
		{time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.February}},
		{time.Date(2026, 4, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.March}},
		{time.Date(2026, 5, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.April}},
		{time.Date(2026, 6, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.May}},
		{time.Date(2026, 7, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.June}},
		{time.Date(2026, 8, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.July}},
		{time.Date(2026, 9, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.August}},
		{time.Date(2026, 10, 1, 5, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.September}},
		{time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.October}},
	}
	for _, c := range cases {
		blockUntil(t, fc, 1) // gocron's timer for the next run is set
		next, err := s.NextRun()
		if err != nil || !next.Equal(c.fireUTC) {
			t.Fatalf("month %s: NextRun = %s, %v; want %s", c.month, next, err, c.fireUTC)
		}
		fc.Advance(c.fireUTC.Sub(fc.Now()) - time.Minute)
		noRun(t, l, fmt.Sprintf("a minute before %s", c.fireUTC))
		fc.Advance(time.Minute)
		r := waitRun(t, l, fmt.Sprintf("run at %s", c.fireUTC))
		if r.month != c.month || r.trigger != TriggerSchedule || !r.at.Equal(c.fireUTC) {
			t.Errorf("run at %s: got month %s trigger %s at %s, want month %s trigger %s",
				c.fireUTC, r.month, r.trigger, r.at, c.month, TriggerSchedule)
		}
		if h := r.at.In(loc).Hour(); h != 7 {
			t.Errorf("run for %s at %02d:00 Rome time, want 07:00", c.month, h)
		}
		// The rest of the month: nothing more.
		blockUntil(t, fc, 1)
		fc.Advance(14 * 24 * time.Hour)
		noRun(t, l, fmt.Sprintf("two weeks after %s", c.fireUTC))
	}
	if got, want := len(l.months()), len(cases); got != want {
		t.Errorf("%d runs in all, want %d: %v", got, want, l.months())
	}
}

func TestCatchUp(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	m := func(y int, mo time.Month) invoice.Month { return invoice.Month{Year: y, Month: mo} }
	cases := []struct {
		name     string
		now      time.Time
		done     []invoice.Month
		catchUp  bool
		lookBack int
		want     []string // runs at start, in order
	}{
		// Last run on 1 September (for August); down until 3 November:
		// 1 October (September) and 1 November (October) were missed.
		{"down across two month starts", time.Date(2026, 11, 3, 9, 0, 0, 0, loc),
			[]invoice.Month{m(2026, 7), m(2026, 8)}, true, 0,
			[]string{"2026-09 catch-up", "2026-10 catch-up"}},
		{"month already done", time.Date(2026, 11, 3, 9, 0, 0, 0, loc),
			[]invoice.Month{m(2026, 10)}, true, 0, nil},
		{"catch-up off", time.Date(2026, 11, 3, 9, 0, 0, 0, loc),
			[]invoice.Month{m(2026, 8)}, false, 0, nil},
		// At 06:00 on 1 November the November run is not due yet; only
		// 1 October (September) was missed.
		{"latest scheduled time not yet passed", time.Date(2026, 11, 1, 6, 0, 0, 0, loc),
			[]invoice.Month{m(2026, 8)}, true, 0, []string{"2026-09 catch-up"}},
		{"new ledger makes only the latest", time.Date(2026, 11, 3, 9, 0, 0, 0, loc),
			nil, true, 0, []string{"2026-10 catch-up"}},
		// Looking back 3 months (Nov, Oct, Sep firings: October,
		// September, August) finds nothing done, so as a new ledger.
		{"done month beyond the window", time.Date(2026, 11, 3, 9, 0, 0, 0, loc),
			[]invoice.Month{m(2026, 5)}, true, 3, []string{"2026-10 catch-up"}},
		{"across new year", time.Date(2027, 2, 2, 9, 0, 0, 0, loc),
			[]invoice.Month{m(2026, 11)}, true, 0, []string{"2026-12 catch-up", "2027-01 catch-up"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc := clockwork.NewFakeClockAt(c.now)
			l := newLedger(fc, c.done...)
			opts := Options{Settings: Settings{Cron: DefaultCron, CatchUp: c.catchUp}, Location: loc, Clock: fc, CatchUpMonths: c.lookBack}
			for start := 1; start <= 2; start++ {
				s, err := New(opts, l.run, l.isDone, testLog(t))
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Start(context.Background()); err != nil {
					t.Fatal(err)
				}
				<-s.CaughtUp()
				stop(t, s)
			}
			// The second start finds everything done: nothing runs twice.
			if got := l.months(); !slices.Equal(got, c.want) {
				t.Errorf("runs after two starts = %v, want %v", got, c.want)
			}
		})
	}
}

func TestFailedRunRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	t0 := time.Date(2026, 11, 3, 9, 0, 0, 0, loc)
	cases := []struct {
		name     string
		fail     int
		retry    Backoff
		starts   []time.Duration // attempt start times after t0
		wantDone bool
	}{
		// Fails twice: waits 1m, then 2m; third attempt at 1m+2m = 3m.
		{"succeeds on the third attempt", 2, Backoff{Initial: time.Minute, Max: time.Hour, Attempts: 5},
			[]time.Duration{0, time.Minute, 3 * time.Minute}, true},
		// Always fails, 3 attempts: waits 1m, then min(2m, 90s) = 90s;
		// attempts at 0, 1m, 1m+90s = 2m30s, then gives up.
		{"gives up after the last attempt", -1, Backoff{Initial: time.Minute, Max: 90 * time.Second, Attempts: 3},
			[]time.Duration{0, time.Minute, 150 * time.Second}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc := clockwork.NewFakeClockAt(t0)
			l := newLedger(fc, invoice.Month{Year: 2026, Month: time.September})
			l.fail = c.fail
			var mu sync.Mutex
			var attempts []Attempt
			record := func(_ context.Context, a Attempt) {
				mu.Lock()
				defer mu.Unlock()
				attempts = append(attempts, a)
			}
			s, err := New(Options{Settings: Settings{CatchUp: true}, Location: loc, Clock: fc, Retry: c.retry, Record: record},
				l.run, l.isDone, testLog(t))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer stop(t, s)
			for i := range c.starts {
				r := waitRun(t, l, fmt.Sprintf("attempt %d", i+1))
				if got, want := r.at.Sub(t0), c.starts[i]; got != want {
					t.Errorf("attempt %d started at t0+%s, want t0+%s", i+1, got, want)
				}
				if i+1 < len(c.starts) {
					blockUntil(t, fc, 2) // gocron's timer and the retry wait
					fc.Advance(c.starts[i+1] - c.starts[i])
				}
			}
			select {
			case <-s.CaughtUp():
			case <-time.After(5 * time.Second):
				t.Fatal("catch-up not over after the last attempt")
			}
			noRun(t, l, "after the last attempt")
			mu.Lock()
			defer mu.Unlock()
			if len(attempts) != len(c.starts) {
				t.Fatalf("%d attempts recorded, want %d: %+v", len(attempts), len(c.starts), attempts)
			}
			for i, a := range attempts {
				last := i == len(attempts)-1
				wantErr := !(last && c.wantDone)
				if a.Number != i+1 || a.Month != (invoice.Month{Year: 2026, Month: time.October}) || a.Trigger != TriggerCatchUp ||
					a.Final != last || (a.Err != nil) != wantErr || a.Started.Sub(t0) != c.starts[i] {
					t.Errorf("attempt %d recorded as %+v; want number %d, month 2026-10, catch-up, final %v, error %v, started t0+%s",
						i+1, a, i+1, last, wantErr, c.starts[i])
				}
			}
			if done, _ := l.isDone(context.Background(), invoice.Month{Year: 2026, Month: time.October}); done != c.wantDone {
				t.Errorf("2026-10 done = %v, want %v", done, c.wantDone)
			}
		})
	}
}

// A run still going when Stop's deadline passes is cancelled, recorded
// as abandoned, and its month stays open for the next start.
func TestStopAbandonsRunningReport(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 3, 9, 0, 0, 0, loc))
	started := make(chan struct{})
	var runErr error
	runFn := func(ctx context.Context, m invoice.Month, trigger string) error {
		close(started)
		<-ctx.Done()
		runErr = ctx.Err()
		return fmt.Errorf("report for %s: %w", m, ctx.Err())
	}
	var final Attempt
	record := func(_ context.Context, a Attempt) { final = a }
	doneFn := func(context.Context, invoice.Month) (bool, error) { return false, nil }
	s, err := New(Options{Settings: Settings{CatchUp: true}, Location: loc, Clock: fc, Record: record}, runFn, doneFn, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the grace period is already over
	err = s.Stop(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Stop error = %v, want one wrapping context.Canceled", err)
	}
	if !errors.Is(runErr, context.Canceled) {
		t.Errorf("run saw ctx error %v, want context.Canceled", runErr)
	}
	if !final.Final || !errors.Is(final.Err, context.Canceled) || final.Month != (invoice.Month{Year: 2026, Month: time.October}) {
		t.Errorf("recorded attempt %+v, want a final one for 2026-10 with a cancelled error", final)
	}
}

// Stop waits for a run in progress when it has time to.
func TestStopWaitsForRunningReport(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 3, 9, 0, 0, 0, loc))
	started, release := make(chan struct{}), make(chan struct{})
	var finished bool
	runFn := func(ctx context.Context, m invoice.Month, trigger string) error {
		close(started)
		<-release
		finished = ctx.Err() == nil
		return nil
	}
	doneFn := func(context.Context, invoice.Month) (bool, error) { return false, nil }
	s, err := New(Options{Settings: Settings{CatchUp: true}, Location: loc, Clock: fc}, runFn, doneFn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-started
	stopped := make(chan error)
	go func() { stopped <- s.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while the run was still going", err)
	case <-time.After(30 * time.Millisecond):
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Errorf("Stop: %v", err)
	}
	if !finished {
		t.Error("the run's context was cancelled although Stop had time to wait")
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	runFn := func(context.Context, invoice.Month, string) error { return nil }
	doneFn := func(context.Context, invoice.Month) (bool, error) { return false, nil }
	cases := []struct {
		name string
		opts Options
		run  RunFunc
		done DoneFunc
	}{
		{"bad cron", Options{Settings: Settings{Cron: "0 25 1 * *"}}, runFn, doneFn},
		{"negative look-back", Options{CatchUpMonths: -1}, runFn, doneFn},
		{"negative retry", Options{Retry: Backoff{Initial: -time.Second}}, runFn, doneFn},
		{"no run function", Options{}, nil, doneFn},
		{"no done function", Options{}, runFn, nil},
	}
	for _, c := range cases {
		if _, err := New(c.opts, c.run, c.done, nil); err == nil {
			t.Errorf("%s: New succeeded, want an error", c.name)
		}
	}
}

// Stop does not wait out a retry back-off: the month stays not done.
func TestStopDuringBackoff(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 3, 9, 0, 0, 0, loc))
	l := newLedger(fc, invoice.Month{Year: 2026, Month: time.September})
	l.fail = -1
	s, err := New(Options{Settings: Settings{CatchUp: true}, Location: loc, Clock: fc, Retry: Backoff{Initial: time.Hour}}, l.run, l.isDone, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitRun(t, l, "first attempt")
	blockUntil(t, fc, 2) // gocron's timer and the hour's back-off
	stopped := make(chan error)
	go func() { stopped <- s.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Stop: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Stop waited for the back-off")
	}
	if got, want := l.months(), []string{"2026-10 catch-up"}; !slices.Equal(got, want) {
		t.Errorf("runs = %v, want %v", got, want)
	}
	if done, _ := l.isDone(context.Background(), invoice.Month{Year: 2026, Month: time.October}); done {
		t.Error("2026-10 marked done after a failed attempt")
	}
}
