/**
 * Executes a query's candidate plans (each with its cards pushed) under timeouts, with every
 * execution cached in the results store so that collecting again executes nothing.
 */
import { createHash } from 'node:crypto';
import type { ExecuteOptions, ExecuteResult } from '../../src/db/interactor.js';
import { planSignature } from '../../src/db/explain/index.js';
import { compareBytes } from '../../src/sql/index.js';
import { shouldRecollect, type StoredPlanExecution } from '../../src/results/index.js';
import type { ResultsStore } from '../../src/results/index.js';
import type { Candidate } from './generate-candidates.js';
import type { MeasuredTime } from './ranking-pairs.js';

export type ExecutingInteractor = { execute(sql: string, options?: ExecuteOptions): Promise<ExecuteResult> };
export type PlanExecutionCache = Pick<ResultsStore, 'getPlanExecutions' | 'putPlanExecutions'>;

export interface CandidateTime extends MeasuredTime {
  /** Read from the store rather than executed now. */
  readonly cached: boolean;
  /** The executed plan's signature differed from the candidate's (pg_pilot did not reproduce it). */
  readonly planMismatch: boolean;
}

export interface TimeCandidatesOptions {
  readonly datasetKey: string;
  readonly queryId: string;
  readonly sql: string;
  readonly candidates: readonly Candidate[];
  /** The default plan's timeout, and the cap of every candidate's. */
  readonly timeoutMs: number;
  readonly candidateTimeoutFactor: number;
  readonly minCandidateTimeoutMs: number;
}

/**
 * SHA-1 of the dataset key, the SQL and the cards sorted by key: one stored execution per
 * (dataset, query, pushed cards).
 */
export function planExecutionKey(datasetKey: string, sql: string, cards: Readonly<Record<string, number>>): string {
  const sorted = Object.entries(cards).sort(([a], [b]) => compareBytes(a, b));
  return createHash('sha1').update(JSON.stringify([datasetKey, sql, sorted])).digest('hex');
}

/**
 * Times the candidates in order; the first must be the default plan. It runs under
 * `timeoutMs`; the others under min(timeoutMs, max(factor × default time, minimum)), since a
 * candidate cut off there is known to be slower than the default and still ranks. A candidate
 * is executed only when the store has no time for it at (at least) that timeout.
 */
export async function timeCandidates(interactor: ExecutingInteractor, store: PlanExecutionCache, options: TimeCandidatesOptions): Promise<CandidateTime[]> {
  const { candidates, datasetKey } = options;
  if (candidates[0]?.isDefault !== true) throw new Error('timeCandidates: the first candidate must be the default plan');
  const keys = candidates.map((c) => planExecutionKey(datasetKey, options.sql, c.cards));
  const stored = store.getPlanExecutions(datasetKey, keys);

  const times: CandidateTime[] = [];
  const run = async (index: number, timeoutMs: number): Promise<CandidateTime> => {
    const candidate = candidates[index]!;
    const key = keys[index]!;
    const previous = stored.get(key);
    if (!shouldRecollect(previous, timeoutMs) && previous !== undefined) {
      return { executionMs: previous.executionMs, timeoutMs: previous.timeoutMs, cached: true, planMismatch: previous.planSignature !== candidate.signature };
    }
    const result = await interactor.execute(options.sql, { push: { cards: candidate.cards }, pull: ['executionTime', 'plan'], timeoutMs });
    const executionMs = result.status === 'ok' ? result.executionTimeMs ?? result.elapsedMs : null;
    // A timed-out run has no plan to read; it ran the candidate's cards, so record the candidate's signature.
    const signature = result.status === 'ok' && result.plan !== undefined ? planSignature(result.plan.root) : candidate.signature;
    const row: StoredPlanExecution = { key, queryId: options.queryId, executionMs, timeoutMs, planSignature: signature, collectedAt: new Date().toISOString() };
    store.putPlanExecutions(datasetKey, [row]);
    return { executionMs, timeoutMs, cached: false, planMismatch: signature !== candidate.signature };
  };

  const first = await run(0, options.timeoutMs);
  times.push(first);
  const candidateTimeout =
    first.executionMs === null
      ? options.timeoutMs
      : Math.min(options.timeoutMs, Math.max(options.candidateTimeoutFactor * first.executionMs, options.minCandidateTimeoutMs));
  for (let i = 1; i < candidates.length; i += 1) times.push(await run(i, Math.ceil(candidateTimeout)));
  return times;
}
