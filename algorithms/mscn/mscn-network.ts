import type * as tfType from '@tensorflow/tfjs';
import { createDense, type DenseLayer } from '../../src/ml/layers/dense.js';
import { createSetConvolution, type SetConvolution } from '../../src/ml/layers/set-convolution.js';
import type { TfRuntime } from '../../src/ml/tf-runtime.js';
import { deriveSeed, Rng } from '../../src/util/prng.js';
import type { FeatureBatch, PaddedSet } from './feature-batch.js';
import type { FeatureDims } from './featurizer-state.js';

/**
 * MSCN's network: one set convolution per set (tables, joins, predicates), each mean-pooled
 * over its real elements, concatenated, then a hidden ReLU layer and a sigmoid output that is
 * the normalised log cardinality.
 */
export interface MscnNetwork {
  readonly variables: readonly tfType.Variable[];
  /** Normalised log cardinalities, [batch]. The caller owns the returned tensor. */
  predict(batch: FeatureBatch): tfType.Tensor1D;
  dispose(): void;
}

export function createMscnNetwork(rt: TfRuntime, dims: FeatureDims, hiddenUnits: number, seed: number): MscnNetwork {
  const { tf } = rt;
  // One generator in a fixed layer order: the same seed gives the same initial weights.
  const rng = new Rng(deriveSeed(seed, 'mscn/init'));
  const sets: [SetConvolution, SetConvolution, SetConvolution] = [
    createSetConvolution(rt, 'mscn/tables', dims.table, hiddenUnits, rng),
    createSetConvolution(rt, 'mscn/joins', dims.join, hiddenUnits, rng),
    createSetConvolution(rt, 'mscn/predicates', dims.predicate, hiddenUnits, rng),
  ];
  const hidden: DenseLayer = createDense(rt, 'mscn/out/1', 3 * hiddenUnits, hiddenUnits, rng, 'relu');
  const output: DenseLayer = createDense(rt, 'mscn/out/2', hiddenUnits, 1, rng, 'sigmoid');
  const variables = [...sets.flatMap((s) => s.variables), ...hidden.variables, ...output.variables];
  const tensors = (set: PaddedSet): [tfType.Tensor3D, tfType.Tensor3D] => [
    tf.tensor3d(set.elements, [set.batch, set.size, set.width]),
    tf.tensor3d(set.mask, [set.batch, set.size, 1]),
  ];
  return {
    variables,
    predict(batch) {
      return tf.tidy(() => {
        const pooled = [batch.tables, batch.joins, batch.predicates].map((set, i) => (sets[i] as SetConvolution).apply(...tensors(set)));
        return tf.reshape(output.apply(hidden.apply(tf.concat(pooled, 1) as tfType.Tensor2D)), [-1]) as tfType.Tensor1D;
      });
    },
    dispose() {
      tf.dispose([...variables]);
    },
  };
}
