-- The audit trail: who did or read what, on which case, when, and whether it was allowed.
--
-- Append-only for the application, by construction rather than by convention: the table belongs to
-- a role of its own (taskforce_audit, which cannot log in), in a schema that role owns, and the
-- application's role (taskforce_app) is granted only SELECT and INSERT (of every column but id and
-- recorded_at, so it can neither choose an entry's place nor its time). The database's owner, which
-- runs migrations, is granted nothing here. A trigger refuses UPDATE, DELETE and TRUNCATE to
-- everyone else as well, the trail's own role included.
--
-- Creating objects owned by another role takes a superuser, so this file is not a migration (those
-- run as the owner): the superuser's step applies it (eventstore/provision.ts: the local stack at
-- every start, docker-compose's `taskforce migrate --provision`), after making taskforce_app. It is
-- idempotent; change it only by appending statements that are too.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('taskforce audit trail provisioning'));

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'taskforce_audit') THEN
    CREATE ROLE taskforce_audit NOLOGIN;
  END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION taskforce_audit;

SET LOCAL ROLE taskforce_audit;

CREATE TABLE IF NOT EXISTS audit.trail (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- Who, as the bearer token named them; NULL when no valid token was shown.
  user_id text,
  agency text,
  role text,
  -- What: the policy operation (case.command, case.history, audit.read …), the route's operationId
  -- or the CLI command, the method and the path (never the query string: it may carry names).
  operation text NOT NULL,
  action text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  case_id text,
  -- Why it is in the trail: a command, a read of personal data, a supervisor's history, a read of
  -- the trail itself, or another read that was refused.
  access text NOT NULL CHECK (access IN ('command', 'personal-data', 'history', 'audit', 'read')),
  -- The personal-data categories the answer could carry unredacted.
  personal_data text[] NOT NULL DEFAULT '{}',
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
  status integer NOT NULL,
  request_id text
);

CREATE INDEX IF NOT EXISTS trail_user_id_idx ON audit.trail (user_id, id);
CREATE INDEX IF NOT EXISTS trail_agency_idx ON audit.trail (agency, id);
CREATE INDEX IF NOT EXISTS trail_case_id_idx ON audit.trail (case_id, id);
CREATE INDEX IF NOT EXISTS trail_recorded_at_idx ON audit.trail (recorded_at);

CREATE OR REPLACE FUNCTION audit.trail_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP;
END;
$$;

CREATE OR REPLACE TRIGGER trail_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.trail
  FOR EACH STATEMENT EXECUTE FUNCTION audit.trail_is_append_only();

RESET ROLE;

DO $$
DECLARE
  owner name := (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database());
BEGIN
  -- Before the owner and the application's role were two, the owner held these grants.
  EXECUTE format('REVOKE ALL ON audit.trail FROM %I', owner);
  EXECUTE format('REVOKE ALL ON SCHEMA audit FROM %I', owner);
END
$$;

GRANT USAGE ON SCHEMA audit TO taskforce_app;
REVOKE ALL ON audit.trail FROM taskforce_app;
GRANT SELECT ON audit.trail TO taskforce_app;
GRANT INSERT (user_id, agency, role, operation, action, method, path, case_id, access, personal_data, outcome, status, request_id)
  ON audit.trail TO taskforce_app;
GRANT USAGE ON SEQUENCE audit.trail_id_seq TO taskforce_app;

COMMIT;
