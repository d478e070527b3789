import { ResultsError } from './results-error.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import {
  RUN_KINDS,
  RUN_STATUSES,
  TRIAL_STATUSES,
  type QueryMeasurement,
  type RunDocument,
  type RunFilter,
  type RunRecord,
  type RunRecordInput,
  type RunStatus,
  type TrialRecord,
  type TrialRecordInput,
  type TrialUpdate,
} from './run-records.js';

interface RunRow {
  id: string;
  kind: RunRecord['kind'];
  name: string;
  dataset: string;
  train_dataset: string;
  config: string;
  config_hash: string;
  environment: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
}

interface TrialRow {
  run_id: string;
  key: string;
  idx: number;
  label: string;
  algorithm: string;
  params: string;
  db_settings: string;
  model_dir: string | null;
  status: TrialRecord['status'];
  objective: number | null;
  totals: string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

interface MeasurementRow {
  run_id: string;
  trial_key: string;
  query_id: string;
  seq: number;
  sql: string;
  status: QueryMeasurement['status'];
  execution_ms: number | null;
  runs_ms: string;
  planning_ms: number | null;
  inference_ms: number;
  plan_signature: string | null;
  plan: string | null;
  injected: string | null;
  subplan_rows: string | null;
  error: string | null;
  measured_at: string;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
const parsed = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * Experiment runs, trials and per-query measurements in the results store. Measurements are
 * written one query at a time as they finish, so a killed run loses at most the query in flight
 * and `--resume` measures only what is missing.
 */
export class RunRepository {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly db: () => SqliteDatabase,
    private readonly path: string,
  ) {}

  createRun(input: RunRecordInput): RunRecord {
    if (!(RUN_KINDS as readonly string[]).includes(input.kind)) bad(`run ${input.id}: kind must be one of ${RUN_KINDS.join(', ')}`, { id: input.id, kind: input.kind });
    for (const field of ['id', 'name', 'dataset', 'trainDataset', 'configHash', 'startedAt'] as const) {
      if (typeof input[field] !== 'string' || input[field] === '') bad(`run ${input.id}: ${field} must be a non-empty string`, { id: input.id, field });
    }
    this.statement(`INSERT INTO runs (id, kind, name, dataset, train_dataset, config, config_hash, environment, status, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`).run(
      input.id,
      input.kind,
      input.name,
      input.dataset,
      input.trainDataset,
      JSON.stringify(input.config),
      input.configHash,
      JSON.stringify(input.environment),
      input.startedAt,
    );
    return this.getRun(input.id) as RunRecord;
  }

  /** The newest run with this config hash that did not finish (the one `--resume` continues). */
  findUnfinishedRun(configHash: string): RunRecord | undefined {
    const row = this.statement(`SELECT * FROM runs WHERE config_hash = ? AND status <> 'finished' ORDER BY started_at DESC, id DESC LIMIT 1`).get(configHash) as RunRow | undefined;
    return row === undefined ? undefined : runFrom(row);
  }

