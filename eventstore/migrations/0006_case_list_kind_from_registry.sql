-- Up Migration
-- The case kinds are the registry's list (workflows/kinds.ts), not the database's: a new kind is a
-- folder and a registry line, with no migration. The projection writes only kinds the registry
-- knows (it refuses a stream whose id names no registered kind), so the CHECK adds nothing.
ALTER TABLE case_list DROP CONSTRAINT IF EXISTS case_list_kind_check;

-- Down Migration
ALTER TABLE case_list ADD CONSTRAINT case_list_kind_check CHECK (kind IN ('victim', 'suspect', 'operation', 'flight'));
