import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeroModel, type PlanPair } from '../../../../algorithms/lero/lero-model.js';
import { PlanFeaturizer } from '../../../../algorithms/lero/plan-featurizer.js';
import { fit, loadWeightsInto, namedVariables, saveWeights, type TfRuntime } from '../../../../src/ml/index.js';
import { silentProgress } from '../../../../src/util/progress.js';
import { countLeaks, wasmRuntime } from '../../ml/wasm-runtime.js';
import { threeWayPlan } from './plan-fixtures.js';

const TABLES = ['comments', 'posts', 'users'];
const SHAPE = { hiddenChannels: [16, 8], denseUnits: [8] };

/**
 * A learnable ranking: among these plans, ones with a Hash Join on top are faster than Nested
 * Loop on top, and fewer estimated rows are faster than more.
 */
function fixturePairs(featurizer: PlanFeaturizer): PlanPair[] {
  const pairs: PlanPair[] = [];
  const inners = ['Nested Loop', 'Merge Join', 'Hash Join'];
  let k = 0;
  for (const inner of inners) {
    for (const rows of [100, 1000, 10000, 100000]) {
      const fast = featurizer.featurize(threeWayPlan('Hash Join', inner, rows));
      const slow = featurizer.featurize(threeWayPlan('Nested Loop', inner, rows));
      const fewer = featurizer.featurize(threeWayPlan('Merge Join', inner, rows));
      const more = featurizer.featurize(threeWayPlan('Merge Join', inner, rows * 50));
      for (const [f, s] of [[fast, slow], [fewer, more]] as const) {
        pairs.push(k % 2 === 0 ? { a: f, b: s, aIsFaster: 1 } : { a: s, b: f, aIsFaster: 0 });
        k += 1;
      }
    }
  }
  return pairs;
}

describe('lero: ranking model', () => {
  let rt: TfRuntime;
  let featurizer: PlanFeaturizer;
  let pairs: PlanPair[];
  const models: LeroModel[] = [];
  const make = (seed: number): LeroModel => {
    const m = LeroModel.create(rt, { featureSize: featurizer.featureSize, ...SHAPE }, seed);
    models.push(m);
    return m;
  };
  before(async () => {
    rt = await wasmRuntime();
    const plans = ['Hash Join', 'Nested Loop', 'Merge Join'].flatMap((o) => [100, 1e6].map((r) => threeWayPlan(o, 'Nested Loop', r)));
    featurizer = PlanFeaturizer.fit(plans, TABLES);
    pairs = fixturePairs(featurizer);
  });
  after(() => {
    for (const m of models) m.dispose();
  });

  it('learns the fixture ranking: the loss falls and the faster plan of every pair scores lower', async () => {
    const model = make(1);
    const lossOf = (): number => rt.tf.tidy(() => model.loss(pairs).dataSync()[0]!);
    const before = lossOf();
    const result = await fit(rt, model, pairs, {
      epochs: 60, batchSize: 8, learningRate: 0.01, patience: 60, validationFraction: 0, seed: 3, progress: silentProgress, label: 'test',
    });
    const after = lossOf();
    assert.ok(after < before * 0.5, `loss ${before} -> ${after}`);
    assert.ok(result.trainLoss.at(-1)! < result.trainLoss[0]!);
    const s = await model.scoreValues([...pairs.map((p) => p.a), ...pairs.map((p) => p.b)]);
    const correct = pairs.filter((p, i) => (s[i]! < s[pairs.length + i]!) === (p.aIsFaster === 1)).length;
    assert.equal(correct, pairs.length);
  });

  it('gives identical scores for the same seed and different ones for another seed', async () => {
    const trees = pairs.slice(0, 6).map((p) => p.a);
    assert.deepEqual(await make(7).scoreValues(trees), await make(7).scoreValues(trees));
    assert.notDeepEqual(await make(8).scoreValues(trees), await make(7).scoreValues(trees));
  });

  it('scores a plan the same alone and inside a batch', async () => {
    const model = make(5);
    const trees = pairs.slice(0, 5).map((p) => p.b);
    const batched = await model.scoreValues(trees);
    for (const [i, t] of trees.entries()) assert.ok(Math.abs((await model.scoreValues([t]))[0]! - batched[i]!) < 1e-5);
  });

  it('saves and loads weights into a fresh model with identical scores', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lero-model-'));
    try {
      const trained = make(11);
      await fit(rt, trained, pairs, { epochs: 3, batchSize: 8, learningRate: 0.01, patience: 3, validationFraction: 0, seed: 1, progress: silentProgress, label: 'test' });
      await saveWeights(dir, namedVariables(trained.variables));
      const loaded = make(99);
      const trees = pairs.map((p) => p.a);
      assert.notDeepEqual(await loaded.scoreValues(trees), await trained.scoreValues(trees));
      await loadWeightsInto(rt, dir, namedVariables(loaded.variables));
      assert.deepEqual(await loaded.scoreValues(trees), await trained.scoreValues(trees));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaks no tensor while scoring, computing the loss or training', async () => {
    const model = make(13);
    assert.equal(await countLeaks(rt, () => model.scoreValues(pairs.map((p) => p.a))), 0);
    assert.equal(await countLeaks(rt, () => rt.tf.tidy(() => model.loss(pairs))?.dispose()), 0);
    assert.equal(
      await countLeaks(rt, () => fit(rt, model, pairs, { epochs: 2, batchSize: 8, learningRate: 0.01, patience: 2, validationFraction: 0.25, seed: 1, progress: silentProgress, label: 'test' })),
      0,
    );
  });
});
