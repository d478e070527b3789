import type pg from 'pg';
import { tableSql } from './database-access.js';

/** What every loader says, in its progress output, before the VACUUM. */
export const VACUUM_MESSAGE = 'VACUUM (ANALYZE) of the loaded tables: statistics and visibility map settled before any experiment';

/** Tables, partitioned tables and materialized views outside the system schemas, not owned by an extension (a partitioned table's VACUUM covers its partitions). */
const LOADED_RELATIONS_SQL = `
  SELECT n.nspname AS schema, c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY 1, 2`;

/**
 * Ends a load with VACUUM (ANALYZE) of the loaded tables (`tables` as SQL names; every user
 * relation of the database when left out). Without it autovacuum re-analyzes freshly loaded
 * tables some 30 s later and plans change in the middle of an experiment; VACUUM also sets the
 * visibility map, so index-only scans behave from the start. Idempotent. Runs after the load
 * committed, outside a transaction block (VACUUM cannot run inside one). Before it:
 * - the WAL is flushed through every commit so far: with synchronous_commit off (the managed
 *   cluster's setting) VACUUM cannot hint rows committed while a commit's WAL (or that of a
 *   commit beside it in the commit log) is unflushed, and marks no page of theirs all-visible;
 *   a page it still could not mark (a commit of another session came in between) gets one
 *   more VACUUM;
 * - this session's pending table statistics (the rows it inserted) are flushed, since counted
 *   after the ANALYZE they would wake autovacuum all the same. A load by another session
 *   (psql) flushes its own before it ends (see runPsqlFile).
 */
export async function vacuumLoadedTables(client: pg.ClientBase, tables?: readonly string[]): Promise<readonly string[]> {
  await client.query('SELECT pg_stat_force_next_flush()');
  const names = tables ?? (await client.query<{ schema: string; name: string }>(LOADED_RELATIONS_SQL)).rows.map(tableSql);
  if (names.length === 0) return names;
  await flushWal(client);
  await client.query(`VACUUM (ANALYZE) ${names.join(', ')}`);
  const { rows } = await client.query<{ name: string }>(
    'SELECT t.name FROM unnest($1::text[]) AS t(name) JOIN pg_class c ON c.oid = t.name::regclass WHERE c.relkind = \'r\' AND c.relallvisible < c.relpages',
    [names],
  );
  if (rows.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, WAL_WRITER_PAUSE_MS));
    await flushWal(client);
    await client.query(`VACUUM ${rows.map((r) => r.name).join(', ')}`);
  }
  return names;
}

/** Long enough for the WAL writer (wal_writer_delay, 200 ms by default) to flush what came in between. */
const WAL_WRITER_PAUSE_MS = 250;

/** A synchronous commit that wrote WAL (one logical message, read by no one) flushes the WAL through it. */
async function flushWal(client: pg.ClientBase): Promise<void> {
  await client.query("BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_logical_emit_message(true, 'pilot', 'flush before VACUUM'); COMMIT");
}
