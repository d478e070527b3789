import type { QueryMeasurement, TrialRecord } from '../../results/index.js';
import { qError, summarizeQErrors, type QErrorStats } from '../../util/q-error.js';
import { totalsFor, type QueryRuns } from '../compare-algorithms.js';
import { median } from '../../util/median.js';
import type { Objective } from '../spec/experiment-spec.js';

/** Every sub-plan q-error of a trial's measurements (sub-plans whose true count timed out are left out). */
export function trialQErrors(measurements: readonly QueryMeasurement[]): number[] {
  const values: number[] = [];
  for (const m of measurements) {
    for (const { estimated, truth } of Object.values(m.subplanRows ?? {})) if (truth !== null) values.push(qError(estimated, truth));
  }
  return values;
}

/**
 * What a sweep minimises. time: the sum of per-query medians, a query that timed out or failed
 * counting at the timeout (so a plan that breaks a query never looks fast); qerror: the median
 * sub-plan q-error (null when the trial has none, e.g. a plan-ranking algorithm).
 */
export function trialObjective(objective: Objective, measurements: readonly QueryMeasurement[], timeoutMs: number): number | null {
  if (objective === 'qerror') {
    const values = trialQErrors(measurements);
    return values.length === 0 ? null : median(values);
  }
  return measurements.reduce((sum, m) => sum + (m.status === 'ok' && m.executionMs !== null ? m.executionMs : timeoutMs), 0);
}

export interface TrialTotals {
  readonly reference: string;
  readonly totalMs: number;
  readonly ratio: number;
  readonly regressions: number;
  readonly timeouts: number;
  readonly errors: number;
  readonly worst: { readonly queryId: string; readonly ratio: number } | null;
  readonly medianInferenceMs: number;
  readonly medianPlanningMs: number;
  readonly queries: number;
  readonly qerror: QErrorStats | null;
}

/** Totals of one trial against its reference, from the stored measurements (see totalsFor). */
export function trialTotals(trial: TrialRecord, reference: TrialRecord, measurements: readonly QueryMeasurement[]): TrialTotals {
  const byQuery = new Map<string, Record<string, QueryRuns['runs'][string]>>();
  for (const m of measurements) {
    if (m.trialKey !== trial.key && m.trialKey !== reference.key) continue;
    const runs = byQuery.get(m.queryId) ?? {};
    byQuery.set(m.queryId, runs);
    runs[m.trialKey] = {
      status: m.status,
      executionMs: m.executionMs ?? Number.NaN,
      runsMs: m.runsMs,
      planningMs: m.planningMs,
      planSignature: m.planSignature,
      inferenceMs: m.inferenceMs,
    };
  }
  const compared: QueryRuns[] = [...byQuery].map(([id, runs]) => ({ query: { id }, runs }));
  const totals = totalsFor(trial.key, reference.key, compared);
  const own = measurements.filter((m) => m.trialKey === trial.key);
  const qerrors = trialQErrors(own);
  return {
    reference: reference.label,
    totalMs: totals.totalMs,
    ratio: trial.key === reference.key ? 1 : totals.ratio,
    regressions: trial.key === reference.key ? 0 : totals.regressions,
    timeouts: totals.timeouts,
    errors: totals.errors,
    worst: trial.key === reference.key ? null : totals.worst,
    medianInferenceMs: totals.medianInferenceMs,
    medianPlanningMs: totals.medianPlanningMs,
    queries: own.length,
    qerror: qerrors.length === 0 ? null : summarizeQErrors(qerrors),
  };
}
