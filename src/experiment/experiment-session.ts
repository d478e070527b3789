import type { AlgorithmDefinition, AlgorithmRuntime, TrainingReport } from '../../algorithms/algorithm.js';
import type { DatasetEntry } from '../dataset/registry/dataset-registry.js';

/** One dataset opened for algorithms: its database, the results store, tfjs (see the CLI's openAlgorithmSession). */
export interface AlgorithmSession {
  readonly entry: DatasetEntry;
  readonly runtime: AlgorithmRuntime;
  readonly resultsDir: string;
  readonly datasetKey: string;
  close(): Promise<void>;
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
