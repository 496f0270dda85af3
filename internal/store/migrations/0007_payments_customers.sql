-- Version 7: payments exports and customer lists (issue 15). A payment's
-- identity is (number_key, client_key, pay_date, amount, currency,
-- ordinal): ordinal numbers equal payments within one file, so a
-- re-export repeating them does not count them twice, as for time
-- entries; the newest import's row of an identity is the one read. A
-- customer is its client_key; the newest import's row wins. Both go with
-- their import when it is removed. Nothing older changes.

ALTER TABLE imports ADD COLUMN payments INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN customers INTEGER NOT NULL DEFAULT 0;

CREATE TABLE payments (
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    number_key   TEXT    NOT NULL,
    client_key   TEXT    NOT NULL,
    pay_date     INTEGER NOT NULL,
    amount       INTEGER NOT NULL,
    currency     TEXT    NOT NULL,
    ordinal      INTEGER NOT NULL,
    number       TEXT    NOT NULL,
    client_name  TEXT    NOT NULL,
    client_id    TEXT    NOT NULL,
    source_file  TEXT    NOT NULL,
    source_sheet TEXT    NOT NULL,
    source_row   INTEGER NOT NULL,
    PRIMARY KEY (import_id, number_key, client_key, pay_date, amount, currency, ordinal)
) WITHOUT ROWID;
CREATE INDEX payments_identity ON payments (number_key, client_key, pay_date, amount, currency, ordinal, import_id);

CREATE TABLE customers (
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    client_key   TEXT    NOT NULL,
    client_id    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    terms_days   INTEGER,
    email        TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    source_file  TEXT    NOT NULL,
    source_sheet TEXT    NOT NULL,
    source_row   INTEGER NOT NULL,
    PRIMARY KEY (import_id, client_key)
) WITHOUT ROWID;
CREATE INDEX customers_key ON customers (client_key, import_id);
