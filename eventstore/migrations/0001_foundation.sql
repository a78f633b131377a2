-- Up Migration
-- A place for the process heartbeat of the stack's own checks; the event store comes next.
CREATE TABLE IF NOT EXISTS taskforce_meta (key text PRIMARY KEY, value text NOT NULL);

-- Down Migration
DROP TABLE IF EXISTS taskforce_meta;
