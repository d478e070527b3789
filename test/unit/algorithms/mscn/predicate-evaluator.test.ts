import assert from 'node:assert/strict';
import type { Literal, Predicate } from '../../../../src/sql/index.js';
import { FeaturizationWarnings } from '../../../../algorithms/mscn/featurization-warnings.js';
import { likeRegExp } from '../../../../algorithms/mscn/like-pattern.js';
import { literalValue, parseTimestamp } from '../../../../algorithms/mscn/literal-value.js';
import { sampleBitmap, sampleSelectivity, type EvaluationContext } from '../../../../algorithms/mscn/predicate-evaluator.js';
import type { TableSample } from '../../../../algorithms/mscn/table-sample.js';
import { columnKind } from '../../../../algorithms/mscn/column-kind.js';

const num = (value: number): Literal => ({ kind: 'number', value, text: String(value) });
const str = (value: string): Literal => ({ kind: 'string', value });
const ts = (value: string): Literal => ({ kind: 'typed', type: 'timestamp', value: str(value) });
const NULL: Literal = { kind: 'null' };

const epoch = (iso: string): number => Date.parse(`${iso}Z`) / 1000;

/** Six hand-made rows; row 5 is all NULLs. */
const SAMPLE: TableSample = {
  table: 'items',
  rows: 6,
  columns: {
    score: { type: 'integer', kind: 'number', values: [1, 5, 10, -3, 5, null] },
    name: { type: 'text', kind: 'text', values: ['apple', 'Banana', 'a_b', 'a%b', 'cherry pie', null] },
    code: { type: 'character(4)', kind: 'bpchar', values: ['ab', 'abc', 'x', 'ab', 'b', null] },
    created: { type: 'timestamp without time zone', kind: 'timestamp', values: [epoch('2014-01-01T00:00:00'), epoch('2014-06-01T12:00:00'), epoch('2015-01-01T00:00:00'), epoch('2013-12-31T23:59:59'), epoch('2014-01-01T00:00:01'), null] },
    seen: { type: 'timestamp with time zone', kind: 'timestamptz', values: [epoch('2014-01-01T00:00:00'), epoch('2014-01-01T02:00:00'), 0, 0, 0, null] },
    flag: { type: 'boolean', kind: 'boolean', values: [true, false, true, false, true, null] },
    blob: { type: 'jsonb', kind: 'other', values: [true, true, null, true, null, null] },
  },
};
const UTC: EvaluationContext = { collation: 'C', timeZoneIsUtc: true };
const SIZE = 8;

function bits(predicates: Predicate[], context: EvaluationContext = UTC, warnings = new FeaturizationWarnings()): string {
  return [...sampleBitmap(SAMPLE, predicates, SIZE, context, warnings)].join('');
}
const cmp = (column: string, op: '=' | '<>' | '<' | '<=' | '>' | '>=', value: Literal): Predicate => ({ kind: 'comparison', column, op, value });

