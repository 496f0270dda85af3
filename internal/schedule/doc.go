// Package schedule runs clientrisk's monthly report job for `serve`.
//
//   - scheduler.go: Scheduler (New, Start, Stop). A cron expression in the
//     configured zone (Settings, default 07:00 on the 1st) makes last
//     month's report through gocron v2; months missed while the service
//     was down are caught up at Start; failed runs are retried with
//     internal/backoff (Backoff).
//   - cron.go: the cron reading (LastScheduled, gocron's DST rule);
//     cronfields.go: CheckCron, the config's check of schedule.cron.
//   - month.go: ReportMonth; lock*.go: the OS lock (AcquireLock, LockPath)
//     that keeps a second `serve` off a ledger (flock, so Unix only).
//
// It imports no internal package but the leaves invoice and backoff: the
// caller passes a RunFunc, a DoneFunc and maybe a RecordFunc.
package schedule
