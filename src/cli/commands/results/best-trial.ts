import { bestTrialOf, type RunRecord, type TrialRecord } from '../../../results/index.js';

export interface BestTrial {
  readonly key: string | null;
  readonly label: string;
  readonly objective: number | null;
}

/** The run's best trial as `pilot results` shows it (see bestTrialOf); null when there is none yet. */
export function bestTrial(run: RunRecord, trials: readonly TrialRecord[]): BestTrial | null {
  const best = bestTrialOf(run, trials);
  return best === null ? null : { key: best.key, label: best.label, objective: best.objective };
}
