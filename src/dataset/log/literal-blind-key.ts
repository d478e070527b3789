/**
 * A cheap pre-normalization used as a cache key in front of the WASM parser: the statement
 * with the contents of plain string literals, dollar-quoted strings and numbers blanked.
 * libpg_query's fingerprint ignores constants, and blanking them cannot change whether the
 * text parses or what kind of statement it is, so statements with the same key share one
 * parse. Prefixed strings (E'', U&'') stay verbatim: their escapes can make a text unparsable.
 *
 * The same scan gives the key's template: the texts around the literals and each literal's
 * class. A text matches a template when its other text is equal and its literals, read from
 * where the template's sit, are of the same classes (matchesTemplate): that holds exactly when
 * the scanner would give the text the template's key, and it is checked with native string
 * compares, without scanning the text.
 */
import { literalClass, literalEnd, SqlScanner, type LiteralClass } from './sql-scanner.js';

export interface LiteralBlindTemplate {
  /** The literal-blind key: the texts joined by the literals' blanks. */
  readonly key: string;
  /** The text before, between and after the literals (one more than literals). */
  readonly texts: readonly string[];
  readonly literals: readonly LiteralClass[];
}

const BLANKS: Readonly<Record<LiteralClass, string>> = Object.freeze({
  string: "''",
  'dollar-string': '$$$$',
  integer: '0',
  decimal: '0.0',
  'point-decimal': '0.0',
});

/** The key, or undefined when the text has an unterminated literal (parse it directly). */
export function literalBlindKey(sql: string): string | undefined {
  return literalBlindTemplate(sql)?.key;
}

/** The key with its template; undefined when the text has an unterminated literal. The texts are slices of `sql`. */
export function literalBlindTemplate(sql: string): LiteralBlindTemplate | undefined {
  const scanner = new SqlScanner(sql);
  const texts: string[] = [];
  const literals: LiteralClass[] = [];
  let key = '';
  let last = 0;
  while (scanner.next()) {
    const kind = scanner.kind;
    if (kind !== 'string' && kind !== 'dollar-string' && kind !== 'number') continue;
    const literal = literalClass(scanner);
    const text = sql.slice(last, scanner.start);
    texts.push(text);
    literals.push(literal);
    key += text + BLANKS[literal];
    last = scanner.end;
  }
  if (!scanner.terminated) return undefined;
  if (last === 0) return { key: sql, texts: [sql], literals };
  const tail = sql.slice(last);
  texts.push(tail);
  return { key: key + tail, texts, literals };
}

/**
 * Whether `sql` has the template's key, checked without a scan: each text equal where it
 * should be, and a literal of the template's class between them, ended as the scanner ends it.
 * (Equal text before a literal whose first character is of the same class scans into the
 * same spans: the scanner looks at most at that character beyond a text.) `firstTextKnown`:
 * the caller found `sql` to start with the first text (when there are literals).
 */
export function matchesTemplate(sql: string, template: Pick<LiteralBlindTemplate, 'texts' | 'literals'>, firstTextKnown = false): boolean {
  const { texts, literals } = template;
  let at = 0;
  for (let i = 0; i < literals.length; i += 1) {
    const text = texts[i]!;
    // The literal first: on a template of another shape it fails at once, the compare does not.
    const end = literalEnd(sql, at + text.length, literals[i]!);
    if (end < 0 || (!(i === 0 && firstTextKnown) && !textAt(sql, at, text))) return false;
    at = end;
  }
  const tail = texts[literals.length]!;
  return sql.length === at + tail.length && textAt(sql, at, tail);
}

/**
 * `sql.startsWith(text, at)`, as a slice and a string compare: V8 compares two strings natively
 * (memcmp), while startsWith walks the characters one by one, three times slower (measured).
 */
function textAt(sql: string, at: number, text: string): boolean {
  return sql.slice(at, at + text.length) === text;
}
