import type { RunDocument, TrialRecord } from '../results/index.js';
import { qError, quantile, summarizeQErrors, type QErrorStats } from '../util/q-error.js';
import { measurementsByTrial } from './query-speedups.js';

/** One estimator's q-errors over every sub-plan with a true count, in one trial. */
export interface QErrorDistribution {
  readonly trial: TrialRecord;
  /** The trial's label; the baseline's estimates are PostgreSQL's own, and the label says so. */
  readonly label: string;
  readonly stats: QErrorStats;
  /** [min, first quartile, median, third quartile, max], the boxplot's five numbers. */
  readonly box: readonly [number, number, number, number, number];
  /** Sub-plans left out because their true count timed out. */
  readonly missingTruth: number;
}

/** Trials without any sub-plan rows (plan-ranking algorithms, runs without q-error data) are left out. */
export function qErrorDistributions(doc: RunDocument): QErrorDistribution[] {
  const byTrial = measurementsByTrial(doc.measurements);
  const result: QErrorDistribution[] = [];
  for (const trial of doc.trials) {
    const values: number[] = [];
    let missingTruth = 0;
    let recorded = false;
    for (const m of byTrial.get(trial.key) ?? []) {
      if (m.subplanRows === null) continue;
      for (const rows of Object.values(m.subplanRows)) {
        recorded = true;
        if (rows.truth === null || !Number.isFinite(rows.truth) || !Number.isFinite(rows.estimated)) missingTruth++;
        else values.push(qError(rows.estimated, rows.truth));
      }
    }
    if (!recorded) continue;
    const sorted = values.sort((a, b) => a - b);
    result.push({
      trial,
      label: trial.algorithm === 'baseline' ? `${trial.label} (PostgreSQL's estimates)` : trial.label,
      stats: summarizeQErrors(sorted),
      box: [quantile(sorted, 0), quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), quantile(sorted, 1)],
      missingTruth,
    });
  }
  return result;
}

export { quantile };
