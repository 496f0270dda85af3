// Package schedule runs clientrisk's monthly report job for `serve`: a
// cron expression in the configured time zone (default 07:00 on the 1st)
// makes last month's report through gocron v2, months missed while the
// service was down are caught up at start (like anacron or systemd
// Persistent=true), failed runs are retried with back-off, and an OS file
// lock keeps a second `serve` off the same ledger.
//
// It imports no other internal package: the caller passes a RunFunc that
// makes a month's report and a DoneFunc that asks the ledger whether a
// month already has a completed run, and may pass a RecordFunc to write
// every attempt to the ledger.
//
// Choices where the spec is silent:
//   - The report month of a run at t is the month before t's month in the
//     configured zone (ReportMonth); Month converts to invoice.Month.
//   - Catch-up looks back 12 months; with no completed month in that
//     window (a new ledger) it makes only the latest one (see Start).
//   - DoneFunc is asked before every attempt, scheduled or caught up, so a
//     month is never made twice even if `clientrisk report` made it by hand.
//   - A failed month does not hold back the next one; after its attempts
//     are used up it waits for the next start. Shutdown does not wait out a
//     back-off.
//   - The lock file is `<ledger>.lock` (LockPath), holds the holder's pid,
//     and is left in place on release. Locking is flock, so Unix only.
package schedule
