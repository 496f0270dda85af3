// Package archtest holds one test, arch_test.go, that keeps the import
// rules of the README's "Layout" true: the pure packages (ingest,
// analytics) never reach the ledger, mail or scheduler; mail, dropfolder
// and schedule stand alone; only cmd and pipeline read the config.
package archtest
