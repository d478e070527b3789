/**
 * A small lexer for PostgreSQL SQL text: enough to find literals, comments and `$n`
 * parameters without the (WASM) parser, so that literal-blind cache keys, parameter
 * substitution and one-line rendering never touch text inside strings or comments.
 * Assumes standard_conforming_strings = on (the default since PostgreSQL 9.1).
 */

export type SqlSpanKind =
  | 'string' // '...' (only '' escapes)
  | 'prefixed-string' // E'...', N'...', B'...', X'...', U&'...'
  | 'dollar-string' // $tag$...$tag$
  | 'quoted-identifier' // "..." and U&"..."
  | 'comment' // -- to end of line, /* nested */
  | 'number'
  | 'parameter' // $1
  | 'text'; // everything else: keywords, identifiers, operators, whitespace

/**
 * Walks `sql` span by span: `next()` advances and sets `kind`, `start`, `end`. Consecutive
 * spans cover the whole text. `terminated` turns false when a string, quoted identifier or
 * comment runs to the end of the text unclosed. (A class with fields rather than callbacks:
 * this runs once or twice per logged statement.)
 */
export class SqlScanner {
  kind: SqlSpanKind = 'text';
  start = 0;
  end = 0;
  terminated = true;
  /** For a 'number' span: whether it is an integer (radix, or digits without point or exponent). */
  integer = false;
  /** Where the next special token starts (-1: not looked for yet), found while scanning text. */
  private pendingStart = -1;
  private pendingEnd = 0;
  private pendingKind: SqlSpanKind = 'text';
  private pendingInteger = false;

  constructor(readonly sql: string) {}

  next(): boolean {
    const sql = this.sql;
    const n = sql.length;
    if (this.pendingStart >= 0) {
      this.kind = this.pendingKind;
      this.start = this.pendingStart;
      this.end = this.pendingEnd;
      this.integer = this.pendingInteger;
      this.pendingStart = -1;
      return true;
    }
    if (this.end >= n) return false;
    const textStart = this.end;
    let i = textStart;
    while (i < n) {
      PLAIN_TEXT.lastIndex = i;
      const plain = PLAIN_TEXT.exec(sql)!;
      const after = PLAIN_TEXT.lastIndex;
      // The commonest literals come with the plain text before them, in the same match.
      if (plain[1] !== undefined) return this.token('string', textStart, after - plain[1].length, after, false);
      if (plain[2] !== undefined) return this.token('number', textStart, after - plain[2].length, after, true);
      i = after;
      if (i >= n) break;
      const c = sql.charCodeAt(i);
      let kind: SqlSpanKind | undefined;
      let end = i + 1;
      if (c === QUOTE) {
        kind = 'string';
        end = quotedEnd(sql, i + 1, QUOTE, false);
      } else if (c === DQUOTE) {
        kind = 'quoted-identifier';
        end = quotedEnd(sql, i + 1, DQUOTE, false);
      } else if (c === DASH) {
        if (sql.charCodeAt(i + 1) === DASH) {
          kind = 'comment';
          const nl = sql.indexOf('\n', i);
          end = nl < 0 ? n : nl;
        }
      } else if (c === SLASH) {
        if (sql.charCodeAt(i + 1) === STAR) {
          kind = 'comment';
          end = blockCommentEnd(sql, i);
        }
      } else if (c === DOLLAR) {
        const next = sql.charCodeAt(i + 1);
        if (isDigit(next)) {
          end = i + 1;
          while (end < n && isDigit(sql.charCodeAt(end))) end += 1;
          // `$1abc` is junk the parser rejects: left as text.
          if (end >= n || !isIdentChar(sql.charCodeAt(end))) kind = 'parameter';
        } else {
          const tagEnd = dollarTagEnd(sql, i);
          if (tagEnd >= 0) {
            kind = 'dollar-string';
            const close = sql.indexOf(sql.slice(i, tagEnd), tagEnd);
            end = close < 0 ? -1 : close + (tagEnd - i);
          }
        }
      } else if (c >= 48 && c <= 57 ? true : c === DOT && isDigit(sql.charCodeAt(i + 1))) {
        end = numberEnd(sql, i);
        if (end < n && isIdentChar(sql.charCodeAt(end))) {
          // Trailing junk (`123abc`) is a syntax error: keep it as text, never as a literal.
          while (end < n && isIdentChar(sql.charCodeAt(end))) end += 1;
        } else {
          kind = 'number';
        }
      } else if (isIdentStart(c)) {
        const prefixed = stringPrefixLength(sql, i, c);
        if (prefixed > 0) {
          const quote = sql.charCodeAt(i + prefixed);
          kind = quote === DQUOTE ? 'quoted-identifier' : 'prefixed-string';
          end = quotedEnd(sql, i + prefixed + 1, quote, (c | 0x20) === LOWER_E);
        } else {
          while (end < n && isIdentChar(sql.charCodeAt(end))) end += 1;
        }
      }
      if (kind === undefined) {
        i = end;
        continue;
      }
      if (end < 0) {
        this.terminated = false;
        end = n;
      }
      return this.token(kind, textStart, i, end, kind === 'number' && isInteger(sql, i, end));
    }
    this.kind = 'text';
    this.start = textStart;
    this.end = n;
    return true;
  }

