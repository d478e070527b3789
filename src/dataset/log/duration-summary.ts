/**
 * Execution times of one query shape in constant memory: exact count, sum, min and max, and the
 * median of a uniform reservoir sample (exact while there are at most `capacity` samples).
 */

export interface DurationSummary {
  /** Executions with a logged duration (can be fewer than the query's count). */
  readonly count: number;
  readonly sumMs: number;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly meanMs: number | null;
  readonly medianMs: number | null;
  /** False when the median comes from a sample (more durations than the reservoir holds). */
  readonly medianExact: boolean;
}

export const DEFAULT_RESERVOIR_SIZE = 256;

export class DurationAccumulator {
  private count = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private samples = new Float64Array(4);
  private stored = 0;
  /** xorshift32 state: a seeded generator keeps the sample (and median) reproducible. */
  private state: number;

  constructor(
    seed: number,
    private readonly capacity = DEFAULT_RESERVOIR_SIZE,
  ) {
    this.state = seed | 0 || 0x9e3779b9;
  }

  add(ms: number): void {
    this.count += 1;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    if (this.stored < this.capacity) {
      if (this.stored === this.samples.length) {
        const grown = new Float64Array(Math.min(this.capacity, this.samples.length * 2));
        grown.set(this.samples);
        this.samples = grown;
      }
      this.samples[this.stored++] = ms;
      return;
    }
    const j = this.nextRandom() % this.count;
    if (j < this.capacity) this.samples[j] = ms;
  }

  summary(): DurationSummary {
    if (this.count === 0) return { count: 0, sumMs: 0, minMs: null, maxMs: null, meanMs: null, medianMs: null, medianExact: true };
    const sorted = this.samples.slice(0, this.stored).sort();
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return {
      count: this.count,
      sumMs: round(this.sum),
      minMs: this.min,
      maxMs: this.max,
      meanMs: round(this.sum / this.count),
      medianMs: round(median),
      medianExact: this.count <= this.capacity,
    };
  }

  private nextRandom(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return x >>> 0;
  }
}

/** Durations are logged with microsecond precision; sums should not show float noise. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
