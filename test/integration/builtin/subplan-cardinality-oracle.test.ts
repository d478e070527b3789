import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { WorkloadQuery } from '../../../algorithms/algorithm.js';
import { readDatabaseSchema } from '../../../algorithms/database-schema.js';
import { canonicalCountSql, canonicalGraph, collectTrueCardinalities, countSqlHash, type CollectOptions } from '../../../src/collect/index.js';
import { generateBuiltinDataset } from '../../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset } from '../../../src/dataset/builtin/materialize-dataset.js';
import { builtinCardinalityOracle, type CardinalityOracle } from '../../../src/dataset/builtin/subplan-cardinality-oracle.js';
import { generateWorkloadQueries } from '../../../src/dataset/builtin/workload/generate-workload.js';
import { verifiedBuiltinOracle } from '../../../src/cli/commands/algo/verified-builtin-oracle.js';
import { ensureDatabase } from '../../../src/db/database-admin.js';
import { Interactor } from '../../../src/db/interactor.js';
import { datasetKey, ResultsStore } from '../../../src/results/index.js';
import { buildQueryGraph, enumerateSubplans, loadPgParser, subplanAliases, subplanCountSql, type PgParser, type QueryGraph } from '../../../src/sql/index.js';
import { silentProgress } from '../../../src/util/progress.js';
import { testCluster } from '../../helpers/cluster.js';

const DATABASE = 'pilot_test_oracle';
const SEED = 13;
/** About 16,000 rows: loads in about a second, counts take milliseconds. */
const TINY = 0.02;

/** Every predicate kind, with NULL constants and NULL-holding columns (viewcount, answercount, favoritecount, lasteditoruserid, votes.userid, excerptpostid). */
const SUPPORTED = [
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount = 100 OR p.viewcount <> 40',
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount <> 40',
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount < 200 AND p.answercount >= 1',
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount <= 200 AND p.answercount > 1',
  'SELECT COUNT(*) FROM posts AS p WHERE p.score > -2 AND p.score <= 2.5',
  'SELECT COUNT(*) FROM posts AS p WHERE p.score < -1.5 OR p.score >= 1e1',
  'SELECT COUNT(*) FROM posts AS p WHERE p.score = 2.0 OR p.score = 3.5',
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount < 99999999999 AND p.score > -99999999999999999999',
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount = NULL',
  'SELECT COUNT(*) FROM posts AS p WHERE p.viewcount <> NULL',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount BETWEEN 1 AND 3',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount NOT BETWEEN 1 AND 3',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount BETWEEN SYMMETRIC 3 AND 1',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount NOT BETWEEN SYMMETRIC 3 AND 1',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount BETWEEN NULL AND 3',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount NOT BETWEEN NULL AND 3',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount NOT BETWEEN 1 AND NULL',
  'SELECT COUNT(*) FROM posts AS p WHERE p.answercount NOT BETWEEN SYMMETRIC NULL AND 3',
  'SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount IN (0, 1, NULL)',
  'SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount NOT IN (0, 1)',
  'SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount NOT IN (0, NULL)',
  'SELECT COUNT(*) FROM posts AS p WHERE p.score IN (1, 2.5, 3) AND p.score NOT IN (3, 7.5)',
  'SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount IS NULL',
  'SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount IS NOT NULL',
  'SELECT COUNT(*) FROM posts AS p WHERE (p.favoritecount > 2 OR p.viewcount IS NULL)',
  'SELECT COUNT(*) FROM posts AS p WHERE (p.score < 0 OR (p.answercount >= 2 AND p.viewcount < 100))',
  'SELECT COUNT(*) FROM votes AS v, users AS u WHERE v.userid = u.id AND v.bountyamount IS NULL',
  'SELECT COUNT(*) FROM posts AS p, users AS u WHERE p.lasteditoruserid = u.id AND u.reputation >= 10',
  'SELECT COUNT(*) FROM tags AS t, posts AS p, comments AS c WHERE t.excerptpostid = p.id AND c.postid = p.id',
  // One table under two aliases, joined many-to-many and through a third table.
  'SELECT COUNT(*) FROM posts AS p1, posts AS p2 WHERE p1.owneruserid = p2.owneruserid AND p1.score > 3',
  'SELECT COUNT(*) FROM public.users AS u1, users AS u2, badges AS b WHERE u1.id = b.userid AND u2.id = b.userid AND u2.reputation > 100',
  // Equi-joins on columns that are no keys (negative values), and shared-key chains.
  'SELECT COUNT(*) FROM posts AS p, comments AS c WHERE p.score = c.score AND p.score < 3',
  'SELECT COUNT(*) FROM comments AS c, badges AS b, votes AS v WHERE c.userid = b.userid AND b.userid = v.userid AND c.score = 0',
  'SELECT COUNT(*) FROM users AS u, posts AS p, comments AS c, votes AS v, badges AS b, posthistory AS ph WHERE p.owneruserid = u.id AND c.postid = p.id AND v.postid = p.id AND b.userid = u.id AND ph.postid = p.id AND v.votetypeid IN (2, 3) AND u.views > 5',
];

