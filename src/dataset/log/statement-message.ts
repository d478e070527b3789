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

/** Undefined for messages that are not about statements (connections, checkpoints, ...). */
export function parseStatementMessage(message: string): StatementMessage | undefined {
  // Offsets into the message rather than slices of it: one slice, for the SQL, at the end.
  let at = 0;
  let durationMs: number | undefined;
  if (message.charCodeAt(0) === LOWER_D && message.startsWith('duration: ')) {
    const ms = message.indexOf(' ms', 10);
    if (ms < 0) return undefined;
    durationMs = ms > 10 ? decimalNumber(message, 10, ms) : Number.NaN;
    if (!(durationMs >= 0)) return undefined;
    if (message.length === ms + 3) return { kind: 'duration', durationMs };
    if (!message.startsWith('  ', ms + 3)) return undefined;
    at = ms + 5;
  }
  // One compare for the word the first letter announces (most messages are statements).
  switch (message.charCodeAt(at)) {
    case LOWER_S:
      return message.startsWith('statement: ', at) ? { kind: 'statement', durationMs, sql: message.slice(at + 11) } : undefined;
    case LOWER_E: {
      // `<verb> <name>: <SQL>`: the name is `<unnamed>`, a prepared statement's name, or either
      // with `/portal`; it ends at the first `: ` (as a lazy match would).
      if (!message.startsWith('execute ', at)) return undefined;
      if (message.startsWith('fetch from ', at + 8) && message.indexOf(': ', at + 19) >= 0) return { kind: 'fetch', durationMs };
      const colon = message.indexOf(': ', at + 8);
      return colon < 0 ? undefined : { kind: 'execute', durationMs, name: message.slice(at + 8, colon), sql: message.slice(colon + 2) };
    }
    case LOWER_P:
    case LOWER_B:
      if (!message.startsWith('parse ', at) && !message.startsWith('bind ', at)) return undefined;
      return message.indexOf(': ', at + 5) < 0 ? undefined : { kind: 'parse-bind', durationMs };
    default:
      return undefined;
  }
}

const LOWER_B = 98;
const LOWER_D = 100;
const LOWER_E = 101;
const LOWER_P = 112;
const LOWER_S = 115;

/** 10^0 ... 10^15, exact doubles: `10 ** k` with a variable k calls the slow general pow (measured). */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, k) => Number(`1e${k}`));

/**
 * `Number(text.slice(start, end))`, without the slice and the general string-to-number path
 * for the form durations are logged in (`12.345`): the digits as one integer divided by a power
 * of ten, which IEEE division rounds to the same double. Anything else goes to Number().
 */
function decimalNumber(text: string, start: number, end: number): number {
  let digits = 0;
  let point = -1;
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = digits * 10 + (c - 48);
    else if (c === 46 /* . */ && point < 0 && i > start && i < end - 1) point = i;
    else return Number(text.slice(start, end));
  }
  if (end - start > 15) return Number(text.slice(start, end)); // past exact integers in a double
  return point < 0 ? digits : digits / POWERS_OF_TEN[end - point - 1]!;
}
