import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ResultsError } from './results-error.js';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';
import { RunRepository } from './run-repository.js';
import { migrateStore, storeVersion } from './store-migrations.js';
import { CARDINALITY_SOURCES, type CardinalitySource, type ModelFilter, type ModelRecord, type ModelRecordInput, type StoredCardinality, type StoredPlanExecution } from './stored-records.js';

/** How long a write waits for another process's lock on the same file before failing. */
const BUSY_TIMEOUT_MS = 10_000;

interface CardinalityRow {
  sql_hash: string;
  sql: string;
  rows: number | null;
  timeout_ms: number;
  elapsed_ms: number;
  collected_at: string;
  source: CardinalitySource;
}

interface PlanExecutionRow {
  key: string;
  query_id: string;
  execution_ms: number | null;
  timeout_ms: number;
  plan_signature: string;
  collected_at: string;
}

interface ModelRow {
  id: string;
  algorithm: string;
  dataset: string;
  dir: string;
  params: string;
  backend: string;
  created_at: string;
  report: string;
}

/**
 * pilot's SQLite file (better-sqlite3, WAL so readers never wait for the writer): cached true
 * cardinalities and plan executions per dataset key (see `datasetKey`), and the models registry.
 * Calls are synchronous. Several processes may open one file at once (writes wait up to
 * BUSY_TIMEOUT_MS for each other); whoever opens a store closes it.
 *
 * A put never replaces a finished measurement by a timeout, nor a timeout by one with a shorter
 * or equal timeout: collecting again with a larger timeout is how timed-out entries improve.
 */
export class ResultsStore {
  readonly path: string;
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, SqliteStatement>();
  /** Experiment runs, trials and per-query measurements. */
  readonly runs: RunRepository;

  private constructor(path: string, db: SqliteDatabase) {
    this.path = path;
    this.db = db;
    this.runs = new RunRepository(() => this.live(), path);
  }

