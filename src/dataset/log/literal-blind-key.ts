/**
 * A cheap pre-normalization used as a cache key in front of the WASM parser: the statement
 * with the contents of plain string literals, dollar-quoted strings and numbers blanked.
 * libpg_query's fingerprint ignores constants, and blanking them cannot change whether the
 * text parses or what kind of statement it is, so statements with the same key share one
 * parse. Prefixed strings (E'', U&'') stay verbatim: their escapes can make a text unparsable.
 */
import { SqlScanner } from './sql-scanner.js';

/** The key, or undefined when the text has an unterminated literal (parse it directly). */
export function literalBlindKey(sql: string): string | undefined {
  const scanner = new SqlScanner(sql);
  let out = '';
  let last = 0;
  while (scanner.next()) {
    const kind = scanner.kind;
    let blank: string;
    if (kind === 'string') blank = "''";
    else if (kind === 'dollar-string') blank = '$$$$';
    else if (kind === 'number') blank = isInteger(sql, scanner.start, scanner.end) ? '0' : '0.0';
    else continue;
    out += sql.slice(last, scanner.start) + blank;
    last = scanner.end;
  }
  if (!scanner.terminated) return undefined;
  return last === 0 ? sql : out + sql.slice(last);
}

/**
 * Whether a number literal is an integer (blanked `0`, a decimal becomes `0.0`): a radix
 * literal (0x, 0o, 0b) or digits and underscores without a point or an exponent.
 */
function isInteger(sql: string, start: number, end: number): boolean {
  if (sql.charCodeAt(start) === 48 /* 0 */) {
    const radix = sql.charCodeAt(start + 1) | 0x20;
    if (radix === 120 /* x */ || radix === 111 /* o */ || radix === 98 /* b */) return true;
  }
  for (let i = start; i < end; i += 1) {
    const c = sql.charCodeAt(i);
    if (c === 46 /* . */ || (c | 0x20) === 101 /* e */) return false;
  }
  return true;
}
