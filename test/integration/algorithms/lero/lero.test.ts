import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlgorithmRuntime, TrainingReport, WorkloadQuery } from '../../../../algorithms/algorithm.js';
import { readDatabaseSchema, type DatabaseSchema } from '../../../../algorithms/database-schema.js';
import { generateCandidates, lero } from '../../../../algorithms/lero/index.js';
import { resolveParams } from '../../../../algorithms/resolve-params.js';
import pg from 'pg';
import { BUILTIN_GENERATOR_VERSION, generateBuiltinDataset, readBuiltinDatasetStamp } from '../../../../src/dataset/builtin/generate-builtin-dataset.js';
import { materializeDataset } from '../../../../src/dataset/builtin/materialize-dataset.js';
import { generateWorkloadQueries } from '../../../../src/dataset/builtin/workload/generate-workload.js';
import { ensureDatabase } from '../../../../src/db/database-admin.js';
import { isJoinNodeType, planNodes, planSignature, relationsUnder, walkPlan } from '../../../../src/db/explain/index.js';
import { Interactor } from '../../../../src/db/interactor.js';
import { isPilotError } from '../../../../src/errors/index.js';
import { loadTfRuntime, type TfRuntime } from '../../../../src/ml/index.js';
import { ResultsStore } from '../../../../src/results/index.js';
import { buildQueryGraph, loadPgParser, type PgParser } from '../../../../src/sql/index.js';
import { silentProgress } from '../../../../src/util/progress.js';
import { testCluster } from '../../../helpers/cluster.js';

const DATABASE = 'pilot_test_lero';
const SEED = 5;
/** The `small` scale (~84,000 rows): loads in about a second, queries run in milliseconds. */
const SCALE = 0.1;
/** Few queries and epochs: the whole file runs in well under a minute. */
const PARAMS = { maxTrainQueries: 16, minCandidateTimeoutMs: 50, hiddenChannels: [16, 8], denseUnits: [8], epochs: 8, batchSize: 32, patience: 8, learningRate: 0.003 };

/**
 * Loads the dataset unless this seed and scale are already there, then VACUUM ANALYZEs it so
 * autovacuum has nothing left to do during the tests: its visibility map (index-only scan
 * costs) and resampled statistics would change estimates, and with them the candidate plans.
 */
