import { PilotError } from '../errors/index.js';

export class InvalidSeedError extends PilotError {}

const TWO_POW_32 = 4294967296;

/** Throws unless `seed` is a non-negative safe integer: seeds are written in files and on command lines. */
export function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidSeedError('INVALID_SEED', `a seed must be a non-negative integer, got ${String(seed)}`, {
      context: { seed },
      hint: 'pass a whole number such as 42',
    });
  }
}

/** murmur3's 32-bit finalizer: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit FNV-1a hash of a string; stable across runs and platforms. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seed for one named stream (a table, a workload kind) derived from the user's seed, so each
 * stream is independent of the order in which the others are drawn.
 */
export function deriveSeed(seed: number, label: string): number {
  assertSeed(seed);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  return fmix32(hashString(label, fmix32(lo ^ fmix32(hi + 0x9e3779b9))) ^ 0x5bd1e995);
}

/**
 * xoshiro128**: a small, fast generator with 128 bits of state and good statistical quality,
 * built from 32-bit integer operations only (no Math.random, no BigInt), so a seed gives the
 * same sequence on every run.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    assertSeed(seed);
    // splitmix32 expands the seed; xoshiro must not start from an all-zero state.
    let x = (seed >>> 0) ^ fmix32(Math.floor(seed / TWO_POW_32) >>> 0);
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      return fmix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in (0, 1): safe to take the logarithm of. */
  openFloat(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher–Yates shuffle driven by `rng`: the same seed gives the same order. Returns `array`. */
export function shuffleInPlace<T>(rng: Rng, array: T[]): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = array[i] as T;
    array[i] = array[j] as T;
    array[j] = t;
  }
  return array;
}
