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
 * Calls `visit` for consecutive spans covering `sql`. Returns false when a string, quoted
 * identifier or comment is not terminated (the last span then runs to the end).
 */
export function scanSql(sql: string, visit: (kind: SqlSpanKind, start: number, end: number) => void): boolean {
  const n = sql.length;
  let textStart = 0;
  let i = 0;
  const emit = (kind: SqlSpanKind, start: number, end: number) => {
    if (textStart < start) visit('text', textStart, start);
    visit(kind, start, end);
    textStart = end;
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === QUOTE) {
      const end = quotedEnd(sql, i + 1, QUOTE, false);
      emit('string', i, end < 0 ? n : end);
      if (end < 0) return false;
      i = end;
    } else if (c === DQUOTE) {
      const end = quotedEnd(sql, i + 1, DQUOTE, false);
      emit('quoted-identifier', i, end < 0 ? n : end);
      if (end < 0) return false;
      i = end;
    } else if (c === DASH && sql.charCodeAt(i + 1) === DASH) {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      emit('comment', i, end);
      i = end;
    } else if (c === SLASH && sql.charCodeAt(i + 1) === STAR) {
      const end = blockCommentEnd(sql, i);
      emit('comment', i, end < 0 ? n : end);
      if (end < 0) return false;
      i = end;
    } else if (c === DOLLAR) {
      const next = sql.charCodeAt(i + 1);
      if (isDigit(next)) {
        let end = i + 1;
        while (end < n && isDigit(sql.charCodeAt(end))) end += 1;
        if (end < n && isIdentChar(sql.charCodeAt(end))) {
          i = end; // `$1abc`: junk the parser will reject; left as text
        } else {
          emit('parameter', i, end);
          i = end;
        }
      } else {
        const tagEnd = dollarTagEnd(sql, i);
        if (tagEnd < 0) {
          i += 1; // a lone `$` (operator character)
        } else {
          const tag = sql.slice(i, tagEnd);
          const close = sql.indexOf(tag, tagEnd);
          emit('dollar-string', i, close < 0 ? n : close + tag.length);
          if (close < 0) return false;
          i = close + tag.length;
        }
      }
    } else if (isDigit(c) || (c === DOT && isDigit(sql.charCodeAt(i + 1)))) {
      const end = numberEnd(sql, i);
      if (end < n && isIdentChar(sql.charCodeAt(end))) {
        // Trailing junk (`123abc`) is a syntax error: keep it as text, never as a literal.
        let junkEnd = end;
        while (junkEnd < n && isIdentChar(sql.charCodeAt(junkEnd))) junkEnd += 1;
        i = junkEnd;
      } else {
        emit('number', i, end);
        i = end;
      }
    } else if (isIdentStart(c)) {
      const prefixed = stringPrefixLength(sql, i, c);
      if (prefixed > 0) {
        const quote = sql.charCodeAt(i + prefixed);
        const end = quotedEnd(sql, i + prefixed + 1, quote, (c | 0x20) === LOWER_E);
        emit(quote === DQUOTE ? 'quoted-identifier' : 'prefixed-string', i, end < 0 ? n : end);
        if (end < 0) return false;
        i = end;
      } else {
        i += 1;
        while (i < n && isIdentChar(sql.charCodeAt(i))) i += 1;
      }
    } else {
      i += 1;
    }
  }
  if (textStart < n) visit('text', textStart, n);
  return true;
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

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentChar = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR;

/** Index just past the closing quote; `from` is just past the opening one. -1 if unterminated. */
function quotedEnd(sql: string, from: number, quote: number, backslashEscapes: boolean): number {
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

/** PostgreSQL numeric literals: 42, 4.2, .42, 4e2, 1_000, 0x2A, 0o52, 0b101010. */
function numberEnd(sql: string, start: number): number {
  const n = sql.length;
  let i = start;
  const radix = sql.charCodeAt(i) === 48 ? sql.charCodeAt(i + 1) | 0x20 : 0;
  if (radix === 120 || radix === 111 || radix === 98) {
    i += 2;
    while (i < n && /[0-9a-fA-F_]/.test(sql[i]!)) i += 1;
    return i;
  }
  const digits = () => {
    while (i < n && (isDigit(sql.charCodeAt(i)) || (sql.charCodeAt(i) === 95 && isDigit(sql.charCodeAt(i + 1))))) i += 1;
  };
  digits();
  if (sql.charCodeAt(i) === DOT && sql.charCodeAt(i + 1) !== DOT) {
    i += 1;
    digits();
  }
  const e = sql.charCodeAt(i) | 0x20;
  if (e === LOWER_E) {
    const sign = sql.charCodeAt(i + 1);
    const first = sign === 43 || sign === DASH ? i + 2 : i + 1;
    if (isDigit(sql.charCodeAt(first))) {
      i = first;
      digits();
    }
  }
  return i;
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
