import { PilotError, type PilotErrorContext } from '../errors/index.js';

/** Stable codes of the dataset stage; callers branch on these, never on message text. */
export const DATASET_ERROR_CODES = [
  'MANIFEST_UNREADABLE',
  'MANIFEST_INVALID',
  'DATASET_NOT_FOUND',
  'DATASET_DUPLICATE',
  'DATASET_BROKEN',
  'DATASET_EXISTS',
  'DATASET_NOT_REMOVABLE',
  'DATASET_DATABASE_NOT_EMPTY',
  'DATASET_NOT_LOADED',
  'IMPORT_FILE_MISSING',
  'IMPORT_BAD_INPUT',
  'IMPORT_NO_QUERIES',
  'DUMP_LOAD_FAILED',
  'SCHEMA_LOAD_FAILED',
  'CSV_COLUMNS_MISMATCH',
  'CSV_TABLE_UNKNOWN',
  'CSV_LOAD_FAILED',
  'WORKLOAD_UNREADABLE',
  'LABELS_INVALID',
] as const;
export type DatasetErrorCode = (typeof DATASET_ERROR_CODES)[number];

/** Any error a user can cause with a dataset: a manifest, an import input, a name. */
export class DatasetError extends PilotError {
  declare readonly code: DatasetErrorCode;

  constructor(code: DatasetErrorCode, message: string, options: { context?: PilotErrorContext; hint?: string; cause?: unknown } = {}) {
    super(code, message, options);
  }
}
