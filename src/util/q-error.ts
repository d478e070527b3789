/**
 * The q-error of a cardinality estimate and summaries of many of them, shared by the dataset
 * report (PostgreSQL's own estimates) and the learned models (MSCN's held-out error).
 */

export interface QErrorStats {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** max(est/true, true/est) with both clamped to at least 1 row, so empty results do not divide by zero. */
export function qError(estimated: number, actual: number): number {
  const e = Math.max(1, estimated);
  const a = Math.max(1, actual);
  return Math.max(e / a, a / e);
}

/**
 * Median, p90, p99 and max of `values`. Percentiles interpolate linearly between the two nearest
 * ranks (position q·(n−1) in the sorted list, like numpy's default), so p99 of a short list is not
 * just its maximum. Every field but `count` is NaN for an empty list.
 */
export function summarizeQErrors(values: readonly number[]): QErrorStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => quantile(sorted, q);
  return {
    count: sorted.length,
    median: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

/** The q-quantile of ascending `sorted` values, interpolated linearly between the nearest ranks (NaN when empty). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const low = sorted[lo] as number;
  const high = sorted[Math.ceil(pos)] as number;
  return low + (high - low) * (pos - lo);
}
