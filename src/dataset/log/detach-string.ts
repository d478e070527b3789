/**
 * A copy of a string that shares no memory with the text it was cut from. Lines are slices of
 * a decoded read chunk (256 KB), and V8 keeps a slice's whole parent alive: a string kept for
 * the rest of the extraction (a cache key, a query's example, a skip excerpt) must be copied,
 * or each one pins a chunk. The UTF-16 round trip copies any string exactly, lone surrogates
 * included.
 */
export function detachString(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
