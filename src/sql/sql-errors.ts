import { PilotError } from '../errors/index.js';

/** The SQL text is not valid PostgreSQL syntax. `context` holds `position` (0-based), `line`, `column`. */
export class SqlParseError extends PilotError {
  readonly position: number;
  readonly line: number;
  readonly column: number;

  constructor(message: string, where: { position: number; line: number; column: number; sql: string }, cause?: unknown) {
    super('SQL_PARSE_ERROR', `${message} (line ${where.line}, column ${where.column})`, {
      context: { position: where.position, line: where.line, column: where.column, excerpt: excerpt(where.sql, where.position) },
      hint: 'The text is parsed with the PostgreSQL 17 grammar; check the SQL near the reported position.',
      cause,
    });
    this.position = where.position;
    this.line = where.line;
    this.column = where.column;
  }
}

export const SUBPLAN_ERROR_CODES = ['SQL_TOO_MANY_RELATIONS', 'SQL_UNKNOWN_SUBPLAN', 'SQL_INVALID_ALIAS'] as const;
export type SubplanErrorCode = (typeof SUBPLAN_ERROR_CODES)[number];

/** A sub-plan key or enumeration request that the query graph cannot satisfy. */
export class SubplanError extends PilotError {
  declare readonly code: SubplanErrorCode;

  constructor(code: SubplanErrorCode, message: string, options: { context?: Record<string, unknown>; hint?: string } = {}) {
    super(code, message, options);
  }
}

function excerpt(sql: string, position: number): string {
  const start = Math.max(0, position - 30);
  const end = Math.min(sql.length, position + 30);
  return `${start > 0 ? '...' : ''}${sql.slice(start, end)}${end < sql.length ? '...' : ''}`;
}
