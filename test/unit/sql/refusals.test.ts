import assert from 'node:assert/strict';
import { REFUSAL_CODES, REFUSAL_DESCRIPTIONS, type PgParser, type RefusalCode } from '../../../src/sql/index.js';
import { parser, refusalCodes, refusalsOf } from './sql-fixture.js';

/** Minimal queries refused for exactly one reason; a Record so that a new code without a case fails to compile. */
const MINIMAL: Readonly<Record<RefusalCode, readonly string[]>> = {
  not_a_select: ['INSERT INTO t VALUES (1)', 'VALUES (1), (2)', 'SELECT * INTO t2 FROM t', 'EXPLAIN SELECT 1 FROM t', '-- only a comment'],
  multiple_statements: ['SELECT count(*) FROM t; SELECT count(*) FROM u'],
  no_from_clause: ['SELECT 1'],
  set_operation: ['SELECT a FROM t UNION SELECT a FROM u', 'SELECT a FROM t EXCEPT SELECT a FROM u'],
  cte: ['WITH x AS (SELECT 1) SELECT count(*) FROM t'],
  subquery: [
    'SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM u)',
    'SELECT 1 FROM t WHERE t.a IN (SELECT b FROM u)',
    'SELECT 1 FROM (SELECT 1 AS a) s',
    'SELECT (SELECT 1) FROM t',
    'SELECT 1 FROM t WHERE t.a = (SELECT max(b) FROM u)',
  ],
  lateral: [],
  table_function: ['SELECT 1 FROM generate_series(1, 3) g'],
  unsupported_from_item: [
    'SELECT 1 FROM ONLY t',
    'SELECT 1 FROM t AS x(a, b)',
    'SELECT 1 FROM t TABLESAMPLE SYSTEM (10)',
    'SELECT 1 FROM (a JOIN b ON a.x = b.y) AS j',
    'SELECT 1 FROM db.s.t',
  ],
  outer_join: ['SELECT 1 FROM a LEFT JOIN b ON a.x = b.y', 'SELECT 1 FROM a FULL JOIN b ON a.x = b.y', 'SELECT 1 FROM a RIGHT JOIN b ON a.x = b.y'],
  join_using: ['SELECT 1 FROM a JOIN b USING (x)', 'SELECT 1 FROM a NATURAL JOIN b'],
  non_equi_join: ['SELECT 1 FROM a, b WHERE a.x < b.y', 'SELECT 1 FROM a, b WHERE a.x <> b.y', 'SELECT 1 FROM a, b WHERE a.x BETWEEN b.lo AND b.hi'],
  join_on_expression: ['SELECT 1 FROM a, b WHERE a.x = b.y + 1', 'SELECT 1 FROM a JOIN b ON lower(a.x) = b.y'],
  cross_product: ['SELECT 1 FROM a, b', 'SELECT 1 FROM a CROSS JOIN b WHERE a.x = 1', 'SELECT 1 FROM a, b, c WHERE a.x = b.x'],
  duplicate_alias: ['SELECT 1 FROM t, t', 'SELECT 1 FROM a x, b x WHERE x.k = 1', 'SELECT 1 FROM s1.t, s2.t'],
  unsupported_alias: ['SELECT 1 FROM t AS "my t"'],
  unknown_relation: ['SELECT 1 FROM t WHERE u.a = 1', 'SELECT 1 FROM s.t WHERE other.t.a = 1'],
  unqualified_column_ambiguous: ['SELECT 1 FROM a, b WHERE a.x = b.x AND y = 1'],
  function_in_predicate: ['SELECT 1 FROM t WHERE lower(t.a) = \'x\'', 'SELECT 1 FROM t WHERE t.d > now()', 'SELECT 1 FROM t WHERE starts_with(t.a, \'x\')'],
  expression_in_predicate: ['SELECT 1 FROM t WHERE t.a + 1 = 2', 'SELECT 1 FROM t WHERE t.a::int = 2', 'SELECT 1 FROM t WHERE t.a IN (1, 1 + 1)', 'SELECT 1 FROM t WHERE t.a BETWEEN 1 AND 2 + 3'],
  column_vs_column_same_relation: ['SELECT 1 FROM t WHERE t.a = t.b', 'SELECT 1 FROM t WHERE t.a < t.b'],
  or_across_relations: [
    'SELECT 1 FROM a, b WHERE a.x = b.y AND (a.z = 1 OR b.z = 2)',
    'SELECT 1 FROM a, b WHERE a.x = b.y OR a.x = 1',
    'SELECT 1 FROM a, b WHERE NOT (a.x <> b.y AND a.z = 1)',
  ],
  unsupported_operator: [
    "SELECT 1 FROM t WHERE t.a ~ 'x'",
    "SELECT 1 FROM t WHERE t.a SIMILAR TO 'x'",
    'SELECT 1 FROM t WHERE t.a IS DISTINCT FROM 1',
    "SELECT 1 FROM t WHERE t.a = ANY ('{1,2}')",
    'SELECT 1 FROM t WHERE t.a @> t.b',
  ],
  unsupported_expression: ['SELECT 1 FROM t WHERE t.flag', 'SELECT 1 FROM t WHERE true', 'SELECT 1 FROM t WHERE t.flag IS TRUE', 'SELECT 1 FROM t WHERE 1 = 1'],
  parameter: ['SELECT 1 FROM t WHERE t.a = $1', 'SELECT count(*) FROM t WHERE t.a = 1 LIMIT $1', 'SELECT $2 FROM t WHERE t.a = 1', 'SELECT count(*) FROM t GROUP BY t.a HAVING count(*) > $1'],
  window_function: ['SELECT row_number() OVER () FROM t', 'SELECT sum(t.a) OVER w FROM t WINDOW w AS ()'],
  distinct: ['SELECT DISTINCT t.a FROM t', 'SELECT DISTINCT ON (t.a) t.b FROM t'],
  unsupported_clause: ['SELECT 1 FROM t FOR UPDATE'],
};

