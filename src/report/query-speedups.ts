import type { QueryMeasurement, RunDocument, TrialRecord } from '../results/index.js';
import { referenceTrials } from './reference-trials.js';

/** Times below this are taken as this, so a 0 ms median neither divides by zero nor sits at -inf on a log axis. */
export const MIN_MS = 1e-3;

/** One query measured under a trial and under the trial's reference. */
export interface QuerySpeedup {
  readonly queryId: string;
  readonly seq: number;
  readonly sql: string;
  readonly referenceMs: number;
  readonly executionMs: number;
  /** referenceMs / executionMs: above 1 the trial was faster. */
  readonly speedup: number;
  /** One side timed out, so its time is a lower bound and so is the speedup's error. */
  readonly timedOut: boolean;
}

export interface TrialSpeedups {
  readonly trial: TrialRecord;
  readonly reference: TrialRecord;
  /** In workload order. */
  readonly queries: readonly QuerySpeedup[];
}

/**
 * Per-query speedups of every trial that is not its own reference. A query counts when both sides
 * have a time (finished, or timed out at the timeout); errors on either side leave it out.
 */
export function querySpeedups(doc: RunDocument): TrialSpeedups[] {
  const references = referenceTrials(doc.trials);
  const byTrial = measurementsByTrial(doc.measurements);
  const result: TrialSpeedups[] = [];
  for (const trial of doc.trials) {
    const reference = references.get(trial.key);
    if (reference === undefined || reference.key === trial.key) continue;
    result.push({ trial, reference, queries: pairQueries(byTrial.get(trial.key) ?? [], byTrial.get(reference.key) ?? []) });
  }
  return result;
}

export function pairQueries(measured: readonly QueryMeasurement[], reference: readonly QueryMeasurement[]): QuerySpeedup[] {
  const referenceById = new Map(reference.map((m) => [m.queryId, m]));
  const pairs: QuerySpeedup[] = [];
  for (const m of [...measured].sort((a, b) => a.seq - b.seq)) {
    const ref = referenceById.get(m.queryId);
    if (ref === undefined || !hasTime(m) || !hasTime(ref)) continue;
    const referenceMs = Math.max(ref.executionMs, MIN_MS);
    const executionMs = Math.max(m.executionMs, MIN_MS);
    pairs.push({
      queryId: m.queryId,
      seq: m.seq,
      sql: m.sql,
      referenceMs,
      executionMs,
      speedup: referenceMs / executionMs,
      timedOut: m.status === 'timeout' || ref.status === 'timeout',
    });
  }
  return pairs;
}

export function measurementsByTrial(measurements: readonly QueryMeasurement[]): Map<string, QueryMeasurement[]> {
  const byTrial = new Map<string, QueryMeasurement[]>();
  for (const m of measurements) {
    const list = byTrial.get(m.trialKey) ?? [];
    byTrial.set(m.trialKey, list);
    list.push(m);
  }
  return byTrial;
}

function hasTime(m: QueryMeasurement): m is QueryMeasurement & { executionMs: number } {
  return m.status !== 'error' && typeof m.executionMs === 'number' && Number.isFinite(m.executionMs);
}
