package schedule

import (
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// DefaultCron is 07:00 on the 1st of every month.
const DefaultCron = "0 7 1 * *"

// maxLookBack bounds the backward search in LastScheduled. Five years is
// the horizon of the cron library itself (it gives up searching forward
// after five years), so an expression that fires less often than that
// cannot be told from one that never fires.
const maxLookBack = 5 * 366 * 24 * time.Hour

// parseCron checks a 5-field cron expression (minute hour day-of-month
// month day-of-week, no seconds) with gocron's own parser, so that what is
// accepted here is exactly what the scheduler will run.
func parseCron(expr string, loc *time.Location, now time.Time) (gocron.Cron, error) {
	c := gocron.NewDefaultCron(false)
	if err := c.IsValid(expr, loc, now); err != nil {
		return nil, fmt.Errorf("schedule cron %q in time zone %s: %w", expr, loc, err)
	}
	return c, nil
}

// next wraps the cron's Next with gocron's own rule for a fall-back DST
// change: the same wall-clock time seen twice in one night is one run.
func next(c gocron.Cron, after time.Time) time.Time {
	n := c.Next(after)
	if n.IsZero() {
		return n
	}
	if sameWallClock(after, n) {
		return c.Next(n)
	}
	return n
}

func sameWallClock(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd &&
		a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}

// LastScheduled returns the most recent time at or before now at which
// the cron expression (5 fields, in loc) fires.
//
// The cron library only answers "what is the next time after t", so this
// probes backwards: from now-w it walks forward with Next, doubling w
// (starting at one minute) until a firing at or before now is found. The
// walk forward stays short because the window only doubles while it holds
// no firing at all.
func LastScheduled(cron string, loc *time.Location, now time.Time) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	now = now.In(loc)
	c, err := parseCron(cron, loc, now)
	if err != nil {
		return time.Time{}, err
	}
	return lastScheduled(c, now)
}

func lastScheduled(c gocron.Cron, now time.Time) (time.Time, error) {
	for w := time.Minute; w <= 2*maxLookBack; w *= 2 {
		t := next(c, now.Add(-w))
		if t.IsZero() || t.After(now) {
			continue
		}
		for {
			n := next(c, t)
			if n.IsZero() || n.After(now) {
				return firstOfRepeat(t), nil
			}
			t = n
		}
	}
	return time.Time{}, fmt.Errorf("schedule cron: no scheduled time in the %d years before %s", int(maxLookBack/(366*24*time.Hour)), now.Format(time.RFC3339))
}

// firstOfRepeat maps the second of two equal wall-clock times in a
// fall-back night to the first one: gocron runs only the first, and a
// search window that opened between the two would otherwise find the
// second. The shifts cover every DST step in use (Lord Howe's is 30m).
func firstOfRepeat(t time.Time) time.Time {
	for _, d := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
		if e := t.Add(-d); sameWallClock(e, t) {
			return e
		}
	}
	return t
}
