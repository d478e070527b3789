/**
 * The training loop both models use: Adam over mini-batches, a seeded validation split and
 * shuffle, early stopping on validation loss that restores the best epoch's weights, and a
 * progress bar. A model only says which variables it trains and how a batch's loss is computed.
 */
import type * as tfType from '@tensorflow/tfjs';
import { PilotError } from '../errors/index.js';
import { deriveSeed, Rng, shuffleInPlace } from '../util/prng.js';
import type { ProgressReporter } from '../util/progress.js';
import type { TfRuntime } from './tf-runtime.js';

export interface TrainableModel<S> {
  readonly variables: readonly tfType.Variable[];
  /** Mean loss over `batch` (a scalar built from `variables`, so it can be differentiated). */
  loss(batch: readonly S[]): tfType.Scalar;
}

export interface FitOptions<S = unknown> {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /**
   * Epochs in a row without a better validation loss before training stops (Keras' meaning:
   * 0 stops at the first epoch that does not improve). Pass `epochs` or more to never stop early.
   */
  readonly patience: number;
  /** Share of the samples held out for validation, in [0, 1). */
  readonly validationFraction: number;
  readonly seed: number;
  readonly progress: ProgressReporter;
  /** Shown in front of the progress bar. */
  readonly label: string;
  /** Below this many samples nothing is held out (and nothing stops early). Default 10. */
  readonly minSamplesForValidation?: number;
  /**
   * Batches of whole groups: each epoch shuffles the groups and the samples inside each, then
   * cuts batches from that order, so a batch holds a few groups' samples rather than samples from
   * everywhere. For models that compute what a group's samples share once per batch.
   */
  readonly groupOf?: (sample: S) => string;
}

export interface FitResult {
  /** Epochs run (≤ options.epochs). */
  readonly epochs: number;
  readonly stoppedEarly: boolean;
  /** The training loss became NaN or infinite; training stopped (best weights restored if any). */
  readonly diverged: boolean;
  /** 1-based epoch whose weights the model ends with (the last epoch when nothing is held out). */
  readonly bestEpoch: number;
  readonly bestValidationLoss: number | null;
  /** Mean training loss per epoch (as the weights changed during the epoch). */
  readonly trainLoss: number[];
  /** Validation loss after each epoch; empty when nothing is held out. */
  readonly validationLoss: number[];
  /** All samples passed to fit. */
  readonly samples: number;
  /** Wall time of the whole fit, validation included. */
  readonly seconds: number;
  /** Training samples per second of optimizer steps (validation passes not counted). */
  readonly samplesPerSecond: number;
  readonly trainSize: number;
  readonly validationSize: number;
  /** Indexes into `samples` of the held-out ones, ascending (what splitSamples returned). */
  readonly validationIndexes: readonly number[];
}

export interface SampleSplit {
  /** Ascending indexes. */
  readonly train: readonly number[];
  /** Ascending indexes. */
  readonly validation: readonly number[];
}

export const DEFAULT_MIN_SAMPLES_FOR_VALIDATION = 10;

/**
 * The seeded train/validation split fit uses: round(n · fraction) indexes held out (at least one
 * when the fraction is positive, never all), none when n < minSamplesForValidation.
 */
