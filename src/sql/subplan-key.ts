import { SubplanError } from './sql-errors.js';

/**
 * Orders strings as C's strcmp orders their UTF-8 bytes (that is, by code point), which is how
 * the pg_pilot extension sorts. Plain `<` on JS strings compares UTF-16 units and disagrees for
 * characters above U+FFFF against U+E000..U+FFFF; for ASCII aliases both agree.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Surrogates (U+D800..U+DFFF) start code points above U+FFFF, so they rank after U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/**
 * The sub-plan key: the aliases sorted by byte order and joined by one space (`"b p u"`). The
 * pg_pilot extension, the featurizers and the stores all use this exact form.
 */
export function subplanKey(aliases: readonly string[]): string {
  for (const alias of aliases) {
    if (alias === '' || /\s/.test(alias)) {
      throw new SubplanError('SQL_INVALID_ALIAS', `alias ${JSON.stringify(alias)} cannot be part of a sub-plan key`, {
        context: { alias },
        hint: 'Aliases in a sub-plan key must be non-empty and contain no whitespace.',
      });
    }
  }
  return [...aliases].sort(compareBytes).join(' ');
}

/** The aliases of a key, in key order. */
export function subplanAliases(key: string): string[] {
  return key === '' ? [] : key.split(' ');
}
