import assert from 'node:assert/strict';
import type pg from 'pg';
import { Interactor, type ExecuteOk } from '../../../src/db/interactor.js';
import type { PlanNode } from '../../../src/db/explain/plan-node.js';
import { PilotError } from '../../../src/errors/index.js';
import { testCluster, testPool, TEST_DATABASE } from '../../helpers/cluster.js';

function nodes(root: PlanNode): PlanNode[] {
  return [root, ...root.children.flatMap(nodes)];
}

describe('Interactor on the managed cluster', function () {
  this.timeout(120_000);
  let pool: pg.Pool;
  let db: Interactor;
  const Q3 = 'SELECT COUNT(*) FROM itest_a a, itest_b b, itest_c c WHERE a.id = b.a_id AND b.id = c.b_id AND a.x < 50';

  before(async () => {
    pool = await testPool();
    await pool.query(`
      DROP TABLE IF EXISTS itest_a, itest_b, itest_c;
      CREATE TABLE itest_a AS SELECT i AS id, i % 100 AS x FROM generate_series(1, 2000) i;
      CREATE TABLE itest_b AS SELECT i AS id, 1 + i % 2000 AS a_id FROM generate_series(1, 20000) i;
      CREATE TABLE itest_c AS SELECT i AS id, 1 + i % 20000 AS b_id FROM generate_series(1, 40000) i;
      ANALYZE itest_a; ANALYZE itest_b; ANALYZE itest_c;
      DROP SEQUENCE IF EXISTS itest_seq; CREATE SEQUENCE itest_seq;`);
    db = new Interactor({ connection: testCluster().connection(TEST_DATABASE) });
  });
  after(async () => {
    await db?.close();
    await pool?.end();
  });

  it('returns only the pulls that were asked for', async () => {
    const r = (await db.execute(Q3, { pull: ['cost'] })) as ExecuteOk;
    assert.equal(r.status, 'ok');
    assert.ok(r.cost! > 0);
    assert.equal(r.plan, undefined);
    assert.equal(r.records, undefined);
    assert.equal(r.executionTimeMs, undefined);
  });

  it('pulls the typed plan, records, and the server-side execution time with actual rows', async () => {
    const r = (await db.execute(Q3, { pull: ['plan', 'records', 'executionTime'] })) as ExecuteOk;
    assert.equal(Number(r.records![0]!.count), 20000);
    assert.ok(r.executionTimeMs! > 0 && r.planningTimeMs! > 0);
    const scanA = nodes(r.plan!.root).find((n) => n.alias === 'a')!;
    assert.equal(scanA.relationName, 'itest_a');
    assert.equal(scanA.actualRows, 1000);
  });

  it('injects a base-relation cardinality for one call only', async () => {
    const pushed = (await db.execute(Q3, { push: { cards: { a: 777 } }, pull: ['plan'] })) as ExecuteOk;
    assert.equal(nodes(pushed.plan!.root).find((n) => n.alias === 'a')!.planRows, 777);
    const after = (await db.execute(Q3, { pull: ['plan'] })) as ExecuteOk;
    assert.notEqual(nodes(after.plan!.root).find((n) => n.alias === 'a')!.planRows, 777, 'the hint leaked into the next call');
  });

  it('scopes pushed settings to the call', async () => {
    const inCall = (await db.execute('SHOW enable_hashjoin', { push: { settings: { enable_hashjoin: false } }, pull: ['records'] })) as ExecuteOk;
    assert.equal(inCall.records![0]!.enable_hashjoin, 'off');
    const next = (await db.execute('SHOW enable_hashjoin', { pull: ['records'] })) as ExecuteOk;
    assert.equal(next.records![0]!.enable_hashjoin, 'on');
  });

  it('pulls every sub-plan the planner built, with its own and the injected estimate', async () => {
    const r = (await db.execute(Q3, { push: { cards: { 'a b': 5 } }, pull: ['subplanEstimates'] })) as ExecuteOk;
    const keys = r.subplanEstimates!.map((s) => s.key).sort();
    assert.deepEqual(keys, ['a', 'a b', 'a b c', 'b', 'b c', 'c']);
    assert.ok(r.subplanEstimates!.every((s) => s.level === 1));
    const ab = r.subplanEstimates!.find((s) => s.key === 'a b')!;
    assert.equal(ab.injectedRows, 5);
    assert.ok(ab.plannerRows > 5);
    assert.equal(r.subplanEstimates!.find((s) => s.key === 'b c')!.injectedRows, null);
  });

  it('counts the true cardinality of a sub-plan', async () => {
    const r = await db.trueCardinality('SELECT COUNT(*) FROM itest_a a, itest_b b WHERE a.id = b.a_id AND a.x < 50');
    assert.equal(r.status === 'ok' && r.rows, 10000);
  });

  it('cancels a query on the server at the timeout and returns a typed timeout', async () => {
    const r = await db.execute('SELECT pg_sleep(10)', { pull: ['records'], timeoutMs: 300 });
    assert.equal(r.status, 'timeout');
    assert.ok(r.elapsedMs < 5000);
    const active = (await db.execute("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'", { pull: ['records'] })) as ExecuteOk;
    assert.equal(Number(active.records![0]!.n), 0, 'the sleeping query still runs on the server');
  });

  it('refuses unknown pulls and bad settings before touching the server', async () => {
    await assert.rejects(db.execute('SELECT 1', { pull: ['nope' as 'plan'] }), (e: PilotError) => e.code === 'BAD_PULL');
    await assert.rejects(db.execute('SELECT 1', { push: { settings: { 'bad name; drop': 1 } } }), (e: PilotError) => e.code === 'BAD_SETTING');
  });

  it('wraps server errors with their SQLSTATE', async () => {
    await assert.rejects(db.execute('SELECT * FROM no_such_table'), (e: PilotError & { sqlstate?: string }) => e.code === 'DB_UNDEFINED_TABLE' && e.sqlstate === '42P01');
  });

  describe('read-only mode', () => {
    let ro: Interactor;
    before(() => {
      ro = new Interactor({ connection: testCluster().connection(TEST_DATABASE), readOnly: true });
    });
    after(() => ro.close());

    it('runs reads', async () => {
      const r = (await ro.execute('SELECT COUNT(*) AS n FROM itest_a', { pull: ['records', 'plan'] })) as ExecuteOk;
      assert.equal(Number(r.records![0]!.n), 2000);
    });

    it('refuses writes, DDL, SELECT INTO, locking reads and multiple statements before sending them', async () => {
      for (const sql of ['INSERT INTO itest_a VALUES (1, 1)', 'DROP TABLE itest_a', 'SELECT * INTO t2 FROM itest_a', 'SELECT * FROM itest_a FOR UPDATE', 'SELECT 1; DELETE FROM itest_a', 'WITH d AS (DELETE FROM itest_a RETURNING *) SELECT * FROM d']) {
        await assert.rejects(ro.execute(sql), (e: PilotError) => e.code.startsWith('READ_ONLY_'), sql);
      }
      const n = (await ro.execute('SELECT COUNT(*) AS n FROM itest_a', { pull: ['records'] })) as ExecuteOk;
      assert.equal(Number(n.records![0]!.n), 2000);
    });

    it('lets the server refuse a read that writes through a function', async () => {
      await assert.rejects(ro.execute("SELECT nextval('itest_seq')"), (e: PilotError) => e.code === 'DB_READ_ONLY_VIOLATION');
    });
  });

  it('says what to do when the server is unreachable', async () => {
    const dead = new Interactor({ connection: { host: '127.0.0.1', port: 1, user: 'x', database: 'x' } });
    try {
      await assert.rejects(dead.execute('SELECT 1'), (e: PilotError) => e.code === 'DB_UNREACHABLE' && /pilot db start/.test(e.hint ?? ''));
    } finally {
      await dead.close();
    }
  });
});
