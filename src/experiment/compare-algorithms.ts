import type { AlgorithmInstance, WorkloadQuery } from '../../algorithms/algorithm.js';
import type { Interactor } from '../db/interactor.js';
import type { ProgressReporter } from '../util/progress.js';
import { median } from '../util/median.js';
import { measureQuery, type MeasureOptions, type QueryRun } from './measure-query.js';

export interface ComparedAlgorithm {
  /** Shown in reports; usually the algorithm's name, or name@model when several models are compared. */
  readonly label: string;
  readonly instance: AlgorithmInstance;
}

/** How one query ran under each label (algorithm or trial). */
export interface QueryRuns {
  readonly query: { readonly id: string };
  /** By label, in the order the algorithms were given. */
  readonly runs: Readonly<Record<string, Omit<QueryRun, 'plan'> & { readonly inferenceMs: number }>>;
}

export interface QueryComparison extends QueryRuns {
  readonly query: WorkloadQuery;
  readonly runs: Readonly<Record<string, QueryRun & { readonly inferenceMs: number }>>;
}

export interface AlgorithmTotals {
  readonly label: string;
  /** Sum of the per-query medians; timed-out queries count at the timeout (a lower bound). */
  readonly totalMs: number;
  /** totalMs / the reference's totalMs over the queries both finished or timed out on. */
  readonly ratio: number;
  readonly timeouts: number;
  readonly errors: number;
  /** Queries more than 2x slower than under the reference. */
  readonly regressions: number;
  readonly worst: { readonly queryId: string; readonly ratio: number } | null;
  readonly medianInferenceMs: number;
  readonly medianPlanningMs: number;
}

export interface ComparisonResult {
  readonly reference: string;
  readonly queries: readonly QueryComparison[];
  readonly totals: readonly AlgorithmTotals[];
}

export interface CompareOptions extends MeasureOptions {
  readonly interactor: Pick<Interactor, 'execute'>;
  readonly progress: ProgressReporter;
  /** The label ratios are taken against (default: the first algorithm). */
  readonly reference?: string;
}

/**
 * Runs every query under every algorithm's decision, query by query (all algorithms on one query
 * before the next, so they see the same cache state and drift hits them alike), and totals the
 * medians. The algorithms only decide what to push; execution is the same for all.
 */
export async function compareAlgorithms(algorithms: readonly ComparedAlgorithm[], queries: readonly WorkloadQuery[], options: CompareOptions): Promise<ComparisonResult> {
  const reference = options.reference ?? algorithms[0]?.label ?? '';
  const bar = options.progress.bar('running the workload', queries.length);
  const compared: QueryComparison[] = [];
  for (const [index, query] of queries.entries()) {
    const runs: Record<string, QueryRun & { inferenceMs: number }> = {};
    for (const { label, instance } of algorithms) {
      const decision = await instance.plan(query);
      runs[label] = { ...(await measureQuery(options.interactor, query.sql, decision.push, options)), inferenceMs: decision.inferenceMs };
    }
    compared.push({ query, runs });
    bar.update(index + 1, runningTotals(compared, algorithms, reference));
  }
  bar.stop();
  return { reference, queries: compared, totals: algorithms.map(({ label }) => totalsFor(label, reference, compared)) };
}

function runningTotals(compared: readonly QueryComparison[], algorithms: readonly ComparedAlgorithm[], reference: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const { label } of algorithms) {
    if (label === reference) continue;
    fields[label] = `x${totalsFor(label, reference, compared).ratio.toFixed(3)}`;
  }
  return fields;
}

export function totalsFor(label: string, reference: string, compared: readonly QueryRuns[]): AlgorithmTotals {
  let total = 0;
  let referenceTotal = 0;
  let timeouts = 0;
  let errors = 0;
  let regressions = 0;
  let worst: AlgorithmTotals['worst'] = null;
  const inference: number[] = [];
  const planning: number[] = [];
  for (const { query, runs } of compared) {
    const run = runs[label];
    const ref = runs[reference];
    if (run === undefined || ref === undefined) continue;
    inference.push(run.inferenceMs);
    if (run.planningMs !== null) planning.push(run.planningMs);
    if (run.status === 'error' || ref.status === 'error') {
      if (run.status === 'error') errors++;
      continue;
    }
    if (run.status === 'timeout') timeouts++;
    total += run.executionMs;
    referenceTotal += ref.executionMs;
    const ratio = run.executionMs / Math.max(ref.executionMs, 1e-3);
    if (ratio > 2) regressions++;
    if (worst === null || ratio > worst.ratio) worst = { queryId: query.id, ratio };
  }
  return {
    label,
    totalMs: total,
    ratio: referenceTotal > 0 ? total / referenceTotal : Number.NaN,
    timeouts,
    errors,
    regressions,
    worst,
    medianInferenceMs: median(inference),
    medianPlanningMs: median(planning),
  };
}
