-- Up Migration
-- The read side: the tables the projections fold the case topics into, and each projection's own
-- bookkeeping (the Kafka offsets it consumed and the last stream version it applied per stream),
-- written in the same transaction as its read model.
--
-- A rebuild copies a projection's tables with CREATE TABLE ... (LIKE ... INCLUDING ALL) into a
-- schema of its own and moves the copies in when they have caught up, so:
--   * index and constraint names follow PostgreSQL's own naming (<table>_pkey,
--     <table>_<columns>_idx): a copy gets the same names as the table it replaces;
--   * nothing may reference these tables (no views, no foreign keys): a rebuild replaces them;
--   * no column defaults to now() in a read model: a rebuilt table equals the live one row for row.

-- `cases` projection: positions.
CREATE TABLE projection_cases_offsets (
  topic text NOT NULL,
  partition integer NOT NULL,
  -- The offset of the next message to apply: everything before it is in the read model.
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition)
);

CREATE TABLE projection_cases_stream_versions (
  stream_id text PRIMARY KEY,
  -- The highest stream version applied: an event at or below it is a duplicate (at-least-once relay).
  stream_version integer NOT NULL
);

-- `person-dossiers` projection: positions.
CREATE TABLE projection_person_dossiers_offsets (
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition)
);

CREATE TABLE projection_person_dossiers_stream_versions (
  stream_id text PRIMARY KEY,
  stream_version integer NOT NULL
);

-- One row per case of every kind: what a supervisor's list shows and filters on.
CREATE TABLE case_list (
  case_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('victim', 'suspect', 'operation', 'flight')),
  status text NOT NULL,
  -- False once the case reached a terminal status of its lifecycle.
  is_open boolean NOT NULL,
  lead_agency text,
  host_country text,
  -- The highest classification among the case's events: the row reveals what they say.
  classification text NOT NULL,
  operation_id text,
  flight_id text,
  opened_at timestamptz NOT NULL,
  status_since timestamptz,
  last_event_at timestamptz NOT NULL,
  next_deadline_kind text,
  next_deadline_at timestamptz,
  stream_version integer NOT NULL
);
CREATE INDEX case_list_kind_status_idx ON case_list (kind, status);
CREATE INDEX case_list_lead_agency_idx ON case_list (lead_agency);
CREATE INDEX case_list_operation_id_idx ON case_list (operation_id);
CREATE INDEX case_list_flight_id_idx ON case_list (flight_id);
CREATE INDEX case_list_next_deadline_at_idx ON case_list (next_deadline_at);

-- One row per case: the folded case (lifecycle state and milestones) as JSON, without personal data.
CREATE TABLE case_detail (
  case_id text PRIMARY KEY,
  kind text NOT NULL,
  classification text NOT NULL,
  stream_version integer NOT NULL,
  detail jsonb NOT NULL
);

-- Running legal and welfare clocks of open cases; "at risk" is a query on due_at.
CREATE TABLE deadlines_at_risk (
  case_id text NOT NULL,
  deadline_kind text NOT NULL,
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  -- The case already escalated this deadline (a warning, a reminder, or the limit was reached).
  escalated boolean NOT NULL,
  lead_agency text,
  classification text NOT NULL,
  PRIMARY KEY (case_id, deadline_kind)
);
CREATE INDEX deadlines_at_risk_due_at_idx ON deadlines_at_risk (due_at);

CREATE TABLE operation_summaries (
  operation_id text PRIMARY KEY,
  code_name text,
  status text NOT NULL,
  lead_agency text,
  host_country text,
  partner_agencies jsonb NOT NULL,
  provinces jsonb NOT NULL,
  classification text NOT NULL,
  planned_at timestamptz,
  launched_at timestamptz,
  ended_at timestamptz,
  targets_raided integer NOT NULL,
  suspects_detained integer NOT NULL,
  victims_rescued integer NOT NULL,
  pending_screening integer NOT NULL,
  cases_opened integer NOT NULL,
  stream_version integer NOT NULL
);

CREATE TABLE flight_manifests (
  flight_id text PRIMARY KEY,
  flight_number text,
  origin text,
  destination text,
  status text NOT NULL,
  lead_agency text,
  host_country text,
  classification text NOT NULL,
  capacity integer NOT NULL,
  escort_ratio integer NOT NULL,
  officers integer,
  -- Cases holding a seat now (before departure), or on board (from departure on).
  manifested integer NOT NULL,
  planned_at timestamptz,
  departed_at timestamptz,
  landed_at timestamptz,
  handed_over_at timestamptz,
  stream_version integer NOT NULL
);

-- Every case that held a seat on a flight, and where it stands: manifested, released, cancelled,
-- on_board, landed, handed_over.
CREATE TABLE flight_manifest_entries (
  flight_id text NOT NULL,
  case_id text NOT NULL,
  seat text,
  status text NOT NULL,
  released_cause text,
  PRIMARY KEY (flight_id, case_id)
);
CREATE INDEX flight_manifest_entries_case_id_idx ON flight_manifest_entries (case_id);

-- Personal data of the person a case is about, gathered from every event that carries it. Restricted:
-- the API redacts each field by its category and classification.
CREATE TABLE person_dossiers (
  case_id text PRIMARY KEY,
  kind text NOT NULL,
  classification text NOT NULL,
  -- { field: { value, category, classification, eventType, streamId, occurredAt } }, the latest fact per field.
  fields jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Campaign counters counted from the taskforce's own events (never an estimate, never another
-- agency's count). A counter at zero has no row.
CREATE TABLE campaign_statistics (
  metric text NOT NULL,
  host_country text NOT NULL,
  -- The year for `reports`, the flight id for `extradited` / `deported` / `returned`, '' otherwise.
  bucket text NOT NULL,
  value bigint NOT NULL,
  counted_by text NOT NULL DEFAULT 'taskforce events',
  PRIMARY KEY (metric, host_country, bucket)
);

-- Down Migration
DROP TABLE IF EXISTS campaign_statistics;
DROP TABLE IF EXISTS person_dossiers;
DROP TABLE IF EXISTS flight_manifest_entries;
DROP TABLE IF EXISTS flight_manifests;
DROP TABLE IF EXISTS operation_summaries;
DROP TABLE IF EXISTS deadlines_at_risk;
DROP TABLE IF EXISTS case_detail;
DROP TABLE IF EXISTS case_list;
DROP TABLE IF EXISTS projection_person_dossiers_stream_versions;
DROP TABLE IF EXISTS projection_person_dossiers_offsets;
DROP TABLE IF EXISTS projection_cases_stream_versions;
DROP TABLE IF EXISTS projection_cases_offsets;
