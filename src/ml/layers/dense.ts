/**
 * A fully connected layer whose initial weights come from our seeded Rng, not tf's random ops:
 * the same seed gives bit-identical weights on every backend and every run.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { Rng } from '../../util/prng.js';
import type { Tf, TfRuntime } from '../tf-runtime.js';
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
  /**
   * `apply` for input features that no trainable variable feeds: on wasm it skips computing the
   * gradient with respect to x (reported as zeros), a product as large as the forward one.
   * Wrong (silently zero gradients upstream) if x depends on a variable: use `apply` there.
   */
  applyToFeatures<R extends tfType.Rank>(x: tfType.Tensor<R>): tfType.Tensor<R>;
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

type MatMul = (x: tfType.Tensor2D, w: tfType.Tensor2D) => tfType.Tensor2D;

/**
 * x·w for the wasm backend. tfjs-backend-wasm 4.22 runs matMul with a transpose flag (which
 * the stock matMul gradient uses: dy·wᵀ and xᵀ·dy) 10–25× slower than a plain product, so
 * training spent most of its time there. This gradient transposes explicitly, then multiplies.
 */
function wasmMatMul(tf: Tf, inputGradient: boolean): MatMul {
  type CustomGradient = Parameters<Tf['customGrad']>[0];
  const product = tf.customGrad(((x: tfType.Tensor2D, w: tfType.Tensor2D, save: tfType.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tfType.Tensor2D, saved: tfType.Tensor[]) => {
        const [xs, ws] = saved as [tfType.Tensor2D, tfType.Tensor2D];
        const dw = tf.matMul(tf.transpose(xs), dy);
        // customGrad computes every input's gradient eagerly, even when nothing needs it.
        return [inputGradient ? tf.matMul(dy, tf.transpose(ws)) : tf.zerosLike(xs), dw];
      },
    };
  }) as unknown as CustomGradient);
  return (x, w) => product(x, w) as tfType.Tensor2D;
}

export function createDense(rt: TfRuntime, name: string, inputs: number, outputs: number, rng: Rng, activation: Activation = 'linear'): DenseLayer {
  const { tf } = rt;
  if (!Number.isInteger(inputs) || !Number.isInteger(outputs) || inputs < 1 || outputs < 1) {
    throw new RangeError(`dense layer '${name}' needs positive integer sizes, got ${inputs} → ${outputs}`);
  }
  const weight = tf.tidy(() => tf.variable(tf.tensor2d(glorotUniform(rng, inputs, outputs), [inputs, outputs]), true, uniqueVariableName(tf, `${name}/weight`)));
  const bias = tf.tidy(() => tf.variable(tf.zeros([outputs]), true, uniqueVariableName(tf, `${name}/bias`)));
  const plain: MatMul = (x, w) => tf.matMul(x, w);
  const matMul = rt.backend === 'wasm' ? wasmMatMul(tf, true) : plain;
  const featureMatMul = rt.backend === 'wasm' ? wasmMatMul(tf, false) : plain;
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
  const applyWith = <R extends tfType.Rank>(product: MatMul, x: tfType.Tensor<R>): tfType.Tensor<R> =>
    tf.tidy(() => {
      if (x.rank < 2 || x.shape[x.rank - 1] !== inputs) {
        throw new RangeError(`dense layer '${name}' expects [..., ${inputs}] input, got [${x.shape.join(', ')}]`);
      }
      if (x.rank === 2) return activate(tf.add(product(x as tfType.Tensor2D, weight as tfType.Tensor2D), bias)) as tfType.Tensor<R>;
      // Fold the leading axes into one so a single matrix product serves every element.
      const flat = tf.reshape(x, [-1, inputs]) as tfType.Tensor2D;
      const y = activate(tf.add(product(flat, weight as tfType.Tensor2D), bias));
      return tf.reshape<R>(y, [...x.shape.slice(0, -1), outputs] as unknown as tfType.ShapeMap[R]);
    });
  return {
    name,
    inputs,
    outputs,
    activation,
    weight,
    bias,
    variables: [weight, bias],
    apply: (x) => applyWith(matMul, x),
    applyToFeatures: (x) => applyWith(featureMatMul, x),
  };
}
