/** The results stage: pilot's SQLite store (collected training data, models) and where it lives. */
export { ResultsStore } from './results-store.js';
export { defaultResultsDir, defaultResultsStorePath, RESULTS_STORE_FILE } from './results-dir.js';
export { datasetKey, type SchemaFingerprintInput } from './dataset-key.js';
export {
  CARDINALITY_SOURCES,
  shouldRecollect,
  type CardinalitySource,
  type ModelFilter,
  type ModelRecord,
  type ModelRecordInput,
  type StoredCardinality,
  type StoredPlanExecution,
} from './stored-records.js';
export { migrateStore, storeVersion, STORE_MIGRATIONS, type StoreMigration } from './store-migrations.js';
export { ResultsError, RESULTS_ERROR_CODES, type ResultsErrorCode } from './results-error.js';
export { RunRepository } from './run-repository.js';
export {
  RUN_KINDS,
  RUN_STATUSES,
  TRIAL_STATUSES,
  type QueryMeasurement,
  type RunDocument,
  type RunEnvironment,
  type RunFilter,
  type RunKind,
  type RunRecord,
  type RunRecordInput,
  type RunStatus,
  type SubplanRows,
  type TrialRecord,
  type TrialRecordInput,
  type TrialStatus,
  type TrialUpdate,
} from './run-records.js';
export { referenceFor, settingsKey } from './reference-trial.js';
export { bestTrialOf, lowestObjectiveTrial, summaryBestKey } from './best-trial.js';
