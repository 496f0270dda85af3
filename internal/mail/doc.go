// Package mail emails the monthly report over SMTP (github.com/wneessen/go-mail)
// through an outbox that retries and never sends a month's report twice to
// one recipient unless asked. It imports no other internal package: the
// caller passes a Config and a Records implementation (the SQLite ledger in
// production, a field-by-field adapter of store.Delivery), and builds the
// translated texts, helped by RenderBodies.
//
// Flow: Enqueue writes one .eml per recipient (atomically, in OutboxDir)
// and then its delivery record (pending); Flush, or Run in the service,
// sends what is due, one SMTP transaction per recipient so that a refusing
// address does not hold back the others.
//
// Rules chosen where the spec is silent:
//   - Each recipient gets its own message with its own Message-ID, made at
//     Enqueue and stored in the record; every attempt sends the same
//     stored bytes, so a repeat carries the same Message-ID and mail
//     clients that dedupe on it show one copy.
//   - Only a 5xx reply is permanent (status failed, not retried; a wrong
//     password gives 535 and is such a case). Anything else (4xx, network,
//     TLS) is retried after Retry.Initial·2^(attempts-1), capped at
//     Retry.Max, for as long as the service runs.
//   - "sending" is written before the SMTP transaction and "sent" after.
//     A record still in "sending" after SendingStale (default 10 min,
//     never under 2·Timeout) belongs to a process that died during the
//     transaction, and the outcome is unknown: the server may or may not
//     have taken the message. It is sent once more, with the same
//     Message-ID, and LastError starts with "[interrupted] " from then on.
//     If that happens a second time the delivery is marked failed and the
//     user is told to check the mailbox and resend. This is the best SMTP
//     allows: there is no way to ask a server whether it accepted a
//     message, and a server that had not replied 250 has not taken it.
//     A younger "sending" record is left alone: another process may be
//     sending it at that moment.
//   - A resend (Enqueue with resend) marks a still-pending older copy of
//     the same month and recipient failed as superseded.
//   - Without Config.AttachXLSX, .xlsx attachments of the Message are left
//     out. The .eml files stay in the outbox after sending, as the record
//     of exactly what was sent.
//   - Two processes flushing the same records at the same moment could both
//     send a pending delivery: Records has no compare-and-swap. Flushes
//     within one Outbox are serialised; the service should be the only
//     sender (the one-shot command may Enqueue and Flush when no service
//     runs).
//
// The password never appears in an error or log line of this package:
// every SMTP failure text is passed through a redaction of the password
// (and of the base64 forms AUTH PLAIN and LOGIN send) before it is logged,
// stored in LastError or returned.
package mail
