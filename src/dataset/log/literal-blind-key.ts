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
    else if (kind === 'number') blank = scanner.integer ? '0' : '0.0';
    else continue;
    out += sql.slice(last, scanner.start) + blank;
    last = scanner.end;
  }
  if (!scanner.terminated) return undefined;
  return last === 0 ? sql : out + sql.slice(last);
}
