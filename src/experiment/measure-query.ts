import type { Interactor, Push } from '../db/interactor.js';
import { planSignature } from '../db/explain/index.js';

/** How one query ran under one algorithm's decision. */
export interface QueryRun {
  readonly status: 'ok' | 'timeout' | 'error';
  /** Median execution time over the measured runs (EXPLAIN ANALYZE, TIMING OFF); the timeout when it timed out. */
  readonly executionMs: number;
  readonly runsMs: readonly number[];
  readonly planningMs: number | null;
  readonly planSignature: string | null;
  /** The plan PostgreSQL ran (EXPLAIN JSON of the first run), absent when none finished. */
  readonly plan?: unknown;
  readonly error?: string;
}

export interface MeasureOptions {
  readonly repetitions: number;
  /** Runs before the measured ones, discarded: the first run pays for cold buffers. */
  readonly warmups: number;
  readonly timeoutMs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Executes `sql` with `push` (warm-ups, then `repetitions` timed runs) and keeps the median.
 * One timed-out run ends the measurement: a plan that slow is reported at the timeout, a lower
 * bound, rather than run again.
 */
export async function measureQuery(interactor: Pick<Interactor, 'execute'>, sql: string, push: Push, options: MeasureOptions): Promise<QueryRun> {
  const runs: number[] = [];
  const planning: number[] = [];
  let signature: string | null = null;
  let plan: unknown;
  for (let i = 0; i < options.warmups + options.repetitions; i++) {
    let result;
    try {
      result = await interactor.execute(sql, { push, pull: ['executionTime', 'plan'], timeoutMs: options.timeoutMs });
    } catch (error) {
      return { status: 'error', executionMs: Number.NaN, runsMs: runs, planningMs: null, planSignature: signature, error: (error as Error).message.split('\n')[0] ?? '' };
    }
    if (result.status === 'timeout') {
      return { status: 'timeout', executionMs: options.timeoutMs, runsMs: runs, planningMs: planning.length > 0 ? median(planning) : null, planSignature: signature };
    }
    signature ??= result.plan ? planSignature(result.plan.root) : null;
    plan ??= result.plan?.root;
    if (i < options.warmups) continue;
    runs.push(result.executionTimeMs ?? Number.NaN);
    if (result.planningTimeMs !== undefined) planning.push(result.planningTimeMs);
  }
  return { status: 'ok', executionMs: median(runs), runsMs: runs, planningMs: planning.length > 0 ? median(planning) : null, planSignature: signature, plan };
}
