import type { Literal, Predicate } from '../../sql/query-graph.js';
import { NULL_INT } from './row-chunk.js';

/**
 * Filters of a query graph compiled for integer columns, evaluated exactly as PostgreSQL would:
 * a row passes only when the condition is TRUE (a comparison with NULL is unknown, so it fails;
 * `x NOT IN (1, NULL)` never holds). Every atomic predicate becomes the set of non-NULL integers
 * it accepts (sorted disjoint inclusive intervals) plus whether a NULL passes. Decimal and
 * out-of-range constants compare exactly too: `x < 2.5` is `x <= 2`.
 */
export type IntegerFilter =
  | { readonly kind: 'set'; readonly column: string; readonly intervals: readonly Interval[]; readonly nullPasses: boolean }
  | { readonly kind: 'and'; readonly parts: readonly IntegerFilter[] }
  | { readonly kind: 'or'; readonly parts: readonly IntegerFilter[] };

/** Inclusive [low, high], low <= high. */
export type Interval = readonly [number, number];

/** Beyond any int32 value, well inside safe integers: constants past it are clamped to it. */
const BOUND = 2 ** 41;
const FULL: readonly Interval[] = [[-BOUND, BOUND]];
/** Exponents past this are clamped instead of expanded (1e999999 must not build a huge BigInt). */
const MAX_SHIFT = 64;

/**
 * The conjunction of `predicates` on a table with `columns`, or undefined when one of them is
 * not exactly evaluable on integer columns (LIKE, strings, typed constants, unknown columns).
 */
export function compileIntegerFilter(predicates: readonly Predicate[], columns: ReadonlySet<string>): IntegerFilter | undefined {
  const parts: IntegerFilter[] = [];
  for (const p of predicates) {
    const part = compilePredicate(p, columns);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return { kind: 'and', parts };
}

/** 1 for the rows of `columns` where `filter` is TRUE, 0 elsewhere. */
export function filterMask(filter: IntegerFilter, rows: number, columns: Readonly<Record<string, Int32Array>>): Uint8Array {
  const out = new Uint8Array(rows);
  if (filter.kind === 'set') {
    out.fill(1);
    applySet(out, filter, columns, true);
  } else {
    combineInto(out, filter, rows, columns);
  }
  return out;
}

/** Sets out to the AND (or OR) of the parts, each set part applied in place. */
function combineInto(out: Uint8Array, filter: IntegerFilter & { kind: 'and' | 'or' }, rows: number, columns: Readonly<Record<string, Int32Array>>): void {
  const and = filter.kind === 'and';
  out.fill(and ? 1 : 0);
  for (const part of filter.parts) {
    if (part.kind === 'set') {
      applySet(out, part, columns, and);
      continue;
    }
    const m = filterMask(part, rows, columns);
    if (and) for (let r = 0; r < rows; r++) out[r]! &= m[r]!;
    else for (let r = 0; r < rows; r++) out[r]! |= m[r]!;
  }
}
/** Whether the filter accepts every row (an empty conjunction). */
export function isTrivialFilter(filter: IntegerFilter): boolean {
  return filter.kind === 'and' && filter.parts.length === 0;
}

function compilePredicate(p: Predicate, columns: ReadonlySet<string>): IntegerFilter | undefined {
  if (p.kind === 'or') {
    const arms: IntegerFilter[] = [];
    for (const arm of p.arms) {
      const compiled = compileIntegerFilter(arm, columns);
      if (compiled === undefined) return undefined;
      arms.push(compiled);
    }
    return { kind: 'or', parts: arms };
  }
  if (!columns.has(p.column)) return undefined;
  const set = (intervals: readonly Interval[], nullPasses = false): IntegerFilter => ({ kind: 'set', column: p.column, intervals, nullPasses });
  switch (p.kind) {
    case 'null_test':
      return p.negated ? set(FULL) : set([], true);
    case 'comparison': {
      const v = constant(p.value);
      if (v === undefined) return undefined;
      return set(v === null ? [] : compare(p.op, v));
    }
    case 'between': {
      const low = constant(p.low);
      const high = constant(p.high);
      if (low === undefined || high === undefined) return undefined;
      // PostgreSQL rewrites these into comparisons with AND/OR; a comparison with NULL is never
      // TRUE, so under OR it adds nothing and under AND it empties the set.
      const ge = (b: Exact | null): readonly Interval[] => (b === null ? [] : compare('>=', b));
      const le = (b: Exact | null): readonly Interval[] => (b === null ? [] : compare('<=', b));
      const lt = (b: Exact | null): readonly Interval[] => (b === null ? [] : compare('<', b));
      const gt = (b: Exact | null): readonly Interval[] => (b === null ? [] : compare('>', b));
      if (!p.symmetric) return set(p.negated ? union(lt(low), gt(high)) : intersect(ge(low), le(high)));
      // x BETWEEN SYMMETRIC a AND b: (a <= x AND x <= b) OR (b <= x AND x <= a);
      // NOT: (x < a OR x > b) AND (x < b OR x > a).
      return set(
        p.negated
          ? intersect(union(lt(low), gt(high)), union(lt(high), gt(low)))
          : union(intersect(ge(low), le(high)), intersect(ge(high), le(low))),
      );
    }
    case 'in': {
      let equal: readonly Interval[] = [];
      let hasNull = false;
      for (const literal of p.values) {
        const v = constant(literal);
        if (v === undefined) return undefined;
        if (v === null) hasNull = true;
        else equal = union(equal, compare('=', v));
      }
      // x NOT IN (..., NULL) is FALSE or NULL for every x.
      if (p.negated) return set(hasNull ? [] : complement(equal));
      return set(equal);
    }
    case 'like':
      return undefined;
  }
}

/** A numeric constant as floor(value) (clamped to +-BOUND) and whether it is an integer. */
interface Exact {
  readonly floor: number;
  readonly integral: boolean;
}

/** null for SQL NULL; undefined for what is not a plain numeric constant. */
function constant(literal: Literal): Exact | null | undefined {
  if (literal.kind === 'null') return null;
  if (literal.kind !== 'number') return undefined;
  return exactNumber(literal.text);
}

/** Parses a numeric literal's source text without rounding: `2.5`, `-7`, `1e3`, `99999999999999999999`. */
export function exactNumber(text: string): Exact | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) return undefined;
  const negative = m[1] === '-';
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole.length + fraction.length === 0) return undefined;
  const digits = BigInt(whole + fraction);
  const exponent = Number(m[4] ?? '0');
  const shift = exponent - fraction.length;
  if (digits === 0n) return { floor: 0, integral: true };
  if (shift > MAX_SHIFT) return { floor: negative ? -BOUND : BOUND, integral: true };
  if (shift < -MAX_SHIFT) return { floor: negative ? -1 : 0, integral: false };
  let floor: bigint;
  let integral: boolean;
  if (shift >= 0) {
    floor = digits * 10n ** BigInt(shift);
    integral = true;
  } else {
    const divisor = 10n ** BigInt(-shift);
    floor = digits / divisor;
    integral = digits % divisor === 0n;
  }
  if (negative) floor = integral ? -floor : -floor - 1n;
  const big = BigInt(BOUND);
  if (floor > big) return { floor: BOUND, integral: true };
  if (floor < -big) return { floor: -BOUND, integral: true };
  return { floor: Number(floor), integral };
}

