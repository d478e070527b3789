/**
 * How the sample-bitmap evaluator reads a column: the PostgreSQL type (as `format_type` spells
 * it) mapped to the JS value the sample holds and the comparisons that are exact on it.
 */
export const COLUMN_KINDS = ['number', 'timestamp', 'timestamptz', 'text', 'bpchar', 'boolean', 'other'] as const;
/**
 * - `number`: integer, floating and numeric types, held as float8.
 * - `timestamp`: date and timestamp without time zone, held as epoch seconds read as UTC.
 * - `timestamptz`: timestamp with time zone, held as true epoch seconds.
 * - `text` / `bpchar`: strings (`bpchar` ignores trailing spaces, as PostgreSQL does).
 * - `boolean`.
 * - `other`: anything else; only IS [NOT] NULL can be evaluated on it.
 */
export type ColumnKind = (typeof COLUMN_KINDS)[number];

const NUMBER_TYPES = /^(smallint|integer|bigint|real|double precision|numeric|oid)(\(.*\))?$/;
const TEXT_TYPES = /^(text|character varying|name)(\(.*\))?$/;

export function columnKind(pgType: string): ColumnKind {
  const type = pgType.trim().toLowerCase();
  if (NUMBER_TYPES.test(type)) return 'number';
  if (type === 'date' || /^timestamp(\(\d+\))? without time zone$/.test(type)) return 'timestamp';
  if (/^timestamp(\(\d+\))? with time zone$/.test(type)) return 'timestamptz';
  if (TEXT_TYPES.test(type)) return 'text';
  if (/^character(\(\d+\))?$/.test(type)) return 'bpchar';
  if (type === 'boolean') return 'boolean';
  return 'other';
}

/** Kinds whose min/max can normalise a predicate value. */
export function isOrderedNumeric(kind: ColumnKind): boolean {
  return kind === 'number' || kind === 'timestamp' || kind === 'timestamptz';
}

/** Kinds held as strings (text columns are fetched only when training predicates use them: they can be wide). */
export function isString(kind: ColumnKind): boolean {
  return kind === 'text' || kind === 'bpchar';
}
