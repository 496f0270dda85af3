// Package archtest holds a test that keeps the dependency rules of
// style.md true: the pure packages (ingest, analytics) never reach the
// ledger, mail or scheduler; mail, dropfolder and schedule stand alone; only
// cmd and pipeline read the config.
package archtest
