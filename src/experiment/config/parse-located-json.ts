/**
 * JSON.parse with positions: the value, the line and column of every JSON pointer in it (so
 * schema errors can say where in the file), and for malformed text the line and column of the
 * first error (Node's JSON.parse messages often give no position at all). Keys given twice are
 * refused, since JSON.parse silently keeps the last.
 */

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units (as editors count). */
  readonly column: number;
}

export interface LocatedJson {
  readonly value: unknown;
  /** JSON pointer ('' for the root) -> where it starts: the key for object members, the value otherwise. */
  readonly positions: ReadonlyMap<string, SourcePosition>;
}

export type LocatedJsonResult =
  | { readonly ok: true; readonly json: LocatedJson }
  | { readonly ok: false; readonly message: string; readonly position: SourcePosition };

/** Thrown inside the parser only; turned into `{ok: false}` at the boundary. */
class SyntaxProblem {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function parseLocatedJson(text: string): LocatedJsonResult {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positionOf = (offset: number): SourcePosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  const positions = new Map<string, SourcePosition>();
  // A UTF-8 byte-order mark, as some editors write, is not part of the JSON.
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const skipSpace = (): void => {
    for (;;) {
      const c = text[at];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') at++;
      else if (c === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) throw new SyntaxProblem('comments are not allowed in JSON', at);
      else return;
    }
  };
  const describe = (offset: number): string => (offset >= text.length ? 'end of file' : `${JSON.stringify(text[offset])}`);

  const readString = (): string => {
    STRING.lastIndex = at;
    const m = STRING.exec(text);
    if (m === null) throw new SyntaxProblem(badStringMessage(text, at), at);
    at += m[0].length;
    return JSON.parse(m[0]) as string;
  };

  const readValue = (pointer: string, recordAt: boolean): unknown => {
    skipSpace();
    if (recordAt) positions.set(pointer, positionOf(at));
    const c = text[at];
    if (c === '{') return readObject(pointer);
    if (c === '[') return readArray(pointer);
    if (c === '"') return readString();
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(text);
    if (m !== null) {
      at += m[0].length;
      return JSON.parse(m[0]) as number;
    }
    if (c === "'") throw new SyntaxProblem('strings must be in double quotes', at);
    throw new SyntaxProblem(`expected a value, found ${describe(at)}`, at);
  };

  const readObject = (pointer: string): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    const seen = new Set<string>();
    at++;
    skipSpace();
    if (text[at] === '}') {
      at++;
      return object;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"') {
        const trailing = text[at] === '}' && seen.size > 0;
        throw new SyntaxProblem(trailing ? 'trailing comma before "}"' : `expected a property name in double quotes, found ${describe(at)}`, at);
      }
      const keyAt = at;
      const key = readString();
      const child = `${pointer}/${escapePointer(key)}`;
      if (seen.has(key)) throw new SyntaxProblem(`key ${JSON.stringify(key)} appears twice in the same object`, keyAt);
      seen.add(key);
      positions.set(child, positionOf(keyAt));
      skipSpace();
      if (text[at] !== ':') throw new SyntaxProblem(`expected ":" after the property name, found ${describe(at)}`, at);
      at++;
      // defineProperty: a "__proto__" key must become an own property, as with JSON.parse.
      Object.defineProperty(object, key, { value: readValue(child, false), enumerable: true, writable: true, configurable: true });
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') {
        at++;
        return object;
      }
      throw new SyntaxProblem(`expected "," or "}" after the value of ${JSON.stringify(key)}, found ${describe(at)}`, at);
    }
  };

  const readArray = (pointer: string): unknown[] => {
    const array: unknown[] = [];
    at++;
    skipSpace();
    if (text[at] === ']') {
      at++;
      return array;
    }
    for (;;) {
      skipSpace();
      if (text[at] === ']' && array.length > 0) throw new SyntaxProblem('trailing comma before "]"', at);
      array.push(readValue(`${pointer}/${array.length}`, true));
      skipSpace();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') {
        at++;
        return array;
      }
      throw new SyntaxProblem(`expected "," or "]" after an array element, found ${describe(at)}`, at);
    }
  };

  try {
    const value = readValue('', true);
    skipSpace();
    if (at < text.length) throw new SyntaxProblem(`unexpected ${describe(at)} after the end of the JSON value`, at);
    return { ok: true, json: { value, positions } };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { ok: false, message: error.message, position: positionOf(error.offset) };
  }
}

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/** Why the string starting at `at` is not a JSON string: unterminated, a raw control character, or a bad escape. */
function badStringMessage(text: string, at: number): string {
  for (let i = at + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (text[i] === '"') break;
    if (code < 0x20) return code === 10 ? 'unterminated string (strings cannot span lines)' : 'control character inside a string (escape it)';
    if (text[i] === '\\') {
      const next = text[i + 1] ?? '';
      if (!'"\\/bfnrtu'.includes(next) || next === '') return `invalid escape "\\${next}" in a string`;
      if (next === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'invalid \\u escape in a string';
      i++;
    }
  }
  return 'unterminated string';
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
