import type { Rng } from '../../util/prng.js';

/** Standard normal by Box-Muller (one value per call: simpler to keep deterministic). */
export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.openFloat())) * Math.cos(2 * Math.PI * rng.float());
}

/** exp(N(mu, sigma)): multiplicative noise and heavy-ish right tails (delays, view counts). */
export function logNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * normal(rng));
}

export function exponential(rng: Rng, mean: number): number {
  return -Math.log(rng.openFloat()) * mean;
}

/** Poisson counts; Knuth's product method for small means, a rounded normal for large ones. */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.openFloat();
    while (p > limit) {
      k++;
      p *= rng.openFloat();
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
}

/** Weighted choice among a few options (tiny arrays; for large ones use AliasTable). */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.float() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Zipf over ranks 1..n: P(rank k) proportional to 1 / k^exponent. Inverse CDF by binary search
 * over a precomputed table (n is at most a few hundred thousand here).
 */
export class ZipfSampler {
  readonly n: number;
  readonly exponent: number;
  private readonly cdf: Float64Array;

  constructor(n: number, exponent: number) {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`Zipf needs n >= 1, got ${n}`);
    if (!(exponent >= 0)) throw new RangeError(`Zipf needs exponent >= 0, got ${exponent}`);
    this.n = n;
    this.exponent = exponent;
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 1; k <= n; k++) {
      total += 1 / Math.pow(k, exponent);
      this.cdf[k - 1] = total;
    }
    for (let i = 0; i < n; i++) this.cdf[i] = (this.cdf[i] as number) / total;
  }

  /** A rank in [1, n]. */
  sample(rng: Rng): number {
    return lowerBound(this.cdf, rng.float()) + 1;
  }

  probability(rank: number): number {
    const hi = this.cdf[rank - 1] ?? 0;
    const lo = rank >= 2 ? (this.cdf[rank - 2] as number) : 0;
    return hi - lo;
  }
}

/**
 * Walker's alias method: O(1) draws from a fixed discrete distribution over 0..n-1, used for
 * "popular rows get most references" (e.g. postlinks pointing at popular posts).
 */
export class AliasTable {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('an alias table needs at least one weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] as number;
    if (!(total > 0)) throw new RangeError('an alias table needs a positive total weight');
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i] as number) * n) / total;
      if ((scaled[i] as number) < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns] as number;
      const l = large[--nl] as number;
      this.prob[s] = scaled[s] as number;
      this.alias[s] = l;
      scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
      if ((scaled[l] as number) < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    while (nl > 0) this.prob[large[--nl] as number] = 1;
    while (ns > 0) this.prob[small[--ns] as number] = 1; // rounding leftovers
  }

  sample(rng: Rng): number {
    const i = rng.int(this.size);
    return rng.float() < (this.prob[i] as number) ? i : (this.alias[i] as number);
  }
}

/**
 * Weighted draws restricted to a prefix 0..k-1 of a fixed weight array. Rows are ordered by
 * creation date, so "a user who already existed at time t" is a prefix: this lets a comment
 * pick its author among users created before it, weighted by activity, without rejection.
 */
export class PrefixSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += weights[i] as number;
      this.cumulative[i] = total;
    }
  }

  /** An index in [0, k); k must be at least 1. */
  sample(rng: Rng, k: number): number {
    const top = Math.min(k, this.cumulative.length);
    const r = rng.float() * (this.cumulative[top - 1] as number);
    return Math.min(lowerBound(this.cumulative, r, top), top - 1);
  }
}

/** The first index i in [0, end) with sorted[i] > value (end when none). */
export function lowerBound(sorted: ArrayLike<number>, value: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How many entries of an ascending array are <= value. */
export function countAtMost(sorted: ArrayLike<number>, value: number): number {
  return lowerBound(sorted, value);
}
