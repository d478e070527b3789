import type { RunRecord, TrialRecord } from './run-records.js';

/**
 * The finished trial with the lowest objective (lower is better), ties to the earlier trial.
 * Baselines compete too: when PostgreSQL's own optimizer beats every learned trial, that is the
 * answer the experiment gives.
 */
export function lowestObjectiveTrial(trials: readonly TrialRecord[]): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const trial of trials) {
    if (trial.status !== 'finished' || trial.objective === null || !Number.isFinite(trial.objective)) continue;
    if (best === null || trial.objective < (best.objective as number) || (trial.objective === best.objective && trial.index < best.index)) best = trial;
  }
  return best;
}

/** The key of the trial a run's summary names as best (`summary.best.key`), null when none. */
export function summaryBestKey(run: Pick<RunRecord, 'summary'>): string | null {
  const best = run.summary?.['best'];
  const key = typeof best === 'object' && best !== null ? (best as Record<string, unknown>)['key'] : undefined;
  return typeof key === 'string' ? key : null;
}

/** A run's best trial, one rule for the scheduler, `pilot results` and the report: the one its summary names, else the lowest objective so far. */
export function bestTrialOf(run: Pick<RunRecord, 'summary'>, trials: readonly TrialRecord[]): TrialRecord | null {
  const named = summaryBestKey(run);
  return trials.find((t) => t.key === named) ?? lowestObjectiveTrial(trials);
}
