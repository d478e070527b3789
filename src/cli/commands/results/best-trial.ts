import type { RunRecord, TrialRecord } from '../../../results/index.js';

export interface BestTrial {
  readonly key: string | null;
  readonly label: string;
  readonly objective: number | null;
}

/**
 * The run's best trial: the one its summary names (`best` or `bestTrial`: a trial key, or an
 * object with key/label/objective), else, while no summary says (a run in progress), the
 * finished trial with the lowest objective, baselines only when nothing else finished (the
 * scheduler's rule). null when neither exists.
 */
export function bestTrial(run: RunRecord, trials: readonly TrialRecord[]): BestTrial | null {
  const named = run.summary?.best ?? run.summary?.bestTrial;
  const fromSummary = summaryBest(named, trials);
  if (fromSummary !== null) return fromSummary;
  const finished = trials.filter((t) => t.status === 'finished' && t.objective !== null && Number.isFinite(t.objective));
  const candidates = finished.some((t) => t.algorithm !== 'baseline') ? finished.filter((t) => t.algorithm !== 'baseline') : finished;
  let best: TrialRecord | undefined;
  for (const trial of candidates) if (best === undefined || (trial.objective as number) < (best.objective as number)) best = trial;
  return best === undefined ? null : { key: best.key, label: best.label, objective: best.objective };
}

function summaryBest(named: unknown, trials: readonly TrialRecord[]): BestTrial | null {
  if (typeof named === 'string') {
    const trial = trials.find((t) => t.key === named);
    return trial === undefined ? null : { key: trial.key, label: trial.label, objective: trial.objective };
  }
  if (typeof named !== 'object' || named === null) return null;
  const fields = named as Record<string, unknown>;
  const key = typeof fields.key === 'string' ? fields.key : typeof fields.trialKey === 'string' ? fields.trialKey : null;
  const trial = key === null ? undefined : trials.find((t) => t.key === key);
  const label = typeof fields.label === 'string' ? fields.label : trial?.label;
  if (label === undefined) return null;
  const objective = typeof fields.objective === 'number' ? fields.objective : (trial?.objective ?? null);
  return { key: key ?? trial?.key ?? null, label, objective };
}
