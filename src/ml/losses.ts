/** Training losses shared by the models: MSCN's q-error and Lero's pairwise plan ranking. */
import type * as tfType from '@tensorflow/tfjs';
import type { LogTargetNormalizer } from './log-target.js';
import type { TfRuntime } from './tf-runtime.js';

/**
 * Largest |log(est / true)| the q-error loss exponentiates: e^30 ≈ 1e13 stays finite in float32
 * (also after summing a batch), and an error beyond it still gets the largest loss.
 */
export const MAX_LOG_Q_ERROR = 30;

/**
 * Mean q-error (the MSCN paper's training loss) of normalized log-cardinality predictions:
 * |log est − log true| = |predicted − target| · span, so q = exp(|predicted − target| · span),
 * with the exponent clipped at MAX_LOG_Q_ERROR.
 */
export function qErrorLoss(
  rt: TfRuntime,
  predictedNormalized: tfType.Tensor,
  targetNormalized: tfType.Tensor,
  normalizer: Pick<LogTargetNormalizer, 'span'>,
): tfType.Scalar {
  const { tf } = rt;
  return tf.tidy(() => {
    const logQ = tf.mul(tf.abs(tf.sub(tf.reshape(predictedNormalized, [-1]), tf.reshape(targetNormalized, [-1]))), normalizer.span);
    return tf.mean(tf.exp(tf.minimum(logQ, MAX_LOG_Q_ERROR)));
  });
}

/**
 * Pairwise ranking loss on plan scores. Convention: a LOWER score means a FASTER plan. With
 * z = scoreB − scoreA the model says "A is faster" with probability σ(z); the loss is the
 * logistic (binary cross-entropy) loss against y = `aIsFaster` (1 when A ran faster, 0 when B
 * did), averaged over the pairs: −[y·log σ(z) + (1−y)·log σ(−z)], computed stably as
 * softplus(−z) + (1−y)·z. Its gradient lowers the faster plan's score and raises the slower one's.
 */
export function pairwiseRankingLoss(rt: TfRuntime, scoreA: tfType.Tensor1D, scoreB: tfType.Tensor1D, aIsFaster: tfType.Tensor1D): tfType.Scalar {
  const { tf } = rt;
  return tf.tidy(() => {
    const z = tf.sub(scoreB, scoreA);
    return tf.mean(tf.add(tf.softplus(tf.neg(z)), tf.mul(tf.sub(1, aIsFaster), z)));
  });
}
