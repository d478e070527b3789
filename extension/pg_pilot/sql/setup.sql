--
-- Shared set-up of the pg_pilot regression tests: the extension, small
-- tables with exact statistics, and a helper that prints a plan's nodes with
-- the relations below each node and its estimated rows (no costs).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_pilot;
RESET client_min_messages;
-- works whether or not pg_pilot is in shared_preload_libraries
LOAD 'pg_pilot';
SELECT pg_pilot_version();

-- plans must not depend on the server's configuration: pin the planner
-- settings for every later session of this database
DO $$
DECLARE
  setting text[];
BEGIN
  FOREACH setting SLICE 1 IN ARRAY ARRAY[
    ['work_mem', '4MB'], ['effective_cache_size', '4GB'],
    ['seq_page_cost', '1'], ['random_page_cost', '4'],
    ['cpu_tuple_cost', '0.01'], ['cpu_index_tuple_cost', '0.005'],
    ['cpu_operator_cost', '0.0025'], ['jit', 'off'],
    ['max_parallel_workers_per_gather', '0'], ['parallel_setup_cost', '1000'],
    ['parallel_tuple_cost', '0.1'], ['min_parallel_table_scan_size', '8MB'],
    ['geqo', 'on'], ['geqo_threshold', '12'], ['geqo_seed', '0'],
    ['join_collapse_limit', '8'], ['from_collapse_limit', '8'],
    ['enable_partitionwise_join', 'off'], ['enable_partitionwise_aggregate', 'off'],
    ['enable_memoize', 'on'], ['enable_material', 'on'],
    ['enable_hashjoin', 'on'], ['enable_mergejoin', 'on'],
    ['enable_nestloop', 'on'], ['enable_bitmapscan', 'on'],
    ['enable_indexscan', 'on'], ['enable_indexonlyscan', 'on'],
    ['enable_seqscan', 'on'], ['enable_sort', 'on'],
    ['enable_incremental_sort', 'on'], ['enable_hashagg', 'on'],
    ['pg_pilot.card_hints', ''], ['pg_pilot.enabled', 'on']]
  LOOP
    EXECUTE format('ALTER DATABASE %I SET %s = %L',
                   current_database(), setting[1], setting[2]);
  END LOOP;
END
$$;
SET default_statistics_target = 100;

-- at most 30000 rows each, so ANALYZE reads every row: stable estimates
CREATE TABLE pilot_a AS
  SELECT g AS id, g % 100 AS v FROM generate_series(1, 10000) g;
CREATE TABLE pilot_b AS
  SELECT g AS id, (g % 10000) + 1 AS a_id FROM generate_series(1, 20000) g;
CREATE INDEX pilot_b_a_id ON pilot_b (a_id);
CREATE TABLE pilot_c AS
  SELECT g AS id, (g % 20000) + 1 AS b_id FROM generate_series(1, 5000) g;
CREATE TABLE pilot_p (id int, v int) PARTITION BY RANGE (id);
CREATE TABLE pilot_p1 PARTITION OF pilot_p FOR VALUES FROM (1) TO (5001);
CREATE TABLE pilot_p2 PARTITION OF pilot_p FOR VALUES FROM (5001) TO (10001);
INSERT INTO pilot_p SELECT g, g % 7 FROM generate_series(1, 10000) g;
ANALYZE pilot_a, pilot_b, pilot_c, pilot_p;

-- The relations (Alias) under a plan node, sorted like a sub-plan key.
CREATE FUNCTION pilot_plan_key(node jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  WITH RECURSIVE n(node) AS (
    SELECT node
    UNION ALL
    SELECT c FROM n, jsonb_array_elements(coalesce(n.node->'Plans', '[]')) c
  )
  SELECT string_agg(alias, ' ' ORDER BY alias)
  FROM (SELECT DISTINCT (n.node->>'Alias') COLLATE "C" AS alias
        FROM n WHERE n.node ? 'Alias') s
$$;

-- One line per plan node: indentation, node type, [key], rows.
CREATE FUNCTION pilot_plan(query text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  plan jsonb;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON, COSTS ON) ' || query INTO plan;
  RETURN QUERY
  WITH RECURSIVE n(node, depth, path) AS (
    SELECT plan->0->'Plan', 0, ARRAY[]::int[]
    UNION ALL
    SELECT c.value, n.depth + 1, n.path || c.ordinality::int
    FROM n, jsonb_array_elements(coalesce(n.node->'Plans', '[]')) WITH ORDINALITY c
  )
  SELECT repeat('  ', n.depth) || (n.node->>'Node Type')
         || coalesce(' [' || pilot_plan_key(n.node) || ']', '')
         || ' rows=' || (n.node->>'Plan Rows')
  FROM n ORDER BY n.path;
END
$$;

-- The estimated rows of the topmost node covering exactly these relations.
CREATE FUNCTION pilot_rows(query text, rels text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
  plan jsonb;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON, COSTS ON) ' || query INTO plan;
  RETURN (
    WITH RECURSIVE n(node, depth) AS (
      SELECT plan->0->'Plan', 0
      UNION ALL
      SELECT c, n.depth + 1
      FROM n, jsonb_array_elements(coalesce(n.node->'Plans', '[]')) c
    )
    SELECT (n.node->>'Plan Rows')::float8 FROM n
    WHERE pilot_plan_key(n.node) = rels
    ORDER BY n.depth LIMIT 1);
END
$$;

-- The join method of the topmost join node.
CREATE FUNCTION pilot_join_method(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN SELECT * FROM pilot_plan(query) LOOP
    IF line ~ '(Nested Loop|Hash Join|Merge Join)' THEN
      RETURN substring(line from '(Nested Loop|Hash Join|Merge Join)');
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
