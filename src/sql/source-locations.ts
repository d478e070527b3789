/**
 * PostgreSQL reports two kinds of positions: parse-tree `location` fields are UTF-8 byte offsets,
 * and a syntax error's cursor is a character (code point) index. Users index JavaScript strings
 * (UTF-16 code units), so both are converted here. ASCII text, the common case, maps to itself.
 */
export interface SourceLocator {
  /** 0-based UTF-16 index for a UTF-8 byte offset (clamped to the text). */
  fromByteOffset(byteOffset: number): number;
  /** 0-based UTF-16 index for a 0-based code point index (clamped to the text). */
  fromCodePointIndex(codePointIndex: number): number;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function sourceLocator(text: string): SourceLocator {
  if (!NON_ASCII.test(text)) {
    const clamp = (n: number): number => Math.max(0, Math.min(n, text.length));
    return { fromByteOffset: clamp, fromCodePointIndex: clamp };
  }
  return {
    fromByteOffset: (byteOffset) => walk(text, byteOffset, utf8Length),
    fromCodePointIndex: (codePointIndex) => walk(text, codePointIndex, () => 1),
  };
}

/** 1-based line and column (in UTF-16 units) of a 0-based index, for messages. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

function walk(text: string, target: number, unitsOf: (codePoint: number) => number): number {
  let consumed = 0;
  let index = 0;
  while (index < text.length && consumed < target) {
    const codePoint = text.codePointAt(index) ?? 0;
    consumed += unitsOf(codePoint);
    index += codePoint > 0xffff ? 2 : 1;
  }
  return index;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
