import assert from 'node:assert/strict';
import type { PgParser, Predicate } from '../../../src/sql/index.js';
import { graphOf, parser } from './sql-fixture.js';

const n = (text: string) => ({ kind: 'number', value: Number(text), text }) as const;
const s = (value: string) => ({ kind: 'string', value }) as const;

describe('sql/predicates', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  /** The predicates on `t` of a one-table query with `where`. */
  const on = (where: string): readonly Predicate[] => graphOf(p, `SELECT count(*) FROM t WHERE ${where}`).predicates.t ?? [];

  it('reads every comparison operator, != as <>', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>='] as const) {
      assert.deepEqual(on(`t.a ${op} 5`), [{ kind: 'comparison', column: 'a', op, value: n('5') }]);
    }
    assert.deepEqual(on('t.a != 5'), [{ kind: 'comparison', column: 'a', op: '<>', value: n('5') }]);
  });

  it('puts the column on the left, swapping the operator', () => {
    assert.deepEqual(on('5 < t.a'), [{ kind: 'comparison', column: 'a', op: '>', value: n('5') }]);
    assert.deepEqual(on("'x' >= t.a"), [{ kind: 'comparison', column: 'a', op: '<=', value: s('x') }]);
    assert.deepEqual(on('1 = t.a'), [{ kind: 'comparison', column: 'a', op: '=', value: n('1') }]);
  });

  it('reads BETWEEN, NOT BETWEEN and BETWEEN SYMMETRIC', () => {
    assert.deepEqual(on('t.a BETWEEN 1 AND 2'), [{ kind: 'between', column: 'a', negated: false, symmetric: false, low: n('1'), high: n('2') }]);
    assert.deepEqual(on('t.a NOT BETWEEN 1 AND 2'), [{ kind: 'between', column: 'a', negated: true, symmetric: false, low: n('1'), high: n('2') }]);
    assert.deepEqual(on('t.a BETWEEN SYMMETRIC 2 AND 1'), [{ kind: 'between', column: 'a', negated: false, symmetric: true, low: n('2'), high: n('1') }]);
  });

  it('reads IN and NOT IN lists', () => {
    assert.deepEqual(on("t.a IN (1, 'b', NULL)"), [{ kind: 'in', column: 'a', negated: false, values: [n('1'), s('b'), { kind: 'null' }] }]);
    assert.deepEqual(on('t.a NOT IN (3)'), [{ kind: 'in', column: 'a', negated: true, values: [n('3')] }]);
  });

  it('reads LIKE, ILIKE, their negations and ESCAPE', () => {
    assert.deepEqual(on("t.a LIKE 'x%'"), [{ kind: 'like', column: 'a', negated: false, caseInsensitive: false, pattern: s('x%') }]);
    assert.deepEqual(on("t.a NOT LIKE 'x%'"), [{ kind: 'like', column: 'a', negated: true, caseInsensitive: false, pattern: s('x%') }]);
    assert.deepEqual(on("t.a ILIKE 'x%'"), [{ kind: 'like', column: 'a', negated: false, caseInsensitive: true, pattern: s('x%') }]);
    assert.deepEqual(on("t.a NOT ILIKE 'x%'"), [{ kind: 'like', column: 'a', negated: true, caseInsensitive: true, pattern: s('x%') }]);
    assert.deepEqual(on("t.a LIKE 'x!%' ESCAPE '!'"), [{ kind: 'like', column: 'a', negated: false, caseInsensitive: false, pattern: s('x!%'), escape: s('!') }]);
  });

  it('reads IS NULL and IS NOT NULL', () => {
    assert.deepEqual(on('t.a IS NULL'), [{ kind: 'null_test', column: 'a', negated: false }]);
    assert.deepEqual(on('t.a IS NOT NULL'), [{ kind: 'null_test', column: 'a', negated: true }]);
    assert.deepEqual(on('t.a ISNULL'), [{ kind: 'null_test', column: 'a', negated: false }]);
  });

  it('pushes NOT into the predicate it negates', () => {
    assert.deepEqual(on('NOT t.a < 5'), [{ kind: 'comparison', column: 'a', op: '>=', value: n('5') }]);
    assert.deepEqual(on('NOT (t.a IS NULL)'), [{ kind: 'null_test', column: 'a', negated: true }]);
    assert.deepEqual(on('NOT t.a IN (1)'), [{ kind: 'in', column: 'a', negated: true, values: [n('1')] }]);
    assert.deepEqual(on('NOT NOT t.a = 1'), [{ kind: 'comparison', column: 'a', op: '=', value: n('1') }]);
    assert.deepEqual(on("NOT (t.a BETWEEN 1 AND 2)").map((x) => x.kind === 'between' && x.negated), [true]);
  });

  it('flattens AND trees and parentheses, keeping the order of appearance', () => {
    assert.deepEqual(
      on('(t.a = 1 AND (t.b = 2)) AND ((t.c = 3))').map((x) => (x.kind === 'comparison' ? x.column : x.kind)),
      ['a', 'b', 'c'],
    );
  });

  it('keeps an OR within one relation as an `or` predicate of conjunctive arms', () => {
    assert.deepEqual(on('t.a = 1 OR (t.b < 2 AND t.c IS NULL)'), [
      {
        kind: 'or',
        arms: [
          [{ kind: 'comparison', column: 'a', op: '=', value: n('1') }],
          [
            { kind: 'comparison', column: 'b', op: '<', value: n('2') },
            { kind: 'null_test', column: 'c', negated: false },
          ],
        ],
      },
    ]);
  });

  it('turns NOT (a AND b) into an OR and NOT (a OR b) into two filters (De Morgan)', () => {
    assert.deepEqual(on('NOT (t.a = 1 AND t.b = 2)'), [
      {
        kind: 'or',
        arms: [[{ kind: 'comparison', column: 'a', op: '<>', value: n('1') }], [{ kind: 'comparison', column: 'b', op: '<>', value: n('2') }]],
      },
    ]);
    assert.deepEqual(on('NOT (t.a = 1 OR t.b = 2)'), [
      { kind: 'comparison', column: 'a', op: '<>', value: n('1') },
      { kind: 'comparison', column: 'b', op: '<>', value: n('2') },
    ]);
  });

  it('gives every relation an entry, empty without filters', () => {
    assert.deepEqual(graphOf(p, 'SELECT 1 FROM a JOIN b ON a.x = b.y WHERE a.z = 1').predicates, {
      a: [{ kind: 'comparison', column: 'z', op: '=', value: n('1') }],
      b: [],
    });
  });

  it('reads filters written in ON like filters in WHERE', () => {
    const graph = graphOf(p, 'SELECT 1 FROM a JOIN b ON a.x = b.y AND b.z > 3');
    assert.deepEqual(graph.predicates.b, [{ kind: 'comparison', column: 'z', op: '>', value: n('3') }]);
  });
});
