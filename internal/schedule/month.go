package schedule

import (
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// ReportMonth is the month a run at t reports on: the month before t's
// month, read in loc: a run at 00:30 on 1 November in Rome reports
// October, although it is still 31 October in UTC.
func ReportMonth(t time.Time, loc *time.Location) invoice.Month {
	if loc == nil {
		loc = time.Local
	}
	return invoice.MonthOf(t.In(loc)).Add(-1)
}
