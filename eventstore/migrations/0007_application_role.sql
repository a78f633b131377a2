-- Up Migration
-- Least privilege: the processes log in as taskforce_app, which eventstore/provision.ts makes (with a
-- superuser) before migrations run. Migrations run as the database's owner, which keeps what the
-- application must not be able to change: the events table and its append-only trigger, the person
-- data keys and their erasure trigger, the relay's checkpoints and the migrations' record. Only an
-- owner can disable, drop or replace a trigger, truncate or drop a table, so the application gets
-- grants on these tables, never ownership: it may append events, never rewrite them.
--
-- The read models are the application's own: a rebuild (projections/rebuild.ts) creates their copies
-- in a schema of its own and, as the application, drops the live tables and moves the copies in, so
-- the application must own them (and create in the public schema). A migration that adds a read-model
-- table hands it over the same way (ALTER TABLE … OWNER TO taskforce_app; the owner is a member of
-- taskforce_app, so it can still alter it later). tests/integration/database-roles.test.ts checks
-- both sides.
DO $$
BEGIN
  -- Rebuilds, tests and benchmarks make schemas of their own.
  EXECUTE format('GRANT CREATE ON DATABASE %I TO taskforce_app', current_database());
END
$$;
GRANT USAGE, CREATE ON SCHEMA public TO taskforce_app;

GRANT SELECT, INSERT ON events TO taskforce_app;
GRANT USAGE ON SEQUENCE events_global_position_seq TO taskforce_app;
-- Erasure destroys a key by UPDATE (the trigger keeps an erasure final); no one deletes a key row.
GRANT SELECT, INSERT, UPDATE ON person_data_keys TO taskforce_app;
GRANT SELECT, INSERT, UPDATE ON relay_checkpoints TO taskforce_app;

ALTER TABLE projection_cases_offsets OWNER TO taskforce_app;
ALTER TABLE projection_cases_stream_versions OWNER TO taskforce_app;
ALTER TABLE projection_person_dossiers_offsets OWNER TO taskforce_app;
ALTER TABLE projection_person_dossiers_stream_versions OWNER TO taskforce_app;
ALTER TABLE case_list OWNER TO taskforce_app;
ALTER TABLE case_detail OWNER TO taskforce_app;
ALTER TABLE deadlines_at_risk OWNER TO taskforce_app;
ALTER TABLE operation_summaries OWNER TO taskforce_app;
ALTER TABLE flight_manifests OWNER TO taskforce_app;
ALTER TABLE flight_manifest_entries OWNER TO taskforce_app;
ALTER TABLE person_dossiers OWNER TO taskforce_app;
ALTER TABLE campaign_statistics OWNER TO taskforce_app;

-- Down Migration
ALTER TABLE projection_cases_offsets OWNER TO CURRENT_USER;
ALTER TABLE projection_cases_stream_versions OWNER TO CURRENT_USER;
ALTER TABLE projection_person_dossiers_offsets OWNER TO CURRENT_USER;
ALTER TABLE projection_person_dossiers_stream_versions OWNER TO CURRENT_USER;
ALTER TABLE case_list OWNER TO CURRENT_USER;
ALTER TABLE case_detail OWNER TO CURRENT_USER;
ALTER TABLE deadlines_at_risk OWNER TO CURRENT_USER;
ALTER TABLE operation_summaries OWNER TO CURRENT_USER;
ALTER TABLE flight_manifests OWNER TO CURRENT_USER;
ALTER TABLE flight_manifest_entries OWNER TO CURRENT_USER;
ALTER TABLE person_dossiers OWNER TO CURRENT_USER;
ALTER TABLE campaign_statistics OWNER TO CURRENT_USER;
REVOKE ALL ON relay_checkpoints, person_data_keys, events FROM taskforce_app;
REVOKE ALL ON SEQUENCE events_global_position_seq FROM taskforce_app;
REVOKE ALL ON SCHEMA public FROM taskforce_app;
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM taskforce_app', current_database());
END
$$;
