import { fineTune, fineTuneFigures } from '../../src/ml/fine-tune.js';
import { deriveSeed } from '../../src/util/prng.js';
import type { AlgorithmRuntime, TrainingReport, WorkloadQuery } from '../algorithm.js';
import { collectTrainingPlans } from './collect-training-plans.js';
import type { LeroModel } from './lero-model.js';
import { updateLearningRate, type LeroParams } from './lero-params.js';
import { featureRoot, pairAccuracy, tablesIn, trainingPairs } from './plan-pairs.js';
import type { PlanFeaturizer } from './plan-featurizer.js';

export interface LeroUpdateResult {
  readonly report: TrainingReport;
  /** The model's used tables plus those of the new queries' candidate plans (checked when a saved model is loaded). */
  readonly usedTables: readonly string[];
}

/** Same queries, same update, whether the model stayed in memory or was saved and loaded in between. */
export function leroUpdateSeed(seed: number, queries: readonly WorkloadQuery[]): number {
  return deriveSeed(seed, `lero/update:${queries.map((q) => q.id).join('\n')}`);
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Lero's incremental update: the candidate plans of `queries` only, generated and timed through
 * the cached plan-execution path (executions already stored are not run again), featurized with
 * the featurizer fitted at training (its row and width standardization kept), then
 * `updateEpochs` epochs on their ranking pairs at the update learning rate, for every ensemble
 * member (each with its own seed). Changes the models' weights in place. With no pair (no two
 * candidates far enough apart in time) nothing is trained and the report says why
 * (details.skipped).
 */
export async function updateLero(
  trained: { readonly models: readonly LeroModel[]; readonly featurizer: PlanFeaturizer; readonly usedTables: readonly string[] },
  queries: readonly WorkloadQuery[],
  config: LeroParams,
  runtime: AlgorithmRuntime,
): Promise<LeroUpdateResult> {
  const started = performance.now();
  const { models, featurizer } = trained;
  const { collected, summary } = await collectTrainingPlans(runtime, queries, config);
  const plans = collected.flatMap((c) => c.candidates.map((cand) => featureRoot(cand, config)));
  const usedTables = [...new Set([...trained.usedTables, ...tablesIn(plans, featurizer.tables)])].sort();
  const pairs = trainingPairs(collected, featurizer, config);
  const learningRate = updateLearningRate(config);
  const collection = {
    candidatesPerQueryMean: round(summary.candidatesMean, 2),
    executionsRun: summary.executionsRun,
    executionsCached: summary.executionsCached,
    timeouts: summary.timeouts,
    planMismatches: summary.planMismatches,
    collectionSeconds: round(summary.seconds, 1),
  };
  const common = { algorithm: 'lero', backend: runtime.tf.backend, trainQueries: queries.length, samples: pairs.length, bestValidationLoss: null };
  if (pairs.length === 0) {
    runtime.log(`lero: update skipped: no ranking pair among the candidates of the ${queries.length} queries`);
    const skipped = `no two candidate plans of the ${queries.length} queries differ in time by more than the margins`;
    return { report: { ...common, epochs: 0, trainSeconds: 0, samplesPerSecond: 0, details: { update: true, skipped, pairs: 0, ...collection } }, usedTables };
  }

  const seed = leroUpdateSeed(runtime.seed, queries);
  const accuracyBefore = await pairAccuracy(models[0]!, pairs);
  const tuned = [];
  for (const [k, model] of models.entries()) {
    tuned.push(
      await fineTune(runtime.tf, model, pairs, {
        epochs: config.updateEpochs,
        batchSize: config.batchSize,
        learningRate,
        seed: k === 0 ? seed : deriveSeed(seed, `member/${k}`),
        progress: runtime.progress,
        label: models.length === 1 ? 'lero: update' : `lero: update member ${k + 1}/${models.length}`,
      }),
    );
  }
  const accuracyAfter = await pairAccuracy(models[0]!, pairs);
  const first = tuned[0]!;
  runtime.log(`lero: updated on ${pairs.length} pairs of ${queries.length} queries: loss ${first.lossBefore.toFixed(4)} -> ${first.lossAfter.toFixed(4)}${models.length > 1 ? ` (member 1 of ${models.length})` : ''}`);
  const figures = fineTuneFigures(first);
  return {
    report: {
      ...common,
      ...figures.timing,
      details: {
        update: true,
        pairs: pairs.length,
        ...figures.details,
        // Member 1's accuracies and losses, then every member's losses.
        ...(models.length > 1 ? { memberLosses: tuned.map((t) => ({ before: t.lossBefore, after: t.lossAfter })) } : {}),
        pairAccuracyBefore: accuracyBefore,
        pairAccuracyAfter: accuracyAfter,
        learningRate,
        ...collection,
        totalSeconds: round((performance.now() - started) / 1000, 1),
      },
    },
    usedTables,
  };
}
