import type { ColumnKind } from './column-kind.js';
import type { SampleValue } from './literal-value.js';

/** One sampled column: values in sample-row order (`other` columns hold only null / true for "not null"). */
export interface SampledColumn {
  readonly type: string;
  readonly kind: ColumnKind;
  readonly values: readonly SampleValue[];
}

/** The seeded sample rows of one table, column-wise. `rows` may be below the sample size for a small table. */
export interface TableSample {
  readonly table: string;
  readonly rows: number;
  readonly columns: Readonly<Record<string, SampledColumn>>;
}

/** Everything the bitmaps are computed from; plain JSON (saved in featurizer.json). */
export interface SampleSet {
  readonly sampleSize: number;
  readonly seed: number;
  /** The database's default collation (datcollate): string order is exact only for C / POSIX. */
  readonly collation: string;
  readonly timeZoneIsUtc: boolean;
  /** The database the rows were read from. */
  readonly source: string;
  readonly tables: Readonly<Record<string, TableSample>>;
}
