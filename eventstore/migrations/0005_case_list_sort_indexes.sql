-- Up Migration
-- The case list's keyset pages (GET /read/cases): one index per sort, on the sort key and the case id
-- in "C" order as the API compares them, so a page walks the index from the cursor and stops after
-- it, instead of sorting every visible case (measured: ~300 ms per page at 10^5 cases without,
-- ~1 ms with). The deadline sort's key counts a case without a clock as infinitely far off.
-- Unnamed, as 0003 asks: PostgreSQL names them, and a rebuild's copy gets the same names.
CREATE INDEX ON case_list (opened_at, case_id COLLATE "C");
CREATE INDEX ON case_list (last_event_at, case_id COLLATE "C");
CREATE INDEX ON case_list ((COALESCE(next_deadline_at, 'infinity'::timestamptz)), case_id COLLATE "C");

-- Down Migration
DROP INDEX IF EXISTS case_list_coalesce_case_id_idx;
DROP INDEX IF EXISTS case_list_last_event_at_case_id_idx;
DROP INDEX IF EXISTS case_list_opened_at_case_id_idx;
