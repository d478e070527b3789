import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlgorithmRuntime, TrainingReport, WorkloadQuery } from '../../../../algorithms/algorithm.js';
import { chooseByEnsemble, type EnsembleRule } from '../../../../algorithms/lero/choose-candidate.js';
import type { DatabaseSchema } from '../../../../algorithms/database-schema.js';
import { generateCandidates, lero } from '../../../../algorithms/lero/index.js';
import { resolveParams } from '../../../../algorithms/resolve-params.js';
import { isJoinNodeType, planNodes, planSignature, relationsUnder, walkPlan } from '../../../../src/db/explain/index.js';
import { isPilotError } from '../../../../src/errors/index.js';
import { openAlgorithmFixture, type AlgorithmFixture } from '../../../helpers/algorithm-fixture.js';

const DATABASE = 'pilot_test_lero';
const SEED = 5;
/** The `small` scale (~84,000 rows): loads in about a second, queries run in milliseconds. */
const SCALE = 0.1;
/** Few queries and epochs: the whole file runs in well under a minute. */
/** updateEpochs' default, which the update tests keep. */
const PARAMS_UPDATE_EPOCHS = 5;
// chooseMargin 0: the best score always wins, so non-default candidates get chosen and checked.
const PARAMS = { maxTrainQueries: 16, minCandidateTimeoutMs: 50, hiddenChannels: [16, 8], denseUnits: [8], epochs: 8, batchSize: 32, patience: 8, learningRate: 0.003, chooseMargin: 0 };

