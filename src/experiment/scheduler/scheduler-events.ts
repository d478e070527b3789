import type { TrainingReport } from '../../../algorithms/algorithm.js';
import type { QueryMeasurement, RunRecord, TrialRecord } from '../../results/index.js';

/** The events the scheduler fires, in the order of a run. */
export interface SchedulerEvents {
  /** Trials are known, nothing is trained or timed yet. */
  readonly beforeWorkload: { readonly run: RunRecord; readonly trials: readonly TrialRecord[]; readonly queries: number; readonly resumed: boolean };
  /** A trial's model: collected and trained on `trainDataset` (`trained`), or an existing one reused. */
  readonly pretraining: {
    readonly trial: TrialRecord;
    readonly trainDataset: string;
    readonly outcome: 'trained' | 'reused' | 'none-needed';
    readonly modelDir: string | null;
    readonly report?: TrainingReport;
  };
  readonly queryFinished: { readonly trial: TrialRecord; readonly measurement: QueryMeasurement; readonly done: number; readonly total: number };
  /** A periodic, incremental model update on the queries run since the previous one. */
  readonly modelUpdate: { readonly trial: TrialRecord; readonly queries: number; readonly report: TrainingReport };
  readonly trialFinished: { readonly trial: TrialRecord };
  readonly afterWorkload: { readonly run: RunRecord; readonly trials: readonly TrialRecord[] };
}
