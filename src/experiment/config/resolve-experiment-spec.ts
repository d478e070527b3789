import type { AlgorithmGrid, ExperimentSpec } from '../spec/experiment-spec.js';
import { AUTO_TRAIN_DATASET, CONFIG_DEFAULTS, DB_GRID_PREFIX, entryParts, gridValues, type ExperimentConfig } from './experiment-config.js';

/**
 * The ExperimentSpec of a config that passed the schema and the semantic checks: every default
 * filled in, "auto" training dataset resolved, `db.` prefixes stripped, fixed parameter values
 * turned into one-value grids. Deeply frozen.
 */
export function resolveExperimentSpec(config: ExperimentConfig): ExperimentSpec {
  const algorithms: AlgorithmGrid[] = config.algorithms.map((entry) => {
    const { name, params } = entryParts(entry);
    return { name, params: Object.fromEntries(Object.entries(params).map(([param, value]) => [param, [...gridValues(value)]])) };
  });
  const db = Object.fromEntries(Object.entries(config.grid ?? {}).map(([key, values]) => [key.slice(DB_GRID_PREFIX.length), [...values]]));
  // A sweep (some grid with choices) runs trial by trial; a plain comparison query by query.
  const sweeps = algorithms.some((a) => Object.values(a.params).some((v) => v.length > 1)) || Object.values(db).some((v) => v.length > 1);
  const trainDataset = config.trainDataset ?? CONFIG_DEFAULTS.trainDataset;
  const spec: ExperimentSpec = {
    kind: 'experiment',
    name: config.name,
    dataset: config.dataset,
    trainDataset: trainDataset === AUTO_TRAIN_DATASET ? config.dataset : trainDataset,
    workload: { name: config.workload?.name ?? CONFIG_DEFAULTS.workloadName, limit: config.workload?.limit ?? null },
    trainLimit: config.trainLimit ?? null,
    algorithms,
    db,
    baseline: config.baseline ?? CONFIG_DEFAULTS.baseline,
    objective: config.objective ?? CONFIG_DEFAULTS.objective,
    measurement: { ...CONFIG_DEFAULTS.measurement, ...config.measurement },
    order: config.order ?? (sweeps ? 'trial-major' : 'query-major'),
    updateEvery: config.updateEvery ?? null,
    trainJobs: config.trainJobs ?? CONFIG_DEFAULTS.trainJobs,
    retrain: config.retrain ?? CONFIG_DEFAULTS.retrain,
    seed: config.seed ?? CONFIG_DEFAULTS.seed,
  };
  return deepFreeze(structuredClone(spec));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