export function splitSamples(n: number, fraction: number, seed: number, minSamplesForValidation = DEFAULT_MIN_SAMPLES_FOR_VALIDATION): SampleSplit {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sample count must be a non-negative integer, got ${n}`);
  if (!(fraction >= 0 && fraction < 1)) {
    throw new PilotError('ML_FIT_OPTIONS', `validationFraction must be in [0, 1), got ${fraction}`, { context: { validationFraction: fraction } });
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const held = n < minSamplesForValidation || fraction === 0 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  shuffleInPlace(new Rng(deriveSeed(seed, 'fit/validation-split')), order);
  const ascending = (a: number, b: number): number => a - b;
  return { validation: order.slice(0, held).sort(ascending), train: order.slice(held).sort(ascending) };
}

function checkOptions<S>(options: FitOptions<S>): void {
  const bad = (field: string, value: unknown, rule: string): never => {
    throw new PilotError('ML_FIT_OPTIONS', `fit option ${field} must be ${rule}, got ${String(value)}`, { context: { [field]: value, label: options.label } });
  };
  if (!Number.isInteger(options.epochs) || options.epochs < 1) bad('epochs', options.epochs, 'a positive integer');
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) bad('batchSize', options.batchSize, 'a positive integer');
  if (!(options.learningRate > 0 && Number.isFinite(options.learningRate))) bad('learningRate', options.learningRate, 'a positive number');
  if (!(options.patience >= 0)) bad('patience', options.patience, 'a number ≥ 0');
}

/**
 * Mean of `model.loss` over `samples`, `batchSize` at a time, weighted by batch length. No tensor
 * outlives the call. Read with `data()`, not `dataSync()`: the WebGPU backend cannot read
 * synchronously in Node (its readSync needs OffscreenCanvas).
 */
export async function meanLoss<S>(rt: TfRuntime, model: TrainableModel<S>, samples: readonly S[], batchSize: number): Promise<number> {
  let total = 0;
  for (let start = 0; start < samples.length; start += batchSize) {
    const batch = samples.slice(start, start + batchSize);
    const loss = rt.tf.tidy(() => model.loss(batch));
    try {
      total += ((await loss.data())[0] as number) * batch.length;
    } finally {
      loss.dispose();
    }
  }
  return total / samples.length;
}

/** Trains `model` in place; returns what happened. Every tensor fit creates is disposed before it returns. */
export async function fit<S>(rt: TfRuntime, model: TrainableModel<S>, samples: readonly S[], options: FitOptions<S>): Promise<FitResult> {
  const { tf } = rt;
  checkOptions(options);
  if (samples.length === 0) throw new PilotError('ML_NO_SAMPLES', `nothing to train ${options.label} on: no samples`, { context: { label: options.label } });
  if (model.variables.length === 0) throw new PilotError('ML_NO_VARIABLES', `the model trained by ${options.label} has no variables`, { context: { label: options.label } });
  const started = performance.now();
  const split = splitSamples(samples.length, options.validationFraction, options.seed, options.minSamplesForValidation);
  const order = [...split.train];
  const shuffleRng = new Rng(deriveSeed(options.seed, 'fit/shuffle'));
  const shuffle = options.groupOf === undefined ? () => shuffleInPlace(shuffleRng, order) : groupedShuffle(shuffleRng, order, samples, options.groupOf);
  const varList = [...model.variables];
  const optimizer = tf.train.adam(options.learningRate);
  const bar = options.progress.bar(options.label, options.epochs * order.length);

  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best: { epoch: number; loss: number; weights: tfType.Tensor[] } | undefined;
  // Time and samples of the finished epochs' optimizer steps (validation not counted).
  let stepMs = 0;
  let stepSamples = 0;
  let stoppedEarly = false;
  let diverged = false;
  let sinceBest = 0;
  // The epoch's loss sum stays on the device; it is read once per epoch, not per batch.
  let lossSum: tfType.Scalar | undefined;
  const fields = (epoch: number, ms: number, done: number): Record<string, string | number> => ({
    epoch: `${epoch}/${options.epochs}`,
    // '-' until an epoch has finished (and for val loss when nothing is held out).
    loss: trainLoss.at(-1) ?? '-',
    'val loss': validationLoss.at(-1) ?? '-',
    'samples/s': ms > 0 ? Math.round((done * 1000) / ms) : 0,
  });

  try {
    for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
      shuffle();
      let sum: tfType.Scalar = tf.scalar(0);
      lossSum = sum;
      const epochStarted = performance.now();
      for (let start = 0; start < order.length; start += options.batchSize) {
        const batch = order.slice(start, start + options.batchSize).map((i) => samples[i] as S);
        const cost = optimizer.minimize(() => model.loss(batch), true, varList);
        if (cost === null) throw new PilotError('ML_FIT_NO_LOSS', `${options.label}: the optimizer returned no loss`);
        const previous: tfType.Scalar = sum;
        sum = tf.tidy(() => tf.add(previous, tf.mul(cost, batch.length)) as tfType.Scalar);
        lossSum = sum;
        tf.dispose([cost, previous]);
        const done = start + batch.length;
        bar.update((epoch - 1) * order.length + done, fields(epoch, stepMs + performance.now() - epochStarted, stepSamples + done));
        // Let timers, signals and I/O through between steps (wasm and cpu run synchronously).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Reading the sum waits for the epoch's queued work (async backends), so the time is real.
      const epochLoss = ((await sum.data())[0] as number) / order.length;
      sum.dispose();
      stepMs += performance.now() - epochStarted;
      stepSamples += order.length;
      trainLoss.push(epochLoss);
      if (!Number.isFinite(epochLoss)) {
        diverged = true;
        stoppedEarly = epoch < options.epochs;
        break;
      }
      if (split.validation.length === 0) continue;
      const val = await meanLoss(rt, model, split.validation.map((i) => samples[i] as S), options.batchSize);
      validationLoss.push(val);
      if (best === undefined || val < best.loss) {
        if (best !== undefined) tf.dispose(best.weights);
        best = { epoch, loss: val, weights: varList.map((v) => tf.keep(v.clone())) };
        sinceBest = 0;
      } else {
        sinceBest += 1;
        if (sinceBest > options.patience && epoch < options.epochs) {
          stoppedEarly = true;
          break;
        }
      }
      bar.update(epoch * order.length, fields(epoch, stepMs, stepSamples));
    }
    const epochs = trainLoss.length;
    // The last epoch's weights are kept unless a better validated epoch exists.
    if (best !== undefined && best.epoch !== epochs) {
      varList.forEach((v, i) => v.assign(best!.weights[i] as tfType.Tensor));
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      epochs,
      stoppedEarly,
      diverged,
      bestEpoch: best?.epoch ?? epochs,
      bestValidationLoss: best?.loss ?? null,
      trainLoss,
      validationLoss,
      samples: samples.length,
      seconds,
      samplesPerSecond: stepMs > 0 ? (stepSamples * 1000) / stepMs : 0,
      trainSize: split.train.length,
      validationSize: split.validation.length,
      validationIndexes: split.validation,
    };
  } finally {
    bar.stop();
    if (lossSum !== undefined && !lossSum.isDisposed) lossSum.dispose();
    if (best !== undefined) tf.dispose(best.weights);
    optimizer.dispose();
  }
}

/** A shuffle of `order` in place that keeps each group's indexes together (groups in random order, each shuffled). */
function groupedShuffle<S>(rng: Rng, order: number[], samples: readonly S[], groupOf: (sample: S) => string): () => void {
  const byGroup = new Map<string, number[]>();
  for (const i of order) {
    const key = groupOf(samples[i] as S);
    const members = byGroup.get(key);
    if (members === undefined) byGroup.set(key, [i]);
    else members.push(i);
  }
  const groups = [...byGroup.values()];
  return () => {
    shuffleInPlace(rng, groups);
    let at = 0;
    for (const g of groups) for (const i of shuffleInPlace(rng, g)) order[at++] = i;
  };
}
