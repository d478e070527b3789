import assert from 'node:assert/strict';
import { mscn } from '../../../../algorithms/mscn/index.js';
import { mscnLoss } from '../../../../algorithms/mscn/mscn-loss.js';
import { readMscnParams, updateLearningRate } from '../../../../algorithms/mscn/mscn-params.js';
import { resolveParams } from '../../../../algorithms/resolve-params.js';
import { LogTargetNormalizer, loadTfRuntime, type TfRuntime } from '../../../../src/ml/index.js';

describe('mscn loss and parameters', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await loadTfRuntime();
  });

  it('logQError is the mean |log est - log true|; qError the mean q-error', () => {
    const { tf } = rt;
    // Rows 1 .. e^10; estimates off by factors e^1 and e^3.
    const normalizer = LogTargetNormalizer.fit([1, Math.exp(10)]);
    const target = tf.tensor1d([normalizer.normalize(Math.exp(2)), normalizer.normalize(Math.exp(5))]);
    const predicted = tf.tensor1d([normalizer.normalize(Math.exp(3)), normalizer.normalize(Math.exp(2))]);
    const log = mscnLoss(rt, 'logQError', predicted, target, normalizer);
    const q = mscnLoss(rt, 'qError', predicted, target, normalizer);
    assert.ok(Math.abs(log.dataSync()[0]! - 2) < 1e-4);
    assert.ok(Math.abs(q.dataSync()[0]! - (Math.E + Math.exp(3)) / 2) < 1e-3);
    tf.dispose([target, predicted, log, q]);
  });

  it('fills in every default and refuses unknown losses', () => {
    const params = resolveParams(mscn, {});
    assert.deepEqual(params, {
      hiddenUnits: 256,
      epochs: 100,
      batchSize: 128,
      learningRate: 0.001,
      loss: 'logQError',
      patience: 10,
      validationFraction: 0.1,
      sampleSize: 1000,
      timeoutMs: null,
      maxTrainQueries: null,
      updateEpochs: 5,
      updateLearningRate: null,
      pushMinTables: 2,
      pushMinSampleRows: 5,
      batchGrouping: 'query',
    });
    assert.throws(() => resolveParams(mscn, { batchGrouping: 'table' }), (e: { code?: string }) => e.code === 'ALGO_BAD_PARAMS');
    assert.throws(() => resolveParams(mscn, { pushMinTables: 0 }), (e: { code?: string }) => e.code === 'ALGO_BAD_PARAMS');
    assert.throws(() => resolveParams(mscn, { loss: 'mse' }), (e: { code?: string }) => e.code === 'ALGO_BAD_PARAMS');
    assert.throws(() => resolveParams(mscn, { updateEpochs: 0 }), (e: { code?: string }) => e.code === 'ALGO_BAD_PARAMS');
    assert.throws(() => resolveParams(mscn, { updateLearningRate: 0 }), (e: { code?: string }) => e.code === 'ALGO_BAD_PARAMS');
    assert.equal(updateLearningRate(readMscnParams(params)), 0.0001);
    assert.equal(updateLearningRate(readMscnParams({ ...params, updateLearningRate: 0.02 })), 0.02);
  });
});
