// Package schedule runs clientrisk's monthly report job for `serve`: a
// cron expression in the configured time zone (default 07:00 on the 1st)
// makes last month's report through gocron v2, months missed while the
// service was down are caught up at start (like anacron or systemd
// Persistent=true), failed runs are retried with back-off, and an OS file
// lock keeps a second `serve` off the same ledger.
//
// It imports no other internal package: the caller passes a RunFunc that
// makes a month's report and a DoneFunc that asks the ledger whether a
// month already has a completed run.
package schedule
