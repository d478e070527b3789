import assert from 'node:assert/strict';
import type { PgParser } from '../../../src/sql/index.js';
import { graphOf, parser } from './sql-fixture.js';

describe('sql/select-shape', () => {
  let p: PgParser;
  before(async () => {
    p = await parser();
  });

  const shape = (sql: string) => graphOf(p, sql).select;

  it('keeps the original SQL text unchanged', () => {
    const sql = '  select COUNT(*)\n from T  -- trailing comment\n';
    assert.equal(graphOf(p, sql).sql, sql);
  });

  it('recognises count(*) alone', () => {
    assert.deepEqual(shape('SELECT COUNT(*) FROM t'), { kind: 'count_star', groupBy: false, having: false, orderBy: false, limit: false });
    assert.equal(shape('SELECT pg_catalog.count(*) AS n FROM t').kind, 'count_star');
  });

  it('calls other aggregate lists `aggregate`', () => {
    assert.equal(shape('SELECT count(t.a) FROM t').kind, 'aggregate');
    assert.equal(shape('SELECT count(*), sum(t.a) FROM t').kind, 'aggregate');
    assert.equal(shape('SELECT count(DISTINCT t.a) FROM t').kind, 'aggregate');
    assert.equal(shape('SELECT t.g, min(t.a) * 2 FROM t GROUP BY t.g').kind, 'aggregate');
    assert.equal(shape('SELECT count(*) FILTER (WHERE t.a > 1) FROM t').kind, 'aggregate');
  });

  it('calls everything else `rows`', () => {
    assert.equal(shape('SELECT * FROM t').kind, 'rows');
    assert.equal(shape('SELECT t.a, lower(t.b) FROM t').kind, 'rows');
  });

  it('notes GROUP BY, HAVING, ORDER BY and LIMIT / OFFSET', () => {
    assert.deepEqual(shape('SELECT t.g, count(*) FROM t GROUP BY t.g HAVING count(*) > 1 ORDER BY 2 LIMIT 10'), {
      kind: 'aggregate',
      groupBy: true,
      having: true,
      orderBy: true,
      limit: true,
    });
    assert.equal(shape('SELECT t.a FROM t OFFSET 5').limit, true);
  });

  it('accepts bare columns in the select list of a multi-relation query (they do not shape sub-plans)', () => {
    assert.equal(shape('SELECT name, sum(views) FROM u, p WHERE u.id = p.uid GROUP BY name ORDER BY name').kind, 'aggregate');
  });
});