  setRunStatus(id: string, status: RunStatus, summary?: Readonly<Record<string, unknown>>, finishedAt: string | null = status === 'running' ? null : new Date().toISOString()): void {
    if (!(RUN_STATUSES as readonly string[]).includes(status)) bad(`run ${id}: unknown status ${JSON.stringify(status)}`, { id, status });
    const changed = this.statement('UPDATE runs SET status = ?, finished_at = ?, summary = COALESCE(?, summary) WHERE id = ?').run(status, finishedAt, json(summary), id);
    if (changed.changes === 0) missingRun(id, this.path);
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.statement('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row === undefined ? undefined : runFrom(row);
  }

  /** Newest first. */
  listRuns(filter: RunFilter = {}): RunRecord[] {
    const rows = this.statement(`SELECT * FROM runs
       WHERE (@kind IS NULL OR kind = @kind) AND (@dataset IS NULL OR dataset = @dataset) AND (@status IS NULL OR status = @status)
       ORDER BY started_at DESC, id DESC`).all({ kind: filter.kind ?? null, dataset: filter.dataset ?? null, status: filter.status ?? null }) as RunRow[];
    return rows.map(runFrom);
  }

  /** Adds a trial in state pending; an existing trial of the same key is left as it is (resume). */
  ensureTrial(input: TrialRecordInput): TrialRecord {
    this.write(
      `INSERT INTO trials (run_id, key, idx, label, algorithm, params, db_settings, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (run_id, key) DO NOTHING`,
      `trial ${input.key} of run ${input.runId}`,
      { runId: input.runId, key: input.key },
      input.runId,
      input.key,
      input.index,
      input.label,
      input.algorithm,
      JSON.stringify(input.params),
      JSON.stringify(input.dbSettings),
    );
    return this.getTrial(input.runId, input.key) as TrialRecord;
  }

  updateTrial(runId: string, key: string, update: TrialUpdate): TrialRecord {
    if (update.status !== undefined && !(TRIAL_STATUSES as readonly string[]).includes(update.status)) {
      bad(`trial ${key}: unknown status ${JSON.stringify(update.status)}`, { runId, key, status: update.status });
    }
    const columns: Record<keyof TrialUpdate, string> = {
      modelDir: 'model_dir',
      status: 'status',
      objective: 'objective',
      totals: 'totals',
      error: 'error',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
    };
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [field, value] of Object.entries(update) as [keyof TrialUpdate, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${columns[field]} = ?`);
      values.push(field === 'totals' ? json(value) : value);
    }
    if (sets.length > 0) {
      const changed = this.db().prepare(`UPDATE trials SET ${sets.join(', ')} WHERE run_id = ? AND key = ?`).run(...values, runId, key);
      if (changed.changes === 0) bad(`run ${runId} has no trial ${key}`, { runId, key });
    }
    return this.getTrial(runId, key) as TrialRecord;
  }

  getTrial(runId: string, key: string): TrialRecord | undefined {
    const row = this.statement('SELECT * FROM trials WHERE run_id = ? AND key = ?').get(runId, key) as TrialRow | undefined;
    return row === undefined ? undefined : trialFrom(row);
  }

  /** In grid order. */
  listTrials(runId: string): TrialRecord[] {
    return (this.statement('SELECT * FROM trials WHERE run_id = ? ORDER BY idx, key').all(runId) as TrialRow[]).map(trialFrom);
  }

  /** Records (or replaces) one query's measurement. */
  putMeasurement(m: QueryMeasurement): void {
    if (!['ok', 'timeout', 'error'].includes(m.status)) bad(`measurement ${m.queryId}: unknown status ${JSON.stringify(m.status)}`, { queryId: m.queryId });
    if (m.status !== 'error' && !(typeof m.executionMs === 'number' && Number.isFinite(m.executionMs) && m.executionMs >= 0)) {
      bad(`measurement ${m.queryId}: executionMs must be >= 0 when the query ran, got ${m.executionMs}`, { queryId: m.queryId, executionMs: m.executionMs });
    }
    this.write(
      `INSERT OR REPLACE INTO query_measurements
        (run_id, trial_key, query_id, seq, sql, status, execution_ms, runs_ms, planning_ms, inference_ms, plan_signature, plan, injected, subplan_rows, error, measured_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      `measurement of ${m.queryId} in trial ${m.trialKey} of run ${m.runId}`,
      { runId: m.runId, trialKey: m.trialKey, queryId: m.queryId },
      m.runId,
      m.trialKey,
      m.queryId,
      m.seq,
      m.sql,
      m.status,
      m.executionMs,
      JSON.stringify(m.runsMs),
      m.planningMs,
      m.inferenceMs,
      m.planSignature,
      json(m.plan),
      json(m.injected),
      json(m.subplanRows),
      m.error,
      m.measuredAt,
    );
  }

  /** Adds the sub-plan rows (q-error data) to an existing measurement. */
  setSubplanRows(runId: string, trialKey: string, queryId: string, rows: QueryMeasurement['subplanRows']): void {
    const changed = this.statement('UPDATE query_measurements SET subplan_rows = ? WHERE run_id = ? AND trial_key = ? AND query_id = ?').run(json(rows), runId, trialKey, queryId);
    if (changed.changes === 0) bad(`no measurement of ${queryId} in trial ${trialKey} of run ${runId}`, { runId, trialKey, queryId });
  }

  /** Measurements of one trial (or every trial), in workload order. */
  listMeasurements(runId: string, trialKey?: string): QueryMeasurement[] {
    const rows = this.statement(`SELECT * FROM query_measurements WHERE run_id = @run AND (@trial IS NULL OR trial_key = @trial) ORDER BY seq, trial_key`).all({
      run: runId,
      trial: trialKey ?? null,
    }) as MeasurementRow[];
    return rows.map(measurementFrom);
  }

  /** The queries of a trial that have a measurement (what a resumed run skips), without reading the measurements. */
  measuredQueryIds(runId: string, trialKey: string): Set<string> {
    const rows = this.statement('SELECT query_id FROM query_measurements WHERE run_id = ? AND trial_key = ?').all(runId, trialKey) as { query_id: string }[];
    return new Set(rows.map((r) => r.query_id));
  }

  /** Run, trials and measurements; throws RESULTS_RUN_NOT_FOUND for an unknown id. */
  document(runId: string): RunDocument {
    const run = this.getRun(runId);
    if (run === undefined) missingRun(runId, this.path);
    return { run, trials: this.listTrials(runId), measurements: this.listMeasurements(runId) };
  }

  /** Runs a write, turning a foreign-key violation (a trial of an unknown run, a measurement of an unknown trial) into RESULTS_BAD_RECORD. */
  private write(sql: string, what: string, context: Record<string, unknown>, ...params: unknown[]): { changes: number } {
    try {
      return this.statement(sql).run(...params);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') bad(`${what}: FOREIGN KEY constraint failed (no such run or trial)`, context);
      throw error;
    }
  }

  private statement(sql: string): SqliteStatement {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      prepared = this.db().prepare(sql);
      this.statements.set(sql, prepared);
    } else {
      this.db();
    }
    return prepared;
  }
}

function runFrom(r: RunRow): RunRecord {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    dataset: r.dataset,
    trainDataset: r.train_dataset,
    config: JSON.parse(r.config) as Record<string, unknown>,
    configHash: r.config_hash,
    environment: JSON.parse(r.environment) as RunRecord['environment'],
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    summary: parsed(r.summary),
  };
}

function trialFrom(r: TrialRow): TrialRecord {
  return {
    runId: r.run_id,
    key: r.key,
    index: r.idx,
    label: r.label,
    algorithm: r.algorithm,
    params: JSON.parse(r.params) as Record<string, unknown>,
    dbSettings: JSON.parse(r.db_settings) as Record<string, string>,
    modelDir: r.model_dir,
    status: r.status,
    objective: r.objective,
    totals: parsed(r.totals),
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

function measurementFrom(r: MeasurementRow): QueryMeasurement {
  return {
    runId: r.run_id,
    trialKey: r.trial_key,
    queryId: r.query_id,
    seq: r.seq,
    sql: r.sql,
    status: r.status,
    executionMs: r.execution_ms,
    runsMs: JSON.parse(r.runs_ms) as number[],
    planningMs: r.planning_ms,
    inferenceMs: r.inference_ms,
    planSignature: r.plan_signature,
    plan: parsed(r.plan),
    injected: parsed(r.injected),
    subplanRows: parsed(r.subplan_rows),
    error: r.error,
    measuredAt: r.measured_at,
  };
}

function bad(message: string, context: Record<string, unknown>): never {
  throw new ResultsError('RESULTS_BAD_RECORD', message, { context });
}

function missingRun(id: string, path: string): never {
  throw new ResultsError('RESULTS_RUN_NOT_FOUND', `no run "${id}" in the results store ${path}`, { context: { id, path }, hint: 'list the runs with `pilot results list`' });
}
