import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import { LogTargetNormalizer, MAX_LOG_Q_ERROR, pairwiseRankingLoss, qError, qErrorLoss, type TfRuntime } from '../../../src/ml/index.js';
import { wasmRuntime } from './wasm-runtime.js';

const close = (a: number, b: number, relative = 1e-5): boolean => Math.abs(a - b) <= relative * Math.max(1, Math.abs(b));

describe('ml: losses', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await wasmRuntime();
  });

  it('qErrorLoss is the mean q-error of the denormalized estimates', () => {
    const { tf } = rt;
    const norm = LogTargetNormalizer.fit([1, 10, 1e6]);
    const estimates = [5, 1000, 2e5];
    const truths = [50, 1000, 2e4];
    const loss = tf.tidy(() =>
      qErrorLoss(rt, tf.tensor1d(estimates.map((r) => norm.normalize(r))), tf.tensor2d(truths.map((r) => norm.normalize(r)), [3, 1]), norm).dataSync()[0] as number,
    );
    const expected = estimates.reduce((s, e, i) => s + qError(e, truths[i] as number), 0) / 3;
    assert.ok(close(loss, expected, 1e-3), `${loss} vs ${expected}`);
    assert.ok(close(expected, (10 + 1 + 10) / 3));
  });

  it('qErrorLoss stays finite (exponent clipped) for absurd predictions', () => {
    const { tf } = rt;
    const loss = tf.tidy(() => qErrorLoss(rt, tf.tensor1d([100, 0]), tf.tensor1d([-100, 0]), { span: 20 }).dataSync()[0] as number);
    assert.ok(Number.isFinite(loss));
    assert.ok(close(loss, (Math.exp(MAX_LOG_Q_ERROR) + 1) / 2, 1e-3));
  });

  it('qErrorLoss has gradients that pull the prediction toward the target', () => {
    const { tf } = rt;
    const grad = tf.tidy(() => {
      const g = tf.grad((p: tfType.Tensor) => qErrorLoss(rt, p, tf.tensor1d([0.5, 0.5]), { span: 10 }));
      return Array.from(g(tf.tensor1d([0.2, 0.9])).dataSync());
    });
    assert.ok((grad[0] as number) < 0 && (grad[1] as number) > 0, `gradients ${grad}`);
  });

  it('pairwiseRankingLoss: lower score = faster; the loss is small for the right order and its gradient fixes a wrong one', () => {
    const { tf } = rt;
    const lossOf = (a: number, b: number, aFaster: number): number =>
      tf.tidy(() => pairwiseRankingLoss(rt, tf.tensor1d([a]), tf.tensor1d([b]), tf.tensor1d([aFaster])).dataSync()[0] as number);
    // A scored lower and A was faster: right order, small loss; the reverse: large loss.
    assert.ok(lossOf(-3, 3, 1) < 0.01);
    assert.ok(lossOf(3, -3, 1) > 5);
    assert.ok(close(lossOf(3, -3, 0), lossOf(-3, 3, 1)));
    assert.ok(close(lossOf(0, 0, 1), Math.log(2)));
    // Logistic loss, computed stably: log(1 + e^-z) with z = scoreB − scoreA.
    assert.ok(close(lossOf(1, 2.5, 1), Math.log1p(Math.exp(-1.5))));
    assert.ok(Number.isFinite(lossOf(500, -500, 1)) && close(lossOf(500, -500, 1), 1000, 1e-4));

    // Wrongly ordered pair (A faster but scored higher): descending the gradient lowers A, raises B.
    const [gA, gB] = tf.tidy(() => {
      const g = tf.grads((a: tfType.Tensor, b: tfType.Tensor) => pairwiseRankingLoss(rt, a as tfType.Tensor1D, b as tfType.Tensor1D, tf.tensor1d([1, 0])));
      return g([tf.tensor1d([2, -1]), tf.tensor1d([1, 0])]).map((t) => Array.from(t.dataSync()));
    }) as [number[], number[]];
    assert.ok((gA[0] as number) > 0 && (gB[0] as number) < 0, 'pair 1 (A faster): a descent step lowers A and raises B');
    assert.ok((gA[1] as number) < 0 && (gB[1] as number) > 0, 'pair 2 (B faster): a descent step lowers B and raises A');
  });

  it('losses leak no tensors', () => {
    const { tf } = rt;
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([2, 1]);
    const y = tf.tensor1d([1, 0]);
    const before = tf.memory().numTensors;
    qErrorLoss(rt, a, b, { span: 3 }).dispose();
    pairwiseRankingLoss(rt, a, b, y).dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([a, b, y]);
  });
});
