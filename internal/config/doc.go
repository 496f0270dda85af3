// Package config reads clientrisk.yaml into a typed, validated Config.
//
//   - config.go: Config and Default. Each section's type and defaults are
//     declared by the package that uses it (analytics.Options,
//     ingest.Options, schedule.Settings, dropfolder.Settings,
//     mail.Settings), with yaml tags naming the keys; Config holds them.
//   - raw.go: the keys as the parser reads them, each leaf a scalar with
//     its text and line (keys_test.go keeps them in step with the tags).
//   - parse.go: Load and Parse type and check every key (cron through
//     schedule.CheckCron); errors.go: Error, one problem with key and line.
//   - example.go, example.yaml: the commented file `clientrisk init` writes.
//
// Only cmd and pipeline import this package; the key names are the users'
// interface (README, "Configuration").
package config
