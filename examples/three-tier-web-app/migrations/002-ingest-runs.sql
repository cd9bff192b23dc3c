-- The uploads ingest pipeline's record of what it has inserted. Run once per
-- database, as the master user, after 001 (see the example's README). It can
-- be run again: every statement leaves an existing object as it is.
--
-- SQS delivers a message at least once, so the ingest function claims each
-- object version here in the same transaction as its orders: a second
-- delivery of the same upload inserts nothing. The nightly purge job deletes
-- the records older than 90 days, so the table stays small; an upload
-- delivered again after that long would be inserted again.

CREATE TABLE IF NOT EXISTS ingest_runs (
  bucket text NOT NULL,
  object_key text NOT NULL,
  version text NOT NULL,
  row_count integer NOT NULL CHECK (row_count >= 0),
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bucket, object_key, version)
);
CREATE INDEX IF NOT EXISTS ingest_runs_by_age ON ingest_runs (ingested_at);

-- The application user claims uploads and purges old claims; it still may not change or remove orders.
GRANT SELECT, INSERT, DELETE ON ingest_runs TO webapp_app;
