import { compareBytes, renderPredicate, type ComparisonOp, type Literal, type Predicate } from '../../src/sql/index.js';
import { isString, type ColumnKind } from './column-kind.js';
import type { FeaturizationWarnings } from './featurization-warnings.js';
import { likeRegExp } from './like-pattern.js';
import { literalValue, type LiteralContext, type SampleValue } from './literal-value.js';
import type { SampledColumn, TableSample } from './table-sample.js';

/** SQL three-valued logic: null is "unknown", which a WHERE clause drops. */
type Tri = boolean | null;
type RowTest = (row: number) => Tri;
type Compiled = { readonly ok: true; readonly test: RowTest } | { readonly ok: false; readonly reason: string };

export interface EvaluationContext extends LiteralContext {
  readonly collation: string;
}

/**
 * The sample bitmap of one relation: bit i is 1 when sample row i satisfies every predicate
 * (bits past the sample's rows stay 0). A predicate that cannot be evaluated exactly on the
 * sample (unknown column, unreadable constant) keeps every row and is counted as a warning.
 */
export function sampleBitmap(sample: TableSample, predicates: readonly Predicate[], sampleSize: number, context: EvaluationContext, warnings: FeaturizationWarnings): Uint8Array {
  const bitmap = new Uint8Array(sampleSize);
  const rows = Math.min(sample.rows, sampleSize);
  const tests = predicates.map((p) => compileOrWarn(sample, p, context, warnings));
  for (let row = 0; row < rows; row++) bitmap[row] = tests.every((test) => test(row) === true) ? 1 : 0;
  return bitmap;
}

/** The fraction of the sample's rows that satisfy one predicate (0 for an empty sample). */
export function sampleSelectivity(sample: TableSample, predicate: Predicate, context: EvaluationContext, warnings: FeaturizationWarnings): number {
  if (sample.rows === 0) return 0;
  const test = compileOrWarn(sample, predicate, context, warnings);
  let hits = 0;
  for (let row = 0; row < sample.rows; row++) if (test(row) === true) hits++;
  return hits / sample.rows;
}

function compileOrWarn(sample: TableSample, predicate: Predicate, context: EvaluationContext, warnings: FeaturizationWarnings): RowTest {
  const compiled = compilePredicate(sample, predicate, context, warnings);
  if (compiled.ok) return compiled.test;
  warnings.add('unsupported_predicate', `${sample.table}: ${renderPredicate(sample.table, predicate)} (${compiled.reason})`);
  return () => true;
}

function compilePredicate(sample: TableSample, predicate: Predicate, context: EvaluationContext, warnings: FeaturizationWarnings): Compiled {
  if (predicate.kind === 'or') {
    const arms: RowTest[][] = [];
    for (const arm of predicate.arms) {
      const tests: RowTest[] = [];
      for (const p of arm) {
        const compiled = compilePredicate(sample, p, context, warnings);
        if (!compiled.ok) return compiled;
        tests.push(compiled.test);
      }
      arms.push(tests);
    }
    return { ok: true, test: (row) => or(arms.map((arm) => and(arm.map((t) => t(row))))) };
  }
  const column = sample.columns[predicate.column];
  if (column === undefined) return { ok: false, reason: `column "${predicate.column}" is not in the sample` };
  const values = column.values;
  const negate = (test: RowTest, negated: boolean): RowTest => (negated ? (row) => not(test(row)) : test);

  switch (predicate.kind) {
    case 'null_test':
      return { ok: true, test: (row) => (values[row] === null) !== predicate.negated };
    case 'comparison': {
      const value = read(predicate.value, column, context);
      if (!value.ok) return value;
      const compare = comparer(column.kind, predicate.op, context, warnings, sample.table, predicate.column);
      if (!compare.ok) return compare;
      return { ok: true, test: (row) => compareValues(values[row] ?? null, predicate.op, value.value, compare.order) };
    }
    case 'between': {
      const low = read(predicate.low, column, context);
      if (!low.ok) return low;
      const high = read(predicate.high, column, context);
      if (!high.ok) return high;
      const compare = comparer(column.kind, '<=', context, warnings, sample.table, predicate.column);
      if (!compare.ok) return compare;
      const { order } = compare;
      const within = (x: SampleValue, lo: SampleValue, hi: SampleValue): Tri => and([compareValues(x, '>=', lo, order), compareValues(x, '<=', hi, order)]);
      const test: RowTest = predicate.symmetric
        ? (row) => or([within(values[row] ?? null, low.value, high.value), within(values[row] ?? null, high.value, low.value)])
        : (row) => within(values[row] ?? null, low.value, high.value);
      return { ok: true, test: negate(test, predicate.negated) };
    }
    case 'in': {
      const list: SampleValue[] = [];
      for (const literal of predicate.values) {
        const value = read(literal, column, context);
        if (!value.ok) return value;
        list.push(value.value);
      }
      const compare = comparer(column.kind, '=', context, warnings, sample.table, predicate.column);
      if (!compare.ok) return compare;
      const test: RowTest = (row) => or(list.map((v) => compareValues(values[row] ?? null, '=', v, compare.order)));
      return { ok: true, test: negate(test, predicate.negated) };
    }
    case 'like': {
      if (!isString(column.kind)) return { ok: false, reason: `LIKE on a ${column.kind} column` };
      const pattern = textOf(predicate.pattern);
      const escape = predicate.escape === undefined ? undefined : textOf(predicate.escape);
      if (pattern === undefined || (predicate.escape !== undefined && escape === undefined)) return { ok: false, reason: 'LIKE pattern is not a string constant' };
      if (pattern === null || escape === null) return { ok: true, test: () => null };
      const regexp = likeRegExp(pattern, { ...(escape === undefined ? {} : { escape }), caseInsensitive: predicate.caseInsensitive });
      if (regexp === undefined) return { ok: false, reason: `LIKE pattern '${pattern}' is invalid (it ends with the escape character, or the escape is longer than one character)` };
      const test: RowTest = (row) => {
        const v = values[row];
        return typeof v === 'string' ? regexp.test(v) : null;
      };
      return { ok: true, test: negate(test, predicate.negated) };
    }
  }
}

