import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import { createDense, createSetConvolution, glorotUniform, namedVariables, weightName, type TfRuntime } from '../../../src/ml/index.js';
import { Rng } from '../../../src/util/prng.js';
import { countLeaks, wasmRuntime } from './wasm-runtime.js';

describe('ml: dense layer', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await wasmRuntime();
  });

  it('draws Glorot-uniform weights from the seeded Rng: same seed, same weights; zero bias', () => {
    const a = createDense(rt, 'dense-seed', 5, 3, new Rng(7), 'relu');
    const b = createDense(rt, 'dense-seed', 5, 3, new Rng(7), 'relu');
    const c = createDense(rt, 'dense-seed', 5, 3, new Rng(8), 'relu');
    try {
      const wa = Array.from(a.weight.dataSync());
      assert.deepEqual(Array.from(b.weight.dataSync()), wa);
      assert.notDeepEqual(Array.from(c.weight.dataSync()), wa);
      assert.deepEqual(wa, Array.from(glorotUniform(new Rng(7), 5, 3)));
      const limit = Math.sqrt(6 / 8);
      assert.ok(wa.every((w) => Math.abs(w) <= limit && w !== 0));
      assert.deepEqual(Array.from(a.bias.dataSync()), [0, 0, 0]);
      assert.deepEqual(a.weight.shape, [5, 3]);
    } finally {
      rt.tf.dispose([...a.variables, ...b.variables, ...c.variables]);
    }
  });

  it('names variables after the layer; a second live layer of the same name gets #2, saved under the same name', () => {
    const a = createDense(rt, 'named', 2, 2, new Rng(1));
    const b = createDense(rt, 'named', 2, 2, new Rng(1));
    try {
      assert.equal(a.weight.name, 'named/weight');
      assert.equal(a.bias.name, 'named/bias');
      assert.equal(b.weight.name, 'named/weight#2');
      assert.equal(weightName(b.weight), 'named/weight');
      assert.deepEqual(Object.keys(namedVariables(b.variables)), ['named/weight', 'named/bias']);
      assert.throws(() => namedVariables([...a.variables, ...b.variables]), { code: 'ML_DUPLICATE_WEIGHT_NAME' });
    } finally {
      rt.tf.dispose([...a.variables, ...b.variables]);
    }
  });

  it('applies x·W + b with the activation on rank-2 and rank-3 inputs alike', () => {
    const { tf } = rt;
    const dense = createDense(rt, 'dense-apply', 3, 2, new Rng(3), 'relu');
    try {
      dense.weight.assign(tf.tensor2d([1, -1, 2, 0, 0, 3], [3, 2]));
      dense.bias.assign(tf.tensor1d([0.5, -10]));
      const flat = tf.tidy(() => dense.apply(tf.tensor2d([1, 1, 1, 0, 0, 4], [2, 3])).arraySync());
      // row 1: [1+2+0+0.5, -1+0+3-10] → relu → [3.5, 0]; row 2: [0+0.5, 12-10] = [0.5, 2]
      assert.deepEqual(flat, [[3.5, 0], [0.5, 2]]);
      const nested = tf.tidy(() => dense.apply(tf.tensor3d([1, 1, 1, 0, 0, 4, 0, 0, 4, 1, 1, 1], [2, 2, 3])).arraySync());
      assert.deepEqual(nested, [[[3.5, 0], [0.5, 2]], [[0.5, 2], [3.5, 0]]]);
      assert.throws(() => dense.apply(tf.zeros([2, 4])), /expects \[\.\.\., 3\] input, got \[2, 4\]/);
    } finally {
      tf.dispose([...dense.variables]);
    }
  });

  it('has exact gradients on wasm (where the product uses its own transposing gradient)', () => {
    const { tf } = rt;
    assert.equal(rt.backend, 'wasm');
    const dense = createDense(rt, 'dense-grad', 3, 2, new Rng(9));
    try {
      const x = tf.tensor2d([1, 2, 3, -1, 0.5, 4], [2, 3]);
      const upstream = tf.tensor2d([1, -2, 0.5, 3], [2, 2]);
      // loss = Σ upstream ⊙ (x·W + b): dW = xᵀ·upstream, db = Σ_rows upstream, dx = upstream·Wᵀ.
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(dense.apply(x), upstream)) as tfType.Scalar, [...dense.variables]);
      const dx = tf.grad((input: tfType.Tensor) => tf.sum(tf.mul(dense.apply(input as tfType.Tensor2D), upstream)))(x);
      const w = dense.weight.arraySync() as number[][];
      const close = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-5);
      assert.ok(close(Array.from(grads['dense-grad/weight']!.dataSync()), [1 * 1 + -1 * 0.5, 1 * -2 + -1 * 3, 2 * 1 + 0.5 * 0.5, 2 * -2 + 0.5 * 3, 3 * 1 + 4 * 0.5, 3 * -2 + 4 * 3]));
      assert.ok(close(Array.from(grads['dense-grad/bias']!.dataSync()), [1.5, 1]));
      const expectedDx = [[1, -2], [0.5, 3]].flatMap((u) => w.map((row) => (row[0] as number) * (u[0] as number) + (row[1] as number) * (u[1] as number)));
      assert.ok(close(Array.from(dx.dataSync()), expectedDx));
      // applyToFeatures: the same weight gradient, and no input gradient.
      const features = tf.variableGrads(() => tf.sum(tf.mul(dense.applyToFeatures(x), upstream)) as tfType.Scalar, [...dense.variables]);
      assert.deepEqual(Array.from(features.grads['dense-grad/weight']!.dataSync()), Array.from(grads['dense-grad/weight']!.dataSync()));
      const noDx = tf.grad((input: tfType.Tensor) => tf.sum(tf.mul(dense.applyToFeatures(input as tfType.Tensor2D), upstream)))(x);
      assert.deepEqual(Array.from(noDx.dataSync()), [0, 0, 0, 0, 0, 0]);
      assert.deepEqual(tf.tidy(() => Array.from(dense.applyToFeatures(x).dataSync())), tf.tidy(() => Array.from(dense.apply(x).dataSync())));
      tf.dispose([x, upstream, dx, noDx, value, features.value, ...Object.values(grads), ...Object.values(features.grads)]);
    } finally {
      tf.dispose([...dense.variables]);
    }
  });

  it('supports leakyRelu (slope 0.01), sigmoid and linear', () => {
    const { tf } = rt;
    const results: Record<string, number[]> = {};
    for (const activation of ['leakyRelu', 'sigmoid', 'linear'] as const) {
      const dense = createDense(rt, `act-${activation}`, 1, 1, new Rng(1), activation);
      dense.weight.assign(tf.tensor2d([[1]]));
      results[activation] = tf.tidy(() => Array.from(dense.apply(tf.tensor2d([[-2], [3]])).dataSync()));
      tf.dispose([...dense.variables]);
    }
    assert.deepEqual(results['linear'], [-2, 3]);
    assert.ok(Math.abs((results['leakyRelu']?.[0] ?? 0) + 0.02) < 1e-7);
    assert.equal(results['leakyRelu']?.[1], 3);
    assert.ok(Math.abs((results['sigmoid']?.[0] ?? 0) - 1 / (1 + Math.exp(2))) < 1e-6);
  });

  it('creates no tensor beyond its two variables, and apply leaks nothing', async () => {
    const { tf } = rt;
    let dense: ReturnType<typeof createDense> | undefined;
    const created = await countLeaks(rt, () => {
      dense = createDense(rt, 'dense-leak', 4, 4, new Rng(1), 'relu');
    });
    assert.equal(created, 2);
    const x = tf.ones([3, 4]);
    const leaked = await countLeaks(rt, () => tf.tidy(() => void dense!.apply(x)));
    assert.equal(leaked, 0);
    tf.dispose([x, ...dense!.variables]);
  });
});

