// Package config reads clientrisk.yaml into a typed, validated Config.
//
// The key names are the users' interface (product.md, "Configuration"):
// unknown keys are rejected with their dotted name and line, every value is
// checked and a failure is an *Error naming the key. Every key has a
// default except the email host and recipients; relative paths are taken
// from the config file's folder. Secrets are never read from the file: the
// SMTP password comes from an environment variable or a file, at send time.
//
// Only cmd and pipeline import this package; the option structs other
// packages take are filled from Config there. Thresholds and Limits have the
// same field names and types as analytics.Thresholds and ingest.Limits so
// that a plain conversion fills them.
package config
