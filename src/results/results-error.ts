import { PilotError, type PilotErrorContext } from '../errors/index.js';

/** Stable codes of the results stage; callers branch on these, never on message text. */
export const RESULTS_ERROR_CODES = [
  'RESULTS_STORE_OPEN_FAILED',
  'RESULTS_STORE_TOO_NEW',
  'RESULTS_STORE_CLOSED',
  'RESULTS_BAD_RECORD',
  'RESULTS_RUN_NOT_FOUND',
] as const;
export type ResultsErrorCode = (typeof RESULTS_ERROR_CODES)[number];

/** A results store that cannot be opened or used, or a record it refuses to keep. */
export class ResultsError extends PilotError {
  declare readonly code: ResultsErrorCode;

  constructor(code: ResultsErrorCode, message: string, options: { context?: PilotErrorContext; hint?: string; cause?: unknown } = {}) {
    super(code, message, options);
  }
}
