/**
 * A SQL LIKE / ILIKE pattern as an anchored RegExp: `%` is any run of characters, `_` exactly
 * one, and the escape character (backslash unless `ESCAPE` names another; `ESCAPE ''` turns
 * escaping off) makes the next character literal. Returns undefined for a pattern PostgreSQL
 * rejects (one ending in the escape character) or an escape longer than one character.
 */
export function likeRegExp(pattern: string, options: { escape?: string; caseInsensitive?: boolean } = {}): RegExp | undefined {
  const escape = options.escape ?? '\\';
  const escapeChars = [...escape];
  if (escapeChars.length > 1) return undefined;
  const escapeChar = escapeChars[0];
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (escapeChar !== undefined && c === escapeChar) {
      const next = chars[++i];
      if (next === undefined) return undefined;
      source += quoteRegExp(next);
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += quoteRegExp(c);
  }
  return new RegExp(`^${source}$`, options.caseInsensitive === true ? 'isu' : 'su');
}

function quoteRegExp(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
