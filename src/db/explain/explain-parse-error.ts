import { PilotError } from '../../errors/index.js';

export const EXPLAIN_FORMATS = ['json', 'text'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/**
 * EXPLAIN output that cannot be turned into a plan tree. `code` is always
 * 'EXPLAIN_PARSE_ERROR'; `line` (1-based, text format) or `path` (JSON format, e.g.
 * `$[0].Plan.Plans[1]["Total Cost"]`) says where.
 */
export class ExplainParseError extends PilotError {
  readonly format: ExplainFormat;
  readonly line: number | undefined;
  readonly path: string | undefined;

  constructor(format: ExplainFormat, message: string, where: { line?: number; path?: string; text?: string; cause?: unknown } = {}) {
    const at = where.line !== undefined ? `line ${where.line}: ` : where.path !== undefined ? `${where.path}: ` : '';
    super('EXPLAIN_PARSE_ERROR', `EXPLAIN (${format}) ${at}${message}`, {
      context: { format, line: where.line, path: where.path, text: where.text },
      hint: format === 'json'
        ? 'pass what `EXPLAIN (FORMAT JSON) ...` returned: the array holding one object with a "Plan" key (or its JSON text)'
        : 'pass the plan lines exactly as EXPLAIN printed them (one row per line, indentation kept)',
      cause: where.cause,
    });
    this.format = format;
    this.line = where.line;
    this.path = where.path;
  }
}
