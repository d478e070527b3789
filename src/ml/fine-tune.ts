/**
 * Incremental training of an already trained model on new samples only (the scheduler's
 * periodic update): a few epochs of `fit` with nothing held out, the mean loss on those samples
 * measured before and after, and the previous weights put back if training diverges, so a bad
 * update never leaves a broken model behind.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { ProgressReporter } from '../util/progress.js';
import { fit, meanLoss, type FitResult, type TrainableModel } from './fit.js';
import type { TfRuntime } from './tf-runtime.js';

export interface FineTuneOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly progress: ProgressReporter;
  readonly label: string;
}

export interface FineTuneResult {
  readonly fit: FitResult;
  /** Mean loss over the samples with the weights as they were before. */
  readonly lossBefore: number;
  /** Mean loss over the samples with the weights the model ends with. */
  readonly lossAfter: number;
  /** Training diverged and the weights from before were restored (lossAfter equals lossBefore). */
  readonly restored: boolean;
}

/**
 * Continues training `model` in place on `samples` for `options.epochs` epochs (every sample
 * trained on, no early stopping). Throws what `fit` throws (e.g. ML_NO_SAMPLES) with the
 * weights unchanged.
 */
export async function fineTune<S>(rt: TfRuntime, model: TrainableModel<S>, samples: readonly S[], options: FineTuneOptions): Promise<FineTuneResult> {
  const { tf } = rt;
  const lossBefore = await meanLoss(rt, model, samples, options.batchSize);
  const previous: tfType.Tensor[] = model.variables.map((v) => tf.keep(v.clone()));
  try {
    const result = await fit(rt, model, samples, { ...options, patience: options.epochs, validationFraction: 0 });
    const lossAfter = result.diverged ? Number.NaN : await meanLoss(rt, model, samples, options.batchSize);
    if (Number.isFinite(lossAfter)) return { fit: result, lossBefore, lossAfter, restored: false };
    model.variables.forEach((v, i) => v.assign(previous[i] as tfType.Tensor));
    return { fit: result, lossBefore, lossAfter: lossBefore, restored: true };
  } catch (error) {
    model.variables.forEach((v, i) => v.assign(previous[i] as tfType.Tensor));
    throw error;
  } finally {
    tf.dispose(previous);
  }
}

/**
 * The learning rate of an algorithm's incremental updates: its `updateLearningRate`, or by default
 * a tenth of its training rate, so a few queries refine the model without erasing what it learned.
 */
export function updateLearningRate(params: { readonly learningRate: number; readonly updateLearningRate: number | null }): number {
  return params.updateLearningRate ?? params.learningRate / 10;
}

/** What a fine-tune's report shows: the timing fields of a training report, and the loss details. */
export function fineTuneFigures(result: FineTuneResult): {
  readonly timing: { readonly epochs: number; readonly trainSeconds: number; readonly samplesPerSecond: number };
  readonly details: { readonly lossBefore: number; readonly lossAfter: number; readonly trainLoss: readonly number[]; readonly diverged: boolean; readonly restored: boolean };
} {
  const { fit: f } = result;
  return {
    timing: { epochs: f.epochs, trainSeconds: f.seconds, samplesPerSecond: f.samplesPerSecond },
    details: { lossBefore: result.lossBefore, lossAfter: result.lossAfter, trainLoss: f.trainLoss, diverged: f.diverged, restored: result.restored },
  };
}
