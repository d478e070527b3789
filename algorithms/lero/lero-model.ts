/**
 * Lero's plan scorer: tree convolution over the plan's nodes, dynamic max pooling, dense layers,
 * one scalar per plan. Only the order of scores matters: lower means faster.
 */
import type * as tfType from '@tensorflow/tfjs';
import { createDense, pairwiseRankingLoss, type DenseLayer, type TfRuntime } from '../../src/ml/index.js';
import {
  batchTrees,
  createTreeConvolution,
  dynamicMaxPool,
  treeBatchTensors,
  type BinaryTree,
  type TreeConvolution,
} from '../../src/ml/layers/tree-convolution.js';
import { deriveSeed, Rng } from '../../src/util/prng.js';

export interface LeroModelShape {
  readonly featureSize: number;
  readonly hiddenChannels: readonly number[];
  readonly denseUnits: readonly number[];
}

/** One training sample: two plans of the same query and which ran faster. */
export interface PlanPair {
  readonly a: BinaryTree;
  readonly b: BinaryTree;
  /** 1 when plan a ran faster, 0 when b did. */
  readonly aIsFaster: 0 | 1;
}

export class LeroModel {
  readonly shape: LeroModelShape;
  readonly variables: readonly tfType.Variable[];
  private readonly rt: TfRuntime;
  private readonly convolutions: readonly TreeConvolution[];
  private readonly dense: readonly DenseLayer[];

  private constructor(rt: TfRuntime, shape: LeroModelShape, convolutions: TreeConvolution[], dense: DenseLayer[]) {
    this.rt = rt;
    this.shape = shape;
    this.convolutions = convolutions;
    this.dense = dense;
    this.variables = [...convolutions.flatMap((c) => c.variables), ...dense.flatMap((d) => d.variables)];
  }

  /**
   * Weights drawn from `seed`: the same seed and shape give identical weights. Member k > 0 of an
   * ensemble names its layers `lero/member_k/...` so that all members save into one file.
   */
  static create(rt: TfRuntime, shape: LeroModelShape, seed: number, member = 0): LeroModel {
    const rng = new Rng(deriveSeed(seed, 'lero/model'));
    const prefix = member === 0 ? 'lero' : `lero/member_${member}`;
    const convolutions: TreeConvolution[] = [];
    let channels = shape.featureSize;
    shape.hiddenChannels.forEach((out, i) => {
      convolutions.push(createTreeConvolution(rt, `${prefix}/tree_conv_${i + 1}`, channels, out, rng, 'leakyRelu'));
      channels = out;
    });
    const dense: DenseLayer[] = [];
    shape.denseUnits.forEach((units, i) => {
      dense.push(createDense(rt, `${prefix}/dense_${i + 1}`, channels, units, rng, 'leakyRelu'));
      channels = units;
    });
    dense.push(createDense(rt, `${prefix}/score`, channels, 1, rng, 'linear'));
    return new LeroModel(rt, shape, convolutions, dense);
  }

  /** One score per tree, [trees]. Call inside tf.tidy (or dispose the result). */
  scores(trees: readonly BinaryTree[]): tfType.Tensor1D {
    const { tf } = this.rt;
    const batch = batchTrees(trees, this.shape.featureSize);
    return tf.tidy(() => {
      const input = treeBatchTensors(this.rt, batch);
      let h = input.x;
      for (const conv of this.convolutions) h = conv.apply(h, input);
      let y: tfType.Tensor2D = dynamicMaxPool(this.rt, h, input);
      for (const d of this.dense) y = d.apply(y);
      return tf.reshape(y, [-1]) as tfType.Tensor1D;
    });
  }

  /** Pairwise logistic loss over a batch of pairs (both plans of all pairs scored in one pass). */
  loss(pairs: readonly PlanPair[]): tfType.Scalar {
    const { tf } = this.rt;
    return tf.tidy(() => {
      const s = this.scores([...pairs.map((p) => p.a), ...pairs.map((p) => p.b)]);
      const n = pairs.length;
      const labels = tf.tensor1d(pairs.map((p) => p.aIsFaster));
      return pairwiseRankingLoss(this.rt, tf.slice(s, 0, n), tf.slice(s, n, n), labels);
    });
  }

  /** Scores as plain numbers, read with `data()` (webgpu cannot read synchronously in Node); no tensor survives. */
  async scoreValues(trees: readonly BinaryTree[]): Promise<number[]> {
    const scores = this.scores(trees);
    try {
      return Array.from(await scores.data());
    } finally {
      scores.dispose();
    }
  }

  dispose(): void {
    this.rt.tf.dispose([...this.variables]);
  }
}