describe('mscn sample bitmaps', () => {
  it('comparisons on numbers, with NULL rows never passing and bits past the sample zero', () => {
    assert.equal(bits([]), '11111100');
    assert.equal(bits([cmp('score', '=', num(5))]), '01001000');
    assert.equal(bits([cmp('score', '<>', num(5))]), '10110000');
    assert.equal(bits([cmp('score', '<', num(5))]), '10010000');
    assert.equal(bits([cmp('score', '<=', num(5))]), '11011000');
    assert.equal(bits([cmp('score', '>', num(1))]), '01101000');
    assert.equal(bits([cmp('score', '>=', num(1))]), '11101000');
    // An untyped string is read as the column's type, as PostgreSQL does.
    assert.equal(bits([cmp('score', '>=', str(' 5 '))]), '01101000');
    // Comparing with NULL is unknown: no row passes.
    assert.equal(bits([cmp('score', '=', NULL)]), '00000000');
  });

  it('conjunction of several predicates', () => {
    assert.equal(bits([cmp('score', '>=', num(1)), { kind: 'comparison', column: 'flag', op: '=', value: { kind: 'boolean', value: true } }]), '10101000');
  });

  it('BETWEEN, NOT BETWEEN and BETWEEN SYMMETRIC', () => {
    const between = (negated: boolean, symmetric: boolean, low: number, high: number): Predicate => ({ kind: 'between', column: 'score', negated, symmetric, low: num(low), high: num(high) });
    assert.equal(bits([between(false, false, 1, 5)]), '11001000');
    assert.equal(bits([between(false, false, 5, 1)]), '00000000');
    assert.equal(bits([between(false, true, 5, 1)]), '11001000');
    assert.equal(bits([between(true, false, 1, 5)]), '00110000');
  });

  it('IN and NOT IN, with NULL in the list making NOT IN unknown', () => {
    const inList = (negated: boolean, values: Literal[]): Predicate => ({ kind: 'in', column: 'score', negated, values });
    assert.equal(bits([inList(false, [num(1), num(10)])]), '10100000');
    assert.equal(bits([inList(true, [num(1), num(10)])]), '01011000');
    assert.equal(bits([inList(false, [num(1), NULL])]), '10000000');
    assert.equal(bits([inList(true, [num(1), NULL])]), '00000000');
  });

  it('LIKE / ILIKE with wildcards, the default escape, a custom escape and ESCAPE off', () => {
    const like = (pattern: string, options: { negated?: boolean; ci?: boolean; escape?: string } = {}): Predicate => ({
      kind: 'like',
      column: 'name',
      negated: options.negated ?? false,
      caseInsensitive: options.ci ?? false,
      pattern: str(pattern),
      ...(options.escape === undefined ? {} : { escape: str(options.escape) }),
    });
    assert.equal(bits([like('a%')]), '10110000');
    assert.equal(bits([like('b%')]), '00000000');
    assert.equal(bits([like('b%', { ci: true })]), '01000000');
    assert.equal(bits([like('a_b')]), '00110000');
    assert.equal(bits([like('a\\_b')]), '00100000');
    assert.equal(bits([like('a#%b', { escape: '#' })]), '00010000');
    // With ESCAPE '' the backslash is an ordinary character.
    assert.equal(bits([like('a\\%', { escape: '' })]), '00000000');
    assert.equal(bits([like('%pie')]), '00001000');
    assert.equal(bits([like('a%', { negated: true })]), '01001000');
  });

  it('IS NULL / IS NOT NULL on every kind, including types it cannot compare', () => {
    assert.equal(bits([{ kind: 'null_test', column: 'score', negated: false }]), '00000100');
    assert.equal(bits([{ kind: 'null_test', column: 'blob', negated: true }]), '11010000');
    assert.equal(bits([{ kind: 'null_test', column: 'blob', negated: false }]), '00101100');
  });

  it('OR arms (each a conjunction), with unknown arms not passing', () => {
    const p: Predicate = {
      kind: 'or',
      arms: [[cmp('score', '>', num(5))], [cmp('score', '<', num(0)), { kind: 'null_test', column: 'name', negated: false }], [{ kind: 'null_test', column: 'score', negated: false }]],
    };
    assert.equal(bits([p]), '00100100');
    const q: Predicate = { kind: 'or', arms: [[cmp('score', '=', num(1))], [cmp('name', '=', str('Banana'))]] };
    assert.equal(bits([q]), '11000000');
  });

  it('dates and timestamps from typed and untyped strings', () => {
    assert.equal(bits([cmp('created', '>=', ts('2014-01-01'))]), '11101000');
    assert.equal(bits([cmp('created', '>', str('2014-01-01 00:00:00'))]), '01101000');
    assert.equal(bits([cmp('created', '<', { kind: 'typed', type: 'date', value: str('2014-01-01') })]), '00010000');
    // A zone written in a timestamptz literal is honoured.
    assert.equal(bits([cmp('seen', '=', str('2014-01-01 03:00:00+01'))]), '01000000');
  });

  it('character(n) ignores trailing spaces', () => {
    assert.equal(bits([cmp('code', '=', str('ab  '))]), '10010000');
  });

  it('string ranges in byte order under C, approximated (and counted) under other collations', () => {
    assert.equal(bits([cmp('name', '<', str('b'))]), '11110000');
    const warnings = new FeaturizationWarnings();
    assert.equal(bits([cmp('name', '<', str('b'))], { collation: 'en_US.UTF-8', timeZoneIsUtc: true }, warnings), '10110000');
    assert.equal(warnings.count('string_order_approximated'), 1);
  });

  it('predicates it cannot evaluate keep every row and are counted, never silently wrong', () => {
    const warnings = new FeaturizationWarnings();
    // Unknown column, a date it cannot read, a zone-less timestamptz under a non-UTC server, comparison on jsonb.
    assert.equal(bits([cmp('nope', '=', num(1)), cmp('score', '=', num(5))], UTC, warnings), '01001000');
    assert.equal(bits([cmp('created', '>', str('Jan 1 2014'))], UTC, warnings), '11111100');
    assert.equal(bits([cmp('seen', '>', str('2014-01-01'))], { collation: 'C', timeZoneIsUtc: false }, warnings), '11111100');
    assert.equal(bits([cmp('blob', '=', str('{}'))], UTC, warnings), '11111100');
    assert.equal(bits([{ kind: 'like', column: 'name', negated: false, caseInsensitive: false, pattern: str('ab\\') }], UTC, warnings), '11111100');
    assert.equal(warnings.count('unsupported_predicate'), 5);
    assert.match(warnings.summary().unsupported_predicate!.example, /"nope"/);
  });

  it('selectivity of one predicate over the sample rows', () => {
    const warnings = new FeaturizationWarnings();
    assert.equal(sampleSelectivity(SAMPLE, cmp('score', '=', num(5)), UTC, warnings), 2 / 6);
    assert.equal(sampleSelectivity({ ...SAMPLE, rows: 0 }, cmp('score', '=', num(5)), UTC, warnings), 0);
  });
});

