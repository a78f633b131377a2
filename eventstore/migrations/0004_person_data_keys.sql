-- Up Migration
-- Erasure by crypto-shredding (privacy/): the personal values of a victim case are sealed in the
-- events with a data key of that person's own, kept here wrapped by a master key from the
-- environment. Erasing the case destroys the key: the row stays, keyless, as the record of the
-- erasure, and its primary key stops a new key from ever being made for the person again.
CREATE TABLE person_data_keys (
  -- The victim case whose personal values the key seals.
  subject text PRIMARY KEY,
  -- iv | AES-256-GCM(data key) | tag under master key master_key_id; NULL once erased.
  wrapped_key bytea,
  master_key_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz,
  -- The actor {agency, role, userId} who erased it, and on what ground.
  erased_by jsonb,
  erasure_ground text,
  CHECK ((wrapped_key IS NULL) = (master_key_id IS NULL)),
  CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)),
  CHECK ((erased_at IS NULL) = (erased_by IS NULL AND erasure_ground IS NULL))
);

-- An erasure is final: its row can be neither changed (a key put back) nor removed (which would let
-- the next append make a fresh key and readable data again).
CREATE FUNCTION person_data_keys_erasure_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.erased_at IS NOT NULL THEN
    RAISE EXCEPTION 'the personal data of % was erased; the erasure is final (% refused)', OLD.subject, TG_OP;
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

CREATE TRIGGER person_data_keys_erasure_final
  BEFORE UPDATE OR DELETE ON person_data_keys
  FOR EACH ROW EXECUTE FUNCTION person_data_keys_erasure_is_final();

-- Down Migration
DROP TABLE IF EXISTS person_data_keys;
DROP FUNCTION IF EXISTS person_data_keys_erasure_is_final();
