import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import { segmentMean } from '../../../../algorithms/mscn/mscn-network.js';
import { createSetConvolution, loadTfRuntime, type TfRuntime } from '../../../../src/ml/index.js';
import { Rng } from '../../../../src/util/prng.js';

describe('mscn network', () => {
  let rt: TfRuntime;
  before(async () => {
    rt = await loadTfRuntime();
  });

  it('ragged rows with a segment mean equal the padded, masked set convolution, gradients included', () => {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'test/ragged', 5, 8, new Rng(3));
    try {
      // Three sets of sizes 2, 1 and 3.
      const owner = Int32Array.from([0, 0, 1, 2, 2, 2]);
      const rng = new Rng(9);
      const rows = Float32Array.from({ length: 6 * 5 }, () => rng.float() * 2 - 1);
      const padded = new Float32Array(3 * 3 * 5);
      const mask = new Float32Array(3 * 3);
      const slot = [0, 1, 3, 6, 7, 8];
      owner.forEach((_, r) => {
        padded.set(rows.subarray(r * 5, (r + 1) * 5), slot[r]! * 5);
        mask[slot[r]!] = 1;
      });
      const raggedLoss = (): tfType.Scalar =>
        tf.tidy(() => {
          const h = conv.layers[1].apply(conv.layers[0].apply(tf.tensor2d(rows, [6, 5])));
          return tf.sum(tf.square(segmentMean(tf, h as tfType.Tensor2D, { owner, rows: 6, batch: 3 })));
        });
      const paddedLoss = (): tfType.Scalar => tf.tidy(() => tf.sum(tf.square(conv.apply(tf.tensor3d(padded, [3, 3, 5]), tf.tensor3d(mask, [3, 3, 1])))));
      const a = tf.variableGrads(raggedLoss, [...conv.variables]);
      const b = tf.variableGrads(paddedLoss, [...conv.variables]);
      assert.ok(Math.abs(a.value.dataSync()[0]! - b.value.dataSync()[0]!) < 1e-5);
      for (const name of Object.keys(b.grads)) {
        const x = a.grads[name]!.dataSync();
        const y = b.grads[name]!.dataSync();
        assert.ok(x.every((v, i) => Math.abs(v - y[i]!) < 1e-5), `gradient of ${name} differs`);
      }
      tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    } finally {
      tf.dispose([...conv.variables]);
    }
  });

  it('keeps no tensor after an optimizer step through the segment mean', () => {
    const { tf } = rt;
    const conv = createSetConvolution(rt, 'test/leak', 4, 4, new Rng(1));
    const before = tf.memory().numTensors;
    const optimizer = tf.train.sgd(0.1);
    const owner = Int32Array.from([0, 1, 1]);
    for (let i = 0; i < 3; i++) {
      const cost = optimizer.minimize(
        () => tf.tidy(() => tf.sum(segmentMean(tf, conv.layers[0].apply(tf.ones([3, 4])) as tfType.Tensor2D, { owner, rows: 3, batch: 2 }))),
        true,
        [...conv.variables],
      );
      cost?.dispose();
    }
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([...conv.variables]);
  });
});
