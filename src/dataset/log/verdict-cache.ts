/**
 * Parse results by literal-blind key, bounded by the total length of the keys (oldest entries
 * go first), so a log with endless distinct texts cannot grow memory without limit.
 *
 * Looked up once per logged statement, with a key just built: a Map keyed by the string would
 * hash every character of it (V8 does not keep hashes of fresh strings), which measured as a
 * third of the cost of classifying a statement. Entries are found instead by a hash of the
 * length and a few dozen sampled characters, and confirmed by comparing the whole key (a
 * native compare, far cheaper than hashing). A bucket that collects too many keys (keys that
 * differ only where no character is sampled) becomes a Map by the whole key, so lookups never
 * get slower than that.
 *
 * Keys are stored as copies: a key can be a slice of a read chunk, which it would keep alive.
 */
import { detachString } from './detach-string.js';

export const DEFAULT_CACHE_CHARS = 32 * 1024 * 1024;

/** Characters sampled per key (all of a key this short or shorter). */
const SAMPLES = 24;
/** Keys a bucket compares one by one before it becomes a Map. */
const MAX_BUCKET = 8;

interface Entry<V> {
  readonly key: string;
  readonly hash: number;
  readonly value: V;
}

type Bucket<V> = Entry<V>[] | Map<string, Entry<V>>;

export class VerdictCache<V> {
  private readonly buckets = new Map<number, Bucket<V>>();
  /** Entries in insertion order (from `head`), for eviction. */
  private order: (Entry<V> | undefined)[] = [];
  private head = 0;
  private chars = 0;
  private count = 0;

  constructor(private readonly maxChars = DEFAULT_CACHE_CHARS) {}

  get(key: string): V | undefined {
    return this.find(key, sampledHash(key))?.value;
  }

  set(key: string, value: V): void {
    const hash = sampledHash(key);
    if (this.find(key, hash)) return;
    const entry: Entry<V> = { key: detachString(key), hash, value };
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) this.buckets.set(hash, [entry]);
    else if (!Array.isArray(bucket)) bucket.set(entry.key, entry);
    else if (bucket.length < MAX_BUCKET) bucket.push(entry);
    else this.buckets.set(hash, new Map([...bucket, entry].map((e) => [e.key, e])));
    this.order.push(entry);
    this.count += 1;
    this.chars += key.length;
    while (this.chars > this.maxChars) this.evictOldest();
  }

  get size(): number {
    return this.count;
  }

  private find(key: string, hash: number): Entry<V> | undefined {
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) return undefined;
    if (!Array.isArray(bucket)) return bucket.get(key);
    for (const entry of bucket) if (entry.key === key) return entry;
    return undefined;
  }

  private evictOldest(): void {
    const entry = this.order[this.head]!;
    this.order[this.head] = undefined;
    this.head += 1;
    if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    const bucket = this.buckets.get(entry.hash)!;
    if (Array.isArray(bucket)) {
      bucket.splice(bucket.indexOf(entry), 1);
      if (bucket.length === 0) this.buckets.delete(entry.hash);
    } else {
      bucket.delete(entry.key);
      if (bucket.size === 0) this.buckets.delete(entry.hash);
    }
    this.count -= 1;
    this.chars -= entry.key.length;
  }
}

/** FNV-1a over the length and up to about 2 * SAMPLES characters spread over the key, the last one included. */
function sampledHash(key: string): number {
  const n = key.length;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  const step = n <= SAMPLES ? 1 : Math.floor(n / SAMPLES);
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  if (n > 0) h = Math.imul(h ^ key.charCodeAt(n - 1), 0x01000193);
  return h;
}
