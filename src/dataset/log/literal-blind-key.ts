/**
 * A cheap pre-normalization used as a cache key in front of the WASM parser: the statement
 * with the contents of plain string literals, dollar-quoted strings and numbers blanked.
 * libpg_query's fingerprint ignores constants, and blanking them cannot change whether the
 * text parses or what kind of statement it is, so statements with the same key share one
 * parse. Prefixed strings (E'', U&'') stay verbatim: their escapes can make a text unparsable.
 */
import { SqlScanner } from './sql-scanner.js';

/** What each kind of literal is blanked to, by blank kind (the index). */
export const BLANKS = ["''", '$$$$', '0', '0.0'] as const;
export type BlankKind = 0 | 1 | 2 | 3;
const STRING: BlankKind = 0;
const DOLLAR_STRING: BlankKind = 1;
const INTEGER: BlankKind = 2;
const DECIMAL: BlankKind = 3;

/** Receives the text between literals, one literal at a time. */
export interface LiteralVisitor {
  /** `text` is what precedes the literal (since the previous one); `blank` is what the literal becomes. */
  literal(text: string, blank: BlankKind): void;
}

/**
 * Cuts `sql` at its blankable literals, calling `visitor.literal` for each in order. Returns the
 * text after the last one, or undefined when the text has an unterminated literal or comment
 * (no key: such a text is parsed directly). The key is the texts joined by their blanks.
 */
export function cutAtLiterals(sql: string, visitor: LiteralVisitor): string | undefined {
  const scanner = new SqlScanner(sql);
  let last = 0;
  while (scanner.next()) {
    const kind = scanner.kind;
    let blank: BlankKind;
    if (kind === 'string') blank = STRING;
    else if (kind === 'dollar-string') blank = DOLLAR_STRING;
    else if (kind === 'number') blank = isInteger(sql, scanner.start, scanner.end) ? INTEGER : DECIMAL;
    else continue;
    visitor.literal(sql.slice(last, scanner.start), blank);
    last = scanner.end;
  }
  if (!scanner.terminated) return undefined;
  return last === 0 ? sql : sql.slice(last);
}

/** The key as one string, or undefined when the text has an unterminated literal. */
export function literalBlindKey(sql: string): string | undefined {
  let out = '';
  const rest = cutAtLiterals(sql, {
    literal(text, blank) {
      out += text + BLANKS[blank];
    },
  });
  return rest === undefined ? undefined : out + rest;
}

/**
 * Whether a number literal is an integer (blanked `0`) rather than a decimal (`0.0`): a radix
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
