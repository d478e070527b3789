/**
 * A fully resolved experiment: what `pilot test`, `pilot sweep` and `pilot run <config.json>`
 * all turn into before anything runs. Every field is explicit (no defaults left to apply), so
 * its hash identifies the experiment for `--resume`.
 */

import type { MeasurementInstrument } from '../measure-query.js';

/** How each query is timed. */
export interface MeasurementPolicy {
  /** Runs per query that are timed; the median is kept. */
  readonly repetitions: number;
  /** Runs per query before the timed ones, discarded (cold buffers). */
  readonly warmups: number;
  /** Per-query timeout in ms; a timed-out query counts at the timeout (a lower bound). */
  readonly timeoutMs: number;
  /** wall (the plain statement's wall time, the default) or explain-analyze (the server's instrumented execution time). */
  readonly instrument: MeasurementInstrument;
}

/** What a sweep minimises: total test-workload time, or the median sub-plan q-error (cardinality algorithms). */
export const OBJECTIVES = ['time', 'qerror'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** The order timed executions run in. */
export const EXECUTION_ORDERS = ['query-major', 'trial-major'] as const;
/**
 * query-major: every trial on query 1, then query 2... (comparisons: all trials see the same
 * cache state and drift); trial-major: a whole trial, then the next (sweeps: trials finish one
 * by one, so an interrupted sweep keeps whole trials).
 */
export type ExecutionOrder = (typeof EXECUTION_ORDERS)[number];

/** One algorithm and the values to try for each of its parameters (one value: fixed). */
export interface AlgorithmGrid {
  readonly name: string;
  /** Parameter -> candidate values; parameters not named take the algorithm's defaults. */
  readonly params: Readonly<Record<string, readonly unknown[]>>;
}

export const WORKLOAD_NAMES = ['train', 'test', 'fast'] as const;

export interface ExperimentSpec {
  readonly kind: 'test' | 'sweep' | 'experiment';
  /** Shown in listings and reports. */
  readonly name: string;
  /** The dataset whose workload is timed. */
  readonly dataset: string;
  /** The dataset models are trained on: `dataset` itself, or another registered one (cross-dataset). */
  readonly trainDataset: string;
  readonly workload: { readonly name: (typeof WORKLOAD_NAMES)[number]; readonly limit: number | null };
  /** Training queries used (null: all of the train workload). */
  readonly trainLimit: number | null;
  readonly algorithms: readonly AlgorithmGrid[];
  /** PostgreSQL settings to try (`work_mem` -> ['4MB', '64MB']), crossed with every algorithm's grid. */
  readonly db: Readonly<Record<string, readonly string[]>>;
  /** Adds a baseline trial for each database-settings combination when no baseline is listed, as the reference for ratios. */
  readonly baseline: boolean;
  readonly objective: Objective;
  readonly measurement: MeasurementPolicy;
  readonly order: ExecutionOrder;
  /** Incremental model update every N timed queries, on the data of those queries only (null: never). */
  readonly updateEvery: number | null;
  /** Trains up to this many models at once, in child processes (training does not overlap timed runs). */
  readonly trainJobs: number;
  /** Train even when a model with the same algorithm, parameters and training dataset exists. */
  readonly retrain: boolean;
  readonly seed: number;
}
