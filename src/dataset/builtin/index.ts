/**
 * The built-in dataset: a STATS-like database generated from a seed and a scale, with the skew
 * and correlations that make PostgreSQL misestimate, its loader and its workloads.
 */
export { datasetChecksum } from './dataset-checksum.js';
export {
  BUILTIN_GENERATOR_VERSION,
  generateBuiltinDataset,
  readBuiltinDatasetStamp,
  type BuiltinDatasetStamp,
  type BuiltinLoadPhase,
  type BuiltinLoadProgress,
  type GenerateBuiltinDatasetOptions,
} from './generate-builtin-dataset.js';
export { materializeDataset, type MaterializedDataset, type MaterializedTable } from './materialize-dataset.js';
export {
  countedNode,
  formatQErrorSummary,
  postgresEstimateQError,
  qError,
  summarizeQErrors,
  type QErrorOptions,
  type QErrorStats,
  type QErrorSummary,
  type QueryQError,
} from './postgres-estimate-qerror.js';
export { deriveSeed, InvalidSeedError, Rng } from '../../util/prng.js';
export { BUILTIN_SCALES, InvalidScaleError, MAX_SCALE_FACTOR, MIN_SCALE_FACTOR, resolveScale, type BuiltinScaleName, type ScaleInput } from './scale.js';
export { BUILTIN_TABLE_NAMES, BUILTIN_TABLES, type BuiltinTableName, type TableDef } from './schema.js';
export { POSTS_PER_SCALE, USERS_PER_SCALE } from './universe.js';
export {
  AGGREGATE_SHARE,
  DEFAULT_WORKLOAD_COUNTS,
  generateWorkload,
  generateWorkloadQueries,
  MAX_RESULT_ROWS,
  MAX_TABLES,
  MIN_TABLES,
  TABLE_COUNT_WEIGHTS,
  WORKLOAD_KINDS,
  WorkloadGenerationError,
  workloadPartition,
  workloadSeed,
  type GeneratedQuery,
  type GenerateWorkloadOptions,
  type WorkloadKind,
} from './workload/generate-workload.js';
export { JOIN_EDGES, type JoinEdge } from './workload/join-graph.js';
export { renderQuery, type QuerySpec } from './workload/query-spec.js';
export { trueCount } from './workload/true-count.js';
export { WORKLOAD_FILE_NAMES, writeWorkloadFiles, type WriteWorkloadFilesOptions } from './workload/write-workload-files.js';