  /** Sets the span to the text before the token (the token waits) or, when there is none, to the token. */
  private token(kind: SqlSpanKind, textStart: number, start: number, end: number, integer: boolean): true {
    if (start > textStart) {
      this.pendingKind = kind;
      this.pendingStart = start;
      this.pendingEnd = end;
      this.pendingInteger = integer;
      this.kind = 'text';
      this.start = textStart;
      this.end = start;
      return true;
    }
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.integer = integer;
    return true;
  }
}

/**
 * Calls `visit` for consecutive spans covering `sql`. Returns false when a string, quoted
 * identifier or comment is not terminated (the last span then runs to the end).
 */
export function scanSql(sql: string, visit: (kind: SqlSpanKind, start: number, end: number) => void): boolean {
  const scanner = new SqlScanner(sql);
  while (scanner.next()) visit(scanner.kind, scanner.start, scanner.end);
  return scanner.terminated;
}

/**
 * The literals a literal-blind template tells apart: the span kind, and for numbers whether
 * the scanner calls it an integer and whether it starts with a point (`.5`). The first
 * character decides how the text before a literal scans, so two texts whose literals agree in
 * class and whose other text is equal scan into the same spans.
 */
export const LITERAL_CLASSES = ['string', 'dollar-string', 'integer', 'decimal', 'point-decimal'] as const;
export type LiteralClass = (typeof LITERAL_CLASSES)[number];

/** The class of a literal span the scanner found ('string', 'dollar-string' or 'number'). */
export function literalClass(scanner: Readonly<SqlScanner>): LiteralClass {
  if (scanner.kind === 'string') return 'string';
  if (scanner.kind === 'dollar-string') return 'dollar-string';
  if (scanner.integer) return 'integer';
  return scanner.sql.charCodeAt(scanner.start) === DOT ? 'point-decimal' : 'decimal';
}

/**
 * Where a literal of class `literal` that starts at `start` ends, as the scanner would end it
 * when its token starts there (the same functions: quotedEnd, dollar tags, numberEnd and the
 * trailing-junk rule); -1 when no literal of that class, terminated, starts there.
 */
export function literalEnd(sql: string, start: number, literal: LiteralClass): number {
  const c = sql.charCodeAt(start);
  switch (literal) {
    case 'string':
      return c === QUOTE ? quotedEnd(sql, start + 1, QUOTE, false) : -1;
    case 'dollar-string': {
      if (c !== DOLLAR || isDigit(sql.charCodeAt(start + 1))) return -1;
      const tagEnd = dollarTagEnd(sql, start);
      if (tagEnd < 0) return -1;
      const close = sql.indexOf(sql.slice(start, tagEnd), tagEnd);
      return close < 0 ? -1 : close + (tagEnd - start);
    }
    default: {
      if (literal === 'integer') {
        // The commonest literal: plain digits that nothing continues, taken as the scanner's
        // plain-integer match takes them (anything else goes the general way below).
        let end = start;
        while (isDigit(sql.charCodeAt(end))) end += 1;
        if (end > start && !continuesNumber(sql.charCodeAt(end))) return end;
      }
      if (literal === 'point-decimal' ? c !== DOT || !isDigit(sql.charCodeAt(start + 1)) : !isDigit(c)) return -1;
      const end = numberEnd(sql, start);
      if (end < sql.length && isIdentChar(sql.charCodeAt(end))) return -1;
      return isInteger(sql, start, end) === (literal === 'integer') ? end : -1;
    }
  }
}

const QUOTE = 39;
const DQUOTE = 34;
const DASH = 45;
const SLASH = 47;
const STAR = 42;
const DOLLAR = 36;
const DOT = 46;
const BACKSLASH = 92;
const AMP = 38;
const LOWER_E = 101;

/**
 * What the scanner can skip without a look at each character, matched natively (much faster
 * than a loop over charCodeAt): runs of characters that start no token, whole words (the
 * letters, digits, `_` and `$` of identifiers and keywords) unless the word is a string prefix
 * before its quote (E'', N'', B'', X'', U&'' and U&""), and a `-`, `/` or `.` that starts no
 * comment or number. It stops where a token may start: a quote, `--`, `/*`, `$`, a digit, `.`
 * before a digit, a string prefix. At most 256 pieces per match keep the regex's backtrack
 * stack small on very long statements (the token code then reads on from where it stopped).
 *
 * Where it stops, it also takes the two commonest literals, each exactly as the token code
 * would: a plain string without doubled quotes (group 1) and an integer of plain digits
 * (group 2) that nothing continues (no `_`, point, exponent, radix letter or identifier
 * character after it). Anything else is left to the token code. (Nothing in it repeats a
 * group per character: such loops overflow the regex stack on literals of some megabytes.)
 */
