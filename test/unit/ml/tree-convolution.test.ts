import assert from 'node:assert/strict';
import type * as tfType from '@tensorflow/tfjs';
import type { TfRuntime } from '../../../src/ml/index.js';
import {
  batchTrees,
  createTreeConvolution,
  gatherRows,
  dynamicMaxPool,
  treeBatchTensors,
  type BinaryTree,
  type TreeConvolution,
} from '../../../src/ml/layers/tree-convolution.js';
import { Rng } from '../../../src/util/prng.js';
import { isPilotError } from '../../../src/errors/index.js';
import { countLeaks, wasmRuntime } from './wasm-runtime.js';

const F = 3;

/** A tree from (features, left, right) per node, children as indexes (-1: none). */
function tree(nodes: readonly [readonly number[], number, number][]): BinaryTree {
  return {
    nodes: nodes.length,
    features: Float32Array.from(nodes.flatMap(([f]) => f)),
    left: Int32Array.from(nodes.map(([, l]) => l)),
    right: Int32Array.from(nodes.map(([, , r]) => r)),
  };
}

// root(0) with children 1 and 2; node 1 has a single (left) child 3.
const fourNodes = tree([
  [[1, 0, 0], 1, 2],
  [[0, 1, 0], 3, -1],
  [[0, 0, 1], -1, -1],
  [[1, 1, 0], -1, -1],
]);
const single = tree([[[0.5, -1, 2], -1, -1]]);

