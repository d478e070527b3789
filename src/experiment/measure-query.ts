import type { Interactor, Push } from '../db/interactor.js';
import { median } from '../util/median.js';
import { planSignature } from '../db/explain/index.js';

/** How one query ran under one algorithm's decision. */
export interface QueryRun {
  readonly status: 'ok' | 'timeout' | 'error';
  /** Median time over the measured runs (see MeasurementInstrument); the timeout when it timed out. */
  readonly executionMs: number;
  readonly runsMs: readonly number[];
  readonly planningMs: number | null;
  readonly planSignature: string | null;
  /** The plan PostgreSQL ran (EXPLAIN JSON of the first run), absent when none finished. */
  readonly plan?: unknown;
  readonly error?: string;
}

/**
 * How a run is timed. explain-analyze: the server's own execution time from EXPLAIN (ANALYZE,
 * TIMING OFF), which excludes planning but counts rows at every node (that instrumentation can
 * add tens of percent on row-heavy plans); wall: the client's wall time of the plain statement
 * (planning and the local round trip included, no instrumentation), with the plan taken by a
 * separate, untimed EXPLAIN.
 */
export const MEASUREMENT_INSTRUMENTS = ['wall', 'explain-analyze'] as const;
export type MeasurementInstrument = (typeof MEASUREMENT_INSTRUMENTS)[number];

export interface MeasureOptions {
  readonly repetitions: number;
  /** Runs before the measured ones, discarded: the first run pays for cold buffers. */
  readonly warmups: number;
  readonly timeoutMs: number;
  /** Default explain-analyze. */
  readonly instrument?: MeasurementInstrument;
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
  const wall = options.instrument === 'wall';
  if (wall) {
    try {
      const planned = await interactor.execute(sql, { push, pull: ['plan'], timeoutMs: options.timeoutMs });
      if (planned.status === 'ok' && planned.plan !== undefined) {
        signature = planSignature(planned.plan.root);
        plan = planned.plan.root;
        if (planned.planningTimeMs !== undefined) planning.push(planned.planningTimeMs);
      }
    } catch (error) {
      return failed(error, runs, null);
    }
  }
  for (let i = 0; i < options.warmups + options.repetitions; i++) {
    let result;
    try {
      result = await interactor.execute(sql, { push, pull: wall ? ['statementTime'] : ['executionTime', 'plan'], timeoutMs: options.timeoutMs });
    } catch (error) {
      return failed(error, runs, signature);
    }
    if (result.status === 'timeout') {
      return { status: 'timeout', executionMs: options.timeoutMs, runsMs: runs, planningMs: planning.length > 0 ? median(planning) : null, planSignature: signature };
    }
    signature ??= result.plan ? planSignature(result.plan.root) : null;
    plan ??= result.plan?.root;
    if (i < options.warmups) continue;
    runs.push((wall ? result.statementMs : result.executionTimeMs) ?? Number.NaN);
    if (!wall && result.planningTimeMs !== undefined) planning.push(result.planningTimeMs);
  }
  return { status: 'ok', executionMs: median(runs), runsMs: runs, planningMs: planning.length > 0 ? median(planning) : null, planSignature: signature, plan };
}

/** A run the database refused: the first line of its error, and what was measured before it. */
function failed(error: unknown, runs: readonly number[], signature: string | null): QueryRun {
  return { status: 'error', executionMs: Number.NaN, runsMs: runs, planningMs: null, planSignature: signature, error: (error as Error).message.split('\n')[0] ?? '' };
}