async function loadDatasetWithSettledStatistics(connection: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const stamp = await readBuiltinDatasetStamp(client).catch(() => undefined);
    const pending = async (): Promise<number> =>
      Number((await client.query<{ n: string }>('SELECT COALESCE(SUM(n_mod_since_analyze + n_ins_since_vacuum), 0) AS n FROM pg_stat_user_tables')).rows[0]?.n);
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 250));
    if (stamp?.seed !== SEED || stamp.scaleFactor !== SCALE || stamp.version !== BUILTIN_GENERATOR_VERSION) {
      await generateBuiltinDataset({ seed: SEED, scale: SCALE, database: connection });
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

describe('lero on the managed cluster', function () {
  this.timeout(180_000);
  let tf: TfRuntime;
  let interactor: Interactor;
  let store: ResultsStore;
  let parser: PgParser;
  let schema: DatabaseSchema;
  let dir: string;
  let train: WorkloadQuery[];
  let test: WorkloadQuery[];
  let trained: ReturnType<typeof lero.create>;
  let report: TrainingReport;
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
    // Short: a few generated queries take seconds under some candidate plans, and a timeout still ranks them.
    timeoutMs: 1_000,
    concurrency: 2,
    ...overrides,
  });
  const workload = (kind: 'train' | 'test', count: number): WorkloadQuery[] =>
    generateWorkloadQueries(materializeDataset(SEED, SCALE), { seed: SEED, count, kind }).flatMap((q, i) => {
      const result = buildQueryGraph(q.sql, parser);
      return result.ok ? [{ id: `${kind}:${i + 1}`, sql: q.sql, graph: result.graph }] : [];
    });
  const create = (overrides: Partial<AlgorithmRuntime> = {}) => lero.create(resolveParams(lero, PARAMS), runtime(overrides));
  const bigQueries = (): WorkloadQuery[] => test.filter((q) => q.graph.relations.length >= 4);

  before(async () => {
    const cluster = testCluster();
    if (!(await cluster.status()).running) await cluster.start();
    await ensureDatabase(cluster.connection('postgres'), DATABASE);
    interactor = new Interactor({ connection: cluster.connection(DATABASE), poolSize: 2 });
    await interactor.execute('CREATE EXTENSION IF NOT EXISTS pg_pilot');
    await loadDatasetWithSettledStatistics(cluster.connection(DATABASE));
    dir = await mkdtemp(join(tmpdir(), 'pilot-lero-'));
    store = ResultsStore.open(join(dir, 'pilot.sqlite'));
    tf = await loadTfRuntime();
    parser = await loadPgParser();
    schema = await readDatabaseSchema(interactor);
    train = workload('train', 40);
    test = workload('test', 30);
    tensorsBefore = tf.tf.memory().numTensors;
    trained = create();
    report = await trained.train(train);
    if (process.env.LERO_TEST_VERBOSE) console.log(report);
  });
  after(async () => {
    trained?.dispose();
    store?.close();
    await interactor?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('finds several distinct plans for a 4+-table query, the default plan first, and each one comes back from its cards', async () => {
    const counts: number[] = [];
    for (const q of bigQueries().slice(0, 6)) {
      const set = await generateCandidates(interactor, q.sql);
      counts.push(set.candidates.length);
      const [first, ...others] = set.candidates;
      assert.equal(first?.isDefault, true);
      assert.deepEqual(first?.cards, {});
      assert.equal(others.filter((c) => c.isDefault).length, 0);
      assert.equal(new Set(set.candidates.map((c) => c.signature)).size, set.candidates.length);
      const relations = q.graph.relations.length;
      assert.equal(set.explains, 1 + 5 * (relations - 1));
      for (const c of others) {
        const again = await interactor.execute(q.sql, { push: { cards: c.cards }, pull: ['plan'] });
        assert.ok(again.status === 'ok' && again.plan !== undefined);
        assert.equal(planSignature(again.plan.root), c.signature);
      }
    }
    assert.ok(Math.max(...counts) >= 3, `distinct candidates per query: ${counts.join(', ')}`);
  });

  it("puts the planner's own estimates back on the joins of scaled candidates", async () => {
    let restoredJoins = 0;
    for (const q of bigQueries().slice(0, 6)) {
      const set = await generateCandidates(interactor, q.sql);
      const planner = new Map(set.estimates.map((e) => [e.key, Math.max(1, Math.round(e.plannerRows))]));
      const [first] = set.candidates;
      // The default plan already carries the planner's own estimates: nothing changes.
      assert.deepEqual(planNodes(first!.restoredRoot).map((n) => n.planRows), planNodes(first!.plan.root).map((n) => n.planRows));
      for (const c of set.candidates) {
        walkPlan(c.restoredRoot, (node) => {
          if (isJoinNodeType(node.nodeType)) {
            assert.equal(node.planRows, planner.get(relationsUnder(node)), `${c.signature}: ${node.nodeType} over ${relationsUnder(node)}`);
            if (!c.isDefault) restoredJoins += 1;
          }
          if (node.nodeType === 'Hash') assert.equal(node.planRows, node.children[0]?.planRows);
        });
      }
      // Scaled candidates showed other rows in their EXPLAIN; the EXPLAIN itself is left as it was.
      if (set.candidates.length > 1) {
        const changed = set.candidates.filter((c) => planNodes(c.restoredRoot).some((n, i) => n.planRows !== planNodes(c.plan.root)[i]!.planRows));
        assert.ok(changed.length > 0);
      }
    }
    assert.ok(restoredJoins > 0);
  });

  it('deduplicates by signature: scalings that give the same plan make one candidate that lists them all', async () => {
    const q = bigQueries()[0]!;
    const set = await generateCandidates(interactor, q.sql, { factors: [1, 1] });
    const relations = q.graph.relations.length;
    assert.equal(set.candidates.length, 1);
    assert.equal(set.candidates[0]?.isDefault, true);
    assert.equal(set.candidates[0]?.sources.length, 2 * (relations - 1));
  });

  it('trains on executed candidate pairs and reports the collection', () => {
    const d = report.details as Record<string, number>;
    assert.equal(report.algorithm, 'lero');
    assert.equal(report.backend, tf.backend);
    assert.equal(report.trainQueries, PARAMS.maxTrainQueries);
    assert.equal(d.queriesUsed, PARAMS.maxTrainQueries);
    assert.ok(d.candidatesPerQueryMax! >= 2);
    assert.ok(d.candidatesPerQueryMean! >= 1);
    assert.equal(d.executionsRun! + d.executionsCached!, Math.round(d.candidatesPerQueryMean! * PARAMS.maxTrainQueries));
    assert.ok(d.executionsRun! > 0);
    assert.equal(d.pairs, report.samples);
    assert.ok(report.samples > 0);
    assert.equal(d.trainPairs! + d.validationPairs!, report.samples);
    assert.ok(report.epochs >= 1 && report.epochs <= PARAMS.epochs);
    assert.ok(d.validationPairAccuracy === null || (d.validationPairAccuracy! >= 0 && d.validationPairAccuracy! <= 1));
    assert.equal(d.planMismatches, 0);
    assert.ok(trained.trained);
  });

  it('keeps only the model\'s variables after training, and plan() leaks no tensor', async () => {
    const variables = (trained.params.hiddenChannels as number[]).length * 2 + ((trained.params.denseUnits as number[]).length + 1) * 2;
    assert.equal(tf.tf.memory().numTensors - tensorsBefore, variables);
    const before = tf.tf.memory().numTensors;
    for (const q of test.slice(0, 4)) await trained.plan(q);
    assert.equal(tf.tf.memory().numTensors, before);
  });

  it("plan() returns the chosen candidate's cards, which reproduce its plan", async () => {
    for (const q of bigQueries().slice(0, 8)) {
      const decision = await trained.plan(q);
      const details = decision.details as { candidates: number; chosenIndex: number; chosenSignature: string; chosenIsDefault: boolean; scores: number[] };
      assert.equal(details.scores.length, details.candidates);
      assert.equal(details.scores[details.chosenIndex], Math.min(...details.scores));
      assert.ok(decision.inferenceMs >= 0);
      if (details.chosenIsDefault) assert.deepEqual(decision.push.cards, {});
      else assert.ok(Object.keys(decision.push.cards ?? {}).length > 0);
      const result = await interactor.execute(q.sql, { push: decision.push, pull: ['plan'] });
      assert.ok(result.status === 'ok' && result.plan !== undefined);
      assert.equal(planSignature(result.plan.root), details.chosenSignature);
    }
  });

  it('collects nothing again, and the same seed gives the same scores', async () => {
    const again = create();
    try {
      const second = await again.train(train);
      const d = second.details as Record<string, number>;
      if (process.env.LERO_TEST_VERBOSE) console.log(report.details, second.details);
      assert.equal(d.executionsRun, 0);
      assert.equal(d.executionsCached, (report.details as Record<string, number>).executionsRun! + (report.details as Record<string, number>).executionsCached!);
      for (const q of bigQueries().slice(0, 4)) {
        const a = await trained.plan(q);
        const b = await again.plan(q);
        assert.deepEqual((b.details as { scores: number[] }).scores, (a.details as { scores: number[] }).scores);
      }
    } finally {
      again.dispose();
    }
  });

  it('saves and loads: identical scores and decisions; params, featurizer and weights on disk', async () => {
    const modelDir = join(dir, 'model');
    await trained.save(modelDir);
    const loaded = await lero.load(modelDir, runtime({ seed: 999 }));
    try {
      assert.ok(loaded.trained);
      assert.deepEqual(loaded.params, trained.params);
      for (const q of bigQueries().slice(0, 4)) {
        const a = await trained.plan(q);
        const b = await loaded.plan(q);
        assert.deepEqual(b.push, a.push);
        assert.deepEqual((b.details as { scores: number[] }).scores, (a.details as { scores: number[] }).scores);
      }
    } finally {
      loaded.dispose();
    }
  });

  it('refuses to load on a database that lacks a table the model uses (ALGO_SCHEMA_MISMATCH)', async () => {
    const modelDir = join(dir, 'model-mismatch');
    await trained.save(modelDir);
    const withoutPosts: DatabaseSchema = { tables: schema.tables.filter((t) => t.name !== 'posts') };
    await assert.rejects(lero.load(modelDir, runtime({ schema: withoutPosts })), (e: unknown) => isPilotError(e) && e.code === 'ALGO_SCHEMA_MISMATCH' && /"posts"/.test(e.message));
    await assert.rejects(lero.load(join(dir, 'nowhere'), runtime()), (e: unknown) => isPilotError(e) && e.code === 'ALGO_MODEL_MISSING');
  });

  it('refuses to plan before training (ALGO_NOT_TRAINED)', async () => {
    const fresh = create();
    await assert.rejects(fresh.plan(test[0]!), (e: unknown) => isPilotError(e) && e.code === 'ALGO_NOT_TRAINED');
  });
});
