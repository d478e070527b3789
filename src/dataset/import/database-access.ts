import pg from 'pg';
import { toDatabaseError } from '../../db/database-error.js';
import { quoteIdent } from '../../db/database-admin.js';

/**
 * How the importers reach the server: the CLI builds it from the managed cluster, tests from
 * theirs. Nothing here starts a server or reads the environment.
 */
export interface DatabaseAccess {
  /** A connection to a maintenance database (`postgres`) for CREATE / DROP DATABASE. */
  readonly admin: pg.ClientConfig;
  /** A connection to `database` on the same server. */
  connection(database: string): pg.ClientConfig;
  /** The psql program that loads SQL files (from findPgBinaries()). */
  readonly psql: string;
}

/** Databases that must never hold a dataset (they would be dropped by `remove --drop-database`). */
export const RESERVED_DATABASES = ['postgres', 'template0', 'template1'] as const;

/** Runs `work` on a fresh client and always closes it; server errors become DatabaseErrors. */
export async function withClient<T>(config: pg.ClientConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw toDatabaseError(error, { target: `${config.host ?? ''}/${config.database ?? ''}` });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function databaseExists(access: DatabaseAccess, database: string): Promise<boolean> {
  return withClient(access.admin, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1);
}

export async function createDatabase(access: DatabaseAccess, database: string): Promise<void> {
  await withClient(access.admin, (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
}

/** Drops the database, disconnecting its sessions (PostgreSQL 13+). */
export async function dropDatabase(access: DatabaseAccess, database: string): Promise<void> {
  await withClient(access.admin, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
}

export interface UserTable {
  readonly schema: string;
  readonly name: string;
  /** `name` in public, else `schema.name`. */
  readonly qualified: string;
}

/** Ordinary and partitioned tables outside the system schemas, not owned by an extension. */
export const USER_TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY 1, 2`;

export async function listUserTables(client: pg.ClientBase): Promise<UserTable[]> {
  const { rows } = await client.query<{ schema: string; name: string }>(USER_TABLES_SQL);
  return rows.map((r) => ({ ...r, qualified: r.schema === 'public' ? r.name : `${r.schema}.${r.name}` }));
}

/** `"schema"."table"`, quoted. */
export function tableSql(table: Pick<UserTable, 'schema' | 'name'>): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

export interface TableSize {
  readonly table: string;
  /** pg_class.reltuples: exact after ANALYZE for tables up to ~30,000 rows, an estimate above; -1 if never analyzed. */
  readonly rows: number;
  readonly bytes: number;
}

/** Rows (as ANALYZE counted them) and on-disk size of every user table. */
export async function tableSizes(client: pg.ClientBase): Promise<TableSize[]> {
  const { rows } = await client.query<{ schema: string; name: string; rows: string; bytes: string }>(`
    SELECT t.schema, t.name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
      FROM (${USER_TABLES_SQL}) t
      JOIN pg_namespace n ON n.nspname = t.schema
      JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name
     ORDER BY 1, 2`);
  return rows.map((r) => ({ table: r.schema === 'public' ? r.name : `${r.schema}.${r.name}`, rows: Number(r.rows), bytes: Number(r.bytes) }));
}
