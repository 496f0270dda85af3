// Package pipeline is the one place that knows the flow: read exports
// (ingest), keep them (store), compute the figures (analytics), write the
// report (report) and deliver it (mail). The one-shot commands and the
// service call the same functions, so a report made by hand and one made
// by the scheduler are the same report.
//
//   - pipeline.go: Pipeline (a Config, a logger, a clock), Read, Import,
//     and the options each package gets from the config.
//   - norate.go: NoRate, the documents of a file in a currency with no
//     rate (check and import count them as rejected), and
//     ErrNothingCounted, a report that could count no document.
//   - report.go: Report, one month's PDF, JSON and XLSX.
//   - manual.go: ManualReport and SendEmail, `clientrisk report`'s policy
//     (ledger or not, serve lock decides queue or send).
//   - deliver.go: the outbox over the ledger, Queue, Deliver, EmailMessage.
//   - serve.go: OpenService and Service, `clientrisk serve` (lock, ledger,
//     scheduler, drop folder, outbox).
package pipeline