describe('mscn literal reading', () => {
  it('parses ISO dates and timestamps, rejecting impossible days and other spellings', () => {
    assert.equal(parseTimestamp('2014-01-01')?.localSeconds, epoch('2014-01-01T00:00:00'));
    assert.equal(parseTimestamp('2014-01-01T10:20:30.5')?.localSeconds, epoch('2014-01-01T10:20:30') + 0.5);
    assert.equal(parseTimestamp('2014-01-01 10:00-02:30')?.offsetSeconds, -9000);
    assert.equal(parseTimestamp('2014-02-30'), undefined);
    assert.equal(parseTimestamp('yesterday'), undefined);
  });

  it('coerces constants to the column kind or refuses with a reason', () => {
    const ctx = { timeZoneIsUtc: true };
    assert.deepEqual(literalValue(str('t'), 'boolean', ctx), { ok: true, value: true });
    assert.deepEqual(literalValue(str('off'), 'boolean', ctx), { ok: true, value: false });
    assert.equal(literalValue(str('12abc'), 'number', ctx).ok, false);
    assert.equal(literalValue(num(3), 'text', ctx).ok, false);
  });

  it('maps PostgreSQL type spellings to kinds', () => {
    assert.equal(columnKind('integer'), 'number');
    assert.equal(columnKind('numeric(10,2)'), 'number');
    assert.equal(columnKind('timestamp(3) without time zone'), 'timestamp');
    assert.equal(columnKind('date'), 'timestamp');
    assert.equal(columnKind('timestamp with time zone'), 'timestamptz');
    assert.equal(columnKind('character varying(20)'), 'text');
    assert.equal(columnKind('character(4)'), 'bpchar');
    assert.equal(columnKind('uuid'), 'other');
  });

  it('LIKE regexps escape regexp metacharacters', () => {
    assert.ok(likeRegExp('a.b%')!.test('a.bcd'));
    assert.ok(!likeRegExp('a.b%')!.test('axbcd'));
    assert.ok(likeRegExp('(x)_')!.test('(x)y'));
  });
});
