/**
 * The workload from pg_stat_statements, a second source next to the logs: per-statement call
 * counts and times kept by the server itself. Its query texts are normalized (constants are
 * `$1`, `$2`...): a query with placeholders comes back with `parameterized: true` and needs
 * values before it can run; one without constants runs as it is. Read-only: one SELECT of the
 * view (and two catalog reads) in a READ ONLY transaction.
 */
import type pg from 'pg';
import { ReportBuilder, type ExtractionReport } from './extraction-report.js';
import { LogExtractionError } from './log-extraction-error.js';
import { classifyStatement } from './classify-statement.js';
import { splitWorkload, validateSplit, type WorkloadSplit } from './split-workload.js';
import { loadStatementParser } from './statement-parser.js';
import type { ExtractedQuery } from './workload-accumulator.js';
import type { LogExtraction } from './extract-workload-from-logs.js';
import { quoteIdent } from '../../db/database-admin.js';
import { toDatabaseError } from '../../db/database-error.js';
import { isPilotError } from '../../errors/index.js';

export interface PgStatStatementsOptions {
  /** Only a seed split: pg_stat_statements has no first/last execution times. */
  readonly split: WorkloadSplit;
  /** Database whose statements to read (default: the one the pool connects to). */
  readonly database?: string;
  /** Ignore statements called fewer times (default 1). */
  readonly minCalls?: number;
  readonly maxExamples?: number;
}

interface StatRow {
  query: string | null;
  calls: string;
  total_ms: number;
  min_ms: number;
  max_ms: number;
  mean_ms: number;
}

/** Marks this reader's own statements, which pg_stat_statements records too, so it can leave them out. */
const OWN_QUERY_MARK = '/* pilot: pg_stat_statements reader */';

/** Which timing columns this version of the view has (PostgreSQL 13 renamed them). */
const TIMING_COLUMNS = {
  exec: { total: 'total_exec_time', min: 'min_exec_time', max: 'max_exec_time', mean: 'mean_exec_time' },
  legacy: { total: 'total_time', min: 'min_time', max: 'max_time', mean: 'mean_time' },
} as const;

export async function extractWorkloadFromPgStatStatements(pool: pg.Pool, options: PgStatStatementsOptions): Promise<LogExtraction> {
  validateSplit(options.split);
  if (options.split.by === 'time') {
    throw new LogExtractionError('LOG_SPLIT_NO_TIMES', 'pg_stat_statements keeps no execution times of day, so it cannot be split by time', {
      hint: "split by seed: { by: 'seed', seed, testFraction }",
    });
  }
  const rows = await readStatements(pool, options);
  const parser = await loadStatementParser();
  const report = new ReportBuilder(options.maxExamples);
  const byFingerprint = new Map<string, { sql: string; calls: number; total: number; min: number; max: number; parameterized: boolean }>();
  const location = { file: 'pg_stat_statements', line: 0 };
  let hidden = 0;

  for (const [i, row] of rows.entries()) {
    report.entries += 1;
    const calls = Number(row.calls);
    const where = { ...location, line: i + 1 };
    if (row.query === null || row.query === '<insufficient privilege>') {
      report.skip('insufficient-privilege', where, row.query ?? '(null)');
      hidden += 1;
      continue;
    }
    let fingerprint: string;
    let parameterized: boolean;
    try {
      const tree = parser.parse(row.query);
      const verdict = classifyStatement(tree);
      report.statementKind(verdict.kind);
      if (!verdict.keep) {
        report.skip(verdict.reason, where, row.query);
        continue;
      }
      fingerprint = parser.fingerprint(row.query);
      parameterized = hasPlaceholder(tree);
    } catch {
      report.skip('unparsable', where, row.query);
      continue;
    }
    report.kept += 1;
    // One statement can have several rows (per user, top-level or nested): merge them.
    const entry = byFingerprint.get(fingerprint);
    if (!entry) byFingerprint.set(fingerprint, { sql: row.query.trim(), calls, total: row.total_ms, min: row.min_ms, max: row.max_ms, parameterized });
    else {
      entry.calls += calls;
      entry.total += row.total_ms;
      entry.min = Math.min(entry.min, row.min_ms);
      entry.max = Math.max(entry.max, row.max_ms);
    }
  }

  const queries: ExtractedQuery[] = [...byFingerprint].map(([fingerprint, e]) => ({
    fingerprint,
    sql: e.sql,
    count: e.calls,
    durations: {
      count: e.calls,
      sumMs: round(e.total),
      minMs: e.min,
      maxMs: e.max,
      meanMs: e.calls > 0 ? round(e.total / e.calls) : null,
      medianMs: null,
      medianExact: false,
    },
    firstSeen: null,
    lastSeen: null,
    parameterized: e.parameterized,
  }));
  const parameterized = queries.filter((q) => q.parameterized).length;
  if (parameterized > 0) {
    report.warn(`${parameterized} of ${queries.length} queries have $n placeholders (pg_stat_statements replaces constants with them): they need values before they can run (parameterized: true)`);
  }
  if (hidden > 0) report.warn(`${hidden} statements of other users were hidden: grant this user pg_read_all_stats to read them`);
  const { train, test } = splitWorkload(queries, options.split);
  const built: ExtractionReport = report.build(queries.length);
  return { queries, train, test, report: built };
}