const WORD_REST = String.raw`[A-Za-z0-9_$\u0080-\uffff]*`;
const PLAIN_TEXT = new RegExp(
  String.raw`(?:[^A-Za-z_'"\-/$.0-9\u0080-\uffff]+` +
    String.raw`|[ACDF-MO-TVWYZacdf-mo-tvwyz_\u0080-\uffff]${WORD_REST}` + // words not starting with b, e, n, u, x
    String.raw`|[bBeEnNxX](?!')${WORD_REST}|[uU](?!&['"])${WORD_REST}` +
    String.raw`|-(?!-)|/(?!\*)|\.(?![0-9])){0,256}` +
    String.raw`(?:('[^']*'(?!'))|([0-9]+(?![0-9A-Za-z_$.\u0080-\uffff])))?`,
  'y',
);

const isDigit = (c: number) => c >= 48 && c <= 57;
/** What may not follow a plain integer taken whole (PLAIN_TEXT's group 2): more of a number or of a word. NaN (the end) does not. */
const continuesNumber = (c: number) => isIdentChar(c) || c === DOT;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentChar = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR;

/** Index just past the closing quote; `from` is just past the opening one. -1 if unterminated. */
function quotedEnd(sql: string, from: number, quote: number, backslashEscapes: boolean): number {
  if (!backslashEscapes) {
    // Native search from quote to quote: most literals are short, but charCodeAt loops are slow.
    const mark = quote === QUOTE ? "'" : '"';
    for (let i = from; ; ) {
      const at = sql.indexOf(mark, i);
      if (at < 0) return -1;
      if (sql.charCodeAt(at + 1) !== quote) return at + 1;
      i = at + 2;
    }
  }
  let i = from;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (backslashEscapes && c === BACKSLASH) {
      i += 2;
    } else if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return -1;
}

/** Block comments nest in PostgreSQL. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  const n = sql.length;
  while (i < n) {
    if (sql.charCodeAt(i) === SLASH && sql.charCodeAt(i + 1) === STAR) {
      depth += 1;
      i += 2;
    } else if (sql.charCodeAt(i) === STAR && sql.charCodeAt(i + 1) === SLASH) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return -1;
}

/** End of `$tag$` starting at `start`, or -1 when `$` does not open a dollar quote. */
function dollarTagEnd(sql: string, start: number): number {
  let i = start + 1;
  if (sql.charCodeAt(i) === DOLLAR) return i + 1;
  if (!isIdentStart(sql.charCodeAt(i))) return -1;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (c === DOLLAR) return i + 1;
    if (!isIdentStart(c) && !isDigit(c)) return -1;
    i += 1;
  }
  return -1;
}

/** Whether a number literal is an integer: a radix literal (0x, 0o, 0b) or digits and underscores without a point or an exponent. */
function isInteger(sql: string, start: number, end: number): boolean {
  if (sql.charCodeAt(start) === 48 /* 0 */) {
    const radix = sql.charCodeAt(start + 1) | 0x20;
    if (radix === 120 /* x */ || radix === 111 /* o */ || radix === 98 /* b */) return true;
  }
  for (let i = start; i < end; i += 1) {
    const c = sql.charCodeAt(i);
    if (c === DOT || (c | 0x20) === LOWER_E) return false;
  }
  return true;
}

/** PostgreSQL numeric literals: 42, 4.2, .42, 4e2, 1_000, 0x2A, 0o52, 0b101010. */
function numberEnd(sql: string, start: number): number {
  const n = sql.length;
  const radix = sql.charCodeAt(start) === 48 ? sql.charCodeAt(start + 1) | 0x20 : 0;
  if (radix === 120 || radix === 111 || radix === 98) {
    let i = start + 2;
    while (i < n && isHexOrUnderscore(sql.charCodeAt(i))) i += 1;
    return i;
  }
  let i = digitsEnd(sql, start);
  if (sql.charCodeAt(i) === DOT && sql.charCodeAt(i + 1) !== DOT) i = digitsEnd(sql, i + 1);
  if ((sql.charCodeAt(i) | 0x20) === LOWER_E) {
    const sign = sql.charCodeAt(i + 1);
    const first = sign === 43 || sign === DASH ? i + 2 : i + 1;
    if (isDigit(sql.charCodeAt(first))) i = digitsEnd(sql, first);
  }
  return i;
}

/** End of a run of digits, with single underscores between digits (1_000). */
function digitsEnd(sql: string, from: number): number {
  let i = from;
  for (;;) {
    const c = sql.charCodeAt(i);
    if (isDigit(c) || (c === 95 && isDigit(sql.charCodeAt(i + 1)))) i += 1;
    else return i;
  }
}

function isHexOrUnderscore(c: number): boolean {
  return isDigit(c) || c === 95 || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

/** Length of a string prefix (E, N, B, X, U&) before a quote at `i`, else 0. */
function stringPrefixLength(sql: string, i: number, c: number): number {
  if (i > 0 && isIdentChar(sql.charCodeAt(i - 1))) return 0;
  const lower = c | 0x20;
  const next = sql.charCodeAt(i + 1);
  if ((lower === LOWER_E || lower === 110 || lower === 98 || lower === 120) && next === QUOTE) return 1;
  if (lower === 117 && next === AMP && (sql.charCodeAt(i + 2) === QUOTE || sql.charCodeAt(i + 2) === DQUOTE)) return 2;
  return 0;
}
