package schedule

import (
	"fmt"
	"time"
)

// Month is a calendar month, the unit a report covers. It has the same
// shape as invoice.Month so the caller converts with invoice.Month(m);
// this package keeps its own type because it imports no internal package.
type Month struct {
	Year  int
	Month time.Month
}

// String gives yyyy-mm.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// ReportMonth is the month a run at t reports on: the month before t's
// month, read in loc: a run at 00:30 on 1 November in Rome reports
// October, although it is still 31 October in UTC.
func ReportMonth(t time.Time, loc *time.Location) Month {
	if loc == nil {
		loc = time.Local
	}
	y, m, _ := t.In(loc).Date()
	first := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	return Month{Year: first.Year(), Month: first.Month()}
}
