import type { PlanNode } from '../db/explain/plan-node.js';
import type { ExecuteOptions, ExecuteResult } from '../db/interactor.js';

/** The part of the Interactor this needs: plans, with actual rows when executed. */
export interface PlanSource {
  execute(sql: string, options: ExecuteOptions): Promise<ExecuteResult>;
}

export interface QErrorSample {
  /** Index of the query in the workload. */
  readonly index: number;
  /** Base relations scanned. */
  readonly tables: number;
  readonly estimate: number;
  readonly truth: number;
  /** max(estimate / truth, truth / estimate), both taken as at least 1. */
  readonly qError: number;
}

export interface QErrorGroup {
  /** Number of tables, or 'all'. */
  readonly tables: number | 'all';
  readonly queries: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface QErrorReport {
  readonly samples: readonly QErrorSample[];
  /** By number of tables, ascending, then 'all'. */
  readonly groups: readonly QErrorGroup[];
  readonly timeouts: number;
  readonly skipped: readonly { readonly index: number; readonly reason: string }[];
}

export interface QErrorOptions {
  /** Per query; a query that runs longer is counted as a timeout. */
  readonly timeoutMs: number;
  /** Known true cardinalities by query index (dataset labels): those queries are planned, not run. */
  readonly trueCounts?: ReadonlyMap<number, number | string>;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Nodes above the joins that do not change which rows the joins produce. */
const PASS_THROUGH = new Set(['Aggregate', 'Sort', 'Incremental Sort', 'Group', 'Unique', 'WindowAgg', 'Result', 'Materialize', 'Gather', 'Gather Merge']);

/**
 * PostgreSQL's own estimation error on a workload: for each query, the planner's row estimate
 * of its join result (the node under the aggregate, for `SELECT COUNT(*)` queries) against the
 * true row count, from the labels when the dataset has them, else from EXPLAIN ANALYZE.
 * Parallel plans are turned off so that estimates are whole-relation figures.
 */
export async function postgresQErrors(db: PlanSource, queries: readonly string[], options: QErrorOptions): Promise<QErrorReport> {
  const samples: QErrorSample[] = [];
  const skipped: { index: number; reason: string }[] = [];
  let timeouts = 0;
  for (const [index, sql] of queries.entries()) {
    options.onProgress?.(index, queries.length);
    const label = options.trueCounts?.get(index);
    const known = typeof label === 'number' ? label : undefined;
    let result: ExecuteResult;
    try {
      result = await db.execute(sql, {
        pull: known === undefined ? ['plan', 'executionTime'] : ['plan'],
        push: { settings: { max_parallel_workers_per_gather: 0 } },
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      skipped.push({ index, reason: (error as Error).message.split('\n')[0] ?? 'failed' });
      continue;
    }
    if (result.status === 'timeout') {
      timeouts++;
      continue;
    }
    const node = resultNode(result.plan!.root);
    if (node.nodeType === 'Limit') {
      skipped.push({ index, reason: 'LIMIT cuts the result: its true size is unknown' });
      continue;
    }
    const truth = known ?? (node.actualRows ?? 0) * (node.actualLoops ?? 1);
    samples.push({ index, tables: countRelations(node), estimate: node.planRows, truth, qError: qError(node.planRows, truth) });
  }
  options.onProgress?.(queries.length, queries.length);
  return { samples, groups: summarize(samples), timeouts, skipped };
}

export function qError(estimate: number, truth: number): number {
  const e = Math.max(1, estimate);
  const t = Math.max(1, truth);
  return Math.max(e / t, t / e);
}

/** Percentile with linear interpolation between closest ranks (p in 0..100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function summarize(samples: readonly QErrorSample[]): QErrorGroup[] {
  const byTables = new Map<number, number[]>();
  for (const s of samples) byTables.set(s.tables, [...(byTables.get(s.tables) ?? []), s.qError]);
  const group = (tables: number | 'all', values: number[]): QErrorGroup => {
    const sorted = [...values].sort((a, b) => a - b);
    return { tables, queries: sorted.length, median: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! };
  };
  const groups = [...byTables.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => group(t, v));
  return samples.length === 0 ? groups : [...groups, group('all', samples.map((s) => s.qError))];
}

function resultNode(root: PlanNode): PlanNode {
  let node = root;
  while (PASS_THROUGH.has(node.nodeType)) {
    const main = node.children.filter((c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan');
    if (main.length !== 1) break;
    node = main[0]!;
  }
  return node;
}

function countRelations(node: PlanNode): number {
  return (node.relationName !== undefined ? 1 : 0) + node.children.reduce((n, c) => n + countRelations(c), 0);
}
