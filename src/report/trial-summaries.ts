import { bestTrialOf, type RunDocument, type TrialRecord } from '../results/index.js';
import { measurementsByTrial, pairQueries } from './query-speedups.js';
import { referenceTrials } from './reference-trials.js';

/** A query this many times slower than under the reference counts as a regression. */
export const REGRESSION_FACTOR = 2;

/** One trial's figures, computed from its measurements (not from what `trial.totals` says). */
export interface TrialSummary {
  readonly trial: TrialRecord;
  readonly reference: TrialRecord;
  readonly isReference: boolean;
  /** Measurements stored for the trial. */
  readonly measured: number;
  /** Sum of executionMs over finished and timed-out queries (timeouts count at the timeout). */
  readonly totalMs: number;
  readonly timeouts: number;
  readonly errors: number;
  /** Trial time / reference time over the queries both have a time for (lower is better); null with none. */
  readonly ratio: number | null;
  /** Queries more than REGRESSION_FACTOR times slower than under the reference. */
  readonly regressions: number;
  readonly objective: number | null;
  /** The trial the report highlights (see `bestTrialKey`). */
  readonly best: boolean;
}

export function summarizeTrials(doc: RunDocument): TrialSummary[] {
  const references = referenceTrials(doc.trials);
  const byTrial = measurementsByTrial(doc.measurements);
  const partial = doc.trials.map((trial) => {
    const reference = references.get(trial.key) ?? trial;
    const own = byTrial.get(trial.key) ?? [];
    const isReference = reference.key === trial.key;
    let totalMs = 0;
    let timeouts = 0;
    let errors = 0;
    for (const m of own) {
      if (m.status === 'error') errors++;
      else if (typeof m.executionMs === 'number' && Number.isFinite(m.executionMs)) totalMs += m.executionMs;
      if (m.status === 'timeout') timeouts++;
    }
    const pairs = isReference ? [] : pairQueries(own, byTrial.get(reference.key) ?? []);
    const pairedMs = pairs.reduce((sum, p) => sum + p.executionMs, 0);
    const referenceMs = pairs.reduce((sum, p) => sum + p.referenceMs, 0);
    const ratio = isReference ? (own.length > 0 ? 1 : null) : pairs.length > 0 && referenceMs > 0 ? pairedMs / referenceMs : null;
    return {
      trial,
      reference,
      isReference,
      measured: own.length,
      totalMs,
      timeouts,
      errors,
      ratio,
      regressions: pairs.filter((p) => p.speedup < 1 / REGRESSION_FACTOR).length,
      objective: finiteOrNull(trial.objective),
    };
  });
  const best = bestTrialKey(partial, doc.run.summary);
  return partial.map((s) => ({ ...s, best: s.trial.key === best }));
}

/**
 * The trial the report highlights, by the rule of the scheduler and `pilot results` (bestTrialOf:
 * the one the run's summary names, else the lowest objective, baselines included); with no
 * objectives at all, the lowest ratio against its reference. Ties go to the earlier trial.
 */
export function bestTrialKey(
  summaries: readonly Pick<TrialSummary, 'trial' | 'objective' | 'ratio' | 'isReference'>[],
  runSummary: Readonly<Record<string, unknown>> | null = null,
): string | null {
  const best = bestTrialOf({ summary: runSummary }, summaries.map((s) => s.trial));
  if (best !== null) return best.key;
  let lowest: { key: string; ratio: number } | null = null;
  for (const s of summaries) {
    if (!s.isReference && s.ratio !== null && (lowest === null || s.ratio < lowest.ratio)) lowest = { key: s.trial.key, ratio: s.ratio };
  }
  return lowest?.key ?? null;
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
