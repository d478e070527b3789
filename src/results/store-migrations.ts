import type { SqliteDatabase } from './sqlite-driver.js';
import { ResultsError } from './results-error.js';

/**
 * One step of the store's schema. Steps run in order, each in the transaction that sets
 * `PRAGMA user_version` to its `version`, so a store is always at exactly one version. Add a
 * step (never edit a released one) to add tables, e.g. runs and trials.
 */
export interface StoreMigration {
  readonly version: number;
  readonly description: string;
  /** SQL to execute, or a function for steps that must read or rewrite data. */
  readonly up: string | ((db: SqliteDatabase) => void);
}

export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  {
    version: 1,
    description: 'true cardinalities, plan executions, models',
    up: `
      CREATE TABLE true_cardinalities (
        dataset_key  TEXT NOT NULL,
        sql_hash     TEXT NOT NULL,
        sql          TEXT NOT NULL,
        rows         INTEGER,          -- NULL: timed out after timeout_ms
        timeout_ms   REAL NOT NULL,
        elapsed_ms   REAL NOT NULL,
        collected_at TEXT NOT NULL,
        PRIMARY KEY (dataset_key, sql_hash)
      );
      CREATE TABLE plan_executions (
        dataset_key    TEXT NOT NULL,
        key            TEXT NOT NULL,
        query_id       TEXT NOT NULL,
        execution_ms   REAL,           -- NULL: timed out after timeout_ms
        timeout_ms     REAL NOT NULL,
        plan_signature TEXT NOT NULL,
        collected_at   TEXT NOT NULL,
        PRIMARY KEY (dataset_key, key)
      );
      CREATE TABLE models (
        id         TEXT PRIMARY KEY,
        algorithm  TEXT NOT NULL,
        dataset    TEXT NOT NULL,
        dir        TEXT NOT NULL,
        params     TEXT NOT NULL,      -- JSON
        backend    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        report     TEXT NOT NULL       -- JSON
      );
      CREATE INDEX models_by_algorithm ON models (algorithm, dataset, created_at);
    `,
  },
  {
    version: 2,
    description: "true cardinalities: source ('count': COUNT(*) in PostgreSQL, 'oracle': computed exactly without it)",
    // Entries written before this step were all counted.
    up: `ALTER TABLE true_cardinalities ADD COLUMN source TEXT NOT NULL DEFAULT 'count' CHECK (source IN ('count', 'oracle'));`,
  },
  {
    version: 3,
    description: 'experiment runs, their trials, and per-query measurements',
    up: `
      CREATE TABLE runs (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('test', 'sweep', 'experiment')),
        name          TEXT NOT NULL,
        dataset       TEXT NOT NULL,
        train_dataset TEXT NOT NULL,
        config        TEXT NOT NULL,   -- JSON, every default resolved
        config_hash   TEXT NOT NULL,
        environment   TEXT NOT NULL,   -- JSON
        status        TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        summary       TEXT             -- JSON
      );
      CREATE INDEX runs_by_config ON runs (config_hash, started_at);
      CREATE TABLE trials (
        run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        idx         INTEGER NOT NULL,
        label       TEXT NOT NULL,
        algorithm   TEXT NOT NULL,
        params      TEXT NOT NULL,     -- JSON
        db_settings TEXT NOT NULL,     -- JSON
        model_dir   TEXT,
        status      TEXT NOT NULL CHECK (status IN ('pending', 'trained', 'finished', 'failed')),
        objective   REAL,
        totals      TEXT,              -- JSON
        error       TEXT,
        started_at  TEXT,
        finished_at TEXT,
        PRIMARY KEY (run_id, key)
      );
      CREATE TABLE query_measurements (
        run_id         TEXT NOT NULL,
        trial_key      TEXT NOT NULL,
        query_id       TEXT NOT NULL,
        seq            INTEGER NOT NULL,
        sql            TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('ok', 'timeout', 'error')),
        execution_ms   REAL,
        runs_ms        TEXT NOT NULL,  -- JSON array
        planning_ms    REAL,
        inference_ms   REAL NOT NULL,
        plan_signature TEXT,
        plan           TEXT,           -- JSON (EXPLAIN)
        injected       TEXT,           -- JSON
        subplan_rows   TEXT,           -- JSON
        error          TEXT,
        measured_at    TEXT NOT NULL,
        PRIMARY KEY (run_id, trial_key, query_id),
        FOREIGN KEY (run_id, trial_key) REFERENCES trials (run_id, key) ON DELETE CASCADE
      );
    `,
  },
];

export function storeVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings `db` to the last migration's version; returns the versions before and after. The
 * version is read again under an immediate (write) lock, so two processes opening a new store
 * at once apply each step once.
 */
export function migrateStore(db: SqliteDatabase, path: string, migrations: readonly StoreMigration[] = STORE_MIGRATIONS): { from: number; to: number } {
  const latest = migrations.at(-1)?.version ?? 0;
  const before = storeVersion(db);
  if (before === latest) return { from: before, to: before };
  db.exec('BEGIN IMMEDIATE');
  try {
    const from = storeVersion(db);
    if (from > latest) {
      throw new ResultsError('RESULTS_STORE_TOO_NEW', `results store ${path} has schema version ${from}; this pilot knows versions up to ${latest}`, {
        context: { path, version: from, known: latest },
        hint: 'a newer pilot wrote it: update pilot, or point PILOT_RESULTS at another directory',
      });
    }
    for (const step of migrations) {
      if (step.version <= from) continue;
      if (typeof step.up === 'string') db.exec(step.up);
      else step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }
    db.exec('COMMIT');
    return { from, to: latest };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
