import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlgorithmRuntime } from '../../../../algorithms/algorithm.js';
import type { DatabaseSchema } from '../../../../algorithms/database-schema.js';
import { mscn, type MscnInstance } from '../../../../algorithms/mscn/index.js';
import { sampleTables } from '../../../../algorithms/mscn/sample-tables.js';
import { resolveParams } from '../../../../algorithms/resolve-params.js';
import { enumerateSubplans } from '../../../../src/sql/index.js';
import { openAlgorithmFixture, type AlgorithmFixture } from '../../../helpers/algorithm-fixture.js';

const DATABASE = 'pilot_test_mscn';
const SEED = 11;
/** About 16,000 rows: loads in about a second. */
const SCALE = 0.02;
/** Small enough that a training run takes a few seconds on wasm. */
const PARAMS = { hiddenUnits: 24, epochs: 6, batchSize: 32, sampleSize: 64, patience: 6, learningRate: 0.003 };

describe('mscn on the managed cluster', function () {
  this.timeout(120_000);
  let fixture: AlgorithmFixture;
  let trained: MscnInstance;
  let report: Awaited<ReturnType<MscnInstance['train']>>;
  let tensorsBefore: number;

  const runtime = (overrides: Partial<AlgorithmRuntime> = {}): AlgorithmRuntime => fixture.runtime(overrides);
  const create = (seed = SEED): MscnInstance => mscn.create(resolveParams(mscn, PARAMS), runtime({ seed })) as MscnInstance;

  before(async () => {
    fixture = await openAlgorithmFixture({ database: DATABASE, seed: SEED, scale: SCALE, timeoutMs: 20_000, trainQueries: 40, testQueries: 8 });
    tensorsBefore = fixture.tf.tf.memory().numTensors;
    trained = create();
    report = await trained.train(fixture.train);
  });
  after(async () => {
    trained?.dispose();
    await fixture?.close();
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
    assert.equal(report.backend, fixture.tf.backend);
    assert.equal(report.trainQueries, fixture.train.length);
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
    assert.equal(fixture.tf.tf.memory().numTensors, tensorsBefore + weights);
    const before = fixture.tf.tf.memory().numTensors;
    for (const query of fixture.test) await trained.plan(query);
    await trained.estimateSubplans(fixture.test[0]!);
    assert.equal(fixture.tf.tf.memory().numTensors, before);
    const other = create();
    other.dispose();
    assert.equal(fixture.tf.tf.memory().numTensors, before);
  });

  it('plan pushes a positive card for every join sub-plan whose relations all keep sample rows, and nothing else', async () => {
    let pushed = 0;
    for (const query of fixture.test) {
      const decision = await trained.plan(query);
      const estimates = await trained.detailedEstimates(query);
      assert.deepEqual(estimates.map((e) => e.key).sort(), enumerateSubplans(query.graph).map((s) => s.key).sort());
      const keys = estimates.filter((e) => e.relations >= 2 && e.minSampleRows >= 5).map((e) => e.key);
      assert.deepEqual(Object.keys(decision.push.cards ?? {}).sort(), [...keys].sort());
      for (const rows of Object.values(decision.push.cards ?? {})) assert.ok(Number.isFinite(rows) && rows > 0);
      assert.ok(decision.inferenceMs >= 0);
      pushed += keys.length;
    }
    assert.ok(pushed > 0, 'no join estimate pushed on the whole test workload');
    // PostgreSQL accepts the pushed cards.
    const decision = await trained.plan(fixture.test[0]!);
    const result = await fixture.interactor.execute(fixture.test[0]!.sql, { push: decision.push, pull: ['cost', 'subplanEstimates'] });
    assert.equal(result.status, 'ok');
    if (result.status === 'ok') assert.ok(result.subplanEstimates!.some((e) => e.injectedRows !== null));
  });

  it('with pushMinTables 1 and pushMinSampleRows 0, as in the paper, pushes every sub-plan (params read back from params.json)', async () => {
    const dir = join(fixture.dir, 'push-all');
    await trained.save(dir);
    const saved = JSON.parse(await readFile(join(dir, 'params.json'), 'utf8')) as { params: Record<string, unknown> };
    saved.params = { ...saved.params, pushMinTables: 1, pushMinSampleRows: 0 };
    await writeFile(join(dir, 'params.json'), JSON.stringify(saved));
    const all = (await mscn.load(dir, runtime())) as MscnInstance;
    try {
      for (const query of fixture.test.slice(0, 5)) {
        const decision = await all.plan(query);
        assert.deepEqual(Object.keys(decision.push.cards ?? {}).sort(), enumerateSubplans(query.graph).map((s) => s.key).sort());
        assert.deepEqual(new Map(Object.entries(decision.push.cards ?? {})), await trained.estimateSubplans(query));
      }
    } finally {
      all.dispose();
    }
  });

  it('the same seed gives identical predictions; another seed does not', async () => {
    const again = create();
    const other = create(SEED + 1);
    try {
      await again.train(fixture.train);
      await other.train(fixture.train);
      for (const query of fixture.test.slice(0, 3)) {
        assert.deepEqual(await again.estimateSubplans(query), await trained.estimateSubplans(query));
      }
      assert.notDeepEqual(await other.estimateSubplans(fixture.test[0]!), await trained.estimateSubplans(fixture.test[0]!));
    } finally {
      again.dispose();
      other.dispose();
    }
  });

  it('save then load gives identical predictions and records what it was trained with', async () => {
    const modelDir = join(fixture.dir, 'model');
    await trained.save(modelDir);
    const loaded = (await mscn.load(modelDir, runtime())) as MscnInstance;
    try {
      assert.ok(loaded.trained);
      assert.deepEqual(loaded.params, trained.params);
      for (const query of fixture.test) assert.deepEqual(await loaded.estimateSubplans(query), await trained.estimateSubplans(query));
    } finally {
      loaded.dispose();
    }
    const { readFile } = await import('node:fs/promises');
    const params = JSON.parse(await readFile(join(modelDir, 'params.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(params.seed, SEED);
    assert.equal(params.dataset, DATABASE);
    assert.equal(params.backend, fixture.tf.backend);
  });

  it('refuses to load into a database that lacks a table or column the model uses', async () => {
    const modelDir = join(fixture.dir, 'model-mismatch');
    await trained.save(modelDir);
    const featurizer = (trained as unknown as { model: { featurizer: { state: { columns: string[] }; neededColumns(): Record<string, string[]> } } }).model.featurizer;
    const usedColumn = featurizer.state.columns[0]!;
    const [table, column] = usedColumn.split('.') as [string, string];
    const droppedTable = Object.keys(featurizer.neededColumns()).find((t) => t !== table)!;
    const changed: DatabaseSchema = {
      tables: fixture.schema.tables
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

  describe('incremental update', () => {
    /** Copies of `trained` (through save and load), so the tests above keep the trained weights. */
    const copy = async (name: string): Promise<MscnInstance> => {
      const modelDir = join(fixture.dir, name);
      await trained.save(modelDir);
      return (await mscn.load(modelDir, runtime())) as MscnInstance;
    };
    const updateQueries = () => fixture.test.slice(0, 3);

    it('fine-tunes on the sub-plans of the given queries only, lowering their loss, with no tensor left behind', async () => {
      const instance = await copy('update-base');
      try {
        const queries = updateQueries();
        const before = fixture.tf.tf.memory().numTensors;
        const estimatesBefore = await instance.estimateSubplans(queries[0]!);
        const update = await instance.update(queries);
        assert.equal(fixture.tf.tf.memory().numTensors, before);
        const details = update.details as {
          lossBefore: number;
          lossAfter: number;
          trainLoss: number[];
          learningRate: number;
          subplans: { total: number; distinct: number; timedOutDropped: number };
          collection: { queries: number; subplans: number; distinct: number; timedOut: number };
        };
        assert.equal(update.algorithm, 'mscn');
        assert.equal(update.trainQueries, queries.length);
        assert.equal(update.epochs, instance.params.updateEpochs);
        assert.equal(details.trainLoss.length, instance.params.updateEpochs);
        assert.ok(details.lossAfter < details.lossBefore, `loss ${details.lossBefore} -> ${details.lossAfter}`);
        assert.equal(details.learningRate, PARAMS.learningRate / 10);
        // Only these queries: every sub-plan of theirs, each distinct counted one once, nothing else.
        assert.equal(details.collection.queries, queries.length);
        assert.equal(details.subplans.total, queries.reduce((n, q) => n + enumerateSubplans(q.graph).length, 0));
        assert.equal(update.samples, details.collection.distinct - details.collection.timedOut);
        assert.equal(update.samples, details.subplans.distinct);
        assert.ok(update.samples > 0);
        // Still a working model, with other estimates than before.
        assert.notDeepEqual(await instance.estimateSubplans(queries[0]!), estimatesBefore);
        const decision = await instance.plan(queries[0]!);
        const keys = (await instance.detailedEstimates(queries[0]!)).filter((e) => e.relations >= 2 && e.minSampleRows >= 5).map((e) => e.key);
        assert.deepEqual(Object.keys(decision.push.cards ?? {}).sort(), keys.sort());
      } finally {
        instance.dispose();
      }
    });

    it('is deterministic, and an updated model saved and loaded predicts identically', async () => {
      const a = await copy('update-a');
      const b = await copy('update-b');
      try {
        await a.update(updateQueries());
        await b.update(updateQueries());
        const modelDir = join(fixture.dir, 'updated');
        await a.save(modelDir);
        const loaded = (await mscn.load(modelDir, runtime())) as MscnInstance;
        try {
          for (const query of fixture.test) {
            const expected = await a.estimateSubplans(query);
            assert.deepEqual(await b.estimateSubplans(query), expected);
            assert.deepEqual(await loaded.estimateSubplans(query), expected);
          }
        } finally {
          loaded.dispose();
        }
      } finally {
        a.dispose();
        b.dispose();
      }
    });

    it('an untrained model refuses to update', async () => {
      await assert.rejects(create().update(updateQueries()), (e: { code?: string }) => e.code === 'ALGO_NOT_TRAINED');
    });
  });

  it('an untrained model refuses to plan', async () => {
    const fresh = create();
    await assert.rejects(fresh.plan(fixture.test[0]!), (e: { code?: string }) => e.code === 'ALGO_NOT_TRAINED');
  });

  it('table samples are deterministic for a seed and differ across seeds', async () => {
    const options = { sampleSize: 50, stringColumns: {}, source: DATABASE };
    const a = await sampleTables(fixture.interactor, fixture.schema, { ...options, seed: 5 });
    const b = await sampleTables(fixture.interactor, fixture.schema, { ...options, seed: 5 });
    const c = await sampleTables(fixture.interactor, fixture.schema, { ...options, seed: 6 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.tables.posts, c.tables.posts);
    assert.equal(a.tables.posts!.rows, 50);
    assert.equal(a.tables.posts!.columns.score!.values.length, 50);
  });
});