describe('ml: set convolution', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await wasmRuntime();
  });

  it('maps [batch, set, in] to [batch, hidden] with two ReLU layers and a masked mean', () => {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'set-shape', 3, 8, new Rng(4));
    try {
      assert.equal(conv.variables.length, 4);
      const elements = tf.tensor3d([1, 2, 3, 4, 5, 6, -1, 0, 1, 2, 2, 2], [2, 2, 3]);
      const mask = tf.tensor3d([1, 1, 1, 0], [2, 2, 1]);
      const out = tf.tidy(() => conv.apply(elements, mask));
      assert.deepEqual(out.shape, [2, 8]);
      // By hand: first set = mean of both elements' outputs; second = the first element's only.
      const perElement = tf.tidy(() => conv.layers[1].apply(conv.layers[0].apply(elements)).arraySync() as number[][][]);
      const got = out.arraySync();
      for (let j = 0; j < 8; j += 1) {
        const mean = ((perElement[0]?.[0]?.[j] ?? 0) + (perElement[0]?.[1]?.[j] ?? 0)) / 2;
        assert.ok(Math.abs((got[0]?.[j] ?? 0) - mean) < 1e-5);
        assert.ok(Math.abs((got[1]?.[j] ?? 0) - (perElement[1]?.[0]?.[j] ?? 0)) < 1e-6);
      }
      tf.dispose([elements, mask, out]);
    } finally {
      tf.dispose([...conv.variables]);
    }
  });

  it('ignores masked elements: changing a padded row does not change the output', () => {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'set-mask', 2, 4, new Rng(5));
    try {
      const mask = tf.tensor3d([1, 1, 0], [1, 3, 1]);
      const a = tf.tidy(() => conv.apply(tf.tensor3d([0.5, 1, -1, 2, 0, 0], [1, 3, 2]), mask).arraySync());
      const b = tf.tidy(() => conv.apply(tf.tensor3d([0.5, 1, -1, 2, 100, -50], [1, 3, 2]), mask).arraySync());
      assert.deepEqual(b, a);
      const unmasked = tf.tidy(() => conv.apply(tf.tensor3d([0.5, 1, -1, 2, 100, -50], [1, 3, 2]), tf.ones([1, 3, 1]) as never).arraySync());
      assert.notDeepEqual(unmasked, a);
      mask.dispose();
    } finally {
      tf.dispose([...conv.variables]);
    }
  });

  it('gives zeros, not NaN, for a set with no element', () => {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'set-empty', 2, 4, new Rng(6));
    try {
      const out = tf.tidy(() => conv.apply(tf.ones([2, 3, 2]) as never, tf.zeros([2, 3, 1]) as never).arraySync());
      assert.deepEqual(out, [[0, 0, 0, 0], [0, 0, 0, 0]]);
    } finally {
      tf.dispose([...conv.variables]);
    }
  });

  it('rejects a mask that does not fit the elements', () => {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'set-bad-mask', 2, 4, new Rng(6));
    try {
      assert.throws(() => tf.tidy(() => conv.apply(tf.ones([2, 3, 2]) as never, tf.ones([2, 2, 1]) as never)), /does not fit elements \[2, 3, 2\]/);
    } finally {
      tf.dispose([...conv.variables]);
    }
  });
});
