package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func rome(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Skipf("time zone data for Europe/Rome not available: %v", err)
	}
	return loc
}

func TestLastScheduled(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	at := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, loc) }
	utc := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, time.UTC) }
	cases := []struct {
		name string
		cron string
		now  time.Time
		want time.Time // compared as instants
	}{
		{"mid month", "0 7 1 * *", at(2026, 11, 25, 4, 0), at(2026, 11, 1, 7, 0)},
		{"exactly at the time counts", "0 7 1 * *", at(2026, 11, 1, 7, 0), at(2026, 11, 1, 7, 0)},
		{"a minute before goes back a month", "0 7 1 * *", at(2026, 11, 1, 6, 59), at(2026, 10, 1, 7, 0)},
		{"across new year", "0 7 1 * *", at(2026, 1, 1, 6, 0), at(2025, 12, 1, 7, 0)},
		// 07:00 CEST on 1 October is 05:00 UTC; asked in UTC at 05:30 it
		// has just passed.
		{"now given in UTC", "0 7 1 * *", utc(2026, 10, 1, 5, 30), utc(2026, 10, 1, 5, 0)},
		// 02:30 does not exist in Rome on 2026-03-29 (02:00 CET jumps to
		// 03:00 CEST): the cron skips that day, so the latest is the 28th.
		{"spring-forward gap skipped", "30 2 * * *", at(2026, 3, 29, 12, 0), at(2026, 3, 28, 2, 30)},
		// 02:30 happens twice on 2026-10-25: 00:30 UTC (CEST) and 01:30
		// UTC (CET). One run, the first.
		{"fall-back repeat, asked after both", "30 2 * * *", utc(2026, 10, 25, 10, 0), utc(2026, 10, 25, 0, 30)},
		{"fall-back repeat, asked just after the second", "30 2 * * *", utc(2026, 10, 25, 1, 31), utc(2026, 10, 25, 0, 30)},
		{"leap day, years back", "0 0 29 2 *", at(2027, 6, 1, 0, 0), at(2024, 2, 29, 0, 0)},
		{"last of several a day", "0 9,18 * * 1-5", at(2026, 11, 21, 12, 0) /* Saturday */, at(2026, 11, 20, 18, 0)},
	}
	for _, c := range cases {
		got, err := LastScheduled(c.cron, loc, c.now)
		if err != nil {
			t.Errorf("%s: LastScheduled(%q, %s): %v", c.name, c.cron, c.now, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("%s: LastScheduled(%q, %s) = %s, want %s", c.name, c.cron, c.now, got, c.want.In(loc))
		}
	}
}

func TestLastScheduledErrors(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	now := time.Date(2026, 11, 25, 4, 0, 0, 0, loc)
	cases := []struct {
		name, cron, wantIn string
	}{
		{"minute out of range", "61 7 1 * *", `"61 7 1 * *"`},
		{"seconds field not accepted", "0 0 7 1 * *", `"0 0 7 1 * *"`},
		{"empty", "", `""`},
		{"never fires", "0 0 30 2 *", `"0 0 30 2 *"`},
	}
	for _, c := range cases {
		_, err := LastScheduled(c.cron, loc, now)
		if err == nil {
			t.Errorf("%s: LastScheduled(%q) succeeded, want an error", c.name, c.cron)
			continue
		}
		if !strings.Contains(err.Error(), c.wantIn) {
			t.Errorf("%s: error %q does not name %s", c.name, err, c.wantIn)
		}
	}
}

func TestReportMonth(t *testing.T) {
	t.Parallel()
	loc := rome(t)
	cases := []struct {
		name string
		t    time.Time
		want invoice.Month
	}{
		{"first of November", time.Date(2026, 11, 1, 7, 0, 0, 0, loc), invoice.Month{Year: 2026, Month: time.October}},
		{"January reports December of the year before", time.Date(2027, 1, 1, 7, 0, 0, 0, loc), invoice.Month{Year: 2026, Month: time.December}},
		// 2026-10-31 23:30 UTC is 00:30 on 1 November in Rome (CET, +1).
		{"zone decides the month", time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC), invoice.Month{Year: 2026, Month: time.October}},
		{"last day of March", time.Date(2026, 3, 31, 23, 0, 0, 0, loc), invoice.Month{Year: 2026, Month: time.February}},
	}
	for _, c := range cases {
		if got := ReportMonth(c.t, loc); got != c.want {
			t.Errorf("%s: ReportMonth(%s) = %s, want %s", c.name, c.t, got, c.want)
		}
	}
	if got, want := (invoice.Month{Year: 2026, Month: time.March}).String(), "2026-03"; got != want {
		t.Errorf("Month.String() = %q, want %q", got, want)
	}
}

func TestBackoffDelay(t *testing.T) {
	t.Parallel()
	b := Backoff{Initial: time.Minute, Max: 5 * time.Minute, Attempts: 10}
	// 1m, 2m, 4m, then capped at 5m.
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, w := range want {
		if got := b.delay(i + 1); got != w {
			t.Errorf("delay after attempt %d = %s, want %s", i+1, got, w)
		}
	}
	if got, want := b.delay(200), 5*time.Minute; got != want {
		t.Errorf("delay after attempt 200 = %s, want %s (no overflow)", got, want)
	}
	d := Backoff{}.withDefaults()
	if d.Initial != time.Minute || d.Max != time.Hour || d.Attempts != 5 {
		t.Errorf("defaults = %+v, want 1m, 1h, 5 attempts", d)
	}
}
