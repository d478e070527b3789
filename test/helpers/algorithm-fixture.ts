/**
 * What the algorithm integration tests share: a small built-in dataset in a database of their
 * own on the managed cluster, an interactor with pg_pilot, a results store in a temporary
 * directory, the tfjs runtime, the parser, the schema, an AlgorithmRuntime, and generated train
 * and test queries (ids `train:<n>`, `test:<n>`; those the parser cannot represent are left out).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AlgorithmRuntime, WorkloadQuery } from '../../algorithms/algorithm.js';
import { readDatabaseSchema, type DatabaseSchema } from '../../algorithms/database-schema.js';
import { BUILTIN_GENERATOR_VERSION, generateBuiltinDataset, readBuiltinDatasetStamp } from '../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset } from '../../src/dataset/builtin/materialize-dataset.js';
import { generateWorkloadQueries } from '../../src/dataset/builtin/workload/generate-workload.js';
import { ensureDatabase } from '../../src/db/database-admin.js';
import { Interactor } from '../../src/db/interactor.js';
import { loadTfRuntime, type TfRuntime } from '../../src/ml/index.js';
import { ResultsStore } from '../../src/results/index.js';
import { buildQueryGraph, loadPgParser, type PgParser } from '../../src/sql/index.js';
import { silentProgress } from '../../src/util/progress.js';
import { testCluster } from './cluster.js';

export interface AlgorithmFixtureOptions {
  /** A database of the test file's own (created when missing). */
  readonly database: string;
  /** Seeds the dataset, the workload and the runtime. */
  readonly seed: number;
  /** The built-in generator's scale factor. */
  readonly scale: number;
  /** The runtime's per-query timeout. */
  readonly timeoutMs: number;
  /** Generated queries in `train` and `test`. */
  readonly trainQueries: number;
  readonly testQueries: number;
}

export interface AlgorithmFixture {
  readonly tf: TfRuntime;
  readonly interactor: Interactor;
  readonly store: ResultsStore;
  readonly parser: PgParser;
  readonly schema: DatabaseSchema;
  /** A temporary directory (the store lives in it), removed by close(). */
  readonly dir: string;
  readonly train: readonly WorkloadQuery[];
  readonly test: readonly WorkloadQuery[];
  /** A silent runtime on this fixture, with `overrides` applied. */
  runtime(overrides?: Partial<AlgorithmRuntime>): AlgorithmRuntime;
  close(): Promise<void>;
}

/**
 * Loads the dataset unless this seed and scale are already there, then VACUUM ANALYZEs it so
 * autovacuum has nothing left to do during the tests: its visibility map (index-only scan
 * costs) and resampled statistics would change estimates, and with them plans and row counts.
 */
export async function loadDatasetWithSettledStatistics(connection: pg.ClientConfig, seed: number, scale: number): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const stamp = await readBuiltinDatasetStamp(client).catch(() => undefined);
    const pending = async (): Promise<number> =>
      Number((await client.query<{ n: string }>('SELECT COALESCE(SUM(n_mod_since_analyze + n_ins_since_vacuum), 0) AS n FROM pg_stat_user_tables')).rows[0]?.n);
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 250));
    if (stamp?.seed !== seed || stamp.scaleFactor !== scale || stamp.version !== BUILTIN_GENERATOR_VERSION) {
      await generateBuiltinDataset({ seed, scale, database: connection });
      // The loading backend reports its inserts as it exits, a moment after the load returns.
      for (let attempt = 0; attempt < 20 && (await pending()) === 0; attempt += 1) await pause();
    }
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if ((await pending()) === 0) return;
      await client.query('VACUUM ANALYZE');
      await pause();
    }
    throw new Error('statistics did not settle after the load');
  } finally {
    await client.end();
  }
}

export async function openAlgorithmFixture(options: AlgorithmFixtureOptions): Promise<AlgorithmFixture> {
  const { database, seed, scale } = options;
  const cluster = testCluster();
  if (!(await cluster.status()).running) await cluster.start();
  await ensureDatabase(cluster.connection('postgres'), database);
  const interactor = new Interactor({ connection: cluster.connection(database), poolSize: 2 });
  let store: ResultsStore | undefined;
  let dir: string | undefined;
  try {
    await interactor.execute('CREATE EXTENSION IF NOT EXISTS pg_pilot');
    await loadDatasetWithSettledStatistics(cluster.connection(database), seed, scale);
    dir = await mkdtemp(join(tmpdir(), `${database}-`));
    store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    const tf = await loadTfRuntime();
    const parser = await loadPgParser();
    const schema = await readDatabaseSchema(interactor);
    const fixtureStore = store;
    const fixtureDir = dir;
    const workload = (kind: 'train' | 'test', count: number): WorkloadQuery[] =>
      generateWorkloadQueries(materializeDataset(seed, scale), { seed, count, kind }).flatMap((q, i) => {
        const result = buildQueryGraph(q.sql, parser);
        return result.ok ? [{ id: `${kind}:${i + 1}`, sql: q.sql, graph: result.graph }] : [];
      });
    return {
      tf,
      interactor,
      store,
      parser,
      schema,
      dir,
      runtime: (overrides = {}) => ({
        tf,
        interactor,
        parser,
        store: fixtureStore,
        dataset: database,
        schema,
        seed,
        progress: silentProgress,
        log: () => {},
        timeoutMs: options.timeoutMs,
        concurrency: 2,
        ...overrides,
      }),
      train: workload('train', options.trainQueries),
      test: workload('test', options.testQueries),
      close: async () => {
        fixtureStore.close();
        await interactor.close();
        await rm(fixtureDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    store?.close();
    await interactor.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
