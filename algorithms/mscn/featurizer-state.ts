import type { SampleSet } from './table-sample.js';

/** Operators of the predicate set (BETWEEN is split into `>=` and `<=`; ILIKE shares LIKE's slot). */
export const PREDICATE_OPS = ['=', '<>', '<', '<=', '>', '>=', 'in', 'not_in', 'like', 'not_like', 'is_null', 'is_not_null', 'not_between', 'or'] as const;
export type PredicateOp = (typeof PREDICATE_OPS)[number];

/** 2: bitmaps scaled and the sub-plan summary added (the network's input widths changed). */
export const FEATURIZER_STATE_VERSION = 2;

/** What featurizer.json holds: vocabularies, value ranges and the samples. Plain JSON. */
export interface FeaturizerState {
  readonly version: typeof FEATURIZER_STATE_VERSION;
  /** One-hot vocabulary of the table set: the training database's tables. */
  readonly tables: readonly string[];
  /** Row counts (reltuples) of the training database's tables, which the samples were drawn from. */
  readonly tableRows: Readonly<Record<string, number>>;
  /** Tables the training queries used: what a database the model is applied to must have. */
  readonly usedTables: readonly string[];
  /** Join edges of the training queries by table names (`comments.postid=posts.id`). */
  readonly joins: readonly string[];
  /** Predicate columns of the training queries (`posts.score`). */
  readonly columns: readonly string[];
  /** Min / max of the numeric and date predicate columns (dates as epoch seconds). */
  readonly ranges: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
  readonly samples: SampleSet;
}

/** Widths of one element of each set. */
export interface FeatureDims {
  readonly table: number;
  readonly join: number;
  readonly predicate: number;
}

export function featureDims(state: Pick<FeaturizerState, 'tables' | 'joins' | 'columns' | 'samples'>): FeatureDims {
  return {
    // One-hot, bitmap, then the bitmap's selectivity and the log rows it implies.
    table: state.tables.length + state.samples.sampleSize + 2,
    // Slot 0 marks "no join" (a single-table sub-plan), so no set is ever empty.
    join: 1 + state.joins.length,
    // Slot 0 marks "no predicate"; then columns, operators, the normalised value and the sample selectivity.
    predicate: 1 + state.columns.length + PREDICATE_OPS.length + 2,
  };
}
