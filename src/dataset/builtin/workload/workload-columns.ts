import type { BuiltinTableName } from '../schema.js';

/**
 * How a non-key column is filtered: 'category' with `=`; 'number' with ranges and sometimes
 * `=`; 'date' with ranges only.
 */
export const PREDICATE_KINDS = ['category', 'number', 'date'] as const;
export type PredicateKind = (typeof PREDICATE_KINDS)[number];

export interface WorkloadColumn {
  readonly column: string;
  readonly kind: PredicateKind;
  /** Divisors for `SELECT x.col / k, COUNT(*) ... GROUP BY 1` (none: group by the column itself). */
  readonly groupBuckets: readonly number[];
}

const YEAR = 31_536_000;
const MONTH = 2_592_000;
const col = (column: string, kind: PredicateKind, groupBuckets: readonly number[] = []): WorkloadColumn => ({ column, kind, groupBuckets });

/** The columns queries filter and group on (STATS-CEB's choice: every non-key column). */
export const WORKLOAD_COLUMNS: Readonly<Record<BuiltinTableName, readonly WorkloadColumn[]>> = {
  users: [col('reputation', 'number', [100, 1000]), col('creationdate', 'date', [YEAR, MONTH]), col('views', 'number', [10, 100]), col('upvotes', 'number', [10, 100]), col('downvotes', 'number', [1, 10])],
  posts: [
    col('posttypeid', 'category'), col('creationdate', 'date', [YEAR, MONTH]), col('score', 'number', [1, 5]), col('viewcount', 'number', [100, 1000]),
    col('answercount', 'number', [1]), col('commentcount', 'number', [1, 5]), col('favoritecount', 'number', [1, 5]),
  ],
  comments: [col('score', 'number', [1]), col('creationdate', 'date', [YEAR, MONTH])],
  votes: [col('votetypeid', 'category'), col('creationdate', 'date', [YEAR, MONTH]), col('bountyamount', 'number', [50, 100])],
  badges: [col('date', 'date', [YEAR, MONTH])],
  postlinks: [col('creationdate', 'date', [YEAR]), col('linktypeid', 'category')],
  posthistory: [col('posthistorytypeid', 'category'), col('creationdate', 'date', [YEAR, MONTH])],
  tags: [col('count', 'number', [10, 100])],
};