describe('ml: tree convolution', () => {
  let rt: TfRuntime;
  let layers: TreeConvolution[];
  before(async () => {
    rt = await wasmRuntime();
    const rng = new Rng(11);
    layers = [createTreeConvolution(rt, 'test/tc1', F, 4, rng, 'leakyRelu'), createTreeConvolution(rt, 'test/tc2', 4, 2, rng, 'leakyRelu')];
  });
  after(() => {
    for (const l of layers) rt.tf.dispose([...l.variables]);
  });

  /** Node states after both layers, [rows, 2], as nested arrays (row 0 is the null row). */
  function nodeStates(trees: readonly BinaryTree[]): number[][] {
    const batch = batchTrees(trees, F);
    return rt.tf.tidy(() => {
      const input = treeBatchTensors(rt, batch);
      let h: tfType.Tensor2D = input.x;
      for (const l of layers) h = l.apply(h, input);
      return h.arraySync();
    });
  }
  function pooled(trees: readonly BinaryTree[]): number[][] {
    const batch = batchTrees(trees, F);
    return rt.tf.tidy(() => {
      const input = treeBatchTensors(rt, batch);
      let h: tfType.Tensor2D = input.x;
      for (const l of layers) h = l.apply(h, input);
      return dynamicMaxPool(rt, h, input).arraySync();
    });
  }

  it('flattens a batch: row 0 is the null node, children point at global rows, pooling rows pad with 0', () => {
    const batch = batchTrees([single, fourNodes], F);
    assert.equal(batch.trees, 2);
    assert.equal(batch.maxNodes, 4);
    assert.deepEqual([...batch.left], [0, 0, 3, 5, 0, 0]);
    assert.deepEqual([...batch.right], [0, 0, 4, 0, 0, 0]);
    assert.deepEqual([...batch.nodeMask], [0, 1, 1, 1, 1, 1]);
    assert.deepEqual([...batch.poolRows], [1, 0, 0, 0, 2, 3, 4, 5]);
    assert.deepEqual([...batch.poolMask], [1, 0, 0, 0, 1, 1, 1, 1]);
    assert.deepEqual([...batch.features.slice(0, F)], [0, 0, 0]);
    assert.deepEqual([...batch.features.slice(F, 2 * F)], [0.5, -1, 2]);
  });

  it('refuses trees whose arrays do not match their node count, or whose children are outside the tree', () => {
    assert.throws(() => batchTrees([{ ...single, nodes: 2 }], F), (e: unknown) => isPilotError(e) && e.code === 'TREE_BATCH_SHAPE');
    const bad = tree([[[1, 0, 0], 5, -1]]);
    assert.throws(() => batchTrees([bad], F), (e: unknown) => isPilotError(e) && e.code === 'TREE_BATCH_SHAPE');
    assert.throws(() => batchTrees([], F), (e: unknown) => isPilotError(e) && e.code === 'TREE_BATCH_EMPTY');
  });

  it("a child's features change its parent's output, not an unrelated sibling's; the null row stays zero", () => {
    const before = nodeStates([fourNodes]);
    const changed = tree([
      [[1, 0, 0], 1, 2],
      [[0, 1, 0], 3, -1],
      [[0, 0, 1], -1, -1],
      [[5, -3, 2], -1, -1],
    ]);
    const after = nodeStates([changed]);
    assert.deepEqual(before[0], [0, 0]);
    assert.deepEqual(after[0], [0, 0]);
    // Node 3 (row 4) is node 1's (row 2) child: row 2 changes, leaf 2 (row 3) does not.
    assert.notDeepEqual(after[2], before[2]);
    assert.deepEqual(after[3], before[3]);
    // Two layers reach the grandparent too.
    assert.notDeepEqual(after[1], before[1]);
  });

  it('left and right children are told apart', () => {
    const swapped = tree([
      [[1, 0, 0], 2, 1],
      [[0, 1, 0], 3, -1],
      [[0, 0, 1], -1, -1],
      [[1, 1, 0], -1, -1],
    ]);
    assert.notDeepEqual(nodeStates([swapped])[1], nodeStates([fourNodes])[1]);
  });

  it('padding and other trees in the batch do not change a tree\'s pooled output', () => {
    const alone = pooled([single]);
    const batched = pooled([single, fourNodes]);
    const reversed = pooled([fourNodes, single]);
    assert.deepEqual(batched[0], alone[0]);
    assert.deepEqual(reversed[1], alone[0]);
    assert.deepEqual(reversed[0], pooled([fourNodes])[0]);
  });

  it('pools the per-channel maximum over the tree\'s nodes', () => {
    const states = nodeStates([fourNodes]);
    const expected = [0, 1].map((c) => Math.max(...states.slice(1).map((r) => r[c]!)));
    const got = pooled([fourNodes])[0]!;
    got.forEach((v, c) => assert.ok(Math.abs(v - expected[c]!) < 1e-6, `channel ${c}: ${v} vs ${expected[c]}`));
  });

  it('gatherRows differentiates on wasm: the gradient of a row sums over every place it was gathered to', () => {
    const { tf } = rt;
    const grad = tf.tidy(() => {
      const h = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const weights = tf.tensor2d([[1, 10], [100, 1000], [2, 20]]);
      const g = tf.grad((x: tfType.Tensor) => tf.sum(tf.mul(gatherRows(rt, x as tfType.Tensor2D, tf.tensor2d([0, 2, 0], [3, 1], 'int32')), weights)))(h);
      return g.arraySync() as number[][];
    });
    assert.deepEqual(grad, [[3, 30], [0, 0], [100, 1000]]);
  });

  it('has gradients for all three weight blocks and the bias, and leaks no tensor', async () => {
    const { tf } = rt;
    const leaked = await countLeaks(rt, () => {
      const batch = batchTrees([fourNodes, single], F);
      const grads = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const input = treeBatchTensors(rt, batch);
          let h: tfType.Tensor2D = input.x;
          for (const l of layers) h = l.apply(h, input);
          // Summing every node state reaches the root's right child; max pooling alone may not.
          return tf.add(tf.sum(h), tf.sum(dynamicMaxPool(rt, h, input))) as tfType.Scalar;
        }, [...layers[0]!.variables]);
        return Object.values(grads).map((g) => tf.keep(tf.abs(g)));
      });
      const [weight, bias] = grads.map((g) => g.arraySync()) as [number[][], number[]];
      // Rows 0..F-1: node block, F..2F-1: left child block, 2F..3F-1: right child block.
      for (const block of [0, 1, 2]) {
        const sum = weight.slice(block * F, (block + 1) * F).flat().reduce((a, b) => a + b, 0);
        assert.ok(sum > 0, `block ${block} got no gradient`);
      }
      assert.ok(bias.some((b) => b > 0));
      tf.dispose(grads);
    });
    assert.equal(leaked, 0);
  });
});
