/**
 * Parse results by literal-blind key, bounded by the total length of the keys (oldest entries
 * go first), so a log with endless distinct texts cannot grow memory without limit. Keys are
 * stored as copies: a key can be a slice of a read chunk, which it would keep alive. (A plain
 * Map: V8 hashes a fresh key natively faster than a sampled hash in JS finds it; measured.)
 */
import { detachString } from './detach-string.js';

export const DEFAULT_CACHE_CHARS = 32 * 1024 * 1024;

export class VerdictCache<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars = DEFAULT_CACHE_CHARS) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.has(key)) return;
    this.entries.set(detachString(key), value);
    this.chars += key.length;
    while (this.chars > this.maxChars) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
