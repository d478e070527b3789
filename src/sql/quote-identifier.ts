import { COL_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS } from './sql-keywords.js';

const PLAIN = /^[a-z_][a-z0-9_$]*$/;
const NEEDS_QUOTES: ReadonlySet<string> = new Set([...RESERVED_KEYWORDS, ...TYPE_FUNC_NAME_KEYWORDS]);
const NEEDS_QUOTES_AS_TYPE: ReadonlySet<string> = new Set([...NEEDS_QUOTES, ...COL_NAME_KEYWORDS]);

/**
 * An identifier as PostgreSQL must read it back: bare when it is lowercase and not a keyword
 * that would change the parse, otherwise double-quoted with inner quotes doubled.
 * `asType` also quotes column-name keywords (`"char"` is a different type than `char`).
 */
export function quoteIdentifier(name: string, options: { asType?: boolean } = {}): string {
  const reserved = options.asType === true ? NEEDS_QUOTES_AS_TYPE : NEEDS_QUOTES;
  if (PLAIN.test(name) && !reserved.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}
