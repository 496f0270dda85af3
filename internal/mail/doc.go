// Package mail emails the monthly report over SMTP (github.com/wneessen/go-mail)
// through an outbox that retries and never sends a month's report twice to
// one recipient unless asked.
//
//   - settings.go: Settings, the email section of the config file (keys,
//     defaults, Password); config.go: Config, what NewOutbox checks.
//   - outbox.go: Outbox. Enqueue writes one .eml per recipient and its
//     delivery Record (pending); Flush, or Run in the service, sends what
//     is due, retrying with internal/backoff.
//   - smtp.go: one SMTP transaction per recipient, errors redacted.
//   - message.go: the .eml; body.go: RenderBodies, the text and HTML body.
//
// It imports no internal package but the leaf backoff: the caller passes a
// Config and a Records implementation (the ledger, whose store.Delivery is
// Record) and builds the translated texts.
package mail
