import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { createDense, createSetConvolution, loadWeightsInto, namedVariables, saveWeights, type TfRuntime } from '../../../src/ml/index.js';
import { Rng } from '../../../src/util/prng.js';
import { wasmRuntime } from './wasm-runtime.js';

describe('ml: weights file', () => {
  let rt: TfRuntime;
  let dir: string;
  before(async () => {
    rt = await wasmRuntime();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pilot-ml-weights-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A set convolution followed by a dense output: a miniature MSCN. */
  function smallModel(seed: number) {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'wf/set', 3, 6, new Rng(seed));
    const out = createDense(rt, 'wf/out', 6, 1, new Rng(seed + 1), 'sigmoid');
    const variables = [...conv.variables, ...out.variables];
    const predict = (elements: tfType.Tensor3D, mask: tfType.Tensor3D): number[] => tf.tidy(() => Array.from(out.apply(conv.apply(elements, mask)).dataSync()));
    return { variables, predict };
  }

  it('saves, then loads into fresh variables that predict exactly the same', async () => {
    const { tf } = rt;
    const trained = smallModel(1);
    const fresh = smallModel(99);
    const elements = tf.tensor3d([0.1, 0.2, 0.3, 1, -1, 0.5, 2, 2, 2, 0, 0, 0], [2, 2, 3]);
    const mask = tf.tensor3d([1, 1, 1, 0], [2, 2, 1]);
    try {
      // Make the weights less regular than their initialisation (biases are zero at first).
      for (const v of trained.variables) v.assign(tf.tidy(() => tf.add(v, tf.fill(v.shape, 0.123))));
      const manifest = await saveWeights(dir, namedVariables(trained.variables));
      assert.deepEqual(manifest.weights.map((w) => w.name), ['wf/out/bias', 'wf/out/weight', 'wf/set/1/bias', 'wf/set/1/weight', 'wf/set/2/bias', 'wf/set/2/weight']);
      const json = JSON.parse(await readFile(join(dir, 'weights.json'), 'utf8'));
      assert.deepEqual(json.weights[1], { name: 'wf/out/weight', shape: [6, 1], dtype: 'float32', offset: 4, byteLength: 24 });
      const bin = await readFile(join(dir, 'weights.bin'));
      assert.equal(bin.length, (1 + 6 + 6 + 18 + 6 + 36) * 4);
      assert.equal(bin.readFloatLE(0), trained.variables[5]?.dataSync()[0]); // out/bias, little-endian
      assert.notDeepEqual(fresh.predict(elements, mask), trained.predict(elements, mask));
      // The fresh variables are registered as `wf/set/1/weight#2` ...: names still match.
      assert.match(fresh.variables[0]?.name ?? '', /#2$/);
      await loadWeightsInto(rt, dir, namedVariables(fresh.variables));
      assert.deepEqual(fresh.predict(elements, mask), trained.predict(elements, mask));
      assert.deepEqual(fresh.variables.map((v) => Array.from(v.dataSync())), trained.variables.map((v) => Array.from(v.dataSync())));
    } finally {
      tf.dispose([elements, mask, ...trained.variables, ...fresh.variables]);
    }
  });

  it('ML_WEIGHTS_MISMATCH names the variable and both shapes, and changes nothing', async () => {
    const { tf } = rt;
    const saved = createDense(rt, 'mm/layer', 4, 3, new Rng(1));
    const wider = createDense(rt, 'mm/layer', 5, 3, new Rng(2));
    const renamed = createDense(rt, 'mm/other', 4, 3, new Rng(3));
    try {
      await saveWeights(dir, namedVariables(saved.variables));
      wider.bias.assign(tf.tensor1d([7, 8, 9]));
      // The bias comes first and matches; it must still not be assigned when the weight fails.
      await assert.rejects(loadWeightsInto(rt, dir, { 'mm/layer/bias': wider.bias, 'mm/layer/weight': wider.weight }), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'ML_WEIGHTS_MISMATCH');
        assert.match(e.message, /variable 'mm\/layer\/weight' has shape \[5, 3\] but the saved weight has \[4, 3\]/);
        assert.ok(e.message.includes(join(dir, 'weights.json')));
        return true;
      });
      assert.deepEqual(Array.from(wider.bias.dataSync()), [7, 8, 9]);
      await assert.rejects(loadWeightsInto(rt, dir, namedVariables(renamed.variables)), { code: 'ML_WEIGHTS_MISMATCH', message: /variable 'mm\/other\/(weight|bias)' \[\d+(, \d+)?\] has no saved weight/ });
      await assert.rejects(loadWeightsInto(rt, dir, { 'mm/layer/weight': saved.weight }), { code: 'ML_WEIGHTS_MISMATCH', message: /saved weights 'mm\/layer\/bias' match no variable/ });
    } finally {
      tf.dispose([...saved.variables, ...wider.variables, ...renamed.variables]);
    }
  });

  it('ML_WEIGHTS_MISSING names the file when it is absent, truncated or not a manifest', async () => {
    const { tf } = rt;
    const layer = createDense(rt, 'missing/layer', 2, 2, new Rng(1));
    try {
      await assert.rejects(loadWeightsInto(rt, dir, namedVariables(layer.variables)), { code: 'ML_WEIGHTS_MISSING', message: new RegExp(`${join(dir, 'weights.json').replace(/[/\\.]/g, '\\$&')} cannot be read`) });
      await saveWeights(dir, namedVariables(layer.variables));
      const bin = await readFile(join(dir, 'weights.bin'));
      await writeFile(join(dir, 'weights.bin'), bin.subarray(0, 8));
      await assert.rejects(loadWeightsInto(rt, dir, namedVariables(layer.variables)), { code: 'ML_WEIGHTS_MISSING', message: /weights\.bin has 8 bytes, but .* describes 24/ });
      await rm(join(dir, 'weights.bin'));
      await assert.rejects(loadWeightsInto(rt, dir, namedVariables(layer.variables)), { code: 'ML_WEIGHTS_MISSING', message: /weights\.bin cannot be read/ });
      await writeFile(join(dir, 'weights.json'), '{"format": "pilot-weights"');
      await assert.rejects(loadWeightsInto(rt, dir, namedVariables(layer.variables)), { code: 'ML_WEIGHTS_MISSING', message: /is not valid JSON/ });
      await writeFile(join(dir, 'weights.json'), JSON.stringify({ format: 'pilot-weights', version: 1, byteLength: 8, weights: [{ name: 'x', shape: [3], dtype: 'float32', offset: 0, byteLength: 8 }] }));
      await assert.rejects(loadWeightsInto(rt, dir, namedVariables(layer.variables)), { code: 'ML_WEIGHTS_MISSING', message: /is corrupt: entry 0/ });
    } finally {
      tf.dispose([...layer.variables]);
    }
  });

  it('refuses to save a variable that is not float32', async () => {
    const { tf } = rt;
    const v = tf.variable(tf.tensor1d([1, 2], 'int32'), false, 'int-weights');
    try {
      await assert.rejects(saveWeights(dir, { counts: v }), { code: 'ML_WEIGHTS_DTYPE', message: /'counts'.*int32/ });
    } finally {
      v.dispose();
    }
  });
});
