/**
 * Extended-protocol parameters: PostgreSQL logs `execute <name>: ... $1 ...` with
 * `DETAIL:  parameters: $1 = '42', $2 = NULL`; the values go back into the text as literals.
 */
import { SqlScanner } from './sql-scanner.js';

/** Parameter number to value (null for SQL NULL). */
export type BindParameters = ReadonlyMap<number, string | null>;

const HEAD = 'parameters: ';

/**
 * Parses a `parameters:` detail. Values are quoted the way the server logs them ('' doubles a
 * quote). Undefined when the detail is not a parameter list or is malformed.
 */
export function parseBindParameters(detail: string): BindParameters | undefined {
  if (!detail.startsWith(HEAD)) return undefined;
  const params = new Map<number, string | null>();
  let i = HEAD.length;
  const n = detail.length;
  while (i < n) {
    if (detail.charCodeAt(i) !== 36 /* $ */) return undefined;
    let j = i + 1;
    while (j < n && detail.charCodeAt(j) >= 48 && detail.charCodeAt(j) <= 57) j += 1;
    if (j === i + 1 || !detail.startsWith(' = ', j)) return undefined;
    const index = Number(detail.slice(i + 1, j));
    j += 3;
    if (detail.startsWith('NULL', j)) {
      params.set(index, null);
      j += 4;
    } else if (detail.charCodeAt(j) === 39 /* ' */) {
      let value = '';
      let k = j + 1;
      for (;;) {
        const q = detail.indexOf("'", k);
        if (q < 0) return undefined;
        value += detail.slice(k, q);
        if (detail.charCodeAt(q + 1) === 39) {
          value += "'";
          k = q + 2;
        } else {
          k = q + 1;
          break;
        }
      }
      params.set(index, value);
      j = k;
    } else {
      return undefined;
    }
    if (j === n) break;
    if (!detail.startsWith(', ', j)) return undefined;
    i = j + 2;
  }
  return params;
}

/** A value as a standard SQL string literal (standard_conforming_strings: only quotes double). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Whether the text has `$n` placeholders outside literals and comments. */
export function hasParameters(sql: string): boolean {
  if (!sql.includes('$')) return false;
  const scanner = new SqlScanner(sql);
  while (scanner.next()) if (scanner.kind === 'parameter') return true;
  return false;
}

/**
 * Replaces `$n` outside literals and comments with the values as literals (NULL unquoted).
 * Undefined when a placeholder has no value.
 */
export function substituteParameters(sql: string, params: BindParameters): string | undefined {
  const scanner = new SqlScanner(sql);
  let out = '';
  let last = 0;
  while (scanner.next()) {
    if (scanner.kind !== 'parameter') continue;
    const value = params.get(Number(sql.slice(scanner.start + 1, scanner.end)));
    if (value === undefined) return undefined;
    out += sql.slice(last, scanner.start) + (value === null ? 'NULL' : quoteLiteral(value));
    last = scanner.end;
  }
  return out + sql.slice(last);
}
