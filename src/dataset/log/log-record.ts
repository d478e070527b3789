/** One log entry, whatever the file format it came from. */
import type { LineSkipReason } from './skip-reasons.js';

export const LOG_FORMATS = ['stderr', 'csvlog', 'jsonlog'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const LOG_FORMAT_OPTIONS = ['auto', ...LOG_FORMATS] as const;
export type LogFormatOption = (typeof LOG_FORMAT_OPTIONS)[number];

/** Where something was read: the file as given and the 1-based line it starts on. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * A message with its secondary parts (DETAIL, STATEMENT) already attached: stderr logs them
 * as lines of their own, csvlog and jsonlog as fields of the same record.
 */
export interface LogRecord {
  readonly location: SourceLocation;
  /** Milliseconds since the epoch, when the log line carries a time. */
  readonly timestamp: number | undefined;
  /** Session id when logged, else the process id, else '' (one stream). */
  readonly session: string;
  readonly severity: string;
  readonly message: string;
  readonly detail: string | undefined;
  /** The statement an ERROR is about (stderr `STATEMENT:`, csvlog `query`, jsonlog `statement`). */
  readonly statement: string | undefined;
}

/** Receives records in file order, and skips of lines that could not be read. */
export interface RecordSink {
  record(record: LogRecord): void;
  lineSkipped(reason: LineSkipReason, location: SourceLocation, excerpt: string): void;
  /** Something the user should know that is not a skipped line (an unknown time zone). */
  warning(message: string): void;
}

/** Consumes a file's lines in order; `end` is called once, after the last line. */
export interface LineConsumer {
  line(text: string, lineNumber: number): void;
  end(): void;
}
