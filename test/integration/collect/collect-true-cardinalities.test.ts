import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { WorkloadQuery } from '../../../algorithms/algorithm.js';
import { readDatabaseSchema } from '../../../algorithms/database-schema.js';
import { collectTrueCardinalities, type CollectOptions } from '../../../src/collect/index.js';
import { generateBuiltinDataset } from '../../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset } from '../../../src/dataset/builtin/materialize-dataset.js';
import { generateWorkloadQueries, type GeneratedQuery } from '../../../src/dataset/builtin/workload/generate-workload.js';
import { ensureDatabase } from '../../../src/db/database-admin.js';
import { findFreePort } from '../../../src/db/free-port.js';
import { Interactor } from '../../../src/db/interactor.js';
import { datasetKey, ResultsStore } from '../../../src/results/index.js';
import { buildQueryGraph, enumerateSubplans, loadPgParser, subplanCountSql, type PgParser } from '../../../src/sql/index.js';
import { silentProgress } from '../../../src/util/progress.js';
import { testCluster } from '../../helpers/cluster.js';

const DATABASE = 'pilot_test_collect';
const SEED = 11;
/** About 16,000 rows: loads in about a second, counts take milliseconds. */
const TINY = 0.02;

describe('collect/collectTrueCardinalities on the managed cluster', function () {
  this.timeout(120_000);
  let connection: pg.ClientConfig;
  let client: pg.Client;
  let interactor: Interactor;
  let parser: PgParser;
  let dir: string;
  let store: ResultsStore;
  let key: string;
  let generated: GeneratedQuery[];
  let workload: WorkloadQuery[];

  const toQuery = (id: string, sql: string): WorkloadQuery => {
    const built = buildQueryGraph(sql, parser);
    if (!built.ok) throw new Error(`refused ${sql}: ${JSON.stringify(built.refusals)}`);
    return { id, sql, graph: built.graph };
  };
  const options = (overrides: Partial<CollectOptions> = {}): CollectOptions => ({
    interactor,
    store,
    datasetKey: key,
    concurrency: 2,
    timeoutMs: 20_000,
    progress: silentProgress,
    ...overrides,
  });

  before(async () => {
    const cluster = testCluster();
    if (!(await cluster.status()).running) await cluster.start();
    await ensureDatabase(cluster.connection('postgres'), DATABASE);
    connection = cluster.connection(DATABASE);
    await generateBuiltinDataset({ seed: SEED, scale: TINY, database: connection });
    client = new pg.Client(connection);
    await client.connect();
    interactor = new Interactor({ connection, poolSize: 2, label: DATABASE });
    parser = await loadPgParser();
    dir = mkdtempSync(join(tmpdir(), 'pilot-collect-'));
    store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    key = datasetKey(DATABASE, await readDatabaseSchema(interactor));
    generated = generateWorkloadQueries(materializeDataset(SEED, TINY), { seed: SEED, count: 12, kind: 'fast' });
    workload = generated.map((q, i) => toQuery(`fast.sql:${i + 1}`, q.sql));
  });
  after(async () => {
    store?.close();
    await interactor?.close();
    await client?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts every sub-plan of every query, equal to COUNT(*) run directly', async () => {
    const { perQuery, stats } = await collectTrueCardinalities(workload, options());
    const expectedSubplans = workload.reduce((n, q) => n + enumerateSubplans(q.graph).length, 0);
    assert.equal(stats.queries, workload.length);
    assert.equal(stats.subplans, expectedSubplans);
    assert.equal(stats.cached, 0);
    assert.equal(stats.executed, stats.distinct);
    assert.equal(stats.failed, 0);
    assert.equal(stats.timedOut, 0);
    assert.ok(stats.distinct <= stats.subplans);
    assert.equal(stats.dedupRatio, stats.subplans / stats.distinct);

    for (const [i, query] of workload.entries()) {
      const list = perQuery.get(query.id)!;
      assert.deepEqual(list.map((s) => s.key), enumerateSubplans(query.graph).map((s) => s.key), query.id);
      // The whole join of a plain COUNT(*) query: the generator counted it in memory.
      const whole = list.at(-1)!;
      if (generated[i]!.sql.startsWith('SELECT COUNT(*)')) assert.equal(whole.rows, generated[i]!.trueRows, query.sql);
    }
    // A few sub-plans of each size, counted directly from the query's own (non-canonical) text.
    const checked = new Set<number>();
    for (const query of workload) {
      for (const sub of perQuery.get(query.id)!) {
        if (checked.has(sub.size) && sub.size !== 2) continue;
        checked.add(sub.size);
        const { rows } = await client.query<{ n: string }>(subplanCountSql(query.graph, sub.key).replace('COUNT(*)', 'COUNT(*) AS n'));
        assert.equal(sub.rows, Number(rows[0]!.n), `${query.id} ${sub.key}`);
      }
    }
    assert.ok(checked.size >= 3, `sizes checked: ${[...checked]}`);
  });

  it('executes nothing the second time and returns the same cardinalities', async () => {
    const first = await collectTrueCardinalities(workload, options());
    const second = await collectTrueCardinalities(workload, options());
    assert.equal(second.stats.executed, 0);
    assert.equal(second.stats.cached, second.stats.distinct);
    assert.deepEqual([...second.perQuery.entries()], [...first.perQuery.entries()]);
    // The same queries under another dataset key share nothing with this one.
    const other = await collectTrueCardinalities(workload.slice(0, 2), options({ datasetKey: `${key}:other` }));
    assert.equal(other.stats.cached, 0);
    assert.equal(other.stats.executed, other.stats.distinct);
  });

  it('counts a sub-plan shared by two queries once, whatever the order of its conditions', async () => {
    const a = toQuery('a', 'SELECT COUNT(*) FROM users AS u, posts AS p, comments AS c WHERE p.owneruserid = u.id AND c.postid = p.id AND u.reputation > 10 AND p.score >= 1');
    const b = toQuery('b', 'SELECT COUNT(*) FROM posts AS p, users AS u WHERE p.score >= 1 AND u.reputation > 10 AND u.id = p.owneruserid');
    const logged: string[] = [];
    const { perQuery, stats } = await collectTrueCardinalities([a, b], options({ datasetKey: `${key}:dedup`, log: (m) => logged.push(m) }));
    // a: c, p, u, c p, p u, c p u; b: p, u, p u (all three shared with a).
    assert.equal(stats.subplans, 9);
    assert.equal(stats.distinct, 6);
    assert.equal(stats.executed, 6);
    assert.equal(stats.dedupRatio, 1.5);
    const shared = (id: string) => perQuery.get(id)!.find((s) => s.key === 'p u')!;
    assert.equal(shared('a').sqlHash, shared('b').sqlHash);
    assert.equal(shared('a').rows, shared('b').rows);
    const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM posts p JOIN users u ON u.id = p.owneruserid WHERE p.score >= 1 AND u.reputation > 10');
    assert.equal(shared('b').rows, Number(rows[0]!.n));
    assert.ok(logged.some((m) => m.includes('9 sub-plans, 6 distinct')), logged.join('\n'));
  });

  it('records timeouts as null, counts them, and collects them again only with a larger timeout', async () => {
    // About 2 million joined rows: a quarter of a second, far past a 1 ms timeout.
    const slow = toQuery(
      'slow',
      'SELECT COUNT(*) FROM votes AS v, posts AS p, comments AS c WHERE p.owneruserid = v.userid AND c.userid = v.userid',
    );
    const timeoutKey = `${key}:timeouts`;
    const first = await collectTrueCardinalities([slow], options({ datasetKey: timeoutKey, timeoutMs: 1 }));
    assert.ok(first.stats.timedOut >= 1, JSON.stringify(first.stats));
    const nulls = first.perQuery.get('slow')!.filter((s) => s.rows === null);
    assert.equal(nulls.length, first.stats.timedOut);
    const stored = store.getCardinalities(timeoutKey, nulls.map((s) => s.sqlHash));
    assert.ok([...stored.values()].every((s) => s.rows === null && s.timeoutMs === 1));

    const same = await collectTrueCardinalities([slow], options({ datasetKey: timeoutKey, timeoutMs: 1 }));
    assert.equal(same.stats.executed, 0);
    assert.equal(same.stats.timedOut, first.stats.timedOut);

    const longer = await collectTrueCardinalities([slow], options({ datasetKey: timeoutKey, timeoutMs: 60_000 }));
    assert.equal(longer.stats.executed, first.stats.timedOut);
    assert.equal(longer.stats.timedOut, 0);
    assert.ok(longer.perQuery.get('slow')!.every((s) => typeof s.rows === 'number'));
  });

  it('logs and counts a failing count, and collects the rest', async () => {
    const broken = toQuery('broken', 'SELECT COUNT(*) FROM no_such_table AS n, users AS u WHERE n.userid = u.id');
    const logged: string[] = [];
    const { perQuery, stats } = await collectTrueCardinalities([broken, ...workload.slice(0, 3)], options({ datasetKey: `${key}:broken`, log: (m) => logged.push(m) }));
    assert.equal(stats.failed, 2); // n and n u
    assert.deepEqual(perQuery.get('broken')!.map((s) => s.key), ['u']);
    for (const q of workload.slice(0, 3)) assert.equal(perQuery.get(q.id)!.length, enumerateSubplans(q.graph).length);
    const failures = logged.filter((m) => m.includes('count failed'));
    assert.equal(failures.length, 2);
    assert.ok(failures.every((m) => m.includes('no_such_table') && m.includes('DB_UNDEFINED_TABLE')), failures.join('\n'));
    // Failures are not cached: the next run tries them again.
    const again = await collectTrueCardinalities([broken], options({ datasetKey: `${key}:broken` }));
    assert.equal(again.stats.executed, 2);
    assert.equal(again.stats.failed, 2);
  });

  it('works through a read-only interactor', async () => {
    const readOnly = new Interactor({ connection, poolSize: 2, readOnly: true });
    try {
      const { stats } = await collectTrueCardinalities(workload.slice(0, 2), options({ interactor: readOnly, datasetKey: `${key}:ro` }));
      assert.equal(stats.failed, 0);
      assert.equal(stats.executed, stats.distinct);
    } finally {
      await readOnly.close();
    }
  });

  it('stops with COLLECT_CONNECTION_LOST when the database cannot be reached', async () => {
    const port = await findFreePort(55400);
    const unreachable = new Interactor({ connection: { ...connection, host: '127.0.0.1', port }, poolSize: 1 });
    try {
      await assert.rejects(
        collectTrueCardinalities(workload.slice(0, 2), options({ interactor: unreachable, datasetKey: `${key}:down` })),
        (e: { code?: string }) => e.code === 'COLLECT_CONNECTION_LOST',
      );
    } finally {
      await unreachable.close();
    }
  });

  it('refuses two queries with one id', async () => {
    await assert.rejects(collectTrueCardinalities([workload[0]!, workload[0]!], options()), (e: { code?: string }) => e.code === 'COLLECT_DUPLICATE_QUERY_ID');
  });
});
