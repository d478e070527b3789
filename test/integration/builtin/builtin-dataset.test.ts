import assert from 'node:assert/strict';
import pg from 'pg';
import { ensureDatabase } from '../../../src/db/database-admin.js';
import { Interactor } from '../../../src/db/interactor.js';
import { generateBuiltinDataset, readBuiltinDatasetStamp, type BuiltinLoadProgress } from '../../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset } from '../../../src/dataset/builtin/materialize-dataset.js';
import { postgresEstimateQError } from '../../../src/dataset/builtin/postgres-estimate-qerror.js';
import { BUILTIN_TABLE_NAMES } from '../../../src/dataset/builtin/schema.js';
import { generateWorkloadQueries, type GeneratedQuery } from '../../../src/dataset/builtin/workload/generate-workload.js';
import { testCluster } from '../../helpers/cluster.js';

const DATABASE = 'pilot_builtin_test';
const SEED = 7;
/** About 16,000 rows: loads in well under a second, and PostgreSQL already misestimates. */
const TINY = 0.02;

describe('builtin dataset on the managed cluster', function () {
  this.timeout(120_000);
  let connection: pg.ClientConfig;
  let client: pg.Client;
  let loaded: { tables: Record<string, number>; seconds: number };
  const progress: BuiltinLoadProgress[] = [];
  let test: GeneratedQuery[];

  before(async () => {
    const cluster = testCluster();
    if (!(await cluster.status()).running) await cluster.start();
    await ensureDatabase(cluster.connection('postgres'), DATABASE);
    connection = cluster.connection(DATABASE);
    loaded = await generateBuiltinDataset({ seed: SEED, scale: TINY, database: connection, onProgress: (p) => progress.push(p) });
    client = new pg.Client(connection);
    await client.connect();
    test = generateWorkloadQueries(materializeDataset(SEED, TINY), { seed: SEED, count: 60, kind: 'test' });
  });
  after(async () => {
    await client?.end();
  });

  it('loads every table with the generated row counts', async () => {
    const expected = materializeDataset(SEED, TINY);
    for (const name of BUILTIN_TABLE_NAMES) {
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${name}`);
      assert.equal(Number(rows[0]!.n), expected[name].rows, name);
      assert.equal(loaded.tables[name], expected[name].rows, name);
    }
    assert.deepEqual(
      [...new Set(progress.map((p) => p.phase))],
      ['generate', 'create', 'copy', 'constraints', 'vacuum-analyze', 'done'],
    );
  });

  it('adds primary keys, foreign keys and indexes, and analyzes every table', async () => {
    const { rows: cons } = await client.query<{ contype: string; n: string }>(
      "SELECT contype, COUNT(*) AS n FROM pg_constraint WHERE conrelid::regclass::text = ANY($1) GROUP BY contype ORDER BY contype",
      [BUILTIN_TABLE_NAMES],
    );
    assert.deepEqual(cons.map((r) => [r.contype, Number(r.n)]), [['f', 12], ['p', 8]]);
    const { rows: stats } = await client.query<{ tablename: string }>('SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()');
    for (const name of BUILTIN_TABLE_NAMES) assert.ok(stats.some((s) => s.tablename === name), `no statistics for ${name}`);
  });

  it('stamps the seed and scale, and a reload replaces the tables with the same rows', async () => {
    const stamp = await readBuiltinDatasetStamp(client);
    assert.equal(stamp?.seed, SEED);
    assert.equal(stamp?.scaleFactor, TINY);
    const checksum = async (): Promise<string> =>
      (await client.query<{ h: string }>('SELECT md5(string_agg(c::text, \',\' ORDER BY id)) AS h FROM comments AS c')).rows[0]!.h;
    const before = await checksum();
    const again = await generateBuiltinDataset({ seed: SEED, scale: TINY, database: connection });
    assert.deepEqual(again.tables, loaded.tables);
    assert.equal(await checksum(), before);
  });

  it('runs the test workload, and PostgreSQL finds the true counts computed in memory', async () => {
    const interactor = new Interactor({ connection });
    try {
      for (const q of test.filter((q) => q.sql.startsWith('SELECT COUNT(*)')).slice(0, 8)) {
        const result = await interactor.trueCardinality(q.sql, { timeoutMs: 20_000 });
        assert.equal(result.status, 'ok', q.sql);
        if (result.status === 'ok') assert.equal(result.rows, q.trueRows, q.sql);
      }
      const grouped = test.find((q) => q.sql.includes('GROUP BY'));
      if (grouped) assert.equal((await interactor.execute(grouped.sql, { pull: ['records'] })).status, 'ok');
    } finally {
      await interactor.close();
    }
  });

  it("shows PostgreSQL's misestimates: median q-error of 3+ table joins is at least 2", async () => {
    const interactor = new Interactor({ connection });
    try {
      const summary = await postgresEstimateQError(interactor, test.map((q) => q.sql), { timeoutMs: 10_000 });
      assert.ok(summary.overall.count >= 50, `only ${summary.overall.count} queries finished`);
      for (const q of summary.queries) assert.equal(q.actualRows, test[q.index]!.trueRows, test[q.index]!.sql);
      assert.ok(summary.threeOrMoreTables.median >= 2, `median q-error on 3+ tables: ${summary.threeOrMoreTables.median}`);
      assert.ok(summary.overall.max >= 100, `max q-error ${summary.overall.max}`);
    } finally {
      await interactor.close();
    }
  });
});
