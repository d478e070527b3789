import type { AlgorithmInstance, WorkloadQuery } from '../../algorithms/algorithm.js';
import type { Interactor } from '../db/interactor.js';
import type { CollectionResult } from '../collect/index.js';
import { qError, summarizeQErrors, type QErrorStats } from '../util/q-error.js';

export interface SubplanQErrorReport {
  /** Estimators by label ("postgres" for the planner itself). */
  readonly overall: Readonly<Record<string, QErrorStats>>;
  /** By number of relations in the sub-plan, then by estimator. */
  readonly bySize: Readonly<Record<number, Readonly<Record<string, QErrorStats>>>>;
  /** Sub-plans with a true cardinality (timed-out counts are left out). */
  readonly subplans: number;
}

/**
 * The q-error of each estimator on every sub-plan of the queries whose true cardinality was
 * collected, next to PostgreSQL's own estimate for the same sub-plan (pg_pilot's pull, nothing
 * pushed).
 */
export async function subplanQError(
  queries: readonly WorkloadQuery[],
  truth: CollectionResult,
  estimators: readonly { label: string; instance: AlgorithmInstance }[],
  interactor: Pick<Interactor, 'execute'>,
): Promise<SubplanQErrorReport> {
  const errors = new Map<string, Map<number, number[]>>();
  const add = (label: string, size: number, value: number) => {
    const bySize = errors.get(label) ?? new Map<number, number[]>();
    errors.set(label, bySize);
    const list = bySize.get(size) ?? [];
    bySize.set(size, list);
    list.push(value);
  };
  let subplans = 0;
  for (const query of queries) {
    const truths = truth.perQuery.get(query.id) ?? [];
    if (truths.length === 0) continue;
    // 'cost' makes it an EXPLAIN: the planner's estimates without running the query.
    const planned = await interactor.execute(query.sql, { pull: ['cost', 'subplanEstimates'] });
    const postgres = new Map((planned.status === 'ok' ? (planned.subplanEstimates ?? []) : []).filter((e) => e.level === 1).map((e) => [e.key, e.plannerRows]));
    const estimates = await Promise.all(estimators.map(async (e) => ({ label: e.label, rows: await e.instance.estimateSubplans!(query) })));
    for (const { key, size, rows } of truths) {
      if (rows === null) continue;
      subplans++;
      const pg = postgres.get(key);
      if (pg !== undefined) add('postgres', size, qError(pg, rows));
      for (const estimate of estimates) {
        const value = estimate.rows.get(key);
        if (value !== undefined) add(estimate.label, size, qError(value, rows));
      }
    }
  }
  const overall: Record<string, QErrorStats> = {};
  const bySize: Record<number, Record<string, QErrorStats>> = {};
  for (const [label, sizes] of errors) {
    overall[label] = summarizeQErrors([...sizes.values()].flat());
    for (const [size, values] of sizes) (bySize[size] ??= {})[label] = summarizeQErrors(values);
  }
  return { overall, bySize, subplans };
}
