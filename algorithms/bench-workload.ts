import type { AlgorithmSession } from '../src/experiment/experiment-session.js';
import type { WorkloadName } from '../src/dataset/registry/dataset-manifest.js';
import { loadWorkloadQueries } from '../src/experiment/workload-queries.js';
import type { WorkloadQuery } from './algorithm.js';

/**
 * For the algorithms' tuning benches: queries [offset, offset + limit) of one of the session
 * dataset's workloads (`train` or `train.sql`), loaded as pilot's runs load them (same ids, same
 * SQL), so that what a bench collects or times in the results store is found by a later run, and
 * the other way round.
 */
export function benchWorkload(session: Pick<AlgorithmSession, 'entry' | 'runtime'>, workload: string, offset = 0, limit?: number): WorkloadQuery[] {
  const name = workload.replace(/\.sql$/, '') as WorkloadName;
  const queries = loadWorkloadQueries(session.entry, name, session.runtime.parser, limit === undefined ? undefined : offset + limit).queries;
  // Ids are `<workload>#<line>`, 1-based.
  return queries.filter((q) => Number(q.id.slice(q.id.lastIndexOf('#') + 1)) > offset);
}
