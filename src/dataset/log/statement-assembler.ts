/**
 * Turns log records into statement executions, per session:
 * - a statement logged before it runs (log_statement) waits for what follows in its session:
 *   a bare `duration:` (its time), an ERROR (it failed), or the next statement (it ran);
 * - `duration: ... statement:` / `execute` forms are complete at once;
 * - extended-protocol `execute` carries its DETAIL `parameters:` list along; the values are
 *   substituted later, and only for the text kept as a query's example.
 * The waiting statements are bounded (one per session, sessions capped), so memory stays flat.
 */
import type { LogRecord, SourceLocation } from './log-record.js';
import type { EntrySkipReason, StatementSkipReason } from './skip-reasons.js';
import { parseStatementMessage } from './statement-message.js';

export interface LoggedStatement {
  /** The text as logged: extended-protocol statements have `$n` placeholders. */
  readonly sql: string;
  /** The `parameters: $1 = '...'` DETAIL of an extended-protocol execute, when logged. */
  readonly parameters: string | undefined;
  readonly durationMs: number | undefined;
  readonly timestamp: number | undefined;
  readonly location: SourceLocation;
}

export interface StatementSink {
  statement(statement: LoggedStatement): void;
  skipped(reason: EntrySkipReason | StatementSkipReason, location: SourceLocation, excerpt: string): void;
}

interface Waiting {
  /** Undefined for a fetch, which only waits to absorb its duration line. */
  readonly sql: string | undefined;
  readonly parameters: string | undefined;
  readonly timestamp: number | undefined;
  readonly location: SourceLocation;
}

const FAILURES: ReadonlySet<string> = new Set(['ERROR', 'FATAL', 'PANIC']);

export class StatementAssembler {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly sink: StatementSink,
    /** Sessions with a statement waiting; beyond this the oldest is settled as run. */
    private readonly maxSessions = 10_000,
  ) {}

  record(record: LogRecord): void {
    if (record.severity === 'LOG') this.logMessage(record);
    else if (FAILURES.has(record.severity)) this.failure(record);
  }

  /** Settles every waiting statement (end of input). */
  finish(): void {
    for (const session of [...this.waiting.keys()]) this.settle(session);
  }

  private logMessage(record: LogRecord): void {
    const message = parseStatementMessage(record.message);
    if (!message) {
      if (record.message.startsWith('disconnection: ')) this.settle(record.session);
      return;
    }
    switch (message.kind) {
      case 'duration': {
        const waiting = this.waiting.get(record.session);
        if (!waiting) {
          this.sink.skipped('duration-without-statement', record.location, record.message);
          return;
        }
        this.waiting.delete(record.session);
        if (waiting.sql !== undefined) this.emit(waiting, message.durationMs);
        return;
      }
      case 'parse-bind':
        this.sink.skipped('parse-bind', record.location, record.message);
        return;
      case 'fetch':
        this.settle(record.session);
        this.sink.skipped('fetch', record.location, record.message);
        if (message.durationMs === undefined) this.wait(record.session, { sql: undefined, parameters: undefined, timestamp: undefined, location: record.location });
        return;
      case 'statement':
      case 'execute': {
        this.settle(record.session);
        const parameters = message.kind === 'execute' && record.detail?.startsWith('parameters: ') ? record.detail : undefined;
        if (message.durationMs !== undefined) {
          this.sink.statement({ sql: message.sql, parameters, durationMs: message.durationMs, timestamp: record.timestamp, location: record.location });
        } else {
          this.wait(record.session, { sql: message.sql, parameters, timestamp: record.timestamp, location: record.location });
        }
      }
    }
  }

  /**
   * An ERROR ends the waiting statement of its session when it is about that statement (same
   * STATEMENT text, or none logged). An ERROR about a statement that was never logged as run
   * (a syntax error: log_statement logs after parsing) is itself a failed statement.
   */
  private failure(record: LogRecord): void {
    const waiting = this.waiting.get(record.session);
    if (waiting && (record.statement === undefined || record.statement === waiting.sql)) {
      this.waiting.delete(record.session);
      if (waiting.sql !== undefined) this.sink.skipped('failed-on-server', waiting.location, waiting.sql);
      return;
    }
    if (waiting) this.settle(record.session);
    if (record.statement !== undefined) this.sink.skipped('failed-on-server', record.location, record.statement);
  }

  private wait(session: string, statement: Waiting): void {
    this.waiting.set(session, statement);
    if (this.waiting.size > this.maxSessions) this.settle(this.waiting.keys().next().value as string);
  }

  private settle(session: string): void {
    const waiting = this.waiting.get(session);
    if (!waiting) return;
    this.waiting.delete(session);
    if (waiting.sql !== undefined) this.emit(waiting, undefined);
  }

  private emit(statement: Waiting, durationMs: number | undefined): void {
    this.sink.statement({ sql: statement.sql!, parameters: statement.parameters, durationMs, timestamp: statement.timestamp, location: statement.location });
  }
}
