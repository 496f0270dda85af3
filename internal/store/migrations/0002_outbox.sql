-- Version 2: the outbox keeps the path of the message file it sends, and
-- the scheduler and the outbox look runs and deliveries up by state.

ALTER TABLE deliveries ADD COLUMN message_path TEXT NOT NULL DEFAULT '';
CREATE INDEX deliveries_status ON deliveries (status, next_attempt);
CREATE INDEX report_runs_month ON report_runs (month, status);
