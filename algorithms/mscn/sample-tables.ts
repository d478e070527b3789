import type { Interactor } from '../../src/db/interactor.js';
import { PilotError } from '../../src/errors/index.js';
import { quoteIdentifier } from '../../src/sql/index.js';
import type { DatabaseSchema, TableInfo } from '../database-schema.js';
import { columnKind, isString, type ColumnKind } from './column-kind.js';
import type { SampleValue } from './literal-value.js';
import type { SampledColumn, SampleSet, TableSample } from './table-sample.js';

export interface SampleTablesOptions {
  readonly sampleSize: number;
  readonly seed: number;
  /** String columns to fetch, by table (others are skipped: they can be wide). Every non-string column is fetched. */
  readonly stringColumns: Readonly<Record<string, readonly string[]>>;
  /** Names the database in the sample set (where the rows came from). */
  readonly source: string;
}

/** Oversampling factor of the BERNOULLI pre-filter, so that ordering by hash still has about 4x the rows it keeps. */
const OVERSAMPLE = 4;

/**
 * A seeded sample of `sampleSize` rows of every table in `schema`: a BERNOULLI pre-filter
 * (REPEATABLE(seed), so a large table is not sorted whole) and then the rows ordered by an md5
 * of their physical position and the seed. The same seed on the same table contents and layout
 * gives the same rows. Values are read into the kinds of column-kind.ts (dates as epoch seconds).
 */
export async function sampleTables(interactor: Pick<Interactor, 'execute'>, schema: DatabaseSchema, options: SampleTablesOptions): Promise<SampleSet> {
  const { sampleSize, seed } = options;
  if (!(Number.isSafeInteger(sampleSize) && sampleSize >= 1)) throw new PilotError('MSCN_BAD_PARAMS', `sampleSize must be a whole number >= 1, got ${sampleSize}`);
  const settings = await records(interactor, "SELECT current_setting('TimeZone') AS tz, datcollate AS collation FROM pg_database WHERE datname = current_database()");
  const tz = String(settings[0]?.tz ?? '');
  const tables: Record<string, TableSample> = {};
  for (const table of schema.tables) {
    tables[table.name] = await sampleTable(interactor, table, { sampleSize, seed, strings: new Set(options.stringColumns[table.name] ?? []) });
  }
  return {
    sampleSize,
    seed,
    collation: String(settings[0]?.collation ?? ''),
    timeZoneIsUtc: /^(utc|etc\/utc|gmt|etc\/gmt|zulu|universal|etc\/universal|uct|etc\/uct|gmt0|etc\/gmt0)$/i.test(tz),
    source: options.source,
    tables,
  };
}

async function sampleTable(interactor: Pick<Interactor, 'execute'>, table: TableInfo, options: { sampleSize: number; seed: number; strings: ReadonlySet<string> }): Promise<TableSample> {
  const columns = table.columns
    .map((c) => ({ ...c, kind: columnKind(c.type) }))
    .filter((c) => !isString(c.kind) || options.strings.has(c.name));
  const select = columns.length === 0 ? '1 AS one' : columns.map((c, i) => `${valueExpression(quoteIdentifier(c.name), c.kind)} AS c${i}`).join(', ');
  const from = quoteIdentifier(table.name);
  const order = `md5(tableoid::text || ':' || ctid::text || ':' || ${Math.trunc(options.seed)}::text)`;
  const percent = table.rows > 0 ? Math.min(100, (100 * OVERSAMPLE * options.sampleSize) / table.rows) : 100;
  const query = (prefilter: boolean): string =>
    `SELECT ${select} FROM ${from}${prefilter ? ` TABLESAMPLE BERNOULLI (${percent}) REPEATABLE (${options.seed})` : ''} ORDER BY ${order} LIMIT ${options.sampleSize}`;
  let rows = await records(interactor, query(percent < 100));
  // Statistics can be stale: when the pre-filter kept too few rows, sample the whole table.
  if (rows.length < options.sampleSize && percent < 100) rows = await records(interactor, query(false));
  const sampled: Record<string, SampledColumn> = {};
  columns.forEach((c, i) => {
    sampled[c.name] = { type: c.type, kind: c.kind, values: rows.map((r) => readValue(r[`c${i}`], c.kind)) };
  });
  return { table: table.name, rows: rows.length, columns: sampled };
}

/** SQL that reads a column as its sample kind. */
export function valueExpression(column: string, kind: ColumnKind): string {
  switch (kind) {
    case 'number':
      return `${column}::float8`;
    case 'timestamp':
    case 'timestamptz':
      return `extract(epoch FROM ${column})::float8`;
    case 'text':
    case 'bpchar':
      return `${column}::text`;
    case 'boolean':
      return column;
    case 'other':
      return `CASE WHEN ${column} IS NULL THEN NULL ELSE true END`;
  }
}

/** JSON has no NaN or infinities: map them to finite values that keep PostgreSQL's order (-inf < x < inf < NaN). */
export function finiteOrdered(value: number): number {
  if (Number.isNaN(value)) return Number.MAX_VALUE;
  if (value === Infinity) return 1e308;
  if (value === -Infinity) return -1e308;
  return value;
}

function readValue(raw: unknown, kind: ColumnKind): SampleValue {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'number':
    case 'timestamp':
    case 'timestamptz':
      return finiteOrdered(typeof raw === 'number' ? raw : Number(raw));
    case 'text':
    case 'bpchar':
      return String(raw);
    case 'boolean':
    case 'other':
      return raw === true;
  }
}

async function records(interactor: Pick<Interactor, 'execute'>, sql: string): Promise<Record<string, unknown>[]> {
  const result = await interactor.execute(sql, { pull: ['records'] });
  if (result.status !== 'ok') throw new Error('unreachable: no timeout was set');
  return result.records ?? [];
}

/** Min and max of the given numeric / date columns (`table.column` -> range), one scan per table. */
export async function readColumnRanges(
  interactor: Pick<Interactor, 'execute'>,
  schema: DatabaseSchema,
  columns: Readonly<Record<string, readonly string[]>>,
): Promise<Record<string, { min: number; max: number }>> {
  const ranges: Record<string, { min: number; max: number }> = {};
  for (const [tableName, names] of Object.entries(columns)) {
    const table = schema.tables.find((t) => t.name === tableName);
    if (table === undefined || names.length === 0) continue;
    const kinds = names.map((name) => ({ name, kind: columnKind(table.columns.find((c) => c.name === name)?.type ?? '') }));
    const numeric = kinds.filter((c) => c.kind === 'number' || c.kind === 'timestamp' || c.kind === 'timestamptz');
    if (numeric.length === 0) continue;
    const select = numeric.flatMap((c, i) => {
      const expression = valueExpression(quoteIdentifier(c.name), c.kind);
      return [`min(${expression}) AS lo${i}`, `max(${expression}) AS hi${i}`];
    });
    const row = (await records(interactor, `SELECT ${select.join(', ')} FROM ${quoteIdentifier(tableName)}`))[0] ?? {};
    numeric.forEach((c, i) => {
      const lo = row[`lo${i}`];
      const hi = row[`hi${i}`];
      if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) ranges[`${tableName}.${c.name}`] = { min: finiteOrdered(Number(lo)), max: finiteOrdered(Number(hi)) };
    });
  }
  return ranges;
}
