/**
 * The LOG messages that carry statements, in every form PostgreSQL writes them:
 *   statement: SQL                                   (log_statement)
 *   duration: 1.2 ms  statement: SQL                 (log_min_duration_statement)
 *   duration: 1.2 ms                                 (log_duration, or after a logged statement)
 *   execute <unnamed>: SQL / execute name/portal: SQL (extended protocol; parameters in DETAIL)
 *   execute fetch from name/portal: SQL              (more rows from an open portal)
 *   duration: 1.2 ms  parse|bind name: SQL           (extended protocol phases)
 */

export type StatementMessage =
  | { readonly kind: 'statement'; readonly durationMs: number | undefined; readonly sql: string }
  | { readonly kind: 'execute'; readonly durationMs: number | undefined; readonly name: string; readonly sql: string }
  | { readonly kind: 'fetch'; readonly durationMs: number | undefined }
  | { readonly kind: 'parse-bind'; readonly durationMs: number | undefined }
  | { readonly kind: 'duration'; readonly durationMs: number };

const DURATION = /^duration: (\d+(?:\.\d+)?) ms/;
// The name is `<unnamed>`, a prepared statement's name, or either with `/portal`.
const NAMED = /^(execute fetch from|execute|parse|bind) (.*?): /s;

/** Undefined for messages that are not about statements (connections, checkpoints, ...). */
export function parseStatementMessage(message: string): StatementMessage | undefined {
  let rest = message;
  let durationMs: number | undefined;
  if (rest.charCodeAt(0) === 100 /* d */) {
    const d = DURATION.exec(rest);
    if (d) {
      durationMs = Number(d[1]);
      rest = rest.slice(d[0].length);
      if (rest.length === 0) return { kind: 'duration', durationMs };
      if (!rest.startsWith('  ')) return undefined;
      rest = rest.slice(2);
    }
  }
  if (rest.startsWith('statement: ')) return { kind: 'statement', durationMs, sql: rest.slice(11) };
  const named = NAMED.exec(rest);
  if (!named) return undefined;
  switch (named[1]) {
    case 'execute':
      return { kind: 'execute', durationMs, name: named[2]!, sql: rest.slice(named[0].length) };
    case 'execute fetch from':
      return { kind: 'fetch', durationMs };
    default:
      return { kind: 'parse-bind', durationMs };
  }
}
