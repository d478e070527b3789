import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import { createDense, fit, splitSamples, type DenseLayer, type FitOptions, type TfRuntime, type TrainableModel } from '../../../src/ml/index.js';
import { Rng } from '../../../src/util/prng.js';
import { silentProgress, type ProgressReporter } from '../../../src/util/progress.js';
import { countLeaks, wasmRuntime } from './wasm-runtime.js';

interface Point {
  readonly x: readonly [number, number];
  readonly y: number;
}

/** y = 2·x1 − x2 + 0.5 plus a little noise: a linear layer can learn it. */
function linearFixture(n: number, seed: number): Point[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const x: [number, number] = [rng.float() * 2 - 1, rng.float() * 2 - 1];
    return { x, y: 2 * x[0] - x[1] + 0.5 + (rng.float() - 0.5) * 0.01 };
  });
}

function regressionModel(rt: TfRuntime, name: string, seed: number): TrainableModel<Point> & { dense: DenseLayer } {
  const { tf } = rt;
  const dense = createDense(rt, name, 2, 1, new Rng(seed));
  return {
    dense,
    variables: dense.variables,
    loss: (batch) =>
      tf.tidy(() => {
        const x = tf.tensor2d(batch.flatMap((p) => [...p.x]), [batch.length, 2]);
        const y = tf.tensor2d(batch.map((p) => p.y), [batch.length, 1]);
        return tf.mean(tf.square(tf.sub(dense.apply(x), y))) as tfType.Scalar;
      }),
  };
}

const baseOptions: FitOptions = {
  epochs: 15,
  batchSize: 16,
  learningRate: 0.05,
  patience: 100,
  validationFraction: 0.2,
  seed: 11,
  progress: silentProgress,
  label: 'test fit',
};

const values = (vars: readonly tfType.Variable[]): number[][] => vars.map((v) => Array.from(v.dataSync()));

