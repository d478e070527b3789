import type { RunDocument, TrialRecord } from '../results/index.js';
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
 * The trial the report highlights, by the scheduler's rule: the one the run's summary names
 * (`best` or `bestTrial`: a trial key, or an object with its `key`); else the finished trial with
 * the lowest objective (lower is better), baselines only when nothing else has one; else, with no
 * objectives at all, the lowest ratio against its reference. Ties go to the earlier trial.
 */
export function bestTrialKey(
  summaries: readonly Pick<TrialSummary, 'trial' | 'objective' | 'ratio' | 'isReference'>[],
  runSummary: Readonly<Record<string, unknown>> | null = null,
): string | null {
  const named = namedBest(runSummary);
  if (named !== null && summaries.some((s) => s.trial.key === named)) return named;
  const lowest = (candidates: typeof summaries, score: (s: (typeof summaries)[number]) => number | null): string | null => {
    let best: { key: string; score: number } | null = null;
    for (const s of candidates) {
      const value = score(s);
      if (value !== null && (best === null || value < best.score)) best = { key: s.trial.key, score: value };
    }
    return best?.key ?? null;
  };
  const finished = summaries.filter((s) => s.trial.status === 'finished' && s.objective !== null);
  const learned = finished.filter((s) => s.trial.algorithm !== 'baseline');
  return lowest(learned.length > 0 ? learned : finished, (s) => s.objective) ?? lowest(summaries.filter((s) => !s.isReference), (s) => s.ratio);
}

function namedBest(runSummary: Readonly<Record<string, unknown>> | null): string | null {
  const named = runSummary?.best ?? runSummary?.bestTrial;
  if (typeof named === 'string') return named;
  if (typeof named === 'object' && named !== null) {
    const key = (named as Record<string, unknown>).key ?? (named as Record<string, unknown>).trialKey;
    if (typeof key === 'string') return key;
  }
  return null;
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
