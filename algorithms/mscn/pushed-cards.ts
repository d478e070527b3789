import type { MscnSubplanEstimate } from './mscn-model.js';

/** Which of MSCN's estimates are pushed (the rest keep PostgreSQL's own; pg_pilot leaves unpushed keys alone). */
export interface PushPolicy {
  /** Sub-plans of fewer relations keep the planner's estimate. */
  readonly minTables: number;
  /** Sub-plans holding a relation whose predicates keep fewer sample rows keep the planner's estimate. */
  readonly minSampleRows: number;
}

/**
 * The cards MSCN pushes for one query. PostgreSQL's estimates of single tables come from
 * per-column statistics (MCVs, histograms) and are nearly exact on the built-in dataset, where
 * MSCN's are not, so pushing MSCN there moves the planner off good plans. A relation whose
 * predicates keep no sample row (a rare value: `reputation = 26207`) leaves MSCN guessing from
 * the predicate values alone, and its guesses for every join holding that relation can be off
 * by orders of magnitude, where PostgreSQL's MCVs and histograms still know the value is rare;
 * a handful of sample rows is hardly better evidence.
 */
export function pushedCards(estimates: readonly MscnSubplanEstimate[], policy: PushPolicy): Record<string, number> {
  const cards: Record<string, number> = {};
  for (const e of estimates) {
    if (e.relations < policy.minTables) continue;
    if (e.minSampleRows < policy.minSampleRows) continue;
    cards[e.key] = e.rows;
  }
  return cards;
}