describe('lero on the managed cluster', function () {
  this.timeout(180_000);
  let fixture: AlgorithmFixture;
  let trained: ReturnType<typeof lero.create>;
  let report: TrainingReport;
  let tensorsBefore: number;

  const runtime = (overrides: Partial<AlgorithmRuntime> = {}): AlgorithmRuntime => fixture.runtime(overrides);
  const create = (overrides: Partial<AlgorithmRuntime> = {}) => lero.create(resolveParams(lero, PARAMS), runtime(overrides));
  const bigQueries = (): WorkloadQuery[] => fixture.test.filter((q) => q.graph.relations.length >= 4);

  before(async () => {
    // A short timeout: a few generated queries take seconds under some candidate plans, and a timeout still ranks them.
    fixture = await openAlgorithmFixture({ database: DATABASE, seed: SEED, scale: SCALE, timeoutMs: 1_000, trainQueries: 40, testQueries: 30 });
    tensorsBefore = fixture.tf.tf.memory().numTensors;
    trained = create();
    report = await trained.train(fixture.train);
    if (process.env.LERO_TEST_VERBOSE) console.log(report);
  });
  after(async () => {
    trained?.dispose();
    await fixture?.close();
  });

  it('finds several distinct plans for a 4+-table query, the default plan first, and each one comes back from its cards', async () => {
    const counts: number[] = [];
    for (const q of bigQueries().slice(0, 6)) {
      const set = await generateCandidates(fixture.interactor, q.sql);
      counts.push(set.candidates.length);
      const [first, ...others] = set.candidates;
      assert.equal(first?.isDefault, true);
      assert.deepEqual(first?.cards, {});
      assert.equal(others.filter((c) => c.isDefault).length, 0);
      assert.equal(new Set(set.candidates.map((c) => c.signature)).size, set.candidates.length);
      const relations = q.graph.relations.length;
      assert.equal(set.explains, 1 + 5 * (relations - 1));
      for (const c of others) {
        const again = await fixture.interactor.execute(q.sql, { push: { cards: c.cards }, pull: ['plan'] });
        assert.ok(again.status === 'ok' && again.plan !== undefined);
        assert.equal(planSignature(again.plan.root), c.signature);
      }
    }
    assert.ok(Math.max(...counts) >= 3, `distinct candidates per query: ${counts.join(', ')}`);
  });

  it("puts the planner's own estimates back on the joins of scaled candidates", async () => {
    let restoredJoins = 0;
    for (const q of bigQueries().slice(0, 6)) {
      const set = await generateCandidates(fixture.interactor, q.sql);
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
    const set = await generateCandidates(fixture.interactor, q.sql, { factors: [1, 1] });
    const relations = q.graph.relations.length;
    assert.equal(set.candidates.length, 1);
    assert.equal(set.candidates[0]?.isDefault, true);
    assert.equal(set.candidates[0]?.sources.length, 2 * (relations - 1));
  });

  it('trains on executed candidate pairs and reports the collection', () => {
    const d = report.details as Record<string, number>;
    assert.equal(report.algorithm, 'lero');
    assert.equal(report.backend, fixture.tf.backend);
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
    // The default ensemble: members trained from different seeds, so their scores differ.
    assert.equal(d.ensembleSize, 3);
    assert.equal((report.details as { members: unknown[] }).members.length, 3);
    assert.ok(trained.trained);
  });

  it('keeps only the model\'s variables after training, and plan() leaks no tensor', async () => {
    const perMember = (trained.params.hiddenChannels as number[]).length * 2 + ((trained.params.denseUnits as number[]).length + 1) * 2;
    const variables = perMember * (trained.params.ensembleSize as number);
    assert.equal(fixture.tf.tf.memory().numTensors - tensorsBefore, variables);
    const before = fixture.tf.tf.memory().numTensors;
    for (const q of fixture.test.slice(0, 4)) await trained.plan(q);
    assert.equal(fixture.tf.tf.memory().numTensors, before);
  });

  it("plan() returns the chosen candidate's cards, which reproduce its plan", async () => {
    for (const q of bigQueries().slice(0, 8)) {
      const decision = await trained.plan(q);
      const details = decision.details as { candidates: number; chosenIndex: number; chosenSignature: string; chosenIsDefault: boolean; scores: number[]; memberScores: number[][] };
      assert.equal(details.scores.length, details.candidates);
      assert.equal(details.memberScores.length, 3);
      for (const member of details.memberScores) assert.equal(member.length, details.candidates);
      // Mean scores, and the choice the ensemble rule (veto by default) makes from the members' (margin 0).
      assert.equal(trained.params.ensembleRule, 'veto');
      details.scores.forEach((mean, i) => assert.ok(Math.abs(mean - details.memberScores.reduce((sum, m) => sum + m[i]!, 0) / 3) < 1e-9));
      assert.equal(details.chosenIndex, chooseByEnsemble(details.memberScores, 0, 0, trained.params.ensembleRule as EnsembleRule));
      assert.ok(decision.inferenceMs >= 0);
      if (details.chosenIsDefault) assert.deepEqual(decision.push.cards, {});
      else assert.ok(Object.keys(decision.push.cards ?? {}).length > 0);
      const result = await fixture.interactor.execute(q.sql, { push: decision.push, pull: ['plan'] });
      assert.ok(result.status === 'ok' && result.plan !== undefined);
      assert.equal(planSignature(result.plan.root), details.chosenSignature);
    }
  });

  it('collects nothing again, and the same seed gives the same scores', async () => {
    const again = create();
    try {
      const second = await again.train(fixture.train);
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
    const modelDir = join(fixture.dir, 'model');
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

  it("keeps PostgreSQL's plan unless the best candidate's score advantage exceeds chooseMargin", async () => {
    const withMargin = async (margin: number) => {
      const dir = join(fixture.dir, `model-margin-${margin}`);
      await trained.save(dir);
      const saved = JSON.parse(await readFile(join(dir, 'params.json'), 'utf8')) as { params: Record<string, unknown> };
      await writeFile(join(dir, 'params.json'), JSON.stringify({ ...saved, params: { ...saved.params, chooseMargin: margin } }));
      return lero.load(dir, runtime());
    };
    const never = await withMargin(1e9);
    const some = await withMargin(0.5);
    let switched = 0;
    try {
      for (const q of bigQueries().slice(0, 8)) {
        const base = (await trained.plan(q)).details as { chosenIndex: number; memberScores: number[][] };
        const none = await never.plan(q);
        assert.deepEqual(none.push.cards, {});
        assert.equal((none.details as { chosenIsDefault: boolean }).chosenIsDefault, true);
        const d = (await some.plan(q)).details as { chosenIndex: number };
        // The margin applies to the first member's advantage (the veto rule).
        const first = base.memberScores[0]!;
        const advantage = first[0]! - first[base.chosenIndex]!;
        assert.equal(d.chosenIndex, advantage > 0.5 ? base.chosenIndex : 0);
        if (base.chosenIndex !== 0) switched += 1;
      }
    } finally {
      never.dispose();
      some.dispose();
    }
    assert.ok(switched > 0, 'margin 0 never chose a non-default candidate on these queries');
  });

  it("an ensemble's first member is the one-model Lero of the same seed, and a model saved before ensembles (no members field) loads as one", async () => {
    const single = lero.create(resolveParams(lero, { ...PARAMS, ensembleSize: 1 }), runtime());
    let loaded: ReturnType<typeof lero.create> | undefined;
    try {
      await single.train(fixture.train);
      const dir = join(fixture.dir, 'model-single');
      await single.save(dir);
      const saved = JSON.parse(await readFile(join(dir, 'params.json'), 'utf8')) as { members?: number; params: Record<string, unknown> };
      assert.equal(saved.members, 1);
      delete saved.members;
      await writeFile(join(dir, 'params.json'), JSON.stringify(saved));
      loaded = await lero.load(dir, runtime());
      assert.equal(loaded.params.ensembleSize, 1);
      for (const q of bigQueries().slice(0, 3)) {
        const one = (await single.plan(q)).details as { scores: number[]; memberScores?: number[][] };
        const three = (await trained.plan(q)).details as { memberScores: number[][] };
        assert.equal(one.memberScores, undefined);
        assert.deepEqual(one.scores, three.memberScores[0]);
        assert.deepEqual(((await loaded.plan(q)).details as { scores: number[] }).scores, one.scores);
      }
    } finally {
      single.dispose();
      loaded?.dispose();
    }
  });

  it('refuses to load on a database that lacks a table the model uses (ALGO_SCHEMA_MISMATCH)', async () => {
    const modelDir = join(fixture.dir, 'model-mismatch');
    await trained.save(modelDir);
    const withoutPosts: DatabaseSchema = { tables: fixture.schema.tables.filter((t) => t.name !== 'posts') };
    await assert.rejects(lero.load(modelDir, runtime({ schema: withoutPosts })), (e: unknown) => isPilotError(e) && e.code === 'ALGO_SCHEMA_MISMATCH' && /"posts"/.test(e.message));
    await assert.rejects(lero.load(join(fixture.dir, 'nowhere'), runtime()), (e: unknown) => isPilotError(e) && e.code === 'ALGO_MODEL_MISSING');
  });

  it('refuses to plan before training (ALGO_NOT_TRAINED)', async () => {
    const fresh = create();
    await assert.rejects(fresh.plan(fixture.test[0]!), (e: unknown) => isPilotError(e) && e.code === 'ALGO_NOT_TRAINED');
    await assert.rejects(fresh.update!(fixture.test.slice(0, 1)), (e: unknown) => isPilotError(e) && e.code === 'ALGO_NOT_TRAINED');
  });

  describe('incremental update', () => {
    /** Copies of `trained` (through save and load), so the tests above keep the trained weights. */
    const copy = async (name: string): Promise<ReturnType<typeof lero.create>> => {
      const modelDir = join(fixture.dir, name);
      await trained.save(modelDir);
      return lero.load(modelDir, runtime());
    };
    const updateQueries = () => fixture.test.filter((q) => q.graph.relations.length === 4).slice(0, 3);
    const scores = async (instance: ReturnType<typeof lero.create>, q: WorkloadQuery): Promise<number[]> => ((await instance.plan(q)).details as { scores: number[] }).scores;

    it("fine-tunes on the new queries' candidate pairs only, lowering their loss, with no tensor left behind", async () => {
      const instance = await copy('update-base');
      try {
        const queries = updateQueries();
        const scoresBefore = await scores(instance, queries[0]!);
        const before = fixture.tf.tf.memory().numTensors;
        const update = await instance.update!(queries);
        assert.equal(fixture.tf.tf.memory().numTensors, before);
        const d = update.details as { pairs: number; lossBefore: number; lossAfter: number; trainLoss: number[]; learningRate: number; executionsRun: number; executionsCached: number; planMismatches: number };
        if (process.env.LERO_TEST_VERBOSE) console.log(update);
        assert.equal(update.algorithm, 'lero');
        assert.equal(update.trainQueries, queries.length);
        assert.equal(update.epochs, PARAMS_UPDATE_EPOCHS);
        assert.equal(d.trainLoss.length, PARAMS_UPDATE_EPOCHS);
        assert.equal(d.learningRate, PARAMS.learningRate / 10);
        assert.equal(update.samples, d.pairs);
        assert.ok(update.samples > 0);
        assert.ok(d.lossAfter < d.lossBefore, `loss ${d.lossBefore} -> ${d.lossAfter}`);
        // The candidates of these queries and nothing else were timed.
        let candidates = 0;
        for (const q of queries) candidates += (await generateCandidates(fixture.interactor, q.sql)).candidates.length;
        assert.equal(d.executionsRun + d.executionsCached, candidates);
        assert.equal(d.planMismatches, 0);
        assert.notDeepEqual(await scores(instance, queries[0]!), scoresBefore);
      } finally {
        instance.dispose();
      }
    });

    it('times nothing again on the same queries, is deterministic, and an updated model saved and loaded scores identically', async () => {
      const a = await copy('update-a');
      const b = await copy('update-b');
      try {
        await a.update!(updateQueries());
        const again = await b.update!(updateQueries());
        assert.equal((again.details as { executionsRun: number }).executionsRun, 0);
        const modelDir = join(fixture.dir, 'updated');
        await a.save(modelDir);
        const loaded = await lero.load(modelDir, runtime());
        try {
          for (const q of bigQueries().slice(0, 6)) {
            const expected = await scores(a, q);
            assert.deepEqual(await scores(b, q), expected);
            assert.deepEqual(await scores(loaded, q), expected);
          }
        } finally {
          loaded.dispose();
        }
      } finally {
        a.dispose();
        b.dispose();
      }
    });
  });
});
