import { createReadStream, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../../db/database-admin.js';
import { toDatabaseError } from '../../db/database-error.js';
import { DatasetError } from '../dataset-error.js';
import { displayPath } from '../registry/display-path.js';
import { csvFirstRecord } from './csv-first-record.js';
import { listUserTables, tableSql, withClient, type DatabaseAccess, type UserTable } from './database-access.js';
import { readFileHead } from './read-file-head.js';
import { requirePath } from './require-path.js';
import { runPsqlFile } from './run-psql-file.js';
import { VACUUM_MESSAGE, vacuumLoadedTables } from './vacuum-loaded-tables.js';

export interface CsvLoadOptions {
  /** The directory of `<table>.csv` files (`<schema>.<table>.csv` outside public). */
  readonly dir: string;
  /** SQL creating the tables (default `<dir>/schema.sql`). */
  readonly schema?: string;
  /** Whether each file starts with a header line naming the columns (default true). */
  readonly header?: boolean;
  /** Progress messages (the VACUUM after the load). */
  readonly log?: (message: string) => void;
}

export interface CsvLoadResult {
  readonly tables: readonly { readonly table: string; readonly file: string; readonly rows: number }[];
  /** Tables that schema.sql created but no CSV file fills. */
  readonly emptyTables: readonly string[];
}

/**
 * Runs schema.sql with psql, checks every CSV file against its table (header names, or the
 * field count without a header), then COPYs them all in one transaction and VACUUM (ANALYZE)s
 * the tables.
 */
export async function loadCsvDirectory(access: DatabaseAccess, database: string, options: CsvLoadOptions): Promise<CsvLoadResult> {
  const dir = requirePath(options.dir, 'CSV directory', 'directory');
  const schemaFile = requirePath(options.schema ?? join(dir, 'schema.sql'), 'schema file', 'file');
  const header = options.header ?? true;
  const csvFiles = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  if (csvFiles.length === 0) throw new DatasetError('IMPORT_BAD_INPUT', `${displayPath(dir)} holds no .csv files`, { context: { dir } });

  await runPsqlFile(access.psql, access.connection(database), schemaFile, 'SCHEMA_LOAD_FAILED');
  return withClient(access.connection(database), async (client) => {
    const tables = await listUserTables(client);
    const plan = csvFiles.map((f) => ({ file: join(dir, f), table: tableFor(join(dir, f), tables) }));
    const copies: { table: UserTable; file: string; columns: string[] }[] = [];
    for (const { file, table } of await referencedFirst(client, plan)) copies.push({ table, file, columns: await checkColumns(client, file, table, header) });

    const loaded: { table: string; file: string; rows: number }[] = [];
    await client.query('BEGIN');
    try {
      for (const { table, file, columns } of copies) {
        const sql = `COPY ${tableSql(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER ${header})`;
        const stream = client.query(copyFrom(sql));
        try {
          await pipeline(createReadStream(file), stream);
        } catch (error) {
          throw copyFailure(error, file, table);
        }
        loaded.push({ table: table.qualified, file, rows: Number(stream.rowCount ?? 0) });
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
    options.log?.(VACUUM_MESSAGE);
    await vacuumLoadedTables(client, tables.map(tableSql));
    const filled = new Set(copies.map((c) => c.table.qualified));
    return { tables: loaded, emptyTables: tables.map((t) => t.qualified).filter((t) => !filled.has(t)) };
  });
}

function tableFor(file: string, tables: readonly UserTable[]): UserTable {
  const key = basename(file).slice(0, -'.csv'.length);
  const exact = tables.find((t) => t.qualified === key) ?? tables.filter((t) => t.name === key);
  const match = Array.isArray(exact) ? (exact.length === 1 ? exact[0] : undefined) : exact;
  if (match) return match;
  const ambiguous = Array.isArray(exact) && exact.length > 1;
  throw new DatasetError('CSV_TABLE_UNKNOWN', ambiguous
    ? `${displayPath(file)}: table "${key}" exists in several schemas (${exact.map((t) => t.schema).join(', ')}); name the file <schema>.${key}.csv`
    : `${displayPath(file)}: schema.sql created no table "${key}" (tables: ${tables.map((t) => t.qualified).join(', ') || 'none'})`, {
    context: { file, table: key },
    hint: 'each CSV file is named after the table it fills: <table>.csv',
  });
}

/**
 * The files in an order that fills a table before the tables whose foreign keys reference it.
 * Tables in a reference cycle keep their alphabetical order (their keys must then be deferrable).
 */
async function referencedFirst<T extends { table: UserTable }>(client: pg.ClientBase, plan: readonly T[]): Promise<T[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT cn.nspname || '.' || c.relname AS child, pn.nspname || '.' || p.relname AS parent
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
      JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid`);
  const key = (t: UserTable) => `${t.schema}.${t.name}`;
  const pending = [...plan];
  const ordered: T[] = [];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((p) => key(p.table)));
    const ready = pending.findIndex((p) => !rows.some((r) => r.child === key(p.table) && waiting.has(r.parent)));
    const [next] = pending.splice(ready >= 0 ? ready : 0, 1);
    ordered.push(next!);
  }
  return ordered;
}

/** The column list for COPY: the header's names (checked against the table), else all columns. */
async function checkColumns(client: pg.ClientBase, file: string, table: UserTable, header: boolean): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [tableSql(table)],
  );
  const columns = rows.map((r) => r.name);
  const first = csvFirstRecord(readFileHead(file, 1_048_576));
  if (first === undefined) return columns; // empty file: nothing to check, COPY loads no rows
  const mismatch = (problem: string) =>
    new DatasetError('CSV_COLUMNS_MISMATCH', `${displayPath(file)}:1: ${problem} (table ${table.qualified} has ${columns.length} columns: ${columns.join(', ')})`, {
      context: { file, line: 1, table: table.qualified, columns },
      hint: header ? 'the header line must name columns of the table; pass --no-header if the files have no header line' : 'without a header every line needs one field per column, in table order; pass --header if the first line names the columns',
    });
  if (!header) {
    if (first.length !== columns.length) throw mismatch(`the first line has ${first.length} fields`);
    return columns;
  }
  const names = first.map((n) => n.trim());
  const unknown = names.filter((n) => !columns.includes(n));
  if (unknown.length > 0) throw mismatch(`the header names ${unknown.map((n) => `"${n}"`).join(', ')}, not a column of the table`);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw mismatch(`the header names ${repeated.map((n) => `"${n}"`).join(', ')} more than once`);
  return names;
}

/** COPY errors carry `where`: `COPY badges, line 3, column date: "abc"`. */
function copyFailure(error: unknown, file: string, table: UserTable): DatasetError {
  const where = (error as { where?: string }).where ?? '';
  const line = /line (\d+)/.exec(where)?.[1];
  const db = toDatabaseError(error);
  const column = /column (\w+)/.exec(where)?.[1];
  return new DatasetError('CSV_LOAD_FAILED', `${displayPath(file)}${line ? `:${line}` : ''}: ${db.message}${column ? ` (column ${column})` : ''}`, {
    context: { file, table: table.qualified, ...(line ? { line: Number(line) } : {}), sqlstate: db.sqlstate },
    hint: 'fix that line of the CSV file (nothing was loaded: all files load in one transaction), then import again with --force',
    cause: error,
  });
}
