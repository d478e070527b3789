/**
 * A cheap pre-normalization used as a cache key in front of the WASM parser: the statement
 * with the contents of plain string literals, dollar-quoted strings and numbers blanked.
 * libpg_query's fingerprint ignores constants, and blanking them cannot change whether the
 * text parses or what kind of statement it is, so statements with the same key share one
 * parse. Prefixed strings (E'', U&'') stay verbatim: their escapes can make a text unparsable.
 */
import { scanSql } from './sql-scanner.js';

const INTEGER = /^(?:[0-9_]+|0[xXoObB][0-9a-fA-F_]*)$/;

/** The key, or undefined when the text has an unterminated literal (parse it directly). */
export function literalBlindKey(sql: string): string | undefined {
  let out = '';
  let last = 0;
  const ok = scanSql(sql, (kind, start, end) => {
    if (kind === 'string') {
      out += sql.slice(last, start) + "''";
      last = end;
    } else if (kind === 'number') {
      // Integers stay integers: a few places in the grammar accept only those (SECOND(3)).
      out += sql.slice(last, start) + (INTEGER.test(sql.slice(start, end)) ? '0' : '0.0');
      last = end;
    } else if (kind === 'dollar-string') {
      out += sql.slice(last, start) + '$$$$';
      last = end;
    }
  });
  return ok ? out + sql.slice(last) : undefined;
}
