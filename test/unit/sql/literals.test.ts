import assert from 'node:assert/strict';
import type { Literal, PgParser } from '../../../src/sql/index.js';
import { graphOf, parser } from './sql-fixture.js';

describe('sql/literals', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  /** The constant of `t.a = <literal>`. */
  const literal = (text: string): Literal => {
    const [predicate] = graphOf(p, `SELECT 1 FROM t WHERE t.a = ${text}`).predicates.t ?? [];
    assert.ok(predicate?.kind === 'comparison');
    return predicate.value;
  };

  it('keeps numbers with their exact text, zero and negatives included', () => {
    assert.deepEqual(literal('0'), { kind: 'number', value: 0, text: '0' });
    assert.deepEqual(literal('-2'), { kind: 'number', value: -2, text: '-2' });
    assert.deepEqual(literal('1.50'), { kind: 'number', value: 1.5, text: '1.50' });
    assert.deepEqual(literal('-1.5'), { kind: 'number', value: -1.5, text: '-1.5' });
    assert.deepEqual(literal('1e5'), { kind: 'number', value: 100000, text: '1e5' });
    assert.deepEqual(literal('12345678901234567890'), { kind: 'number', value: 12345678901234567890, text: '12345678901234567890' });
  });

  it('reads strings, escape strings and dollar quotes as their value', () => {
    assert.deepEqual(literal("'it''s'"), { kind: 'string', value: "it's" });
    assert.deepEqual(literal("E'a\\nb'"), { kind: 'string', value: 'a\nb' });
    assert.deepEqual(literal('$$x$$'), { kind: 'string', value: 'x' });
    assert.deepEqual(literal("''"), { kind: 'string', value: '' });
  });

  it('reads booleans, NULL and bit strings', () => {
    assert.deepEqual(literal('true'), { kind: 'boolean', value: true });
    assert.deepEqual(literal('FALSE'), { kind: 'boolean', value: false });
    assert.deepEqual(literal('NULL'), { kind: 'null' });
    assert.deepEqual(literal("B'101'"), { kind: 'bit_string', value: 'b101' });
    assert.deepEqual(literal("X'1F'"), { kind: 'bit_string', value: 'x1F' });
  });

  it('keeps typed casts with the SQL spelling of the type', () => {
    const date = { kind: 'string', value: '2014-01-01' } as const;
    assert.deepEqual(literal("'2014-01-01'::timestamp"), { kind: 'typed', type: 'timestamp', value: date });
    assert.deepEqual(literal("CAST('2014-01-01' AS date)"), { kind: 'typed', type: 'date', value: date });
    assert.deepEqual(literal("date '2014-01-01'"), { kind: 'typed', type: 'date', value: date });
    assert.deepEqual(literal("'2014-01-01'::timestamp with time zone"), { kind: 'typed', type: 'timestamptz', value: date });
    assert.deepEqual(literal("'x'::varchar(10)"), { kind: 'typed', type: 'varchar(10)', value: { kind: 'string', value: 'x' } });
    assert.deepEqual(literal("'1'::numeric(10,2)"), { kind: 'typed', type: 'numeric(10,2)', value: { kind: 'string', value: '1' } });
    assert.deepEqual(literal("'{a}'::text[]"), { kind: 'typed', type: 'text[]', value: { kind: 'string', value: '{a}' } });
    assert.deepEqual(literal('1::int'), { kind: 'typed', type: 'int4', value: { kind: 'number', value: 1, text: '1' } });
    assert.deepEqual(literal("interval '1 day'"), { kind: 'typed', type: 'interval', value: { kind: 'string', value: '1 day' } });
    assert.deepEqual(literal("'a'::\"char\""), { kind: 'typed', type: '"char"', value: { kind: 'string', value: 'a' } });
    assert.deepEqual(literal("'v'::myschema.\"MyType\""), { kind: 'typed', type: 'myschema."MyType"', value: { kind: 'string', value: 'v' } });
    assert.deepEqual(literal("'1'::text::int"), {
      kind: 'typed',
      type: 'int4',
      value: { kind: 'typed', type: 'text', value: { kind: 'string', value: '1' } },
    });
  });
});
