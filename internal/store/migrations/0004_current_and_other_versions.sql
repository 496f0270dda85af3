-- Version 4: every version of a document is stored once. Until version 3
-- the current version of a document was in packed_documents and also, as
-- one of every import's versions, in packed_versions: a new document was
-- written twice, and every byte the ledger writes goes twice through the
-- disk (WAL, then checkpoint). Now a version lives in exactly one table:
--
--   current_docs    the current version of each document: the version of
--                   the newest live import that carried its key, or of an
--                   older import with the same body (the packed_documents
--                   of version 3, renamed);
--   other_versions  every other version a live import carried, kept so
--                   that removing an import can put back the version the
--                   previous import had set.
--
-- The conversion is exact: a row of packed_versions goes to other_versions
-- unless it is the row of packed_documents (same key and import), which
-- carried the same body and source.

DROP VIEW documents;
DROP VIEW document_versions;
DROP INDEX packed_versions_key;
DROP INDEX packed_documents_import;
-- Without an index by import: a first import writes a fifth less, and
-- what looks documents up by import (the list of imports, taking one
-- out) reads the table through, which costs less than an index costs
-- every import.
ALTER TABLE packed_documents RENAME TO current_docs;

CREATE TABLE other_versions (
    key       TEXT    NOT NULL,
    import_id INTEGER NOT NULL REFERENCES imports (id),
    body      BLOB    NOT NULL,
    source    BLOB    NOT NULL,
    PRIMARY KEY (key, import_id)
) WITHOUT ROWID;

INSERT INTO other_versions (key, import_id, body, source)
    SELECT v.key, v.import_id, v.body, v.source FROM packed_versions v
    WHERE NOT EXISTS (SELECT 1 FROM current_docs c WHERE c.key = v.key AND c.import_id = v.import_id)
    ORDER BY v.key, v.import_id;
DROP TABLE packed_versions;

-- An import's other versions, for taking it back out.
CREATE INDEX other_versions_import ON other_versions (import_id);

-- The views show every field as a column, for SQL and the sqlite3 shell:
-- documents the current versions, document_versions every version of
-- every live import.
CREATE VIEW documents AS SELECT key, import_id, body, source,
    body ->> 0 AS kind, body ->> 1 AS number, body ->> 2 AS client_key, body ->> 3 AS client_name,
    body ->> 4 AS client_id, body ->> 5 AS issue_date, body ->> 6 AS due_date, body ->> 7 AS paid_date,
    body ->> 8 AS currency, body ->> 9 AS amount, body ->> 10 AS outstanding, body ->> 11 AS has_outstanding,
    body ->> 12 AS status, body ->> 13 AS has_payment_info,
    source ->> 0 AS source_file, source ->> 1 AS source_sheet, source ->> 2 AS source_row
    FROM current_docs;

CREATE VIEW document_versions AS SELECT import_id, key, body, source,
    body ->> 0 AS kind, body ->> 1 AS number, body ->> 2 AS client_key, body ->> 3 AS client_name,
    body ->> 4 AS client_id, body ->> 5 AS issue_date, body ->> 6 AS due_date, body ->> 7 AS paid_date,
    body ->> 8 AS currency, body ->> 9 AS amount, body ->> 10 AS outstanding, body ->> 11 AS has_outstanding,
    body ->> 12 AS status, body ->> 13 AS has_payment_info,
    source ->> 0 AS source_file, source ->> 1 AS source_sheet, source ->> 2 AS source_row
    FROM (SELECT import_id, key, body, source FROM current_docs
          UNION ALL SELECT import_id, key, body, source FROM other_versions);
