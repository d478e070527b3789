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

// The name is `<unnamed>`, a prepared statement's name, or either with `/portal`.
const NAMED = /^(execute fetch from|execute|parse|bind) (.*?): /s;

/** Undefined for messages that are not about statements (connections, checkpoints, ...). */
export function parseStatementMessage(message: string): StatementMessage | undefined {
  let rest = message;
  let durationMs: number | undefined;
  if (rest.startsWith('duration: ')) {
    const ms = rest.indexOf(' ms', 10);
    if (ms < 0) return undefined;
    durationMs = ms > 10 ? Number(rest.slice(10, ms)) : Number.NaN;
    if (!(durationMs >= 0)) return undefined;
    if (rest.length === ms + 3) return { kind: 'duration', durationMs };
    if (!rest.startsWith('  ', ms + 3)) return undefined;
    rest = rest.slice(ms + 5);
  }
  if (rest.startsWith('statement: ')) return { kind: 'statement', durationMs, sql: rest.slice(11) };
  const c = rest.charCodeAt(0);
  if (c !== 101 /* e */ && c !== 112 /* p */ && c !== 98 /* b */) return undefined;
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
