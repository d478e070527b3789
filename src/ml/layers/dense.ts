/**
 * A fully connected layer whose initial weights come from our seeded Rng, not tf's random ops:
 * the same seed gives bit-identical weights on every backend and every run.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { Rng } from '../../util/prng.js';
import type { TfRuntime } from '../tf-runtime.js';
import { uniqueVariableName } from '../variable-names.js';

export const ACTIVATIONS = ['relu', 'leakyRelu', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Slope of leakyRelu for negative inputs (PyTorch's default, which Lero's reference model uses). */
export const LEAKY_RELU_ALPHA = 0.01;

export interface DenseLayer {
  readonly name: string;
  readonly inputs: number;
  readonly outputs: number;
  readonly activation: Activation;
  /** [inputs, outputs], named `<name>/weight`. */
  readonly weight: tfType.Variable;
  /** [outputs], named `<name>/bias`. */
  readonly bias: tfType.Variable;
  /** [weight, bias]. */
  readonly variables: readonly tfType.Variable[];
  /** activation(x · weight + bias) over the last axis; x has rank ≥ 2 (e.g. [batch, in] or [batch, set, in]). */
  apply<R extends tfType.Rank>(x: tfType.Tensor<R>): tfType.Tensor<R>;
}

/** Short alias used by layers built on Dense. */
export type Dense = DenseLayer;

/** Glorot (Xavier) uniform: U(−l, l) with l = √(6 / (fanIn + fanOut)), drawn row-major from `rng`. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i += 1) values[i] = (2 * rng.float() - 1) * limit;
  return values;
}

export function createDense(rt: TfRuntime, name: string, inputs: number, outputs: number, rng: Rng, activation: Activation = 'linear'): DenseLayer {
  const { tf } = rt;
  if (!Number.isInteger(inputs) || !Number.isInteger(outputs) || inputs < 1 || outputs < 1) {
    throw new RangeError(`dense layer '${name}' needs positive integer sizes, got ${inputs} → ${outputs}`);
  }
  const weight = tf.tidy(() => tf.variable(tf.tensor2d(glorotUniform(rng, inputs, outputs), [inputs, outputs]), true, uniqueVariableName(tf, `${name}/weight`)));
  const bias = tf.tidy(() => tf.variable(tf.zeros([outputs]), true, uniqueVariableName(tf, `${name}/bias`)));
  const activate = (y: tfType.Tensor): tfType.Tensor => {
    switch (activation) {
      case 'relu':
        return tf.relu(y);
      case 'leakyRelu':
        return tf.leakyRelu(y, LEAKY_RELU_ALPHA);
      case 'sigmoid':
        return tf.sigmoid(y);
      case 'linear':
        return y;
    }
  };
  return {
    name,
    inputs,
    outputs,
    activation,
    weight,
    bias,
    variables: [weight, bias],
    apply<R extends tfType.Rank>(x: tfType.Tensor<R>): tfType.Tensor<R> {
      return tf.tidy(() => {
        if (x.rank < 2 || x.shape[x.rank - 1] !== inputs) {
          throw new RangeError(`dense layer '${name}' expects [..., ${inputs}] input, got [${x.shape.join(', ')}]`);
        }
        if (x.rank === 2) return activate(tf.add(tf.matMul(x as tfType.Tensor2D, weight as tfType.Tensor2D), bias)) as tfType.Tensor<R>;
        // Fold the leading axes into one so a single matrix product serves every element.
        const flat = tf.reshape(x, [-1, inputs]) as tfType.Tensor2D;
        const y = activate(tf.add(tf.matMul(flat, weight as tfType.Tensor2D), bias));
        return tf.reshape<R>(y, [...x.shape.slice(0, -1), outputs] as unknown as tfType.ShapeMap[R]);
      });
    },
  };
}