/** The non-NULL integers x for which `x op v` is TRUE. */
function compare(op: string, v: Exact): readonly Interval[] {
  const f = v.floor;
  switch (op) {
    case '=':
      return v.integral ? [[f, f]] : [];
    case '<>':
      return v.integral ? complement([[f, f]]) : FULL;
    case '<':
      return clip(-BOUND, v.integral ? f - 1 : f);
    case '<=':
      return clip(-BOUND, f);
    case '>':
      return clip(f + 1, BOUND);
    case '>=':
      return clip(v.integral ? f : f + 1, BOUND);
    default:
      throw new RangeError(`unknown comparison ${op}`);
  }
}

function clip(low: number, high: number): readonly Interval[] {
  const lo = Math.max(low, -BOUND);
  const hi = Math.min(high, BOUND);
  return lo <= hi ? [[lo, hi]] : [];
}

/** Sorted, merged (overlapping or adjacent intervals joined). */
function normalize(intervals: readonly Interval[]): readonly Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out.at(-1);
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function union(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  return normalize([...a, ...b]);
}

function intersect(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  const out: Interval[] = [];
  for (const [alo, ahi] of a) {
    for (const [blo, bhi] of b) {
      const lo = Math.max(alo, blo);
      const hi = Math.min(ahi, bhi);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return normalize(out);
}

function complement(a: readonly Interval[]): readonly Interval[] {
  const out: Interval[] = [];
  let next = -BOUND;
  for (const [lo, hi] of normalize(a)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= BOUND) out.push([next, BOUND]);
  return out;
}

/**
 * and: clears the rows of out that fail the set; or: sets the rows that pass it. Rows already
 * decided (0 under and, 1 under or) are skipped.
 */
function applySet(out: Uint8Array, filter: IntegerFilter & { kind: 'set' }, columns: Readonly<Record<string, Int32Array>>, and: boolean): void {
  const values = columns[filter.column] as Int32Array;
  const { intervals } = filter;
  const rows = out.length;
  const nullBit = filter.nullPasses ? 1 : 0;
  const decided = and ? 0 : 1;
  if (intervals.length <= 1) {
    // One range (or none): the common case, kept to two comparisons per row.
    const lo = intervals[0]?.[0] ?? 1;
    const hi = intervals[0]?.[1] ?? 0;
    for (let r = 0; r < rows; r++) {
      if (out[r] === decided) continue;
      const x = values[r]!;
      out[r] = x === NULL_INT ? nullBit : x >= lo && x <= hi ? 1 : 0;
    }
    return;
  }
  const lows = Float64Array.from(intervals, (i) => i[0]);
  const highs = Float64Array.from(intervals, (i) => i[1]);
  for (let r = 0; r < rows; r++) {
    if (out[r] === decided) continue;
    const x = values[r]!;
    if (x === NULL_INT) {
      out[r] = nullBit;
      continue;
    }
    if (x < lows[0]!) {
      out[r] = 0;
      continue;
    }
    // The last interval starting at or before x holds x, if any does.
    let a = 0;
    let b = lows.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (lows[mid]! <= x) a = mid;
      else b = mid - 1;
    }
    out[r] = x <= highs[a]! ? 1 : 0;
  }
}
