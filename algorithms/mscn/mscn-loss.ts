import type * as tfType from '@tensorflow/tfjs';
import type { LogTargetNormalizer } from '../../src/ml/log-target.js';
import { qErrorLoss } from '../../src/ml/losses.js';
import type { TfRuntime } from '../../src/ml/tf-runtime.js';

export const MSCN_LOSSES = ['qError', 'logQError'] as const;
/**
 * - `qError`: the mean q-error, the paper's loss. Each sub-plan weighs as much as its q-error,
 *   so a batch's gradient is dominated by its worst estimates: good tails, poor medians.
 * - `logQError`: the mean of log q-error, |log est − log true| (the log of the geometric mean
 *   q-error). Every sub-plan weighs the same, which is what the median needs.
 */
export type MscnLoss = (typeof MSCN_LOSSES)[number];

export function mscnLoss(rt: TfRuntime, kind: MscnLoss, predicted: tfType.Tensor, target: tfType.Tensor, normalizer: Pick<LogTargetNormalizer, 'span'>): tfType.Scalar {
  if (kind === 'qError') return qErrorLoss(rt, predicted, target, normalizer);
  const { tf } = rt;
  return tf.tidy(() => tf.mul(tf.mean(tf.abs(tf.sub(tf.reshape(predicted, [-1]), tf.reshape(target, [-1])))), normalizer.span) as tfType.Scalar);
}
