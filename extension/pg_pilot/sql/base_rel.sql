--
-- Injection into base relations (set_rel_pathlist_hook).
--
LOAD 'pg_pilot';
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- PostgreSQL's own estimate, then injected ones
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE v < 10');
SET pg_pilot.card_hints = 'a=42';
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE v < 10');
-- 0 is raised to 1 and fractions rounded, like the planner's own estimates
SET pg_pilot.card_hints = 'a=0';
SELECT pilot_rows('SELECT * FROM pilot_a a', 'a');
SET pg_pilot.card_hints = 'a=12.5';
SELECT pilot_rows('SELECT * FROM pilot_a a', 'a');
SET pg_pilot.card_hints = 'a=1e15';
SELECT pilot_rows('SELECT * FROM pilot_a a', 'a');
-- a hint for another alias changes nothing; no alias: the table name
SET pg_pilot.card_hints = 'x=5';
SELECT pilot_rows('SELECT * FROM pilot_a a', 'a');
SET pg_pilot.card_hints = 'pilot_a=5';
SELECT pilot_rows('SELECT * FROM pilot_a', 'pilot_a');

-- pg_pilot.enabled = off keeps the hints but does not apply them
SET pg_pilot.card_hints = 'a=42';
SET pg_pilot.enabled = off;
SELECT pilot_rows('SELECT * FROM pilot_a a', 'a');
RESET pg_pilot.enabled;
SELECT pilot_rows('SELECT * FROM pilot_a a', 'a');

-- index and bitmap paths
SET pg_pilot.card_hints = '';
SELECT pilot_plan('SELECT * FROM pilot_b b WHERE a_id < 50');
SET pg_pilot.card_hints = 'b=3000';
SELECT pilot_plan('SELECT * FROM pilot_b b WHERE a_id < 50');
SET enable_bitmapscan = off;
SELECT pilot_plan('SELECT * FROM pilot_b b WHERE a_id < 50');
RESET enable_bitmapscan;

-- a base-relation estimate changes the join plan: few rows of a make a
-- nested loop over a parameterized index scan of b
SET pg_pilot.card_hints = '';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
SET pg_pilot.card_hints = 'a=3';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
-- the parameterized path of b is scaled too (b: 20000 -> 200000, x10)
SET pg_pilot.card_hints = 'a=3, b=200000';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');

-- partial paths: per-worker rows scaled, Gather shows the injected rows
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET pg_pilot.card_hints = '';
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE v < 10');
SET pg_pilot.card_hints = 'a=6000';
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE v < 10');
SET pg_pilot.card_hints = 'a=6000, a b=7, b=100';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 0;

-- a partitioned table: the hint applies to the parent (the Append), not to
-- the partitions, which share its alias
SET pg_pilot.card_hints = '';
SELECT pilot_plan('SELECT * FROM pilot_p p WHERE v = 1');
SET pg_pilot.card_hints = 'p=77';
SELECT pilot_plan('SELECT * FROM pilot_p p WHERE v = 1');

-- a subquery that is not flattened: its relations get hints too
SET pg_pilot.card_hints = 'a=9';
SELECT pilot_plan('SELECT * FROM (SELECT * FROM pilot_a a OFFSET 0) s');
RESET pg_pilot.card_hints;
