import type { WorkloadQuery } from '../../algorithms/algorithm.js';
import type { DatasetEntry } from '../dataset/registry/dataset-registry.js';
import type { WorkloadName } from '../dataset/registry/dataset-manifest.js';
import { readWorkload } from '../dataset/registry/workload-files.js';
import { PilotError } from '../errors/index.js';
import { buildQueryGraph, type PgParser, type RefusalCode } from '../sql/index.js';

export interface LoadedWorkload {
  readonly name: WorkloadName;
  readonly file: string;
  readonly queries: readonly WorkloadQuery[];
  /** Queries the query graph cannot represent, by reason: algorithms never see them. */
  readonly refused: Readonly<Partial<Record<RefusalCode, number>>>;
  readonly refusedCount: number;
}

/**
 * A dataset's workload as algorithms take it: each query with its graph and a stable id
 * (`test#17` is the 17th query of the test workload).
 */
export function loadWorkloadQueries(entry: DatasetEntry, name: WorkloadName, parser: PgParser, limit?: number): LoadedWorkload {
  const workload = readWorkload(entry, name);
  if (workload === undefined) {
    throw new PilotError('WORKLOAD_MISSING', `dataset "${entry.name}" has no ${name} workload`, { context: { dataset: entry.name, workload: name } });
  }
  const queries: WorkloadQuery[] = [];
  const refused: Partial<Record<RefusalCode, number>> = {};
  let refusedCount = 0;
  for (const [index, sql] of workload.queries.entries()) {
    if (limit !== undefined && queries.length >= limit) break;
    const built = buildQueryGraph(sql, parser);
    if (!built.ok) {
      refusedCount++;
      const reason = built.refusals[0]?.code;
      if (reason !== undefined) refused[reason] = (refused[reason] ?? 0) + 1;
      continue;
    }
    queries.push({ id: `${name}#${index + 1}`, sql: sql.replace(/;\s*$/, ''), graph: built.graph });
  }
  return { name, file: workload.file, queries, refused, refusedCount };
}

/** What to do about queries refused for $n placeholders, the one refusal a user can fix without new SQL support. */
export const PARAMETER_REFUSAL_HINT =
  "queries with $n placeholders (pg_stat_statements keeps its texts that way) cannot run until they are given values: extract the workload from the server's logs instead (log_min_duration_statement = 0 logs the literals), or write values into the workload file";

/**
 * "left out 3 of 10 test queries that pilot cannot represent: parameter 2, subquery 1", or
 * undefined when none was left out. Said before a run so that a shorter workload is never a surprise.
 */
export function describeLeftOut(workload: LoadedWorkload): string | undefined {
  if (workload.refusedCount === 0) return undefined;
  const reasons = Object.entries(workload.refused)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([reason, n]) => `${reason} ${String(n)}`);
  return `left out ${workload.refusedCount} of ${workload.refusedCount + workload.queries.length} ${workload.name} queries that pilot cannot represent: ${reasons.join(', ')}`;
}
