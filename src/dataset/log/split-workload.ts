/**
 * Deterministic train/test split of extracted queries:
 * - `seed`: a query is in test when hash(seed, fingerprint) falls below testFraction, so the
 *   same query lands on the same side in every extraction with that seed;
 * - `time`: queries first seen in the last testFraction of the time span are in test (train on
 *   the past, test on the future).
 */
import { createHash } from 'node:crypto';
import { LogExtractionError } from './log-extraction-error.js';
import type { ExtractedQuery } from './workload-accumulator.js';

export type WorkloadSplit =
  | { readonly by: 'seed'; readonly seed: number | string; readonly testFraction: number }
  | { readonly by: 'time'; readonly testFraction: number };

export const SPLIT_KINDS = ['seed', 'time'] as const;

export interface SplitResult {
  readonly train: ExtractedQuery[];
  readonly test: ExtractedQuery[];
  /** Why some queries could not be placed by the rule (no timestamp: put in train). */
  readonly warnings: string[];
}

export function validateSplit(split: WorkloadSplit): void {
  const kind = (split as { by?: unknown }).by;
  if (!SPLIT_KINDS.includes(kind as (typeof SPLIT_KINDS)[number])) {
    throw new LogExtractionError('LOG_SPLIT_INVALID', `unknown split "${String(kind)}": use { by: 'seed', seed, testFraction } or { by: 'time', testFraction }`, { context: { split } });
  }
  if (typeof split.testFraction !== 'number' || !(split.testFraction >= 0 && split.testFraction <= 1)) {
    throw new LogExtractionError('LOG_SPLIT_INVALID', `testFraction must be a number from 0 to 1, got ${String(split.testFraction)}`, { context: { split } });
  }
}

/** The position of a query on [0, 1) for a seed: a stable, uniform hash. */
export function splitPosition(seed: number | string, fingerprint: string): number {
  const hex = createHash('sha256').update(`${String(seed)}\0${fingerprint}`).digest('hex');
  return Number.parseInt(hex.slice(0, 13), 16) / 2 ** 52;
}

export function splitWorkload(queries: readonly ExtractedQuery[], split: WorkloadSplit): SplitResult {
  validateSplit(split);
  const train: ExtractedQuery[] = [];
  const test: ExtractedQuery[] = [];
  const warnings: string[] = [];
  if (split.by === 'seed') {
    for (const q of queries) (splitPosition(split.seed, q.fingerprint) < split.testFraction ? test : train).push(q);
    return { train, test, warnings };
  }
  const times = queries.filter((q) => q.firstSeen !== null);
  if (queries.length > 0 && times.length === 0) {
    throw new LogExtractionError('LOG_SPLIT_NO_TIMES', 'a time split needs timestamps, and these queries have none', {
      hint: "add %m or %t to log_line_prefix, or split by seed: { by: 'seed', seed, testFraction }",
    });
  }
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const q of times) {
    start = Math.min(start, Date.parse(q.firstSeen!));
    end = Math.max(end, Date.parse(q.lastSeen ?? q.firstSeen!));
  }
  const cutoff = end - split.testFraction * (end - start);
  for (const q of queries) {
    if (q.firstSeen === null) train.push(q);
    else if (split.testFraction > 0 && Date.parse(q.firstSeen) >= cutoff) test.push(q);
    else train.push(q);
  }
  if (times.length < queries.length) warnings.push(`${queries.length - times.length} queries have no timestamp: put in train`);
  return { train, test, warnings };
}
