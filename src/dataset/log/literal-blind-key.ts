/**
 * A cheap pre-normalization used as a cache key in front of the WASM parser: the statement
 * with the contents of plain string literals, dollar-quoted strings and numbers blanked.
 * libpg_query's fingerprint ignores constants, and blanking them cannot change whether the
 * text parses or what kind of statement it is, so statements with the same key share one
 * parse. Prefixed strings (E'', U&'') stay verbatim: their escapes can make a text unparsable.
 */
import { SqlScanner } from './sql-scanner.js';

const INTEGER = /^(?:[0-9_]+|0[xXoObB][0-9a-fA-F_]*)$/;

/** The key, or undefined when the text has an unterminated literal (parse it directly). */
export function literalBlindKey(sql: string): string | undefined {
  const scanner = new SqlScanner(sql);
  let out = '';
  let last = 0;
  while (scanner.next()) {
    const kind = scanner.kind;
    if (kind === 'text' || kind === 'quoted-identifier' || kind === 'comment' || kind === 'parameter' || kind === 'prefixed-string') continue;
    const blank = kind === 'string' ? "''" : kind === 'dollar-string' ? '$$$$' : INTEGER.test(sql.slice(scanner.start, scanner.end)) ? '0' : '0.0';
    out += sql.slice(last, scanner.start) + blank;
    last = scanner.end;
  }
  if (!scanner.terminated) return undefined;
  return last === 0 ? sql : out + sql.slice(last);
}
