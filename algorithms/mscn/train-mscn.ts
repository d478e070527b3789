import type { CollectionStats } from '../../src/collect/index.js';
import { PilotError } from '../../src/errors/index.js';
import { fit, type FitResult } from '../../src/ml/fit.js';
import { LogTargetNormalizer } from '../../src/ml/log-target.js';
import { qError, summarizeQErrors, type QErrorStats } from '../../src/util/q-error.js';
import type { AlgorithmRuntime, TrainingReport, WorkloadQuery } from '../algorithm.js';
import { FeaturizationWarnings } from './featurization-warnings.js';
import { MscnFeaturizer } from './featurizer.js';
import { MscnModel } from './mscn-model.js';
import type { MscnParams } from './mscn-params.js';
import { postgresSubplanEstimates } from './postgres-subplan-estimates.js';
import { collectSubplanCardinalities, subplanSamples, type SourcedSample } from './subplan-samples.js';

export interface MscnTrainingResult {
  readonly model: MscnModel;
  readonly report: TrainingReport;
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

/**
 * MSCN's training: the true cardinality of every connected sub-plan of the training queries
 * (collected once, cached in the store), timed-out counts dropped, identical sub-plans (same
 * canonical COUNT(*) SQL) kept once so none is both trained on and held out, then fit on the
 * q-error. The report holds the q-error on the held-out sub-plans next to PostgreSQL's own.
 */
export async function trainMscn(queries: readonly WorkloadQuery[], params: MscnParams, runtime: AlgorithmRuntime): Promise<MscnTrainingResult> {
  const started = performance.now();
  const used = params.maxTrainQueries === null ? queries : queries.slice(0, params.maxTrainQueries);
  const timeoutMs = params.timeoutMs ?? runtime.timeoutMs;

  const collected = await collectSubplanCardinalities(used, params, runtime);
  const collectSeconds = seconds(started);

  let t = performance.now();
  const featurizer = await MscnFeaturizer.build(
    used.map((q) => q.graph),
    { interactor: runtime.interactor, schema: runtime.schema, sampleSize: params.sampleSize, seed: runtime.seed, source: runtime.dataset },
  );
  const sampleSeconds = seconds(t);

  t = performance.now();
  const warnings = new FeaturizationWarnings();
  const { samples, timedOut: timedOutSubplans, duplicates: duplicateSubplans } = subplanSamples(used, collected, featurizer, warnings);
  const featurizeSeconds = seconds(t);

  if (samples.length === 0) {
    throw new PilotError('MSCN_NO_SAMPLES', `no sub-plan of the ${used.length} training queries has a true cardinality (${timedOutSubplans} timed out)`, {
      context: { queries: used.length, timedOut: timedOutSubplans, collection: collected.stats },
      hint: 'raise the collection timeout (timeoutMs), or train on queries that finish',
    });
  }
  const normalizer = LogTargetNormalizer.fit(samples.map((s) => s.rows));
  const model = new MscnModel(runtime.tf, featurizer, normalizer, params.hiddenUnits, runtime.seed, params.loss);
  let fitted: FitResult;
  try {
    fitted = await fit<SourcedSample>(runtime.tf, model, samples, {
      epochs: params.epochs,
      batchSize: params.batchSize,
      learningRate: params.learningRate,
      patience: params.patience,
      validationFraction: params.validationFraction,
      seed: runtime.seed,
      progress: runtime.progress,
      label: 'mscn training',
      groupOf: params.batchGrouping === 'query' ? (s) => s.queryId : undefined,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }

  try {
    t = performance.now();
    const heldOut = fitted.validationIndexes.map((i) => samples[i] as SourcedSample);
    const evaluation = await compareWithPostgres(model, heldOut, new Map(used.map((q) => [q.id, q.sql])), runtime, timeoutMs);
    const evaluateSeconds = seconds(t);
    runtime.log(
      `mscn: held-out q-error median ${evaluation.qError.mscn.median.toFixed(2)} p90 ${evaluation.qError.mscn.p90.toFixed(2)} ` +
        `(PostgreSQL ${evaluation.qError.postgres.median.toFixed(2)} / ${evaluation.qError.postgres.p90.toFixed(2)}) on ${heldOut.length} sub-plans`,
    );

    const report: TrainingReport = {
      algorithm: 'mscn',
      backend: runtime.tf.backend,
      trainQueries: used.length,
      samples: fitted.trainSize,
      epochs: fitted.epochs,
      bestValidationLoss: fitted.bestValidationLoss,
      trainSeconds: fitted.seconds,
      samplesPerSecond: fitted.samplesPerSecond,
      details: {
        backendDetail: runtime.tf.detail,
        qError: evaluation.qError,
        qErrorBySize: evaluation.bySize,
        postgresEstimatesMissing: evaluation.missing,
        subplans: {
          distinct: samples.length,
          train: fitted.trainSize,
          heldOut: fitted.validationSize,
          duplicatesDropped: duplicateSubplans,
          timedOutDropped: timedOutSubplans,
          dedup: 'identical sub-plans (same canonical COUNT(*) SQL) across queries are kept once',
        },
        collection: collected.stats satisfies CollectionStats,
        fit: {
          bestEpoch: fitted.bestEpoch,
          stoppedEarly: fitted.stoppedEarly,
          diverged: fitted.diverged,
          trainLoss: fitted.trainLoss,
          validationLoss: fitted.validationLoss,
        },
        featurizer: {
          tables: featurizer.state.tables.length,
          joins: featurizer.state.joins.length,
          columns: featurizer.state.columns.length,
          sampleSize: featurizer.state.samples.sampleSize,
          dims: featurizer.dims,
        },
        warnings: warnings.summary(),
        timings: { collectSeconds, sampleSeconds, featurizeSeconds, fitSeconds: fitted.seconds, evaluateSeconds, totalSeconds: seconds(started) },
      },
    };
    return { model, report };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

interface Comparison {
  readonly qError: { readonly mscn: QErrorStats; readonly postgres: QErrorStats };
  readonly bySize: Record<string, { readonly mscn: QErrorStats; readonly postgres: QErrorStats }>;
  /** Held-out sub-plans PostgreSQL gave no estimate for (left out of both summaries). */
  readonly missing: number;
}

/** MSCN's and PostgreSQL's q-errors on the same held-out sub-plans, overall and by sub-plan size. */
async function compareWithPostgres(
  model: MscnModel,
  heldOut: readonly SourcedSample[],
  sqlOf: ReadonlyMap<string, string>,
  runtime: AlgorithmRuntime,
  timeoutMs: number,
): Promise<Comparison> {
  const estimates = await model.estimateFeatures(heldOut.map((s) => s.features));
  // One planning call per query that owns a held-out sub-plan.
  const byQuery = new Map<string, Map<string, number> | undefined>();
  return summarize(heldOut, estimates, async (queryId) => {
    if (!byQuery.has(queryId)) {
      const sql = sqlOf.get(queryId);
      byQuery.set(queryId, sql === undefined ? undefined : await postgresSubplanEstimates(runtime.interactor, sql, timeoutMs));
    }
    return byQuery.get(queryId);
  });
}

async function summarize(
  heldOut: readonly SourcedSample[],
  estimates: readonly number[],
  postgresOf: (queryId: string) => Promise<Map<string, number> | undefined>,
): Promise<Comparison> {
  const all = { mscn: [] as number[], postgres: [] as number[] };
  const bySize = new Map<number, { mscn: number[]; postgres: number[] }>();
  let missing = 0;
  for (let i = 0; i < heldOut.length; i++) {
    const sample = heldOut[i] as SourcedSample;
    const pg = (await postgresOf(sample.queryId))?.get(sample.key);
    if (pg === undefined) {
      missing++;
      continue;
    }
    const group = bySize.get(sample.size) ?? { mscn: [], postgres: [] };
    bySize.set(sample.size, group);
    const m = qError(estimates[i] as number, sample.rows);
    const p = qError(pg, sample.rows);
    all.mscn.push(m);
    all.postgres.push(p);
    group.mscn.push(m);
    group.postgres.push(p);
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  return {
    qError: { mscn: summarizeQErrors(all.mscn), postgres: summarizeQErrors(all.postgres) },
    bySize: Object.fromEntries(sizes.map((size) => {
      const g = bySize.get(size) as { mscn: number[]; postgres: number[] };
      return [String(size), { mscn: summarizeQErrors(g.mscn), postgres: summarizeQErrors(g.postgres) }];
    })),
    missing,
  };
}
