import type * as tfType from '@tensorflow/tfjs';
import { createDense, type DenseLayer } from '../../src/ml/layers/dense.js';
import { createSetConvolution, type SetConvolution } from '../../src/ml/layers/set-convolution.js';
import type { Tf, TfRuntime } from '../../src/ml/tf-runtime.js';
import { deriveSeed, Rng } from '../../src/util/prng.js';
import { SUMMARY_WIDTH, type FeatureBatch, type RaggedSet } from './feature-batch.js';
import type { FeatureDims } from './featurizer-state.js';

/**
 * MSCN's network: one set convolution per set (tables, joins, predicates), each averaged over
 * its sub-plan's elements, concatenated with the sub-plan summary (relations, summed log rows;
 * see feature-batch.ts), then a hidden ReLU layer and a sigmoid output that is the normalised
 * log cardinality.
 *
 * The set convolutions' two layers run on the distinct elements of a batch (no padding, and an
 * element the sub-plans of a query share computed once) and the mean per sub-plan is a product
 * with a [batch, rows] averaging matrix: the same function as `SetConvolution.apply` with
 * padding and masks, without computing padding or repeated rows.
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
  const sets: readonly [SetConvolution, SetConvolution, SetConvolution] = [
    createSetConvolution(rt, 'mscn/tables', dims.table, hiddenUnits, rng),
    createSetConvolution(rt, 'mscn/joins', dims.join, hiddenUnits, rng),
    createSetConvolution(rt, 'mscn/predicates', dims.predicate, hiddenUnits, rng),
  ];
  const hidden: DenseLayer = createDense(rt, 'mscn/out/1', 3 * hiddenUnits + SUMMARY_WIDTH, hiddenUnits, rng, 'relu');
  const output: DenseLayer = createDense(rt, 'mscn/out/2', hiddenUnits, 1, rng, 'sigmoid');
  const variables = [...sets.flatMap((s) => s.variables), ...hidden.variables, ...output.variables];
  const pooled = (conv: SetConvolution, set: RaggedSet): tfType.Tensor2D => {
    const [first, second] = conv.layers;
    const perElement = second.apply(first.applyToFeatures(tf.tensor2d(set.elements, [set.rows, set.width])));
    return segmentMean(tf, perElement, set);
  };
  return {
    variables,
    predict(batch) {
      return tf.tidy(() => {
        const inputs = [
          pooled(sets[0], batch.tables),
          pooled(sets[1], batch.joins),
          pooled(sets[2], batch.predicates),
          tf.tensor2d(batch.summary, [batch.tables.batch, SUMMARY_WIDTH]),
        ];
        return tf.reshape(output.apply(hidden.apply(tf.concat(inputs, 1) as tfType.Tensor2D)), [-1]) as tfType.Tensor1D;
      });
    },
    dispose() {
      tf.dispose([...variables]);
    },
  };
}

/**
 * [rows, hidden] -> [batch, hidden]: the mean of each sub-plan's elements. The gradient is written
 * with the transposed averaging matrix built up front, because a matMul with a transposed
 * operand (what tfjs's own gradient uses) is an order of magnitude slower on the wasm backend.
 */
export function segmentMean(tf: Tf, values: tfType.Tensor2D, set: Pick<RaggedSet, 'owner' | 'element' | 'rows' | 'batch'>): tfType.Tensor2D {
  const { owner, element, rows, batch } = set;
  const counts = new Float32Array(batch);
  for (const b of owner) counts[b] = (counts[b] as number) + 1;
  const average = new Float32Array(batch * rows);
  const averageT = new Float32Array(rows * batch);
  for (let m = 0; m < owner.length; m++) {
    const b = owner[m] as number;
    const r = element === undefined ? m : (element[m] as number);
    const w = 1 / (counts[b] as number);
    average[b * rows + r] = (average[b * rows + r] as number) + w;
    averageT[r * batch + b] = (averageT[r * batch + b] as number) + w;
  }
  const mean = tf.customGrad(((x: tfType.Tensor, save: tfType.GradSaveFunc) => {
    const transposed = tf.tensor2d(averageT, [rows, batch]);
    save([transposed]);
    return {
      value: tf.matMul(tf.tensor2d(average, [batch, rows]), x as tfType.Tensor2D),
      gradFunc: (dy: tfType.Tensor, saved: tfType.Tensor[]) => tf.matMul(saved[0] as tfType.Tensor2D, dy as tfType.Tensor2D),
    };
  }) as Parameters<Tf['customGrad']>[0]);
  return mean(values) as tfType.Tensor2D;
}
