-- Up Migration
-- The event store: one append-only table for every stream, and the outbox relay's checkpoints.
--
-- Writers never touch a shared row: a stream's head is max(stream_version) read through the
-- (stream_id, stream_version) index, and the unique constraint turns a concurrent append at the
-- same version into a conflict. transaction_id records the writing transaction, so the relay can
-- read in commit-safe order: everything below the oldest in-flight transaction is settled, and an
-- event whose transaction commits late (a lower global_position committing after a higher one)
-- is never skipped.
CREATE TABLE events (
  global_position bigserial PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  stream_version integer NOT NULL CHECK (stream_version >= 1),
  case_kind text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  actor jsonb NOT NULL,
  classification text NOT NULL CHECK (classification IN ('PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET')),
  correlation_id text NOT NULL,
  causation_id text,
  data jsonb NOT NULL,
  UNIQUE (stream_id, stream_version)
);

CREATE INDEX events_by_transaction ON events (transaction_id, global_position);

-- Facts are never rewritten: corrections are new events, erasure is done by key destruction.
CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the events table is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();

-- Where each relay has got to: the last event Kafka acknowledged, in (transaction_id, global_position) order.
CREATE TABLE relay_checkpoints (
  relay_name text PRIMARY KEY,
  last_transaction_id xid8 NOT NULL,
  last_global_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE IF EXISTS relay_checkpoints;
DROP TABLE IF EXISTS events;
DROP FUNCTION IF EXISTS events_are_append_only();
