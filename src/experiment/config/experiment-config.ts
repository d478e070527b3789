import { join } from 'node:path';
import { projectRoot } from '../../dataset/registry/project-root.js';
import type { ExecutionOrder, MeasurementPolicy, Objective } from '../spec/experiment-spec.js';
import { WORKLOAD_NAMES } from '../spec/experiment-spec.js';

/**
 * An experiment config as written in `experiments/*.json`, once it passed
 * `experiments/schema/experiment.schema.json`: optional fields may be missing, algorithms may
 * be bare names, parameter values may be scalars. `resolveExperimentSpec` turns it into an
 * ExperimentSpec.
 */
export interface ExperimentConfig {
  readonly $schema?: string;
  readonly name: string;
  readonly description?: string;
  readonly dataset: string;
  readonly trainDataset?: string;
  readonly workload?: { readonly name?: (typeof WORKLOAD_NAMES)[number]; readonly limit?: number };
  readonly trainLimit?: number;
  readonly algorithms: readonly AlgorithmEntry[];
  /** `db.<setting>` -> values. */
  readonly grid?: Readonly<Record<string, readonly string[]>>;
  readonly baseline?: boolean;
  readonly objective?: Objective;
  readonly measurement?: Partial<MeasurementPolicy>;
  readonly order?: ExecutionOrder;
  readonly updateEvery?: number;
  readonly trainJobs?: number;
  readonly retrain?: boolean;
  readonly seed?: number;
}

/** A bare name, or a name with parameters: a scalar is a fixed value, an array a grid of values. */
export type AlgorithmEntry = string | { readonly name: string; readonly params?: Readonly<Record<string, unknown>> };

/** `trainDataset` value meaning "the dataset itself". */
export const AUTO_TRAIN_DATASET = 'auto';

/** Prefix of database-setting keys in `grid`. */
export const DB_GRID_PREFIX = 'db.';

/** Trials one experiment may have (algorithm grids, baselines and database settings crossed). */
export const MAX_TRIALS = 500;

/** The defaults the schema documents; a unit test keeps the two equal. */
export const CONFIG_DEFAULTS = Object.freeze({
  trainDataset: AUTO_TRAIN_DATASET,
  workloadName: 'test' as (typeof WORKLOAD_NAMES)[number],
  baseline: true,
  objective: 'time' as Objective,
  measurement: Object.freeze({ repetitions: 3, warmups: 1, timeoutMs: 30000, instrument: 'wall' }) as MeasurementPolicy,
  trainJobs: 1,
  retrain: false,
  seed: 42,
});

/** The published schema, inside the project (`"$schema": "./schema/experiment.schema.json"` from experiments/). */
export function experimentSchemaPath(root: string = projectRoot()): string {
  return join(root, 'experiments', 'schema', 'experiment.schema.json');
}

/** The project's example and CI configs. */
export function experimentsDir(root: string = projectRoot()): string {
  return join(root, 'experiments');
}

/** The entry's algorithm name and its parameter map as written (empty for a bare name). */
export function entryParts(entry: AlgorithmEntry): { name: string; params: Readonly<Record<string, unknown>> } {
  return typeof entry === 'string' ? { name: entry, params: {} } : { name: entry.name, params: entry.params ?? {} };
}

/** A parameter's candidate values: an array is a grid, anything else one fixed value. */
export function gridValues(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}
