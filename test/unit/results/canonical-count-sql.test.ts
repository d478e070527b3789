import assert from 'node:assert/strict';
import { canonicalCountSql, canonicalGraph, countSqlHash } from '../../../src/collect/index.js';
import { buildQueryGraph, enumerateSubplans, loadPgParser, type PgParser, type QueryGraph } from '../../../src/sql/index.js';

// The collector's dedup key: lives under test/unit/results because the cache it keys is there.
describe('collect/canonical count SQL', () => {
  let parser: PgParser;
  before(async () => {
    parser = await loadPgParser();
  });
  const graph = (sql: string): QueryGraph => {
    const result = buildQueryGraph(sql, parser);
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusals)}`);
    return result.graph;
  };
  const counts = (sql: string): Map<string, string> => {
    const canonical = canonicalGraph(graph(sql));
    return new Map(enumerateSubplans(canonical).map((s) => [s.key, canonicalCountSql(canonical, s.key)]));
  };

  it('gives the same count for a sub-plan written with its tables, joins and filters in another order', () => {
    const a = counts(
      'SELECT COUNT(*) FROM users AS u, posts AS p, comments AS c WHERE p.owneruserid = u.id AND c.postid = p.id AND u.reputation > 10 AND p.score >= 2 AND p.viewcount < 500',
    );
    const b = counts(
      'SELECT COUNT(*) FROM posts AS p, users AS u WHERE p.viewcount < 500 AND u.id = p.owneruserid AND p.score >= 2 AND u.reputation > 10',
    );
    assert.equal(a.get('p u'), b.get('p u'));
    assert.equal(a.get('p'), b.get('p'));
    assert.equal(countSqlHash(a.get('p u')!), countSqlHash(b.get('p u')!));
    assert.equal(
      a.get('p u'),
      'SELECT COUNT(*) FROM posts AS p, users AS u WHERE p.owneruserid = u.id AND p.score >= 2 AND p.viewcount < 500 AND u.reputation > 10',
    );
    assert.notEqual(a.get('c p'), undefined);
  });

  it('orders IN lists and OR arms, and drops repeated conditions', () => {
    const a = counts("SELECT COUNT(*) FROM posts AS p WHERE p.posttypeid IN (2, 1) AND (p.score > 3 OR p.title LIKE 'a%') AND p.score > 0");
    const b = counts("SELECT COUNT(*) FROM posts AS p WHERE p.score > 0 AND (p.title LIKE 'a%' OR p.score > 3) AND p.posttypeid IN (1, 2, 1) AND p.score > 0");
    assert.equal(a.get('p'), b.get('p'));
    assert.equal(a.get('p'), "SELECT COUNT(*) FROM posts AS p WHERE (p.score > 3 OR p.title LIKE 'a%') AND p.posttypeid IN (1, 2) AND p.score > 0");
  });

  it('keeps sub-plans that differ in a constant, an operator, a table or an alias apart', () => {
    const base = counts('SELECT COUNT(*) FROM posts AS p WHERE p.score > 2').get('p');
    for (const other of [
      'SELECT COUNT(*) FROM posts AS p WHERE p.score > 3',
      'SELECT COUNT(*) FROM posts AS p WHERE p.score >= 2',
      'SELECT COUNT(*) FROM comments AS p WHERE p.score > 2',
      'SELECT COUNT(*) FROM posts AS q WHERE q.score > 2',
      'SELECT COUNT(*) FROM posts AS p WHERE p.score > 2 AND p.viewcount > 0',
    ]) {
      assert.notEqual(counts(other).values().next().value, base, other);
    }
  });

  it('counts the rows of the whole join, whatever the select list (aggregates, GROUP BY)', () => {
    const a = counts('SELECT u.location, SUM(p.score) FROM users AS u, posts AS p WHERE p.owneruserid = u.id GROUP BY u.location');
    const b = counts('SELECT COUNT(*) FROM users AS u, posts AS p WHERE p.owneruserid = u.id');
    assert.deepEqual([...a.entries()], [...b.entries()]);
  });

  it('hashes with SHA-1 hex', () => {
    assert.equal(countSqlHash('SELECT COUNT(*) FROM t AS t'), countSqlHash('SELECT COUNT(*) FROM t AS t'));
    assert.match(countSqlHash('x'), /^[0-9a-f]{40}$/);
    assert.notEqual(countSqlHash('x'), countSqlHash('y'));
  });
});
