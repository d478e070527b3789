--
-- pg_pilot_subplans(): the sub-plans of the last planned statement that
-- referenced a table.
--
LOAD 'pg_pilot';
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- a chain a - b - c: every connected sub-plan, with PostgreSQL's estimate
EXPLAIN (COSTS OFF)
SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id;
SELECT * FROM pg_pilot_subplans();
-- reading the record does not overwrite it, nor does a statement without tables
SELECT key FROM pg_pilot_subplans();
SELECT 1 AS one;
SELECT key FROM pg_pilot_subplans();

-- injected rows next to PostgreSQL's estimate (which already sees the
-- injected estimates of the inputs)
SET pg_pilot.card_hints = 'a=100, a b=5000';
EXPLAIN (COSTS OFF)
SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id;
SELECT * FROM pg_pilot_subplans();
RESET pg_pilot.card_hints;

-- executing the statement records it too
SELECT count(*) FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id;
SELECT * FROM pg_pilot_subplans();

-- subqueries are planned in the same call: recorded with their level
EXPLAIN (COSTS OFF)
SELECT * FROM pilot_a a
WHERE a.v = (SELECT max(c.id) FROM pilot_c c WHERE c.b_id = a.id);
SELECT * FROM pg_pilot_subplans();
EXPLAIN (COSTS OFF)
SELECT * FROM pilot_a a, (SELECT DISTINCT a_id FROM pilot_b b) s WHERE s.a_id = a.id;
SELECT * FROM pg_pilot_subplans();

-- a relation that is not a table has no key: joins with it are not recorded
EXPLAIN (COSTS OFF)
SELECT * FROM pilot_a a JOIN (VALUES (1), (2)) v(id) ON v.id = a.id;
SELECT * FROM pg_pilot_subplans();

-- statements planned while a statement runs (in a function) do not replace
-- the record of the statement
CREATE FUNCTION pilot_count_c() RETURNS bigint LANGUAGE plpgsql AS
$$ BEGIN RETURN (SELECT count(*) FROM pilot_c c); END $$;
EXPLAIN (COSTS OFF) SELECT * FROM pilot_b b WHERE b.id = 1;
SELECT pilot_count_c();
SELECT * FROM pg_pilot_subplans();
-- a statement that fails in planning leaves the record alone
SELECT * FROM pilot_a a WHERE a.id = 1/0;
SELECT key FROM pg_pilot_subplans();

-- a fresh session has no record
\c
SELECT count(*) FROM pg_pilot_subplans();
