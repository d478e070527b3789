import { referenceFor, type TrialRecord } from '../results/index.js';

/** Each trial's reference by key (see referenceFor: the same rule as the scheduler's totals). */
export function referenceTrials(trials: readonly TrialRecord[]): Map<string, TrialRecord> {
  return new Map(trials.map((trial) => [trial.key, referenceFor(trial, trials)]));
}
