/* pg_pilot--0.1.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pg_pilot" to load this file. \quit

CREATE FUNCTION pg_pilot_version()
RETURNS text
AS 'MODULE_PATHNAME', 'pg_pilot_version'
LANGUAGE C STRICT PARALLEL SAFE;

-- The sub-plans of the last planned statement that referenced a table:
-- every base and join relation the planner built, PostgreSQL's own row
-- estimate and the rows pg_pilot injected (NULL if none).  level is the
-- query level (1: the statement, 2+: subqueries), so a key may repeat.
-- The record is backend-local: PARALLEL RESTRICTED.
CREATE FUNCTION pg_pilot_subplans(
    OUT key text,
    OUT relations int,
    OUT planner_rows float8,
    OUT injected_rows float8,
    OUT level int)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pg_pilot_subplans'
LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED ROWS 100;
