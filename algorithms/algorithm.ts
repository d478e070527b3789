/**
 * The one interface every algorithm implements (baseline, mscn, lero, and users' own).
 *
 * An algorithm is a definition (name, parameters, what data it needs) that makes instances:
 * `create(params, runtime)` for a fresh, untrained one, `load(dir, runtime)` for one saved by
 * `save(dir)`. An instance trains on a training workload and, per query, answers with the
 * `Push` to inject (cardinalities and/or settings). It never executes the test query itself:
 * the caller (CLI, scheduler) does, so every algorithm is measured the same way.
 */
import type { CardinalityOracle } from '../src/collect/index.js';
import type { Interactor, Push } from '../src/db/interactor.js';
import type { PgParser, QueryGraph } from '../src/sql/index.js';
import type { TfRuntime } from '../src/ml/index.js';
import type { ResultsStore } from '../src/results/index.js';
import type { ProgressReporter } from '../src/util/progress.js';
import type { DatabaseSchema } from './database-schema.js';

/** A JSON schema (draft 2020-12 subset understood by ajv) for an algorithm's parameters. */
export type ParamsSchema = {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>> & { readonly description: string; readonly default: unknown }>>;
  readonly additionalProperties: false;
  readonly required?: readonly string[];
};

/** What an algorithm needs collected before it can train. */
export const REQUIRED_DATA_KINDS = ['trueCardinalities', 'planExecutions'] as const;
export type RequiredDataKind = (typeof REQUIRED_DATA_KINDS)[number];

/** One workload query: where it came from, its SQL, and its graph (queries pilot cannot represent are not passed). */
export interface WorkloadQuery {
  /** Stable identifier, e.g. `test.sql:17` or a query name from the workload file. */
  readonly id: string;
  readonly sql: string;
  readonly graph: QueryGraph;
}

/** Everything an algorithm may use. The caller owns these and closes them; algorithms do not. */
export interface AlgorithmRuntime {
  readonly tf: TfRuntime;
  /** Connected to the dataset's database (read-only for production datasets). */
  readonly interactor: Interactor;
  readonly parser: PgParser;
  /** Caches collected data (true cardinalities, plan executions) per dataset. */
  readonly store: ResultsStore;
  /** The dataset being trained on or planned for (its registry name). */
  readonly dataset: string;
  /** Tables, columns, types and row counts of the dataset's database. */
  readonly schema: DatabaseSchema;
  /** Seeds weight initialisation, shuffling and sampling: the same seed gives the same model. */
  readonly seed: number;
  /** Progress bars for collection and training (silent in tests and with --quiet). */
  readonly progress: ProgressReporter;
  /** One line of human-readable progress, to stderr (silent in tests and with --quiet). */
  readonly log: (message: string) => void;
  /** Per-query timeout (ms) for collection queries and timed executions. */
  readonly timeoutMs: number;
  /** Connections used concurrently for collection. */
  readonly concurrency: number;
  /**
   * Exact sub-plan counts without running COUNT(*) (e.g. the built-in generator's, which
   * regenerates the dataset in memory); set only when it is known to match the dataset's data.
   * Pass it to collectTrueCardinalities as `oracle`.
   */
  readonly cardinalityOracle?: CardinalityOracle;
}

export interface TrainingReport {
  readonly algorithm: string;
  readonly backend: string;
  readonly trainQueries: number;
  /** Samples the model saw per epoch (sub-plans for MSCN, candidate pairs for Lero). */
  readonly samples: number;
  readonly epochs: number;
  readonly bestValidationLoss: number | null;
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
  /** Algorithm-specific figures (e.g. MSCN's q-error on held-out sub-plans next to PostgreSQL's). */
  readonly details: Readonly<Record<string, unknown>>;
}

/** What an algorithm decided for one query, and how long deciding took. */
export interface PlanDecision {
  readonly push: Push;
  /** Time spent featurizing, predicting and choosing, in ms (excludes PostgreSQL's own planning). */
  readonly inferenceMs: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AlgorithmInstance {
  readonly name: string;
  /** The full parameters, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly trained: boolean;
  train(queries: readonly WorkloadQuery[]): Promise<TrainingReport>;
  /**
   * Incremental model update (the scheduler's periodic update): continues training on `queries`
   * only, the queries run since the previous update, whose data the scheduler has collected.
   * Algorithms without it are not updated.
   */
  update?(queries: readonly WorkloadQuery[]): Promise<TrainingReport>;
  plan(query: WorkloadQuery): Promise<PlanDecision>;
  /** Cardinality estimators only: rows by sub-plan key for every sub-plan of the query (for q-error reports). */
  estimateSubplans?(query: WorkloadQuery): Promise<Map<string, number>>;
  /** Writes model files, featurizer state and the exact params into `dir` (created if missing). */
  save(dir: string): Promise<void>;
  /** Frees tensors. */
  dispose(): void;
}

export interface AlgorithmDefinition {
  readonly name: string;
  readonly description: string;
  readonly paramsSchema: ParamsSchema;
  readonly requiredData: readonly RequiredDataKind[];
  /** `params` are already validated against `paramsSchema` with defaults applied. */
  create(params: Readonly<Record<string, unknown>>, runtime: AlgorithmRuntime): AlgorithmInstance;
  /** Reads what `save` wrote; throws ALGO_SCHEMA_MISMATCH when the runtime's schema does not fit the model. */
  load(dir: string, runtime: AlgorithmRuntime): Promise<AlgorithmInstance>;
}
