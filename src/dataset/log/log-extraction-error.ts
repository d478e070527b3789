import { PilotError } from '../../errors/index.js';

/**
 * Errors a user can cause when extracting a workload from logs or pg_stat_statements: a
 * missing file, an unknown log_line_prefix, a bad split. Bad lines inside a log are never
 * errors; they are counted and reported.
 */
export class LogExtractionError extends PilotError {}
