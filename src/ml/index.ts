/**
 * The shared machine-learning core: the TensorFlow.js backend choice, layers seeded from our own
 * Rng, the cardinality target normalizer, losses, the training loop and the weights file format.
 * Everything takes a TfRuntime, so nothing here imports tfjs at module load time.
 */
export { BACKEND_NAMES, loadTfRuntime, type BackendName, type LoadTfRuntimeOptions, type SkippedBackend, type Tf, type TfRuntime } from './tf-runtime.js';
export { ACTIVATIONS, createDense, glorotUniform, LEAKY_RELU_ALPHA, type Activation, type Dense, type DenseLayer } from './layers/dense.js';
export { createSetConvolution, type SetConvolution } from './layers/set-convolution.js';
export { LogTargetNormalizer, type LogTargetJson } from './log-target.js';
export { MAX_LOG_Q_ERROR, pairwiseRankingLoss, qErrorLoss } from './losses.js';
export { DEFAULT_MIN_SAMPLES_FOR_VALIDATION, fit, splitSamples, type FitOptions, type FitResult, type SampleSplit, type TrainableModel } from './fit.js';
export { loadWeightsInto, saveWeights, WEIGHTS_DATA_FILE, WEIGHTS_MANIFEST_FILE, type WeightEntry, type WeightsManifest } from './weights-file.js';
export { namedVariables, uniqueVariableName, weightName } from './variable-names.js';
export { qError, summarizeQErrors, type QErrorStats } from '../util/q-error.js';