  /** Opens (creating the file and its directory when missing) and migrates the store at `path`. */
  static open(path: string): ResultsStore {
    const absolute = resolve(path);
    let db: SqliteDatabase | undefined;
    try {
      mkdirSync(dirname(absolute), { recursive: true });
      db = openSqlite(absolute, { timeout: BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrateStore(db, absolute);
      return new ResultsStore(absolute, db);
    } catch (error) {
      db?.close();
      if (error instanceof ResultsError) throw error;
      throw new ResultsError('RESULTS_STORE_OPEN_FAILED', `cannot open the results store ${absolute}: ${(error as Error).message}`, {
        context: { path: absolute, sqliteCode: (error as { code?: string }).code },
        hint: 'check that the path is a writable directory or a pilot.sqlite file, or set PILOT_RESULTS to another directory',
        cause: error,
      });
    }
  }

  /** The schema version (PRAGMA user_version) the store is at. */
  get version(): number {
    return storeVersion(this.live());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The cached entries of `sqlHashes` under `datasetKey` (hashes with none are absent). */
  getCardinalities(datasetKey: string, sqlHashes: readonly string[]): Map<string, StoredCardinality> {
    const select = this.statement(
      'SELECT sql_hash, sql, rows, timeout_ms, elapsed_ms, collected_at, source FROM true_cardinalities WHERE dataset_key = ? AND sql_hash = ?',
    );
    const found = new Map<string, StoredCardinality>();
    // One read transaction: one snapshot, and one lock instead of one per lookup.
    this.live().transaction(() => {
      for (const hash of sqlHashes) {
        const row = select.get(datasetKey, hash) as CardinalityRow | undefined;
        if (row !== undefined) {
          found.set(hash, {
            sqlHash: row.sql_hash,
            sql: row.sql,
            rows: row.rows,
            timeoutMs: row.timeout_ms,
            elapsedMs: row.elapsed_ms,
            collectedAt: row.collected_at,
            source: row.source,
          });
        }
      }
    })();
    return found;
  }

  /** Stores `rows` in one transaction (see the class comment for which entries win). */
  putCardinalities(datasetKey: string, rows: readonly StoredCardinality[]): void {
    for (const row of rows) checkCardinality(row);
    const upsert = this.statement(`
      INSERT INTO true_cardinalities (dataset_key, sql_hash, sql, rows, timeout_ms, elapsed_ms, collected_at, source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (dataset_key, sql_hash) DO UPDATE SET
        sql = excluded.sql, rows = excluded.rows, timeout_ms = excluded.timeout_ms,
        elapsed_ms = excluded.elapsed_ms, collected_at = excluded.collected_at, source = excluded.source
      WHERE excluded.rows IS NOT NULL OR (true_cardinalities.rows IS NULL AND excluded.timeout_ms > true_cardinalities.timeout_ms)`);
    this.live().transaction(() => {
      for (const r of rows) upsert.run(datasetKey, r.sqlHash, r.sql, r.rows, r.timeoutMs, r.elapsedMs, r.collectedAt, r.source ?? 'count');
    })();
  }

  getPlanExecutions(datasetKey: string, keys: readonly string[]): Map<string, StoredPlanExecution> {
    const select = this.statement(
      'SELECT key, query_id, execution_ms, timeout_ms, plan_signature, collected_at FROM plan_executions WHERE dataset_key = ? AND key = ?',
    );
    const found = new Map<string, StoredPlanExecution>();
    this.live().transaction(() => {
      for (const key of keys) {
        const row = select.get(datasetKey, key) as PlanExecutionRow | undefined;
        if (row !== undefined) {
          found.set(key, {
            key: row.key,
            queryId: row.query_id,
            executionMs: row.execution_ms,
            timeoutMs: row.timeout_ms,
            planSignature: row.plan_signature,
            collectedAt: row.collected_at,
          });
        }
      }
    })();
    return found;
  }

  /** Stores `rows` in one transaction, with the same rule as cardinalities for timeouts. */
  putPlanExecutions(datasetKey: string, rows: readonly StoredPlanExecution[]): void {
    for (const row of rows) checkPlanExecution(row);
    const upsert = this.statement(`
      INSERT INTO plan_executions (dataset_key, key, query_id, execution_ms, timeout_ms, plan_signature, collected_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (dataset_key, key) DO UPDATE SET
        query_id = excluded.query_id, execution_ms = excluded.execution_ms, timeout_ms = excluded.timeout_ms,
        plan_signature = excluded.plan_signature, collected_at = excluded.collected_at
      WHERE excluded.execution_ms IS NOT NULL OR (plan_executions.execution_ms IS NULL AND excluded.timeout_ms > plan_executions.timeout_ms)`);
    this.live().transaction(() => {
      for (const r of rows) upsert.run(datasetKey, r.key, r.queryId, r.executionMs, r.timeoutMs, r.planSignature, r.collectedAt);
    })();
  }

  /** Registers a saved model; recording an existing id again replaces its entry (a re-save). */
  recordModel(model: ModelRecordInput): void {
    for (const field of ['id', 'algorithm', 'dataset', 'dir', 'backend', 'createdAt'] as const) {
      if (typeof model[field] !== 'string' || model[field] === '') badRecord(`model ${field} must be a non-empty string`, { field, id: model.id });
    }
    const params = toJsonObject(model.params, 'params', model.id);
    const report = toJsonObject(model.report, 'report', model.id);
    this.statement('INSERT OR REPLACE INTO models (id, algorithm, dataset, dir, params, backend, created_at, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      model.id,
      model.algorithm,
      model.dataset,
      model.dir,
      params,
      model.backend,
      model.createdAt,
      report,
    );
  }

  /** Models matching every given field of `filter`, oldest first. */
  listModels(filter: ModelFilter = {}): ModelRecord[] {
    const rows = this.statement(`
      SELECT id, algorithm, dataset, dir, params, backend, created_at, report FROM models
       WHERE (@algorithm IS NULL OR algorithm = @algorithm) AND (@dataset IS NULL OR dataset = @dataset)
       ORDER BY created_at, id`).all({ algorithm: filter.algorithm ?? null, dataset: filter.dataset ?? null }) as ModelRow[];
    return rows.map((r) => ({
      id: r.id,
      algorithm: r.algorithm,
      dataset: r.dataset,
      dir: r.dir,
      params: JSON.parse(r.params) as Record<string, unknown>,
      backend: r.backend,
      createdAt: r.created_at,
      report: JSON.parse(r.report) as Record<string, unknown>,
    }));
  }

  private live(): SqliteDatabase {
    if (!this.db.open) throw new ResultsError('RESULTS_STORE_CLOSED', `the results store ${this.path} is closed`, { context: { path: this.path } });
    return this.db;
  }

  /** Prepared once per store: preparing costs more than running these lookups. */
  private statement(sql: string): SqliteStatement {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      prepared = this.live().prepare(sql);
      this.statements.set(sql, prepared);
    } else {
      this.live();
    }
    return prepared;
  }
}

function badRecord(message: string, context: Record<string, unknown>): never {
  throw new ResultsError('RESULTS_BAD_RECORD', message, { context });
}

function checkTiming(what: string, id: string, timeoutMs: number, collectedAt: string): void {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) badRecord(`${what} ${id}: timeoutMs must be a positive number, got ${timeoutMs}`, { id, timeoutMs });
  if (typeof collectedAt !== 'string' || Number.isNaN(Date.parse(collectedAt))) {
    badRecord(`${what} ${id}: collectedAt must be an ISO 8601 time, got ${JSON.stringify(collectedAt)}`, { id, collectedAt });
  }
}

function checkCardinality(r: StoredCardinality): void {
  if (typeof r.sqlHash !== 'string' || r.sqlHash === '') badRecord('a cardinality needs a non-empty sqlHash', { sql: r.sql });
  if (r.rows !== null && !(Number.isSafeInteger(r.rows) && r.rows >= 0)) {
    badRecord(`cardinality ${r.sqlHash}: rows must be a non-negative integer or null (timed out), got ${r.rows}`, { sqlHash: r.sqlHash, rows: r.rows });
  }
  if (!(Number.isFinite(r.elapsedMs) && r.elapsedMs >= 0)) badRecord(`cardinality ${r.sqlHash}: elapsedMs must be >= 0, got ${r.elapsedMs}`, { sqlHash: r.sqlHash });
  checkTiming('cardinality', r.sqlHash, r.timeoutMs, r.collectedAt);
  if (r.source !== undefined && !(CARDINALITY_SOURCES as readonly string[]).includes(r.source)) {
    badRecord(`cardinality ${r.sqlHash}: source must be ${CARDINALITY_SOURCES.join(' or ')}, got ${JSON.stringify(r.source)}`, { sqlHash: r.sqlHash, source: r.source });
  }
  if (r.source === 'oracle' && r.rows === null) badRecord(`cardinality ${r.sqlHash}: an oracle's value cannot be a timeout`, { sqlHash: r.sqlHash });
}

function checkPlanExecution(r: StoredPlanExecution): void {
  if (typeof r.key !== 'string' || r.key === '') badRecord('a plan execution needs a non-empty key', { queryId: r.queryId });
  if (r.executionMs !== null && !(Number.isFinite(r.executionMs) && r.executionMs >= 0)) {
    badRecord(`plan execution ${r.key}: executionMs must be >= 0 or null (timed out), got ${r.executionMs}`, { key: r.key, executionMs: r.executionMs });
  }
  checkTiming('plan execution', r.key, r.timeoutMs, r.collectedAt);
}

function toJsonObject(value: object, field: string, id: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) badRecord(`model ${id}: ${field} must be a JSON object`, { id, field });
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new ResultsError('RESULTS_BAD_RECORD', `model ${id}: ${field} cannot be written as JSON: ${(error as Error).message}`, { context: { id, field }, cause: error });
  }
}
