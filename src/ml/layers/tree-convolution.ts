/**
 * Tree convolution (Mou et al. 2016, as used by Neo, Bao and Lero) over batches of binary trees.
 *
 * A batch of trees is flattened into one node matrix whose row 0 is a "null" node of zeros;
 * every real node stores the row of its left and right child (0 when it has none). One layer is
 *   h'(n) = act(W_node h(n) + W_left h(left(n)) + W_right h(right(n)) + b)
 * computed for all nodes of all trees at once with two gathers and one matrix product (the
 * three matrices are stacked into one [3 × in, out] kernel). Dynamic max pooling then takes,
 * per tree and channel, the maximum over the tree's nodes.
 */
import type * as tfType from '@tensorflow/tfjs';
import { PilotError } from '../../errors/index.js';
import type { Rng } from '../../util/prng.js';
import type { TfRuntime } from '../tf-runtime.js';
import { createDense, type Activation, type DenseLayer } from './dense.js';

/** One binary tree: node features row-major in `features`, children as node indexes (-1: none). */
export interface BinaryTree {
  readonly nodes: number;
  /** nodes × featureSize values. */
  readonly features: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

/** Several trees flattened for one pass of tensor ops (plain arrays: build outside tf.tidy, cheap). */
export interface TreeBatch {
  readonly trees: number;
  readonly featureSize: number;
  /** (1 + total nodes) × featureSize; row 0 is the null node (zeros). */
  readonly features: Float32Array;
  /** Per row: the row of its left / right child, 0 for none (and for the null row itself). */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** 1 for real nodes, 0 for the null row: keeps the null row at zero after each layer. */
  readonly nodeMask: Float32Array;
  /** The largest tree's node count: pooling reads trees × maxNodes rows. */
  readonly maxNodes: number;
  /** trees × maxNodes rows to pool over (0, the null row, pads smaller trees). */
  readonly poolRows: Int32Array;
  /** 1 where poolRows is a real node of the tree, 0 for padding. */
  readonly poolMask: Float32Array;
}

export function batchTrees(trees: readonly BinaryTree[], featureSize: number): TreeBatch {
  if (trees.length === 0) throw new PilotError('TREE_BATCH_EMPTY', 'a tree batch needs at least one tree');
  let total = 0;
  let maxNodes = 0;
  for (const [i, t] of trees.entries()) {
    if (t.nodes < 1 || t.features.length !== t.nodes * featureSize || t.left.length !== t.nodes || t.right.length !== t.nodes) {
      throw new PilotError('TREE_BATCH_SHAPE', `tree ${i} has ${t.nodes} nodes but ${t.features.length} feature values (expected ${t.nodes} × ${featureSize}) and ${t.left.length}/${t.right.length} child entries`);
    }
    total += t.nodes;
    maxNodes = Math.max(maxNodes, t.nodes);
  }
  const features = new Float32Array((1 + total) * featureSize);
  const left = new Int32Array(1 + total);
  const right = new Int32Array(1 + total);
  const nodeMask = new Float32Array(1 + total);
  const poolRows = new Int32Array(trees.length * maxNodes);
  const poolMask = new Float32Array(trees.length * maxNodes);
  let offset = 1;
  trees.forEach((t, ti) => {
    features.set(t.features, offset * featureSize);
    for (let n = 0; n < t.nodes; n += 1) {
      const row = offset + n;
      const l = t.left[n] ?? -1;
      const r = t.right[n] ?? -1;
      if (l >= t.nodes || r >= t.nodes) throw new PilotError('TREE_BATCH_SHAPE', `tree ${ti}, node ${n} points to a child outside the tree`);
      left[row] = l < 0 ? 0 : offset + l;
      right[row] = r < 0 ? 0 : offset + r;
      nodeMask[row] = 1;
      poolRows[ti * maxNodes + n] = row;
      poolMask[ti * maxNodes + n] = 1;
    }
    offset += t.nodes;
  });
  return { trees: trees.length, featureSize, features, left, right, nodeMask, maxNodes, poolRows, poolMask };
}

/** The batch as tensors (create inside tf.tidy, or dispose them). */
export interface TreeBatchTensors {
  readonly x: tfType.Tensor2D;
  /** [rows, 1] int32 row indexes (the index shape gatherND and scatterND take). */
  readonly left: tfType.Tensor2D;
  readonly right: tfType.Tensor2D;
  /** [trees × maxNodes, 1] int32. */
  readonly poolRows: tfType.Tensor2D;
  /** [rows, 1] */
  readonly nodeMask: tfType.Tensor2D;
  readonly batch: TreeBatch;
}

export function treeBatchTensors(rt: TfRuntime, batch: TreeBatch): TreeBatchTensors {
  const { tf } = rt;
  const rows = batch.left.length;
  return {
    x: tf.tensor2d(batch.features, [rows, batch.featureSize]),
    left: tf.tensor2d(batch.left, [rows, 1], 'int32'),
    right: tf.tensor2d(batch.right, [rows, 1], 'int32'),
    poolRows: tf.tensor2d(batch.poolRows, [batch.poolRows.length, 1], 'int32'),
    nodeMask: tf.tensor2d(batch.nodeMask, [rows, 1]),
    batch,
  };
}

export interface TreeConvolution {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly variables: readonly tfType.Variable[];
  /** [rows, in] node states -> [rows, out]; the null row stays zero. */
  apply(h: tfType.Tensor2D, input: TreeBatchTensors): tfType.Tensor2D;
}

/** One tree-convolution layer; weights seeded from `rng` through createDense (Glorot). */
export function createTreeConvolution(rt: TfRuntime, name: string, inChannels: number, outChannels: number, rng: Rng, activation: Activation): TreeConvolution {
  const dense: DenseLayer = createDense(rt, name, 3 * inChannels, outChannels, rng, activation);
  const { tf } = rt;
  return {
    inChannels,
    outChannels,
    variables: dense.variables,
    apply(h, input) {
      return tf.tidy(() => {
        if (h.shape[1] !== inChannels || h.shape[0] !== input.batch.left.length) {
          throw new RangeError(`tree convolution '${name}' expects [${input.batch.left.length}, ${inChannels}] node states, got [${h.shape.join(', ')}]`);
        }
        const stacked = tf.concat([h, gatherRows(rt, h, input.left), gatherRows(rt, h, input.right)], 1) as tfType.Tensor2D;
        return tf.mul(dense.apply(stacked), input.nodeMask) as tfType.Tensor2D;
      });
    },
  };
}

/** [rows, channels] node states -> [trees, channels]: per tree, the maximum over its nodes. */
export function dynamicMaxPool(rt: TfRuntime, h: tfType.Tensor2D, input: TreeBatchTensors): tfType.Tensor2D {
  const { tf } = rt;
  const { batch } = input;
  return tf.tidy(() => {
    const channels = h.shape[1];
    const gathered = tf.reshape(gatherRows(rt, h, input.poolRows), [batch.trees, batch.maxNodes, channels]);
    // Padding rows get a large negative offset so they never win the max (and get no gradient).
    const penalty = tf.reshape(tf.mul(tf.sub(tf.tensor1d(batch.poolMask), 1), 1e9), [batch.trees, batch.maxNodes, 1]);
    return tf.max(tf.add(gathered, penalty), 1) as tfType.Tensor2D;
  });
}

/**
 * Rows `rows` ([n, 1] int32) of `h`, differentiable on every backend. tfjs differentiates gather
 * through UnsortedSegmentSum, which the wasm backend lacks, so the gradient here scatters the
 * incoming gradient back with scatterND (which sums rows gathered more than once). On wasm the
 * rows are read with gatherND, measured 10-25 times faster there than gather for these shapes.
 */
export function gatherRows(rt: TfRuntime, h: tfType.Tensor2D, rows: tfType.Tensor2D): tfType.Tensor2D {
  const { tf } = rt;
  const op = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
    const [x, indices, save] = args as [tfType.Tensor2D, tfType.Tensor2D, tfType.GradSaveFunc];
    save([indices]);
    const shape = x.shape;
    return {
      value: rt.backend === 'wasm' ? tf.gatherND(x, indices) : tf.gather(x, tf.reshape(indices, [-1]) as tfType.Tensor1D),
      gradFunc: (dy: tfType.Tensor, saved: tfType.Tensor[]) => {
        const idx = saved[0] as tfType.Tensor2D;
        return [tf.scatterND(idx, dy, shape), tf.zerosLike(idx)];
      },
    };
  });
  return op(h, rows) as tfType.Tensor2D;
}
