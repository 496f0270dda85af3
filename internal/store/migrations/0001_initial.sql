-- Version 1: the ledger as first released.
-- Dates are INTEGER invoice.Date values (days since 0001-01-01, plus one);
-- 0 means "no date". Money is INTEGER minor units of the row's currency.
-- Timestamps are TEXT in RFC 3339 (UTC); '' means "not yet".

CREATE TABLE imports (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT    NOT NULL,
    started        TEXT    NOT NULL,
    finished       TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('done', 'removed')),
    new_docs       INTEGER NOT NULL DEFAULT 0,
    updated_docs   INTEGER NOT NULL DEFAULT 0,
    unchanged_docs INTEGER NOT NULL DEFAULT 0,
    duplicates     INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    time_entries   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_sha256 ON imports (sha256, status);

-- Every import's version of every document it carried, so that removing
-- an import can put back the version the previous import had set.
CREATE TABLE document_versions (
    import_id        INTEGER NOT NULL REFERENCES imports (id),
    key              TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    number           TEXT    NOT NULL,
    client_key       TEXT    NOT NULL,
    client_name      TEXT    NOT NULL,
    client_id        TEXT    NOT NULL,
    issue_date       INTEGER NOT NULL,
    due_date         INTEGER NOT NULL,
    paid_date        INTEGER NOT NULL,
    currency         TEXT    NOT NULL,
    amount           INTEGER NOT NULL,
    outstanding      INTEGER NOT NULL,
    has_outstanding  INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    has_payment_info INTEGER NOT NULL,
    source_file      TEXT    NOT NULL,
    source_sheet     TEXT    NOT NULL,
    source_row       INTEGER NOT NULL,
    PRIMARY KEY (import_id, key)
) WITHOUT ROWID;
CREATE INDEX document_versions_key ON document_versions (key, import_id);

-- The current version of each document: always the version of the newest
-- live import that carried its key.
CREATE TABLE documents (
    key              TEXT    PRIMARY KEY,
    import_id        INTEGER NOT NULL REFERENCES imports (id),
    kind             TEXT    NOT NULL,
    number           TEXT    NOT NULL,
    client_key       TEXT    NOT NULL,
    client_name      TEXT    NOT NULL,
    client_id        TEXT    NOT NULL,
    issue_date       INTEGER NOT NULL,
    due_date         INTEGER NOT NULL,
    paid_date        INTEGER NOT NULL,
    currency         TEXT    NOT NULL,
    amount           INTEGER NOT NULL,
    outstanding      INTEGER NOT NULL,
    has_outstanding  INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    has_payment_info INTEGER NOT NULL,
    source_file      TEXT    NOT NULL,
    source_sheet     TEXT    NOT NULL,
    source_row       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX documents_import ON documents (import_id);

-- Time entries of every import. An entry's identity is (client_key,
-- entry_date, seconds, ordinal): ordinal numbers equal entries within one
-- file, so a re-export repeating them does not count them twice.
CREATE TABLE time_entries (
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    client_key   TEXT    NOT NULL,
    entry_date   INTEGER NOT NULL,
    seconds      INTEGER NOT NULL,
    ordinal      INTEGER NOT NULL,
    client_name  TEXT    NOT NULL,
    source_file  TEXT    NOT NULL,
    source_sheet TEXT    NOT NULL,
    source_row   INTEGER NOT NULL,
    PRIMARY KEY (import_id, client_key, entry_date, seconds, ordinal)
) WITHOUT ROWID;
CREATE INDEX time_entries_identity ON time_entries (client_key, entry_date, seconds, ordinal, import_id);

CREATE TABLE report_runs (
    id          INTEGER PRIMARY KEY,
    month       TEXT    NOT NULL,
    run_trigger TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    started     TEXT    NOT NULL,
    finished    TEXT    NOT NULL DEFAULT '',
    outputs     TEXT    NOT NULL DEFAULT '[]',
    error       TEXT    NOT NULL DEFAULT '',
    attempt     INTEGER NOT NULL
);

CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    month        TEXT    NOT NULL,
    recipient    TEXT    NOT NULL,
    generation   INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT    NOT NULL DEFAULT '',
    message_id   TEXT    NOT NULL DEFAULT '',
    next_attempt TEXT    NOT NULL DEFAULT '',
    created      TEXT    NOT NULL,
    updated      TEXT    NOT NULL,
    sent         TEXT    NOT NULL DEFAULT '',
    UNIQUE (month, recipient, generation)
);
