import assert from 'node:assert/strict';
import type { JoinEdge, PgParser } from '../../../src/sql/index.js';
import { graphOf, parser } from './sql-fixture.js';

const edge = (la: string, lc: string, ra: string, rc: string): JoinEdge => ({ left: { alias: la, column: lc }, right: { alias: ra, column: rc }, op: '=' });

describe('sql/joins', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  it('reads comma joins with WHERE and JOIN ... ON into the same graph', () => {
    const comma = graphOf(p, 'SELECT count(*) FROM badges AS b, users AS u, posts p WHERE b.userid = u.id AND p.owneruserid = u.id AND u.views > 0');
    const explicit = graphOf(p, 'SELECT count(*) FROM badges b JOIN users u ON b.userid = u.id INNER JOIN posts p ON p.owneruserid = u.id WHERE u.views > 0');
    for (const graph of [comma, explicit]) {
      assert.deepEqual(graph.relations.map((r) => r.alias), ['b', 'u', 'p']);
      assert.deepEqual(graph.joins, [edge('b', 'userid', 'u', 'id'), edge('p', 'owneruserid', 'u', 'id')]);
    }
    assert.deepEqual(comma.predicates, explicit.predicates);
  });

  it('orients each edge by alias then column, in byte order', () => {
    assert.deepEqual(graphOf(p, 'SELECT 1 FROM u, b WHERE u.id = b.userid').joins, [edge('b', 'userid', 'u', 'id')]);
    assert.deepEqual(graphOf(p, 'SELECT 1 FROM "B", a WHERE a.x = "B".y').joins, [edge('B', 'y', 'a', 'x')]);
  });

  it('deduplicates edges written twice, in either direction or in both ON and WHERE', () => {
    const graph = graphOf(p, 'SELECT 1 FROM a JOIN b ON a.x = b.y WHERE b.y = a.x AND a.x = b.y');
    assert.deepEqual(graph.joins, [edge('a', 'x', 'b', 'y')]);
  });

  it('keeps several edges between the same pair of relations', () => {
    const graph = graphOf(p, 'SELECT 1 FROM a, b WHERE a.x = b.x AND a.y = b.y');
    assert.deepEqual(graph.joins, [edge('a', 'x', 'b', 'x'), edge('a', 'y', 'b', 'y')]);
  });

  it('reads nested and parenthesized join trees, CROSS JOIN included when a condition connects it', () => {
    const graph = graphOf(p, 'SELECT 1 FROM (a JOIN (b JOIN c ON b.k = c.k) ON a.k = b.k) CROSS JOIN d WHERE d.k = c.k');
    assert.deepEqual(graph.relations.map((r) => r.alias), ['a', 'b', 'c', 'd']);
    assert.deepEqual(graph.joins, [edge('b', 'k', 'c', 'k'), edge('a', 'k', 'b', 'k'), edge('c', 'k', 'd', 'k')]);
  });

  it('reads a NOT over a non-equality as an equi-join', () => {
    assert.deepEqual(graphOf(p, 'SELECT 1 FROM a, b WHERE NOT a.x <> b.y').joins, [edge('a', 'x', 'b', 'y')]);
  });

  it('joins a self-joined table through its aliases', () => {
    const graph = graphOf(p, 'SELECT 1 FROM users u1, users u2 WHERE u1.id = u2.id');
    assert.deepEqual(graph.relations, [
      { alias: 'u1', table: 'users' },
      { alias: 'u2', table: 'users' },
    ]);
    assert.deepEqual(graph.joins, [edge('u1', 'id', 'u2', 'id')]);
  });
});