describe('ml: splitSamples', () => {
  it('holds out round(n·fraction) indexes, disjoint from the rest, the same for a seed', () => {
    const a = splitSamples(100, 0.2, 3);
    assert.equal(a.validation.length, 20);
    assert.equal(a.train.length, 80);
    assert.deepEqual([...a.train, ...a.validation].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(splitSamples(100, 0.2, 3), a);
    assert.notDeepEqual(splitSamples(100, 0.2, 4).validation, a.validation);
    assert.deepEqual([...a.validation].sort((x, y) => x - y), a.validation);
    // Not just the first or last 20.
    assert.ok(a.validation.some((i) => i < 50) && a.validation.some((i) => i >= 50));
  });

  it('holds out nothing below minSamplesForValidation or with fraction 0, and never everything', () => {
    assert.equal(splitSamples(9, 0.5, 1).validation.length, 0);
    assert.equal(splitSamples(9, 0.5, 1, 5).validation.length, 5);
    assert.equal(splitSamples(50, 0, 1).validation.length, 0);
    assert.equal(splitSamples(10, 0.01, 1).validation.length, 1);
    assert.equal(splitSamples(2, 0.9, 1, 1).train.length, 1);
    assert.throws(() => splitSamples(10, 1, 1), { code: 'ML_FIT_OPTIONS' });
  });
});

describe('ml: fit', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await wasmRuntime();
  });

  it('makes the loss go down on a small regression and reports what it did', async () => {
    const model = regressionModel(rt, 'fit-decrease', 1);
    try {
      const samples = linearFixture(200, 1);
      const result = await fit(rt, model, samples, baseOptions);
      assert.equal(result.epochs, 15);
      assert.equal(result.trainLoss.length, 15);
      assert.equal(result.validationLoss.length, 15);
      assert.ok((result.trainLoss[14] as number) < (result.trainLoss[0] as number) / 10, `train loss ${result.trainLoss.join(', ')}`);
      assert.ok((result.bestValidationLoss as number) < 0.01, `best validation loss ${result.bestValidationLoss}`);
      assert.equal(result.samples, 200);
      assert.equal(result.trainSize, 160);
      assert.equal(result.validationSize, 40);
      assert.deepEqual(result.validationIndexes, splitSamples(200, 0.2, 11).validation);
      assert.ok(result.samplesPerSecond > 0 && result.seconds > 0);
      assert.equal(result.stoppedEarly, false);
      assert.equal(result.diverged, false);
      const [w1, w2] = Array.from(model.dense.weight.dataSync());
      assert.ok(Math.abs((w1 as number) - 2) < 0.2 && Math.abs((w2 as number) + 1) < 0.2, `weights ${w1}, ${w2}`);
    } finally {
      rt.tf.dispose([...model.variables]);
    }
  });

  it('trains bit-identically for the same seed and differently for another', async () => {
    const samples = linearFixture(120, 2);
    const options = { ...baseOptions, epochs: 3 };
    const run = async (initSeed: number, fitSeed: number): Promise<number[][]> => {
      const model = regressionModel(rt, 'fit-determinism', initSeed);
      try {
        await fit(rt, model, samples, { ...options, seed: fitSeed });
        return values(model.variables);
      } finally {
        rt.tf.dispose([...model.variables]);
      }
    };
    const a = await run(1, 5);
    assert.deepEqual(await run(1, 5), a);
    assert.notDeepEqual(await run(1, 6), a);
    assert.notDeepEqual(await run(2, 5), a);
  });

  it('stops early when validation loss stops improving and restores the best epoch’s weights', async () => {
    const { tf } = rt;
    // One weight w: training samples pull it to 10, held-out ones want 1. Starting at 0, the
    // validation loss (w − 1)² falls until w ≈ 1, then rises: the best epoch is in the middle.
    const n = 50;
    const split = splitSamples(n, 0.2, 21);
    const held = new Set(split.validation);
    const samples = Array.from({ length: n }, (_, i) => (held.has(i) ? 1 : 10));
    const w = tf.variable(tf.scalar(0), true, 'fit-early-stop/w');
    const model: TrainableModel<number> = {
      variables: [w],
      loss: (batch) => tf.tidy(() => tf.mean(tf.square(tf.sub(w, tf.tensor1d([...batch])))) as tfType.Scalar),
    };
    try {
      const result = await fit(rt, model, samples, { ...baseOptions, seed: 21, epochs: 200, batchSize: split.train.length, learningRate: 0.1, patience: 3 });
      assert.equal(result.stoppedEarly, true);
      assert.ok(result.epochs < 200);
      const best = result.validationLoss.indexOf(Math.min(...result.validationLoss)) + 1;
      assert.equal(result.bestEpoch, best);
      assert.ok(best > 3, `best epoch ${best}`);
      assert.equal(result.epochs, best + 3 + 1);
      assert.equal(result.bestValidationLoss, result.validationLoss[best - 1]);
      const final = w.dataSync()[0] as number;
      assert.ok(Math.abs((final - 1) ** 2 - (result.bestValidationLoss as number)) < 1e-6, `w = ${final}`);
      assert.ok((result.validationLoss.at(-1) as number) > (result.bestValidationLoss as number));
    } finally {
      w.dispose();
    }
  });

  it('leaves no tensor behind (optimizer state, loss sums and best-weight copies are freed)', async () => {
    const model = regressionModel(rt, 'fit-leaks', 3);
    try {
      const samples = linearFixture(60, 3);
      // Early stopping path too: patience 0 makes a restore likely.
      const leaked = await countLeaks(rt, () => fit(rt, model, samples, { ...baseOptions, epochs: 6, patience: 0 }));
      assert.equal(leaked, 0);
      const leakedNoValidation = await countLeaks(rt, () => fit(rt, model, samples, { ...baseOptions, epochs: 2, validationFraction: 0 }));
      assert.equal(leakedNoValidation, 0);
    } finally {
      rt.tf.dispose([...model.variables]);
    }
  });

  it('leaves no tensor behind when the model throws mid-training', async () => {
    const inner = regressionModel(rt, 'fit-throws', 3);
    let calls = 0;
    const model: TrainableModel<Point> = {
      variables: inner.variables,
      loss: (batch) => {
        calls += 1;
        if (calls === 3) throw new Error('featurizer failed');
        return inner.loss(batch);
      },
    };
    try {
      const leaked = await countLeaks(rt, () => assert.rejects(fit(rt, model, linearFixture(80, 4), baseOptions), /featurizer failed/));
      assert.equal(leaked, 0);
    } finally {
      rt.tf.dispose([...inner.variables]);
    }
  });

  it('reports progress: one bar over all epochs with epoch, loss, val loss and samples/s', async () => {
    const updates: { done: number; fields: Readonly<Record<string, string | number>> | undefined }[] = [];
    const bars: { label: string; total: number; stopped: boolean }[] = [];
    const progress: ProgressReporter = {
      bar(label, total) {
        const bar = { label, total, stopped: false };
        bars.push(bar);
        return { update: (done, fields) => void updates.push({ done, fields }), stop: () => void (bar.stopped = true) };
      },
    };
    const model = regressionModel(rt, 'fit-progress', 4);
    try {
      await fit(rt, model, linearFixture(50, 5), { ...baseOptions, epochs: 2, batchSize: 10, progress, label: 'train mscn' });
    } finally {
      rt.tf.dispose([...model.variables]);
    }
    assert.deepEqual(bars, [{ label: 'train mscn', total: 80, stopped: true }]);
    const last = updates.at(-1);
    assert.equal(last?.done, 80);
    assert.equal(last?.fields?.['epoch'], '2/2');
    assert.equal(typeof last?.fields?.['loss'], 'number');
    assert.ok(Number.isFinite(last?.fields?.['val loss']));
    assert.ok((last?.fields?.['samples/s'] as number) > 0);
    assert.ok(updates.some((u) => u.done === 10), 'updated after the first batch');
  });

  it('groupOf: each epoch visits every training sample once, each group in one run, in a new seeded order', async () => {
    type Grouped = Point & { readonly group: string };
    const samples: Grouped[] = linearFixture(60, 8).map((p, i) => ({ ...p, group: `g${i % 7}` }));
    const runOnce = async (seed: number): Promise<string[][]> => {
      const inner = regressionModel(rt, `fit-grouped-${seed}`, 3);
      const seen: string[][] = [];
      const model: TrainableModel<Grouped> = {
        variables: inner.variables,
        loss: (batch) => {
          seen.push(batch.map((p) => `${p.group}:${samples.indexOf(p)}`));
          return inner.loss(batch);
        },
      };
      try {
        await fit(rt, model, samples, { ...baseOptions, epochs: 2, batchSize: 8, validationFraction: 0.2, seed, groupOf: (p) => p.group });
      } finally {
        rt.tf.dispose([...inner.variables]);
      }
      return seen;
    };
    const seen = await runOnce(5);
    const train = splitSamples(samples.length, 0.2, 5).train;
    // Training batches (validation batches come after each epoch's steps and hold the held-out samples).
    const perEpoch = Math.ceil(train.length / 8);
    const validationBatches = Math.ceil((samples.length - train.length) / 8);
    const epochs = [seen.slice(0, perEpoch).flat(), seen.slice(perEpoch + validationBatches, 2 * perEpoch + validationBatches).flat()];
    for (const order of epochs) {
      assert.deepEqual(order.map((s) => Number(s.split(':')[1])).sort((a, b) => a - b), [...train]);
      const groups = order.map((s) => s.split(':')[0]);
      const runs = groups.filter((g, i) => i === 0 || g !== groups[i - 1]);
      assert.equal(new Set(runs).size, runs.length, `a group split into several runs: ${runs.join(' ')}`);
    }
    assert.notDeepEqual(epochs[0], epochs[1]);
    assert.deepEqual(await runOnce(5), seen);
    assert.notDeepEqual(await runOnce(6), seen);
  });

  it('rejects empty sample lists and bad options with typed errors', async () => {
    const model = regressionModel(rt, 'fit-errors', 1);
    try {
      await assert.rejects(fit(rt, model, [], baseOptions), { code: 'ML_NO_SAMPLES' });
      await assert.rejects(fit(rt, model, linearFixture(5, 1), { ...baseOptions, batchSize: 0 }), { code: 'ML_FIT_OPTIONS', message: /batchSize/ });
      await assert.rejects(fit(rt, model, linearFixture(5, 1), { ...baseOptions, learningRate: -1 }), { code: 'ML_FIT_OPTIONS', message: /learningRate/ });
    } finally {
      rt.tf.dispose([...model.variables]);
    }
  });
});