async function readStatements(pool: pg.Pool, options: PgStatStatementsOptions): Promise<StatRow[]> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDatabaseError(error, { target: 'pg_stat_statements' });
  }
  try {
    await client.query(`${OWN_QUERY_MARK} BEGIN READ ONLY`);
    try {
      const installed = await client.query<{ schema: string }>(`${OWN_QUERY_MARK} SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'`);
      if (installed.rowCount === 0) throw notInstalled('the pg_stat_statements extension is not installed in this database');
      const schema = installed.rows[0]!.schema;
      const cols = await client.query<{ attname: string }>(
        `${OWN_QUERY_MARK} SELECT attname FROM pg_attribute WHERE attrelid = format('%I.pg_stat_statements', $1::text)::regclass AND attnum > 0 AND NOT attisdropped`,
        [schema],
      );
      const names = new Set(cols.rows.map((r) => r.attname));
      const t = names.has('total_exec_time') ? TIMING_COLUMNS.exec : TIMING_COLUMNS.legacy;
      const view = `${quoteIdent(schema)}.pg_stat_statements`;
      const result = await client.query<StatRow>(
        `${OWN_QUERY_MARK} SELECT s.query, s.calls::text AS calls, s.${t.total} AS total_ms, s.${t.min} AS min_ms, s.${t.max} AS max_ms, s.${t.mean} AS mean_ms
           FROM ${view} s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = coalesce($1::text, current_database()) AND s.calls >= $2
            AND strpos(coalesce(s.query, ''), $3) = 0
          ORDER BY s.calls DESC, s.queryid`,
        [options.database ?? null, options.minCalls ?? 1, OWN_QUERY_MARK],
      );
      return result.rows;
    } finally {
      await client.query(`${OWN_QUERY_MARK} ROLLBACK`).catch(() => {});
    }
  } catch (error) {
    if (isPilotError(error)) throw error;
    // 55000: "pg_stat_statements must be loaded via shared_preload_libraries"
    if ((error as { code?: string }).code === '55000') throw notInstalled('pg_stat_statements is installed but not loaded by the server', error);
    throw toDatabaseError(error, { target: 'pg_stat_statements' });
  } finally {
    client.release();
  }
}

/** Whether a parse tree holds a `$n` placeholder (a ParamRef node) anywhere. */
function hasPlaceholder(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'ParamRef' || hasPlaceholder(child)) return true;
  }
  return false;
}

function notInstalled(message: string, cause?: unknown): LogExtractionError {
  return new LogExtractionError('PG_STAT_STATEMENTS_MISSING', message, {
    hint: "add pg_stat_statements to shared_preload_libraries in postgresql.conf, restart the server, then run CREATE EXTENSION pg_stat_statements in the database (or read the workload from the server's logs instead)",
    ...(cause ? { cause } : {}),
  });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
