import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlgorithmRuntime, WorkloadQuery } from '../../../../algorithms/algorithm.js';
import { readDatabaseSchema, type DatabaseSchema } from '../../../../algorithms/database-schema.js';
import { mscn, type MscnInstance } from '../../../../algorithms/mscn/index.js';
import { sampleTables } from '../../../../algorithms/mscn/sample-tables.js';
import { resolveParams } from '../../../../algorithms/resolve-params.js';
import { generateBuiltinDataset } from '../../../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset } from '../../../../src/dataset/builtin/materialize-dataset.js';
import { generateWorkloadQueries } from '../../../../src/dataset/builtin/workload/generate-workload.js';
import { ensureDatabase } from '../../../../src/db/database-admin.js';
import { Interactor } from '../../../../src/db/interactor.js';
import { loadTfRuntime, type TfRuntime } from '../../../../src/ml/index.js';
import { ResultsStore } from '../../../../src/results/index.js';
import { buildQueryGraph, enumerateSubplans, loadPgParser, type PgParser } from '../../../../src/sql/index.js';
import { silentProgress } from '../../../../src/util/progress.js';
import { testCluster } from '../../../helpers/cluster.js';

const DATABASE = 'pilot_test_mscn';
const SEED = 11;
/** About 16,000 rows: loads in about a second. */
const SCALE = 0.02;
/** Small enough that a training run takes a few seconds on wasm. */
const PARAMS = { hiddenUnits: 24, epochs: 6, batchSize: 32, sampleSize: 64, patience: 6, learningRate: 0.003 };

