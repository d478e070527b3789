import type { PlanNode } from '../../db/explain/plan-node.js';
import { relationAliases } from '../../db/explain/plan-walk.js';
import type { Interactor } from '../../db/interactor.js';
import { qError, summarizeQErrors as summarizeValues, type QErrorStats } from '../../util/q-error.js';

export { qError, type QErrorStats };

/** Nodes that pass on (or aggregate) the rows of their single input: the count is taken below them. */
const PASS_THROUGH_NODES: readonly string[] = ['Aggregate', 'Sort', 'Incremental Sort', 'Gather', 'Gather Merge', 'Materialize', 'Limit', 'Result', 'Unique', 'Group'];

export interface QueryQError {
  /** Position in the input list. */
  readonly index: number;
  readonly tables: number;
  readonly estimatedRows: number;
  readonly actualRows: number;
  /** max(est/true, true/est), both clamped to at least 1. */
  readonly qError: number;
  /** PostgreSQL's estimate was below the truth. */
  readonly under: boolean;
  readonly executionMs: number;
}

export interface QErrorSummary {
  readonly overall: QErrorStats;
  /** By number of joined tables. */
  readonly byTables: Readonly<Record<number, QErrorStats>>;
  /** Queries joining three tables or more: where independence assumptions compound. */
  readonly threeOrMoreTables: QErrorStats;
  readonly queries: readonly QueryQError[];
  /** Indexes of the queries that ran past timeoutMs (not in the statistics). */
  readonly timedOut: readonly number[];
}

export interface QErrorOptions {
  readonly timeoutMs?: number;
  readonly onQuery?: (done: number, total: number) => void;
}

/**
 * How far PostgreSQL's own row estimates are from the truth on a workload: for each query,
 * EXPLAIN ANALYZE (timing off, parallelism off so the node's estimate is the whole join's, not
 * one worker's share) and compare estimated and actual rows of the node that produces the rows
 * being aggregated: the top join, below COUNT(*), GROUP BY or MIN/MAX.
 */
export async function postgresEstimateQError(
  interactor: Pick<Interactor, 'execute'>,
  queries: readonly string[],
  options: QErrorOptions = {},
): Promise<QErrorSummary> {
  const results: QueryQError[] = [];
  const timedOut: number[] = [];
  for (const [index, sql] of queries.entries()) {
    const result = await interactor.execute(sql.replace(/;\s*$/, ''), {
      pull: ['plan', 'executionTime'],
      push: { settings: { max_parallel_workers_per_gather: 0 } },
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    options.onQuery?.(index + 1, queries.length);
    if (result.status === 'timeout') {
      timedOut.push(index);
      continue;
    }
    const node = countedNode(result.plan!.root);
    const actualRows = (node.actualRows ?? 0) * (node.actualLoops ?? 1);
    results.push({
      index,
      tables: relationAliases(node).length,
      estimatedRows: node.planRows,
      actualRows,
      qError: qError(node.planRows, actualRows),
      under: node.planRows < actualRows,
      executionMs: result.executionTimeMs ?? 0,
    });
  }
  return summarizeQErrors(results, timedOut);
}

export function summarizeQErrors(queries: readonly QueryQError[], timedOut: readonly number[] = []): QErrorSummary {
  const byTables: Record<number, QErrorStats> = {};
  for (const n of [...new Set(queries.map((q) => q.tables))].sort((a, b) => a - b)) {
    byTables[n] = stats(queries.filter((q) => q.tables === n).map((q) => q.qError));
  }
  return {
    overall: stats(queries.map((q) => q.qError)),
    byTables,
    threeOrMoreTables: stats(queries.filter((q) => q.tables >= 3).map((q) => q.qError)),
    queries,
    timedOut,
  };
}

/** The first node below the aggregates, sorts and gathers at the top of the plan. */
export function countedNode(root: PlanNode): PlanNode {
  let node = root;
  for (;;) {
    const inputs = node.children.filter((c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan');
    if (!PASS_THROUGH_NODES.includes(node.nodeType) || inputs.length !== 1) return node;
    node = inputs[0] as PlanNode;
  }
}

/** Median, p90, p99 (linear interpolation between ranks) and max; NaN when empty. */
export const stats: (values: readonly number[]) => QErrorStats = summarizeValues;

/** A fixed-width table of the summary, for the benchmark and the CLI. */
export function formatQErrorSummary(summary: QErrorSummary): string {
  const fmt = (x: number): string => (Number.isNaN(x) ? '-' : x < 100 ? x.toFixed(2) : x.toExponential(1));
  const row = (label: string, s: QErrorStats): string =>
    `${label.padEnd(10)}${String(s.count).padStart(6)}${fmt(s.median).padStart(10)}${fmt(s.p90).padStart(10)}${fmt(s.p99).padStart(10)}${fmt(s.max).padStart(10)}`;
  const lines = [`${'tables'.padEnd(10)}${'n'.padStart(6)}${'median'.padStart(10)}${'p90'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`];
  for (const [n, s] of Object.entries(summary.byTables)) lines.push(row(n, s));
  lines.push(row('3+', summary.threeOrMoreTables));
  lines.push(row('all', summary.overall));
  if (summary.timedOut.length > 0) lines.push(`timed out: ${summary.timedOut.length} (left out)`);
  return lines.join('\n');
}
