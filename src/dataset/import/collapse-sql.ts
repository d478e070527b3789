/** One SQL statement on one line, or why it cannot be. `line` is 1-based, in the input text. */
export type CollapseResult = { readonly ok: true; readonly sql: string } | { readonly ok: false; readonly message: string; readonly line: number };

/**
 * Puts one SQL statement on one line, as workload files need: comments are dropped, runs of
 * whitespace outside quotes become one space, and the statement ends with one `;`. Quoted text
 * ('...', E'...', "...", $tag$...$tag$) is kept byte for byte; a quote spanning lines, a second
 * statement or an unterminated quote or comment is refused with the line where it starts.
 */
export function collapseSql(text: string): CollapseResult {
  let out = '';
  let pendingSpace = false;
  let i = 0;
  let terminated = -1; // index of a statement-ending `;`
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const emit = (chunk: string) => {
    if (pendingSpace && out !== '') out += ' ';
    pendingSpace = false;
    out += chunk;
  };

  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (terminated >= 0 && !/[\s;]/.test(c) && !(c === '-' && next === '-') && !(c === '/' && next === '*')) {
      return { ok: false, message: 'more than one statement (a workload entry is one query)', line: lineAt(i) };
    }
    if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      pendingSpace = true;
    } else if (c === '/' && next === '*') {
      const end = blockCommentEnd(text, i);
      if (end < 0) return { ok: false, message: 'unterminated /* comment', line: lineAt(i) };
      i = end;
      pendingSpace = true;
    } else if (c === "'" || c === '"') {
      const escapes = c === "'" && /[eE]/.test(text[i - 1] ?? '') && !/[\w$]/.test(text[i - 2] ?? '');
      const end = quotedEnd(text, i, c, escapes);
      if (end < 0) return { ok: false, message: `unterminated ${c === "'" ? 'string' : 'quoted identifier'}`, line: lineAt(i) };
      const quoted = text.slice(i, end);
      if (quoted.includes('\n')) return { ok: false, message: 'a quoted string spans several lines; it cannot be put on one line', line: lineAt(i) };
      // E'...' keeps its prefix glued: the E was emitted just before.
      if (escapes) out += quoted;
      else emit(quoted);
      i = end;
    } else if (c === '$' && dollarTag(text, i) !== undefined && !/[\w$]/.test(text[i - 1] ?? '')) {
      const tag = dollarTag(text, i)!;
      const close = text.indexOf(tag, i + tag.length);
      if (close < 0) return { ok: false, message: `unterminated ${tag} quote`, line: lineAt(i) };
      const quoted = text.slice(i, close + tag.length);
      if (quoted.includes('\n')) return { ok: false, message: 'a dollar-quoted string spans several lines; it cannot be put on one line', line: lineAt(i) };
      emit(quoted);
      i = close + tag.length;
    } else if (c === ';') {
      terminated = i;
      i++;
    } else {
      emit(c);
      i++;
    }
  }
  if (out === '') return { ok: false, message: 'no SQL (empty or only comments)', line: 1 };
  return { ok: true, sql: `${out};` };
}

function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index just past the closing quote; doubled quotes are part of the text, backslashes too in E''. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i++;
    } else if (c === quote) {
      if (text[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return -1;
}

/** `$tag$` or `$$` starting at `start`, else undefined (a `$1` parameter is not a quote). */
function dollarTag(text: string, start: number): string | undefined {
  const match = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(start, start + 64));
  return match?.[0];
}
