import { fineTune, fineTuneFigures } from '../../src/ml/fine-tune.js';
import type { LogTargetNormalizer } from '../../src/ml/log-target.js';
import { deriveSeed } from '../../src/util/prng.js';
import type { AlgorithmRuntime, TrainingReport, WorkloadQuery } from '../algorithm.js';
import { FeaturizationWarnings } from './featurization-warnings.js';
import type { MscnModel, MscnSample } from './mscn-model.js';
import { updateLearningRate, type MscnParams } from './mscn-params.js';
import { collectSubplanCardinalities, subplanSamples } from './subplan-samples.js';

const seconds = (since: number): number => (performance.now() - since) / 1000;

/**
 * The update's seed, from the run's seed and the queries: the same queries give the same update
 * whether the model was kept in memory or saved and loaded in between (a resumed run).
 */
export function updateSeed(seed: number, queries: readonly WorkloadQuery[]): number {
  return deriveSeed(seed, `mscn/update:${queries.map((q) => q.id).join('\n')}`);
}

/**
 * A true cardinality the model can reach: the network ends in a sigmoid over the log range
 * fitted at training, which an update keeps, so rows outside it are clamped to its ends.
 */
function clampToRange(rows: number, normalizer: LogTargetNormalizer): { rows: number; clamped: boolean } {
  const log = Math.log(Math.max(1, rows));
  if (log < normalizer.minLog) return { rows: Math.exp(normalizer.minLog), clamped: true };
  if (log > normalizer.maxLog) return { rows: Math.exp(normalizer.maxLog), clamped: true };
  return { rows, clamped: false };
}

/**
 * MSCN's incremental update: the distinct counted sub-plans of `queries` only (their true
 * cardinalities come from the store's cache when the scheduler collected them), featurized with
 * the featurizer fitted at training (vocabularies, ranges, samples and target range kept), then
 * `updateEpochs` epochs at the update learning rate. Changes `model`'s weights in place. With no
 * counted sub-plan nothing is trained and the report says why (details.skipped).
 */
export async function updateMscn(model: MscnModel, queries: readonly WorkloadQuery[], params: MscnParams, runtime: AlgorithmRuntime): Promise<TrainingReport> {
  const started = performance.now();
  const collected = await collectSubplanCardinalities(queries, params, runtime);
  const collectSeconds = seconds(started);

  const warnings = new FeaturizationWarnings();
  const { samples: sourced, timedOut, duplicates } = subplanSamples(queries, collected, model.featurizer, warnings);
  let clamped = 0;
  const samples: MscnSample[] = sourced.map((s) => {
    const target = clampToRange(s.rows, model.normalizer);
    if (target.clamped) clamped++;
    return { features: s.features, rows: target.rows };
  });
  const learningRate = updateLearningRate(params);
  const common = { algorithm: 'mscn', backend: runtime.tf.backend, trainQueries: queries.length, samples: samples.length, bestValidationLoss: null };
  const subplans = { total: collected.stats.subplans, distinct: samples.length, duplicatesDropped: duplicates, timedOutDropped: timedOut, clampedTargets: clamped };
  if (samples.length === 0) {
    runtime.log(`mscn: update skipped: no sub-plan of the ${queries.length} queries has a true cardinality`);
    return {
      ...common,
      epochs: 0,
      trainSeconds: 0,
      samplesPerSecond: 0,
      details: { update: true, skipped: `no sub-plan of the ${queries.length} queries has a true cardinality (${timedOut} timed out)`, subplans, collection: collected.stats },
    };
  }

  const tuned = await fineTune(runtime.tf, model, samples, {
    epochs: params.updateEpochs,
    batchSize: params.batchSize,
    learningRate,
    seed: updateSeed(runtime.seed, queries),
    progress: runtime.progress,
    label: 'mscn update',
  });
  runtime.log(`mscn: updated on ${samples.length} sub-plans of ${queries.length} queries: loss ${tuned.lossBefore.toFixed(4)} -> ${tuned.lossAfter.toFixed(4)}`);
  const figures = fineTuneFigures(tuned);
  return {
    ...common,
    ...figures.timing,
    details: {
      update: true,
      ...figures.details,
      learningRate,
      subplans,
      collection: collected.stats,
      warnings: warnings.summary(),
      timings: { collectSeconds, fitSeconds: tuned.fit.seconds, totalSeconds: seconds(started) },
    },
  };
}
