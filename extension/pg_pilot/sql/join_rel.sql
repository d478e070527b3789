--
-- Injection into join relations (set_join_pathlist_hook), with the paths of
-- the first (outer, inner) pair rebuilt under the injected rows.
--
LOAD 'pg_pilot';
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- the join node shows the injected rows
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
SET pg_pilot.card_hints = 'a b=123';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
-- whichever side is outer (both pairs are costed with the injected rows)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
SELECT pilot_plan('SELECT * FROM pilot_b b JOIN pilot_a a ON b.a_id = a.id');
RESET enable_hashjoin;
RESET enable_mergejoin;

-- the join estimate alone flips the join method of a 2-table join: with a
-- LIMIT, a huge estimate favours a fast-start nested loop, a tiny one the
-- cheapest total plan (a hash join)
SET pg_pilot.card_hints = '';
SELECT pilot_join_method('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id LIMIT 100');
SET pg_pilot.card_hints = 'a b=1e9';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id LIMIT 100');
SET pg_pilot.card_hints = 'a b=100';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id LIMIT 100');
-- and with ORDER BY: sorting a huge join is avoided with a merge join
SET pg_pilot.card_hints = 'a b=5';
SELECT pilot_join_method('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id ORDER BY a.id');
SET pg_pilot.card_hints = 'a b=1e9';
SELECT pilot_join_method('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id ORDER BY a.id');

-- 3 tables, a chain a - b - c: every hinted sub-plan in the plan shows its
-- injected estimate
SET pg_pilot.card_hints = '';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
SET pg_pilot.card_hints = 'a b=1000000, a b c=31, b c=17';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
-- (EXPLAIN run inside a function is not recorded: explain directly)
EXPLAIN (COSTS OFF) SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id;
SELECT key, relations, injected_rows FROM pg_pilot_subplans();
SET pg_pilot.card_hints = 'a b=2, a b c=31, b c=1000000';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
-- base and join hints together
SET pg_pilot.card_hints = 'a=10, a b=20, a b c=30, b=40, b c=50, c=60';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
EXPLAIN (COSTS OFF) SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id;
SELECT key, planner_rows > 0 AS estimated, injected_rows FROM pg_pilot_subplans();

-- pg_pilot.enabled = off
SET pg_pilot.enabled = off;
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
EXPLAIN (COSTS OFF) SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id;
SELECT count(*) AS injected FROM pg_pilot_subplans() WHERE injected_rows IS NOT NULL;
RESET pg_pilot.enabled;

-- outer, semi and anti joins
SET pg_pilot.card_hints = 'a b=77';
SELECT pilot_plan('SELECT * FROM pilot_a a LEFT JOIN pilot_b b ON b.a_id = a.id');
SELECT pilot_plan('SELECT * FROM pilot_a a FULL JOIN pilot_b b ON b.a_id = a.id');
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE EXISTS (SELECT 1 FROM pilot_b b WHERE b.a_id = a.id)');
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE a.id IN (SELECT b.a_id FROM pilot_b b WHERE b.id < 100)');
SELECT pilot_plan('SELECT * FROM pilot_a a WHERE NOT EXISTS (SELECT 1 FROM pilot_b b WHERE b.a_id = a.id)');

-- parameterized join paths and parallel join paths
SET pg_pilot.card_hints = 'a=5, a b=9, a b c=11';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET pg_pilot.card_hints = 'a b=4800';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id');
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- GEQO builds join relations afresh for every try: still injected
SET geqo_threshold = 2;
SET pg_pilot.card_hints = 'a b=1000000, a b c=31, b c=17';
SELECT pilot_plan('SELECT * FROM pilot_a a JOIN pilot_b b ON b.a_id = a.id JOIN pilot_c c ON c.b_id = b.id');
RESET geqo_threshold;
RESET pg_pilot.card_hints;
