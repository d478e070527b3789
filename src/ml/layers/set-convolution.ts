/**
 * MSCN's set module: every element of a set (a table, a join, a predicate) goes through the same
 * two-layer ReLU network, then the set is the mean of its elements' outputs. Sets of different
 * sizes share one padded tensor; the mask says which rows are real.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { Rng } from '../../util/prng.js';
import type { TfRuntime } from '../tf-runtime.js';
import { createDense, type DenseLayer } from './dense.js';

export interface SetConvolution {
  readonly name: string;
  readonly inputs: number;
  readonly hidden: number;
  readonly layers: readonly [DenseLayer, DenseLayer];
  readonly variables: readonly tfType.Variable[];
  /**
   * elements [batch, setSize, inputs], mask [batch, setSize, 1] of 0/1 → [batch, hidden]: the
   * mean over the elements whose mask is 1. Padding rows never reach the output (they must be
   * finite: they are multiplied by 0); a set with no element gives zeros. `elements` are input
   * features: no gradient flows back into them (see DenseLayer.applyToFeatures).
   */
  apply(elements: tfType.Tensor3D, mask: tfType.Tensor3D): tfType.Tensor2D;
}

export function createSetConvolution(rt: TfRuntime, name: string, inputs: number, hidden: number, rng: Rng): SetConvolution {
  const { tf } = rt;
  const first = createDense(rt, `${name}/1`, inputs, hidden, rng, 'relu');
  const second = createDense(rt, `${name}/2`, hidden, hidden, rng, 'relu');
  return {
    name,
    inputs,
    hidden,
    layers: [first, second],
    variables: [...first.variables, ...second.variables],
    apply(elements, mask) {
      return tf.tidy(() => {
        const [batch, setSize] = elements.shape;
        if (mask.shape[0] !== batch || mask.shape[1] !== setSize || mask.shape[2] !== 1) {
          throw new RangeError(`set convolution '${name}': mask [${mask.shape.join(', ')}] does not fit elements [${elements.shape.join(', ')}] (expected [${batch}, ${setSize}, 1])`);
        }
        const perElement = tf.mul(second.apply(first.applyToFeatures(elements)), mask);
        // max(count, 1): an empty set divides 0 by 1 instead of 0 by 0.
        const count = tf.maximum(tf.sum(mask, 1), 1);
        return tf.div(tf.sum(perElement, 1), count) as tfType.Tensor2D;
      });
    },
  };
}