describe('mscn on the managed cluster', function () {
  this.timeout(120_000);
  let tf: TfRuntime;
  let interactor: Interactor;
  let store: ResultsStore;
  let parser: PgParser;
  let schema: DatabaseSchema;
  let dir: string;
  let train: WorkloadQuery[];
  let test: WorkloadQuery[];
  let trained: MscnInstance;
  let report: Awaited<ReturnType<MscnInstance['train']>>;
  let tensorsBefore: number;

  const runtime = (overrides: Partial<AlgorithmRuntime> = {}): AlgorithmRuntime => ({
    tf,
    interactor,
    parser,
    store,
    dataset: DATABASE,
    schema,
    seed: SEED,
    progress: silentProgress,
    log: () => {},
    timeoutMs: 20_000,
    concurrency: 2,
    ...overrides,
  });
  const workload = (kind: 'train' | 'test', count: number): WorkloadQuery[] =>
    generateWorkloadQueries(materializeDataset(SEED, SCALE), { seed: SEED, count, kind }).flatMap((q, i) => {
      const result = buildQueryGraph(q.sql, parser);
      return result.ok ? [{ id: `${kind}:${i + 1}`, sql: q.sql, graph: result.graph }] : [];
    });
  const create = (seed = SEED): MscnInstance => mscn.create(resolveParams(mscn, PARAMS), runtime({ seed })) as MscnInstance;

  before(async () => {
    const cluster = testCluster();
    if (!(await cluster.status()).running) await cluster.start();
    await ensureDatabase(cluster.connection('postgres'), DATABASE);
    await generateBuiltinDataset({ seed: SEED, scale: SCALE, database: cluster.connection(DATABASE) });
    interactor = new Interactor({ connection: cluster.connection(DATABASE), poolSize: 2 });
    await interactor.execute('CREATE EXTENSION IF NOT EXISTS pg_pilot');
    dir = await mkdtemp(join(tmpdir(), 'pilot-mscn-'));
    store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    tf = await loadTfRuntime();
    parser = await loadPgParser();
    schema = await readDatabaseSchema(interactor);
    train = workload('train', 40);
    test = workload('test', 8);
    tensorsBefore = tf.tf.memory().numTensors;
    trained = create();
    report = await trained.train(train);
  });
  after(async () => {
    trained?.dispose();
    store?.close();
    await interactor?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('trains: the q-error loss goes down, and the report compares held-out q-errors with PostgreSQL', () => {
    const details = report.details as {
      fit: { trainLoss: number[] };
      qError: { mscn: { count: number; median: number }; postgres: { count: number; median: number } };
      qErrorBySize: Record<string, unknown>;
      subplans: { distinct: number; heldOut: number };
      collection: { distinct: number };
    };
    assert.equal(report.algorithm, 'mscn');
    assert.equal(report.backend, tf.backend);
    assert.equal(report.trainQueries, train.length);
    const losses = details.fit.trainLoss;
    assert.equal(losses.length, report.epochs);
    assert.ok(losses.at(-1)! < losses[0]!, `loss did not go down: ${losses.join(', ')}`);
    assert.ok(details.subplans.heldOut > 0);
    assert.equal(details.qError.mscn.count, details.subplans.heldOut);
    assert.equal(details.qError.postgres.count, details.subplans.heldOut);
    assert.ok(details.qError.mscn.median >= 1 && details.qError.postgres.median >= 1);
    assert.ok(Object.keys(details.qErrorBySize).includes('1'));
    assert.equal(details.subplans.distinct, details.collection.distinct);
    assert.ok(report.samplesPerSecond > 0);
  });

  it('leaks no tensor: training leaves only the weights, planning leaves nothing, dispose frees them', async () => {
    const weights = (trained as unknown as { model: { variables: readonly unknown[] } }).model.variables.length;
    assert.equal(tf.tf.memory().numTensors, tensorsBefore + weights);
    const before = tf.tf.memory().numTensors;
    for (const query of test) await trained.plan(query);
    await trained.estimateSubplans(test[0]!);
    assert.equal(tf.tf.memory().numTensors, before);
    const other = create();
    other.dispose();
    assert.equal(tf.tf.memory().numTensors, before);
  });

  it('plan pushes a positive card for every connected sub-plan key', async () => {
    for (const query of test) {
      const decision = await trained.plan(query);
      const keys = enumerateSubplans(query.graph).map((s) => s.key);
      assert.deepEqual(Object.keys(decision.push.cards ?? {}).sort(), [...keys].sort());
      for (const rows of Object.values(decision.push.cards ?? {})) assert.ok(Number.isFinite(rows) && rows > 0);
      assert.ok(decision.inferenceMs >= 0);
    }
    // PostgreSQL accepts the pushed cards.
    const decision = await trained.plan(test[0]!);
    const result = await interactor.execute(test[0]!.sql, { push: decision.push, pull: ['cost', 'subplanEstimates'] });
    assert.equal(result.status, 'ok');
    if (result.status === 'ok') assert.ok(result.subplanEstimates!.some((e) => e.injectedRows !== null));
  });

  it('the same seed gives identical predictions; another seed does not', async () => {
    const again = create();
    const other = create(SEED + 1);
    try {
      await again.train(train);
      await other.train(train);
      for (const query of test.slice(0, 3)) {
        assert.deepEqual(await again.estimateSubplans(query), await trained.estimateSubplans(query));
      }
      assert.notDeepEqual(await other.estimateSubplans(test[0]!), await trained.estimateSubplans(test[0]!));
    } finally {
      again.dispose();
      other.dispose();
    }
  });

  it('save then load gives identical predictions and records what it was trained with', async () => {
    const modelDir = join(dir, 'model');
    await trained.save(modelDir);
    const loaded = (await mscn.load(modelDir, runtime())) as MscnInstance;
    try {
      assert.ok(loaded.trained);
      assert.deepEqual(loaded.params, trained.params);
      for (const query of test) assert.deepEqual(await loaded.estimateSubplans(query), await trained.estimateSubplans(query));
    } finally {
      loaded.dispose();
    }
    const { readFile } = await import('node:fs/promises');
    const params = JSON.parse(await readFile(join(modelDir, 'params.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(params.seed, SEED);
    assert.equal(params.dataset, DATABASE);
    assert.equal(params.backend, tf.backend);
  });

  it('refuses to load into a database that lacks a table or column the model uses', async () => {
    const modelDir = join(dir, 'model-mismatch');
    await trained.save(modelDir);
    const featurizer = (trained as unknown as { model: { featurizer: { state: { columns: string[] }; neededColumns(): Record<string, string[]> } } }).model.featurizer;
    const usedColumn = featurizer.state.columns[0]!;
    const [table, column] = usedColumn.split('.') as [string, string];
    const droppedTable = Object.keys(featurizer.neededColumns()).find((t) => t !== table)!;
    const changed: DatabaseSchema = {
      tables: schema.tables
        .filter((t) => t.name !== droppedTable)
        .map((t) => (t.name === table ? { ...t, columns: t.columns.filter((c) => c.name !== column) } : t)),
    };
    await assert.rejects(mscn.load(modelDir, runtime({ schema: changed, dataset: 'other' })), (error: { code?: string; message: string }) => {
      assert.equal(error.code, 'ALGO_SCHEMA_MISMATCH');
      assert.match(error.message, new RegExp(`column "${usedColumn}" is missing`));
      assert.match(error.message, new RegExp(`table "${droppedTable}" is missing`));
      return true;
    });
  });

  it('an untrained model refuses to plan', async () => {
    const fresh = create();
    await assert.rejects(fresh.plan(test[0]!), (e: { code?: string }) => e.code === 'ALGO_NOT_TRAINED');
  });

  it('table samples are deterministic for a seed and differ across seeds', async () => {
    const options = { sampleSize: 50, stringColumns: {}, source: DATABASE };
    const a = await sampleTables(interactor, schema, { ...options, seed: 5 });
    const b = await sampleTables(interactor, schema, { ...options, seed: 5 });
    const c = await sampleTables(interactor, schema, { ...options, seed: 6 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.tables.posts, c.tables.posts);
    assert.equal(a.tables.posts!.rows, 50);
    assert.equal(a.tables.posts!.columns.score!.values.length, 50);
  });
});
