-- Version 5: a report run records the process that runs it (host name and
-- pid), so that a run whose process ended without finishing it (a crash,
-- a kill, a power cut) is shown and recorded as failed ("interrupted")
-- instead of running for ever. Runs an older clientrisk left running have
-- no process to check: they are marked interrupted here (an older process
-- that is in fact still running overwrites this when it finishes).

ALTER TABLE report_runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE report_runs ADD COLUMN pid INTEGER NOT NULL DEFAULT 0;

UPDATE report_runs SET status = 'failed',
    error = 'interrupted: left running by an older clientrisk, which did not record its process'
    WHERE status = 'running';
