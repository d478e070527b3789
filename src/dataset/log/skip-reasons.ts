/**
 * Why a line, a log entry or a statement did not become part of the workload. Three levels,
 * so that the report can say `statements = kept + statement-level skips` exactly.
 */

/** A line or record that could not be read at all. */
export const LINE_SKIP_REASONS = [
  'prefix-mismatch', // stderr line that matches neither the prefix nor a continuation
  'orphan-continuation', // continuation or DETAIL line with no entry before it
  'invalid-csv', // csvlog record with the wrong column count or no timestamp
  'truncated-record', // csvlog record still open (inside quotes) at end of file
  'invalid-json', // jsonlog line that is not a JSON object
  'invalid-record', // jsonlog object without the fields every record has
  'read-error', // the file itself failed (corrupt gzip, I/O error): the rest of it is lost
] as const;

/** A log entry about statements that is not itself one execution. */
export const ENTRY_SKIP_REASONS = [
  'duration-without-statement', // `duration: x ms` with no logged statement to attach it to
  'parse-bind', // extended protocol parse/bind phases: the execute line is the execution
  'fetch', // `execute fetch from`: more rows from a portal already counted
] as const;

/** A statement execution that was logged but is not a read-only query. */
export const STATEMENT_SKIP_REASONS = [
  'unparsable',
  'empty',
  'multiple-statements',
  'failed-on-server', // an ERROR followed it, or it only appears in an ERROR's STATEMENT
  'explain',
  'dml',
  'ddl',
  'transaction',
  'session-setting', // SET, SHOW, RESET, DISCARD
  'prepared-statement', // SQL-level PREPARE / EXECUTE / DEALLOCATE
  'copy',
  'select-into',
  'locking-clause',
  'modifying-cte',
  'side-effect-function', // SELECT of nextval(), set_config(), pg_advisory_lock(), ...
  'other-utility',
  'insufficient-privilege', // pg_stat_statements hides other users' query texts
] as const;

export const SKIP_REASONS = [...LINE_SKIP_REASONS, ...ENTRY_SKIP_REASONS, ...STATEMENT_SKIP_REASONS] as const;

export type LineSkipReason = (typeof LINE_SKIP_REASONS)[number];
export type EntrySkipReason = (typeof ENTRY_SKIP_REASONS)[number];
export type StatementSkipReason = (typeof STATEMENT_SKIP_REASONS)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];

const statementLevel: ReadonlySet<string> = new Set(STATEMENT_SKIP_REASONS);

export function isStatementSkipReason(reason: SkipReason): reason is StatementSkipReason {
  return statementLevel.has(reason);
}
