/** What an experiment run is: `pilot test`, `pilot sweep` or `pilot run <config>`. */
export const RUN_KINDS = ['test', 'sweep', 'experiment'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** running: in progress or killed (a dead process cannot say so); --resume continues such a run. */
export const RUN_STATUSES = ['running', 'finished', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** pending: nothing done; trained: its model exists (or it needs none); finished: every query measured. */
export const TRIAL_STATUSES = ['pending', 'trained', 'finished', 'failed'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** Where a run ran, so that figures from different machines are never compared unknowingly. */
export interface RunEnvironment {
  readonly pilot: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly host: string;
  /** `SELECT version()`. */
  readonly postgres: string;
  /** The installed pg_pilot extension version, null when absent. */
  readonly pgPilot: string | null;
  /** The PG-Strom extension version, null when absent. */
  readonly pgStrom: string | null;
  readonly tfBackend: string;
  readonly tfDetail: string;
  /** `nvidia-smi`'s GPU name(s), null when there is none. */
  readonly gpu: string | null;
}

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly name: string;
  /** The dataset the workload ran on. */
  readonly dataset: string;
  /** The dataset the models were trained on (the same as `dataset` unless cross-dataset). */
  readonly trainDataset: string;
  /** The resolved experiment (every default filled in), as JSON. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Hash of `config`: a resumed run must have the same one. */
  readonly configHash: string;
  readonly environment: RunEnvironment;
  readonly status: RunStatus;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Totals, best trial, file written: set when the run finishes. */
  readonly summary: Readonly<Record<string, unknown>> | null;
}

export type RunRecordInput = Omit<RunRecord, 'status' | 'finishedAt' | 'summary'>;

export interface TrialRecord {
  readonly runId: string;
  /** Hash of (algorithm, params, dbSettings, train dataset): stable across resumes. */
  readonly key: string;
  /** Order in the grid. */
  readonly index: number;
  /** Short human name, e.g. `mscn epochs=50 db.work_mem=4MB`. */
  readonly label: string;
  readonly algorithm: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** PostgreSQL settings applied to every timed query of the trial (SET LOCAL). */
  readonly dbSettings: Readonly<Record<string, string>>;
  readonly modelDir: string | null;
  readonly status: TrialStatus;
  /** The sweep's objective for this trial (lower is better), null until finished. */
  readonly objective: number | null;
  readonly totals: Readonly<Record<string, unknown>> | null;
  readonly error: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export type TrialRecordInput = Pick<TrialRecord, 'runId' | 'key' | 'index' | 'label' | 'algorithm' | 'params' | 'dbSettings'>;

export type TrialUpdate = Partial<Pick<TrialRecord, 'modelDir' | 'status' | 'objective' | 'totals' | 'error' | 'startedAt' | 'finishedAt'>>;

/** One sub-plan's estimated rows (the algorithm's, or PostgreSQL's for the baseline) and its true rows. */
export interface SubplanRows {
  readonly estimated: number;
  /** null: the true count timed out. */
  readonly truth: number | null;
}

/** One query of one trial: how it ran (medians of the timed runs) and what was decided. */
export interface QueryMeasurement {
  readonly runId: string;
  readonly trialKey: string;
  readonly queryId: string;
  /** Position in the workload. */
  readonly seq: number;
  readonly sql: string;
  readonly status: 'ok' | 'timeout' | 'error';
  /** Median of the timed runs; the timeout when it timed out; null on error. */
  readonly executionMs: number | null;
  readonly runsMs: readonly number[];
  readonly planningMs: number | null;
  /** Time the algorithm took to decide. */
  readonly inferenceMs: number;
  readonly planSignature: string | null;
  /** The chosen plan's EXPLAIN JSON (first run), null on error or timeout before any run. */
  readonly plan: unknown;
  /** Rows by sub-plan key, when the trial's algorithm pushed cardinalities. */
  readonly injected: Readonly<Record<string, number>> | null;
  /** Cardinality estimators and the baseline: estimated and true rows by sub-plan key (q-error reports). */
  readonly subplanRows: Readonly<Record<string, SubplanRows>> | null;
  readonly error: string | null;
  /** ISO 8601. */
  readonly measuredAt: string;
}

export interface RunFilter {
  readonly kind?: RunKind;
  readonly dataset?: string;
  readonly status?: RunStatus;
}

/** Everything stored about one run: what `pilot results show/export` and `pilot report` read. */
export interface RunDocument {
  readonly run: RunRecord;
  readonly trials: readonly TrialRecord[];
  readonly measurements: readonly QueryMeasurement[];
}