describe('builtin/builtinCardinalityOracle on the managed cluster', function () {
  this.timeout(120_000);
  let client: pg.Client;
  let parser: PgParser;
  let oracle: CardinalityOracle;
  let train: WorkloadQuery[];

  const graphOf = (sql: string): QueryGraph => {
    const built = buildQueryGraph(sql, parser);
    if (!built.ok) throw new Error(`refused ${sql}: ${JSON.stringify(built.refusals)}`);
    return built.graph;
  };
  const countInPostgres = async (graph: QueryGraph, key: string): Promise<number> => {
    const { rows } = await client.query<{ n: string }>(subplanCountSql(graph, key).replace('COUNT(*)', 'COUNT(*) AS n'));
    return Number(rows[0]!.n);
  };
  /** Checks every sub-plan the oracle answers against PostgreSQL; returns the keys it did not answer. */
  const checkAll = async (graph: QueryGraph): Promise<string[]> => {
    const skipped: string[] = [];
    for (const { key } of enumerateSubplans(graph)) {
      const mine = oracle(graph, subplanAliases(key));
      if (mine === undefined) skipped.push(key);
      else assert.equal(mine, await countInPostgres(graph, key), `${key} of ${graph.sql}`);
    }
    return skipped;
  };

  before(async () => {
    const cluster = testCluster();
    if (!(await cluster.status()).running) await cluster.start();
    await ensureDatabase(cluster.connection('postgres'), DATABASE);
    const connection = cluster.connection(DATABASE);
    await generateBuiltinDataset({ seed: SEED, scale: TINY, database: connection });
    client = new pg.Client(connection);
    await client.connect();
    parser = await loadPgParser();
    oracle = builtinCardinalityOracle(SEED, TINY);
    const generated = generateWorkloadQueries(materializeDataset(SEED, TINY), { seed: SEED, count: 30, kind: 'train' });
    train = generated.map((q, i) => ({ id: `train.sql:${i + 1}`, sql: q.sql, graph: graphOf(q.sql) }));
  });
  after(async () => {
    await client?.end();
  });

  it('answers every sub-plan of 30 generated train queries, equal to COUNT(*)', async () => {
    let checked = 0;
    for (const q of train) {
      assert.deepEqual(await checkAll(q.graph), [], q.sql);
      checked += enumerateSubplans(q.graph).length;
    }
    assert.ok(checked >= 100, `only ${checked} sub-plans`);
  });

  it('answers every predicate kind with SQL NULL semantics, equal to COUNT(*)', async () => {
    for (const sql of SUPPORTED) assert.deepEqual(await checkAll(graphOf(sql)), [], sql);
    // The NULL cases are not trivially equal: some count rows, some none.
    const whole = (sql: string): number | undefined => oracle(graphOf(sql), graphOf(sql).relations.map((r) => r.alias));
    assert.equal(whole('SELECT COUNT(*) FROM posts AS p WHERE p.viewcount = NULL'), 0);
    assert.equal(whole('SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount NOT IN (0, NULL)'), 0);
    assert.ok(whole('SELECT COUNT(*) FROM posts AS p WHERE p.answercount NOT BETWEEN NULL AND 3')! > 0);
    assert.ok(whole('SELECT COUNT(*) FROM posts AS p WHERE p.favoritecount IS NULL')! > 0);
  });

  it('answers nothing it cannot evaluate exactly, and still answers the sub-plans without it', async () => {
    const none = (sql: string): void => {
      const graph = graphOf(sql);
      assert.equal(oracle(graph, graph.relations.map((r) => r.alias)), undefined, sql);
    };
    none("SELECT COUNT(*) FROM users AS u WHERE u.reputation LIKE '1%'");
    none("SELECT COUNT(*) FROM users AS u WHERE u.reputation = '5'");
    none('SELECT COUNT(*) FROM users AS u WHERE u.reputation = 5::int');
    none('SELECT COUNT(*) FROM users AS u WHERE u.no_such_column = 5');
    none('SELECT COUNT(*) FROM accounts AS a WHERE a.id = 1');
    none('SELECT COUNT(*) FROM other.users AS u WHERE u.id = 1');
    // Relations that no join among them connects (a cross product).
    const chain = graphOf('SELECT COUNT(*) FROM tags AS t, posts AS p, users AS u WHERE t.excerptpostid = p.id AND p.owneruserid = u.id');
    assert.equal(oracle(chain, ['t', 'u']), undefined);
    // A cycle of joins is no tree: the whole is left to COUNT(*), its pairs are answered.
    const cycle = graphOf('SELECT COUNT(*) FROM comments AS c, posts AS p, users AS u WHERE c.postid = p.id AND p.owneruserid = u.id AND c.userid = u.id');
    assert.deepEqual(await checkAll(cycle), ['c p u']);
    const twoEdges = graphOf('SELECT COUNT(*) FROM comments AS c, posts AS p WHERE c.postid = p.id AND c.userid = p.owneruserid');
    assert.deepEqual(await checkAll(twoEdges), ['c p']);
    const mixed = graphOf("SELECT COUNT(*) FROM users AS u, badges AS b WHERE b.userid = u.id AND u.reputation = '5' AND b.date > 0");
    assert.deepEqual(await checkAll(mixed), ['u', 'b u']);
    assert.equal(oracle(mixed, ['u', 'nobody']), undefined);
  });

  it('is offered for a database only when its stamp and row counts match the seed and scale', async () => {
    const interactor = new Interactor({ connection: testCluster().connection(DATABASE), poolSize: 1, label: DATABASE });
    try {
      const schema = await readDatabaseSchema(interactor);
      const ok = await verifiedBuiltinOracle({ seed: SEED, scaleFactor: TINY }, interactor, schema);
      assert.ok('oracle' in ok, JSON.stringify(ok));
      const graph = graphOf('SELECT COUNT(*) FROM users AS u, badges AS b WHERE b.userid = u.id AND u.reputation > 10');
      assert.equal(ok.oracle(graph, ['b', 'u']), await countInPostgres(graph, 'b u'));
      const reason = async (expected: { seed: number; scaleFactor: number }, s = schema): Promise<string> => {
        const r = await verifiedBuiltinOracle(expected, interactor, s);
        return 'reason' in r ? r.reason : 'an oracle';
      };
      assert.match(await reason({ seed: SEED + 1, scaleFactor: TINY }), /generated by generator version 1 with seed 13 and scale 0.02, not version 1 with seed 14 and scale 0.02/);
      assert.match(await reason({ seed: SEED, scaleFactor: 0.1 }), /scale 0.02, not version 1 with seed 13 and scale 0.1/);
      const edited = { tables: schema.tables.map((t) => (t.name === 'votes' ? { ...t, rows: t.rows - 1 } : t)) };
      assert.match(await reason({ seed: SEED, scaleFactor: TINY }, edited), /table votes has \d+ rows, not the \d+ it was loaded with/);
      const empty = new Interactor({ connection: testCluster().connection('postgres'), poolSize: 1 });
      try {
        const r = await verifiedBuiltinOracle({ seed: SEED, scaleFactor: TINY }, empty, schema);
        assert.deepEqual(r, { reason: 'the database has no built-in dataset stamp' });
      } finally {
        await empty.close();
      }
    } finally {
      await interactor.close();
    }
  });

  describe('collection with the oracle', () => {
    let interactor: Interactor;
    let dir: string;
    let store: ResultsStore;
    let key: string;
    const options = (overrides: Partial<CollectOptions> = {}): CollectOptions => ({
      interactor,
      store,
      datasetKey: key,
      concurrency: 2,
      timeoutMs: 20_000,
      progress: silentProgress,
      oracle,
      ...overrides,
    });

    before(async () => {
      interactor = new Interactor({ connection: testCluster().connection(DATABASE), poolSize: 2, label: DATABASE });
      dir = mkdtempSync(join(tmpdir(), 'pilot-oracle-'));
      store = ResultsStore.open(join(dir, 'pilot.sqlite'));
      key = datasetKey(DATABASE, await readDatabaseSchema(interactor));
    });
    after(async () => {
      store?.close();
      await interactor?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('sends no COUNT(*) for generated queries and stores the values with source "oracle"', async () => {
      const queries = train.slice(0, 10);
      const { perQuery, stats } = await collectTrueCardinalities(queries, options());
      assert.equal(stats.executed, 0);
      assert.equal(stats.fromOracle, stats.distinct);
      assert.equal(stats.cached, 0);
      assert.equal(stats.failed, 0);
      const all = [...perQuery.values()].flat();
      assert.equal(all.length, stats.subplans);
      const stored = store.getCardinalities(key, all.map((s) => s.sqlHash));
      assert.equal(stored.size, stats.distinct);
      for (const s of all) {
        assert.equal(stored.get(s.sqlHash)?.source, 'oracle');
        assert.equal(stored.get(s.sqlHash)?.rows, s.rows);
      }
      // The values are PostgreSQL's: spot-check the whole join of each query.
      for (const q of queries) {
        const whole = perQuery.get(q.id)!.at(-1)!;
        assert.equal(whole.rows, await countInPostgres(q.graph, whole.key), q.sql);
      }
      // A second run finds everything in the store.
      const again = await collectTrueCardinalities(queries, options());
      assert.equal(again.stats.cached, again.stats.distinct);
      assert.equal(again.stats.fromOracle, 0);
      assert.deepEqual([...again.perQuery.entries()], [...perQuery.entries()]);
    });

    it('counts in PostgreSQL what the oracle cannot answer, and stores it with source "count"', async () => {
      const cycle: WorkloadQuery = {
        id: 'cycle',
        sql: 'SELECT COUNT(*) FROM comments AS c, posts AS p, users AS u WHERE c.postid = p.id AND p.owneruserid = u.id AND c.userid = u.id AND p.score >= 0',
        graph: graphOf('SELECT COUNT(*) FROM comments AS c, posts AS p, users AS u WHERE c.postid = p.id AND p.owneruserid = u.id AND c.userid = u.id AND p.score >= 0'),
      };
      const { perQuery, stats } = await collectTrueCardinalities([cycle], options({ datasetKey: `${key}:mixed` }));
      assert.equal(stats.executed, 1);
      assert.equal(stats.fromOracle, stats.distinct - 1);
      const whole = perQuery.get('cycle')!.find((s) => s.key === 'c p u')!;
      assert.equal(whole.rows, await countInPostgres(cycle.graph, 'c p u'));
      const stored = store.getCardinalities(`${key}:mixed`, perQuery.get('cycle')!.map((s) => s.sqlHash));
      assert.deepEqual(
        perQuery.get('cycle')!.map((s) => [s.key, stored.get(s.sqlHash)?.source]),
        [['c', 'oracle'], ['p', 'oracle'], ['u', 'oracle'], ['c p', 'oracle'], ['c u', 'oracle'], ['p u', 'oracle'], ['c p u', 'count']],
      );
    });

    it('replaces a cached timeout by the exact value', async () => {
      const query = train[0]!;
      const canonical = canonicalGraph(query.graph);
      const last = enumerateSubplans(canonical).at(-1)!;
      const sql = canonicalCountSql(canonical, last.key);
      const timeoutKey = `${key}:timeout`;
      store.putCardinalities(timeoutKey, [{ sqlHash: countSqlHash(sql), sql, rows: null, timeoutMs: 999_999, elapsedMs: 999_999, collectedAt: new Date().toISOString() }]);
      const { perQuery, stats } = await collectTrueCardinalities([query], options({ datasetKey: timeoutKey }));
      assert.equal(stats.timedOut, 0);
      assert.equal(stats.executed, 0);
      assert.equal(stats.fromOracle, stats.distinct);
      const whole = perQuery.get(query.id)!.at(-1)!;
      assert.equal(whole.rows, await countInPostgres(query.graph, whole.key));
      assert.equal(store.getCardinalities(timeoutKey, [countSqlHash(sql)]).get(countSqlHash(sql))?.source, 'oracle');
      // Without the oracle, the same cached timeout would have been kept.
      const withoutKey = `${key}:timeout-no-oracle`;
      store.putCardinalities(withoutKey, [{ sqlHash: countSqlHash(sql), sql, rows: null, timeoutMs: 999_999, elapsedMs: 1, collectedAt: new Date().toISOString() }]);
      const { oracle: _unused, ...noOracle } = options({ datasetKey: withoutKey });
      const kept = await collectTrueCardinalities([query], noOracle);
      assert.equal(kept.stats.timedOut, 1);
      assert.equal(kept.stats.fromOracle, 0);
    });
  });
});
