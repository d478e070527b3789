/**
 * Lero's training data: for each training query, its candidate plans and how long each ran.
 */
import { datasetKey } from '../../src/results/index.js';
import type { AlgorithmRuntime, WorkloadQuery } from '../algorithm.js';
import { generateCandidates, type Candidate } from './generate-candidates.js';
import { timeCandidates, type CandidateTime } from './time-candidates.js';

export interface CollectedQuery {
  readonly query: WorkloadQuery;
  readonly candidates: readonly Candidate[];
  readonly times: readonly CandidateTime[];
}

export interface CollectionSummary {
  readonly queries: number;
  readonly candidatesMean: number;
  readonly candidatesMax: number;
  readonly executionsRun: number;
  readonly executionsCached: number;
  readonly timeouts: number;
  /** Executions whose plan was not the candidate's (pg_pilot could not reproduce it). */
  readonly planMismatches: number;
  readonly seconds: number;
}

export interface CollectOptions {
  readonly factors: readonly number[];
  readonly candidateTimeoutFactor: number;
  readonly minCandidateTimeoutMs: number;
}

/**
 * Generates and times the candidates of every query, one query after the other: timings taken
 * while other queries of the collection run beside them would rank plans by contention.
 */
export async function collectTrainingPlans(
  runtime: Pick<AlgorithmRuntime, 'interactor' | 'store' | 'dataset' | 'schema' | 'timeoutMs' | 'progress' | 'log'>,
  queries: readonly WorkloadQuery[],
  options: CollectOptions,
): Promise<{ collected: CollectedQuery[]; summary: CollectionSummary }> {
  const started = performance.now();
  const key = datasetKey(runtime.dataset, runtime.schema);
  const bar = runtime.progress.bar('lero: execute candidate plans', queries.length);
  const collected: CollectedQuery[] = [];
  let run = 0;
  let cached = 0;
  let timeouts = 0;
  let mismatches = 0;
  try {
    for (const query of queries) {
      const { candidates } = await generateCandidates(runtime.interactor, query.sql, { factors: options.factors });
      const times = await timeCandidates(runtime.interactor, runtime.store, {
        datasetKey: key,
        queryId: query.id,
        sql: query.sql,
        candidates,
        timeoutMs: runtime.timeoutMs,
        candidateTimeoutFactor: options.candidateTimeoutFactor,
        minCandidateTimeoutMs: options.minCandidateTimeoutMs,
      });
      for (const t of times) {
        if (t.cached) cached += 1;
        else run += 1;
        if (t.executionMs === null) timeouts += 1;
        if (t.planMismatch) mismatches += 1;
      }
      collected.push({ query, candidates, times });
      bar.update(collected.length, { run, cached, timeouts });
    }
  } finally {
    bar.stop();
  }
  const counts = collected.map((c) => c.candidates.length);
  const summary: CollectionSummary = {
    queries: collected.length,
    candidatesMean: counts.length > 0 ? counts.reduce((a, b) => a + b, 0) / counts.length : 0,
    candidatesMax: Math.max(0, ...counts),
    executionsRun: run,
    executionsCached: cached,
    timeouts,
    planMismatches: mismatches,
    seconds: (performance.now() - started) / 1000,
  };
  if (mismatches > 0) runtime.log(`lero: ${mismatches} candidate executions ran another plan than the EXPLAIN with the same cards`);
  return { collected, summary };
}
