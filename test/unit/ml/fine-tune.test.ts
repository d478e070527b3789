import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import { fineTune, fineTuneFigures } from '../../../src/ml/fine-tune.js';
import { meanLoss } from '../../../src/ml/fit.js';
import { createDense, type DenseLayer, type TfRuntime, type TrainableModel } from '../../../src/ml/index.js';
import { Rng } from '../../../src/util/prng.js';
import { silentProgress } from '../../../src/util/progress.js';
import { countLeaks, wasmRuntime } from './wasm-runtime.js';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** y = 3x − 1 on [-1, 1]. */
const line = (n: number): Point[] => Array.from({ length: n }, (_, i) => ({ x: (2 * i) / (n - 1) - 1, y: 3 * ((2 * i) / (n - 1) - 1) - 1 }));

function model(rt: TfRuntime, name: string): TrainableModel<Point> & { dense: DenseLayer } {
  const { tf } = rt;
  const dense = createDense(rt, name, 1, 1, new Rng(3));
  return {
    dense,
    variables: dense.variables,
    loss: (batch) =>
      tf.tidy(() => {
        const x = tf.tensor2d(batch.map((p) => p.x), [batch.length, 1]);
        const y = tf.tensor2d(batch.map((p) => p.y), [batch.length, 1]);
        return tf.mean(tf.square(tf.sub(dense.apply(x), y))) as tfType.Scalar;
      }),
  };
}

const values = (variables: readonly tfType.Variable[]): number[][] => variables.map((v) => Array.from(v.dataSync()));

describe('fineTune', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await wasmRuntime();
  });

  it('trains every epoch on all samples, reports the loss before and after, and leaks nothing', async () => {
    const m = model(rt, 'fine-tune-lower');
    try {
      const samples = line(20);
      const initial = await meanLoss(rt, m, samples, 8);
      let result: Awaited<ReturnType<typeof fineTune<Point>>> | undefined;
      const leaked = await countLeaks(rt, async () => {
        result = await fineTune(rt, m, samples, { epochs: 4, batchSize: 8, learningRate: 0.05, seed: 1, progress: silentProgress, label: 'test' });
      });
      assert.equal(leaked, 0);
      assert.equal(result!.lossBefore, initial);
      assert.equal(result!.fit.epochs, 4);
      assert.equal(result!.fit.trainSize, samples.length);
      assert.equal(result!.fit.validationSize, 0);
      assert.equal(result!.restored, false);
      assert.ok(result!.lossAfter < result!.lossBefore, `${result!.lossBefore} -> ${result!.lossAfter}`);
      assert.equal(result!.lossAfter, await meanLoss(rt, m, samples, 8));
      const figures = fineTuneFigures(result!);
      assert.deepEqual(figures.timing, { epochs: 4, trainSeconds: result!.fit.seconds, samplesPerSecond: result!.fit.samplesPerSecond });
      assert.deepEqual(figures.details, { lossBefore: initial, lossAfter: result!.lossAfter, trainLoss: result!.fit.trainLoss, diverged: false, restored: false });
    } finally {
      rt.tf.dispose([...m.variables]);
    }
  });

  it('puts the previous weights back when training diverges', async () => {
    const { tf } = rt;
    // sqrt(w) from w = 0.5: one Adam step of 1 takes w below zero and the loss to NaN.
    const w = tf.variable(tf.scalar(0.5), true, 'fine-tune-diverge');
    const m: TrainableModel<Point> = { variables: [w], loss: () => tf.tidy(() => tf.sqrt(w) as tfType.Scalar) };
    try {
      const result = await fineTune(rt, m, line(10), { epochs: 3, batchSize: 5, learningRate: 1, seed: 1, progress: silentProgress, label: 'test' });
      assert.equal(result.fit.diverged, true);
      assert.equal(result.restored, true);
      assert.deepEqual(values(m.variables), [[0.5]]);
      assert.equal(result.lossAfter, result.lossBefore);
      assert.ok(Math.abs(result.lossBefore - Math.sqrt(0.5)) < 1e-6);
    } finally {
      w.dispose();
    }
  });

  it('refuses no samples and leaves the weights as they were', async () => {
    const m = model(rt, 'fine-tune-empty');
    try {
      const before = values(m.variables);
      await assert.rejects(fineTune(rt, m, [], { epochs: 2, batchSize: 4, learningRate: 0.1, seed: 1, progress: silentProgress, label: 'test' }), (e: { code?: string }) => e.code === 'ML_NO_SAMPLES');
      assert.deepEqual(values(m.variables), before);
    } finally {
      rt.tf.dispose([...m.variables]);
    }
  });
});
