-- Up Migration
-- Read model `estimates`: every estimate recorded on an operation (EstimateRecorded), one row each,
-- kept apart from the campaign counters: an estimate is a figure someone estimated, never a count.
CREATE TABLE estimates (
  operation_id text NOT NULL,
  -- The estimate's place among its operation's estimates, in stream order.
  seq integer NOT NULL,
  measure text NOT NULL,
  figure bigint NOT NULL,
  as_of date NOT NULL,
  source_agency text NOT NULL,
  method text NOT NULL,
  host_country text,
  classification text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
CREATE INDEX estimates_by_as_of ON estimates (as_of DESC, operation_id, seq);
-- A read model is the application's (see 0007).
ALTER TABLE estimates OWNER TO taskforce_app;

-- Down Migration
DROP TABLE IF EXISTS estimates;
