-- Version 3: a document's fields are stored as two JSONB arrays, body (the
-- content, compared to tell an updated document from an unchanged one)
-- and source (file, sheet, row); see pack.go. The tables are
-- packed_versions and packed_documents; views under the old names show
-- every field of version 2 as a column, for SQL and the sqlite3 shell.
-- (Generated columns would do the same, but SQLite computes them on every
-- insert, which costs more than the packing saves.)
--
-- This script renames the old tables and creates the new ones; the
-- conversion that follows it (convertPackedDocuments in Go, in the same
-- transaction) encodes every row and drops the old tables.

DROP INDEX document_versions_key;
DROP INDEX documents_import;
ALTER TABLE document_versions RENAME TO document_versions_2;
ALTER TABLE documents RENAME TO documents_2;

-- Every import's version of every document it carried, so that removing
-- an import can put back the version the previous import had set.
CREATE TABLE packed_versions (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    key       TEXT    NOT NULL,
    body      BLOB    NOT NULL,
    source    BLOB    NOT NULL,
    PRIMARY KEY (import_id, key)
) WITHOUT ROWID;
CREATE INDEX packed_versions_key ON packed_versions (key, import_id);

-- The current version of each document: always the version of the newest
-- live import that carried its key (or an older identical one).
CREATE TABLE packed_documents (
    key       TEXT    PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports (id),
    body      BLOB    NOT NULL,
    source    BLOB    NOT NULL
) WITHOUT ROWID;
CREATE INDEX packed_documents_import ON packed_documents (import_id);

CREATE VIEW document_versions AS SELECT import_id, key, body, source,
    body ->> 0 AS kind, body ->> 1 AS number, body ->> 2 AS client_key, body ->> 3 AS client_name,
    body ->> 4 AS client_id, body ->> 5 AS issue_date, body ->> 6 AS due_date, body ->> 7 AS paid_date,
    body ->> 8 AS currency, body ->> 9 AS amount, body ->> 10 AS outstanding, body ->> 11 AS has_outstanding,
    body ->> 12 AS status, body ->> 13 AS has_payment_info,
    source ->> 0 AS source_file, source ->> 1 AS source_sheet, source ->> 2 AS source_row
    FROM packed_versions;

CREATE VIEW documents AS SELECT key, import_id, body, source,
    body ->> 0 AS kind, body ->> 1 AS number, body ->> 2 AS client_key, body ->> 3 AS client_name,
    body ->> 4 AS client_id, body ->> 5 AS issue_date, body ->> 6 AS due_date, body ->> 7 AS paid_date,
    body ->> 8 AS currency, body ->> 9 AS amount, body ->> 10 AS outstanding, body ->> 11 AS has_outstanding,
    body ->> 12 AS status, body ->> 13 AS has_payment_info,
    source ->> 0 AS source_file, source ->> 1 AS source_sheet, source ->> 2 AS source_row
    FROM packed_documents;