function read(literal: Literal, column: SampledColumn, context: EvaluationContext): { ok: true; value: SampleValue } | { ok: false; reason: string } {
  return literalValue(literal, column.kind, context);
}

/** A string constant (or a cast of one), null for NULL, undefined for anything else. */
function textOf(literal: Literal): string | null | undefined {
  if (literal.kind === 'typed') return textOf(literal.value);
  if (literal.kind === 'null') return null;
  return literal.kind === 'string' ? literal.value : undefined;
}

type Order = (a: SampleValue, b: SampleValue) => number;

/** How two non-null values of a column kind order; exact except for strings under a non-C collation. */
function comparer(kind: ColumnKind, op: ComparisonOp, context: EvaluationContext, warnings: FeaturizationWarnings, table: string, column: string): { ok: true; order: Order } | { ok: false; reason: string } {
  if (kind === 'other') return { ok: false, reason: 'column type that pilot cannot compare' };
  if (!isString(kind)) return { ok: true, order: (a, b) => (a === b ? 0 : (a as number | boolean) < (b as number | boolean) ? -1 : 1) };
  if (op === '=' || op === '<>' || isByteOrderCollation(context.collation)) return { ok: true, order: compareBytesOrder };
  warnings.add('string_order_approximated', `${table}.${column} ${op} under collation ${context.collation}`);
  const collator = new Intl.Collator(collatorLocale(context.collation));
  return { ok: true, order: (a, b) => collator.compare(a as string, b as string) };
}

const compareBytesOrder: Order = (a, b) => compareBytes(a as string, b as string);

export function isByteOrderCollation(collation: string): boolean {
  return collation === 'C' || collation === 'POSIX' || collation === 'C.UTF-8' || collation === 'C.utf8' || collation === 'ucs_basic';
}

/** `en_US.UTF-8` -> `en-US`; Intl falls back to its root locale for anything it does not know. */
function collatorLocale(collation: string): string | undefined {
  const base = collation.split('.')[0]?.replace('_', '-');
  if (base === undefined || base === '') return undefined;
  try {
    return Intl.Collator.supportedLocalesOf([base])[0];
  } catch {
    return undefined;
  }
}

function compareValues(x: SampleValue, op: ComparisonOp, y: SampleValue, order: Order): Tri {
  if (x === null || y === null) return null;
  const c = order(x, y);
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

function and(values: readonly Tri[]): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === null) unknown = true;
  }
  return unknown ? null : true;
}

function or(values: readonly Tri[]): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

function not(v: Tri): Tri {
  return v === null ? null : !v;
}
