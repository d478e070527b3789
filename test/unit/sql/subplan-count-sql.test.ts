import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { enumerateSubplans, splitQueryLines, subplanAliases, subplanCountSql, SubplanError, type PgParser, type QueryGraph } from '../../../src/sql/index.js';
import { graphOf, parser } from './sql-fixture.js';

/** The part of `graph` that sub-plan `key` covers, with the SQL text left out. */
function restrict(graph: QueryGraph, key: string): Omit<QueryGraph, 'sql' | 'select'> {
  const members = new Set(subplanAliases(key));
  return {
    relations: graph.relations.filter((r) => members.has(r.alias)),
    joins: graph.joins.filter((j) => members.has(j.left.alias) && members.has(j.right.alias)),
    predicates: Object.fromEntries(Object.entries(graph.predicates).filter(([alias]) => members.has(alias))),
  };
}

/** Parses the COUNT(*) SQL of every sub-plan back and checks it is that sub-plan. */
function assertRoundTrips(p: PgParser, graph: QueryGraph): void {
  for (const { key } of enumerateSubplans(graph)) {
    const sql = subplanCountSql(graph, key);
    const back = graphOf(p, sql);
    const { relations, joins, predicates } = back;
    assert.deepEqual({ relations, joins, predicates }, restrict(graph, key), sql);
    assert.equal(back.select.kind, 'count_star', sql);
  }
}

describe('sql/subplan-count-sql', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  it('writes relations with aliases, the edges inside the sub-plan, then its filters', () => {
    const graph = graphOf(p, 'SELECT count(*) FROM badges AS b, users AS u, posts AS p WHERE b.userid = u.id AND p.owneruserid = u.id AND u.views >= 0 AND b.date <= 1410445986');
    assert.equal(subplanCountSql(graph, 'b u'), 'SELECT COUNT(*) FROM badges AS b, users AS u WHERE b.userid = u.id AND b.date <= 1410445986 AND u.views >= 0');
    assert.equal(subplanCountSql(graph, 'p'), 'SELECT COUNT(*) FROM posts AS p');
    assert.equal(subplanCountSql(graph, 'u'), 'SELECT COUNT(*) FROM users AS u WHERE u.views >= 0');
  });

  it('round-trips every predicate kind and literal through the parser', () => {
    const graph = graphOf(
      p,
      `SELECT count(*) FROM s.t AS a JOIN u ON a.k = u.k WHERE a.c BETWEEN 1 AND 2 AND a.d NOT BETWEEN SYMMETRIC -2.5 AND 1e3
        AND a.e IN (1, 'x', NULL) AND a.f NOT IN ('it''s') AND a.g LIKE 'a!%' ESCAPE '!' AND a.h NOT ILIKE '%B'
        AND u.i IS NULL AND u.j IS NOT NULL AND u.l = true AND u.m <> false AND u.n = B'101' AND u.o = X'1F'
        AND u.p > '2014-01-01'::timestamp AND u.q = (-1)::int AND u.r = 'x'::varchar(3) AND u.s = '{a}'::text[]
        AND u.v = 'c'::"char" AND u.w = E'line\\nbreak' AND (u.x = 1 OR (u.y < 2 AND u.z > 3) OR u.x IS NULL)
        AND u.big = 123456789012345678901234567890`,
    );
    assertRoundTrips(p, graph);
  });

  it('quotes identifiers that need it (case, keywords, odd characters) and round-trips them', () => {
    const graph = graphOf(
      p,
      `SELECT count(*) FROM "Order" AS "O", "user" AS "select", "values" AS "between", "my-table" AS "x""y", public."row" AS r
        WHERE "O"."Id" = "select"."from" AND "select".k = "between".k AND "between".k = "x""y".k AND r."end" = "O"."Id"
        AND "x""y"."Col Name" = 'v' AND r."left" = 1`,
    );
    assert.match(subplanCountSql(graph, 'O select'), /FROM "Order" AS "O", "user" AS "select" WHERE "O"."Id" = "select"."from"/);
    assertRoundTrips(p, graph);
  });

  it('round-trips every sub-plan of the STATS test queries', function () {
    const file = new URL('../../../../shared/datasets/stats_tiny/stats_test_time2int.txt', import.meta.url);
    if (!existsSync(file)) {
      console.log(`    skipped: ${file.pathname} is missing (the shared datasets are not checked out)`);
      this.skip();
    }
    for (const sql of splitQueryLines(readFileSync(file, 'utf8'))) assertRoundTrips(p, graphOf(p, sql));
  });

  it('rejects keys that do not fit the query', () => {
    const graph = graphOf(p, 'SELECT 1 FROM a, b WHERE a.x = b.y');
    for (const key of ['c', '', 'a a', 'a  b']) {
      assert.throws(() => subplanCountSql(graph, key), (e: unknown) => e instanceof SubplanError && e.code === 'SQL_UNKNOWN_SUBPLAN', key);
    }
  });
});
