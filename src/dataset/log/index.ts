/** Workloads from a production server: its logs, or pg_stat_statements. */
export { extractWorkloadFromLogs, type LogExtraction, type LogExtractionOptions } from './extract-workload-from-logs.js';
export { extractWorkloadFromPgStatStatements, type PgStatStatementsOptions } from './extract-workload-from-pg-stat-statements.js';
export { writeWorkloadFiles, sqlLines, WORKLOAD_FILE_NAMES, type WorkloadFiles, type QueriesFile } from './write-workload-files.js';
export { splitWorkload, splitPosition, type WorkloadSplit } from './split-workload.js';
export { sortRotatedLogFiles } from './sort-rotated-log-files.js';
export { compileLogLinePrefix, type LogLinePrefix } from './log-line-prefix.js';
export { COMMON_LOG_LINE_PREFIXES, detectLogLinePrefix } from './detect-log-line-prefix.js';
export { LogExtractionError } from './log-extraction-error.js';
export { skipCount, type ExtractionReport, type FileReport, type SkipExample, type SkipTally } from './extraction-report.js';
export type { ExtractedQuery } from './workload-accumulator.js';
export type { DurationSummary } from './duration-summary.js';
export { LOG_FORMATS, LOG_FORMAT_OPTIONS, type LogFormat, type LogFormatOption, type SourceLocation } from './log-record.js';
export { SKIP_REASONS, LINE_SKIP_REASONS, ENTRY_SKIP_REASONS, STATEMENT_SKIP_REASONS, type SkipReason } from './skip-reasons.js';
