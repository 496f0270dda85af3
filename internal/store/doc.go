// Package store is the ledger: an embedded SQLite database (pure Go driver)
// that keeps every imported document and time entry, the imports
// themselves (file, SHA-256, counts), report runs and email deliveries.
//
// Choices where the spec is silent:
//   - A document's identity is invoice.Document.Key. Within one file the
//     first row of a key is kept and later rows with the same key count as
//     duplicates, whether or not their other fields match.
//   - Across files the newest import wins. "Unchanged" compares every field
//     except Source (the file name changes with every export). An
//     unchanged document is not rewritten: it keeps the Source and the
//     import that brought its current content (ImportRecord.Current counts
//     those), and removing that import hands it to the newest remaining
//     import that carries it.
//   - Time entries are identified by (client key, date, seconds, ordinal
//     among equal entries of the same file), so a re-export repeating an
//     entry does not count it twice; an entry whose hours were edited
//     later is a different entry. Identical time rows within one file are
//     separate entries, not duplicates.
//   - Removing an import keeps its row with status "removed" (history);
//     its documents revert to the newest remaining import's version or
//     disappear, its time entries go, and the same file may be imported
//     again.
//   - Import records Started as the now it is given and Finished as now
//     plus the measured duration of the import.
//   - Columns: dates are INTEGER invoice.Date values (0: no date), money
//     INTEGER minor units, kind and status their String forms, timestamps
//     RFC 3339 UTC text. Since schema version 3 a document's fields are
//     stored packed as two JSONB arrays (body: content; source: file,
//     sheet, row), because binding and reading one value per field was
//     most of the cost of an import and of a report. Since version 4
//     every version is stored once: current_docs holds the current
//     version of each document, other_versions every other version a
//     live import carried (what `imports remove` puts back); an updated
//     document's old version moves from the first to the second. The
//     views documents and document_versions show every field as a column
//     (body ->> i), for SQL and the sqlite3 shell.
//     New ledgers use 32 KiB pages. The file carries PRAGMA application_id
//     ApplicationID; a file without it (or with a newer user_version) is
//     refused before anything is written to it.
//   - A report run records its host and pid (schema version 5); a running
//     run of this host whose process is gone is "interrupted": Runs shows
//     it failed, StartRun and FailInterruptedRuns record it so (runs.go).
//   - Deliveries of one month to one recipient are numbered by
//     generation; a new one is refused (ErrDeliveryExists) while the
//     latest has not failed, unless AddDeliveryForced is used.
package store