describe('sql/refusals', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  for (const code of REFUSAL_CODES) {
    const queries = MINIMAL[code];
    if (queries.length === 0) continue;
    it(`refuses ${code}`, () => {
      for (const sql of queries) assert.deepEqual(refusalCodes(p, sql), [code], sql);
    });
  }

  it('refuses LATERAL together with what it is attached to', () => {
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM t, LATERAL (SELECT t.a) s'), ['lateral', 'subquery']);
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM t, LATERAL generate_series(1, t.a) g'), ['lateral', 'table_function']);
  });

  it('describes every code', () => {
    for (const code of REFUSAL_CODES) assert.ok(REFUSAL_DESCRIPTIONS[code].length > 0, code);
  });

  it('collects every reason instead of stopping at the first', () => {
    const sql = 'SELECT DISTINCT a.k FROM a LEFT JOIN b ON a.x = b.y, c WHERE EXISTS (SELECT 1) AND lower(c.n) = $1 AND (a.q = 1 OR c.q = 2)';
    assert.deepEqual(refusalCodes(p, sql), ['distinct', 'or_across_relations', 'outer_join', 'parameter', 'subquery']);
  });

  it('puts placeholders first, wherever they are: such a query cannot run at all', () => {
    const sql = 'SELECT DISTINCT a.k FROM a LEFT JOIN b ON a.x = b.y WHERE a.q = 1 LIMIT $2 OFFSET $1';
    const refusals = refusalsOf(p, sql);
    assert.deepEqual(refusals.slice(0, 2).map((r) => [r.code, r.location]), [['parameter', sql.indexOf('$2')], ['parameter', sql.indexOf('$1')]]);
    assert.match(refusals[0]!.message, /\$2 has no value: the query cannot run until it is given one/);
    assert.deepEqual(refusalCodes(p, sql), ['distinct', 'outer_join', 'parameter']);
    // One refusal per placeholder, not a second one for those the filter already refused.
    assert.deepEqual(refusalsOf(p, 'SELECT 1 FROM t WHERE t.a = $1 AND t.b IN ($2, $3)').map((r) => r.code), ['parameter', 'parameter', 'parameter']);
  });

  it('reports string indices of the offending text', () => {
    const sql = "SELECT 1 FROM t WHERE t.é = 'ü' AND lower(t.a) = 'x'";
    const [refusal] = refusalsOf(p, sql);
    assert.equal(refusal?.code, 'function_in_predicate');
    assert.equal(refusal?.location, sql.lastIndexOf('='), 'the operator of lower(t.a) = ...');
  });

  it('reports set-operation arms and every statement of a multi-statement text', () => {
    assert.deepEqual(refusalCodes(p, 'SELECT 1 UNION SELECT a FROM t'), ['no_from_clause', 'set_operation']);
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM t; DELETE FROM t'), ['multiple_statements', 'not_a_select']);
  });

  it('refuses columns of a refused FROM item with that item\'s reason, not as unknown', () => {
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM t, (SELECT 1 AS a) s WHERE s.a = t.a'), ['subquery']);
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM t, (SELECT 1 AS a) s WHERE a = 1'), ['subquery', 'unqualified_column_ambiguous']);
  });

  it('does not report a cross product that refused conditions may connect', () => {
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM a, b WHERE a.x < b.y'), ['non_equi_join']);
    assert.deepEqual(refusalCodes(p, 'SELECT 1 FROM a, b WHERE x = y'), ['unqualified_column_ambiguous']);
  });
});
