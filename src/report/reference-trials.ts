import type { TrialRecord } from '../results/index.js';

/**
 * The trial each trial's times are compared with: the baseline trial with the same database
 * settings (a sweep over settings has one baseline per combination), else the first baseline,
 * else the first trial in grid order, as the scheduler's totals take it. A reference trial is its
 * own reference.
 */
export function referenceTrials(trials: readonly TrialRecord[]): Map<string, TrialRecord> {
  const baselines = new Map<string, TrialRecord>();
  for (const trial of trials) {
    const settings = settingsKey(trial.dbSettings);
    if (trial.algorithm === 'baseline' && !baselines.has(settings)) baselines.set(settings, trial);
  }
  const first = trials.find((t) => t.algorithm === 'baseline') ?? trials[0];
  const references = new Map<string, TrialRecord>();
  for (const trial of trials) {
    const reference = baselines.get(settingsKey(trial.dbSettings)) ?? first;
    if (reference !== undefined) references.set(trial.key, reference);
  }
  return references;
}

/** Order-independent, so `{a, b}` and `{b, a}` are the same settings. */
function settingsKey(settings: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
