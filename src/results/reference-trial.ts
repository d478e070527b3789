import type { TrialRecord } from './run-records.js';

/** Order-independent, so `{a, b}` and `{b, a}` are the same settings. */
export function settingsKey(settings: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The trial a trial's times are compared with (its ratios, regressions, speedups), one rule for
 * the scheduler's totals, `pilot results` and the report:
 * - an algorithm's trial: the baseline under the same database settings, so the ratio shows what
 *   the algorithm changes and not what the settings change;
 * - a baseline under swept settings: the baseline under the server's own settings, so the ratio
 *   shows what the settings change;
 * - failing those: the baseline under the server's settings, the first baseline, the first trial.
 * A reference is its own reference.
 */
export function referenceFor(trial: TrialRecord, trials: readonly TrialRecord[]): TrialRecord {
  const baselines = trials.filter((t) => t.algorithm === 'baseline');
  const plain = baselines.find((t) => Object.keys(t.dbSettings).length === 0);
  const sameSettings = baselines.find((t) => settingsKey(t.dbSettings) === settingsKey(trial.dbSettings));
  if (trial.algorithm === 'baseline') return plain ?? trial;
  return sameSettings ?? plain ?? baselines[0] ?? (trials[0] as TrialRecord);
}
