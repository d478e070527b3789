import type { AlgorithmDefinition, AlgorithmRuntime, TrainingReport, WorkloadQuery } from '../../algorithms/algorithm.js';
import { collectTrueCardinalities, type CollectionResult } from '../collect/index.js';
import type { DatasetEntry } from '../dataset/registry/dataset-registry.js';

/** One dataset opened for algorithms: its database, the results store, tfjs (see the CLI's openAlgorithmSession). */
export interface AlgorithmSession {
  readonly entry: DatasetEntry;
  readonly runtime: AlgorithmRuntime;
  readonly resultsDir: string;
  readonly datasetKey: string;
  close(): Promise<void>;
}

/** Stored with a registered model (its report's `training`): the training queries it was given and the seed. */
export interface RegisteredTraining {
  /** Queries of the train workload handed to `train` (the algorithm may use fewer, e.g. Lero's maxTrainQueries). */
  readonly workloadQueries: number;
  readonly seed: number;
}

export interface TrainRequest {
  readonly definition: AlgorithmDefinition;
  readonly params: Readonly<Record<string, unknown>>;
  /** Training queries (null: the whole train workload). */
  readonly limit: number | null;
  /** Where the model goes, and its id in the models registry. */
  readonly out: string;
  readonly id: string;
}

/** Trains one model on a session's train workload, saves it to `out` and registers it. */
export type ModelTrainer = (request: TrainRequest, session: AlgorithmSession) => Promise<{ dir: string; report: TrainingReport }>;

/**
 * True cardinalities of every sub-plan of `queries` in the session's dataset, cached in its
 * results store (the generator's exact oracle answers when the session has one).
 */
export function collectSessionCardinalities(session: AlgorithmSession, queries: readonly WorkloadQuery[], options: { quiet?: boolean } = {}): Promise<CollectionResult> {
  const { runtime } = session;
  return collectTrueCardinalities(queries, {
    interactor: runtime.interactor,
    store: runtime.store,
    datasetKey: session.datasetKey,
    concurrency: runtime.concurrency,
    timeoutMs: runtime.timeoutMs,
    progress: runtime.progress,
    log: options.quiet ? () => {} : runtime.log,
    oracle: runtime.cardinalityOracle,
  });
}
