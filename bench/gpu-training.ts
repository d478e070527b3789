/**
 * Training throughput of MSCN and Lero per TensorFlow.js backend, with no database: the models
 * at their default sizes and batch sizes, trained by the same `fit` the algorithms use, on
 * synthetic inputs shaped like the built-in dataset's (bench/synthetic-training-data.ts). Made to
 * run where PostgreSQL is not, e.g. a GPU machine for the webgpu backend.
 *
 *   npx tsx bench/gpu-training.ts [--backends auto,webgpu,wasm,cpu] [--runs 3] [--mscn-queries 300] [--lero-queries 100] [--batch-factor 1] [--json out.json]
 *
 * `--batch-factor k` multiplies both default batch sizes (MSCN 128, Lero 64) by k, to see how a
 * backend scales with more work per optimizer step.
 * `auto` only reports what loadTfRuntime() picks by itself (and why it passed over the others).
 * Named backends are forced; after training, the prediction calls the algorithms make
 * (MscnModel.estimateFeatures on the sub-plans of a 6-table query, LeroModel.scoreValues on 10
 * plans; both read with `await data()`) are timed, median of 20 after one warm-up call, or their
 * error printed.
 * Per backend and model: one warm-up epoch (WebGPU compiles its shaders there), then `--runs`
 * one-epoch fits; samples/s is fit's own figure (optimizer steps only, validation not counted),
 * and the median of the runs is printed. The first epoch's training loss is printed too: with the
 * same seed every backend starts from the same weights on the same batches, so the losses must
 * agree to a few decimals, a check that a backend computes what the others do.
 */
import { writeFileSync } from 'node:fs';
import { LeroModel } from '../algorithms/lero/lero-model.js';
import { defaultLeroParams } from '../algorithms/lero/lero-params.js';
import { MscnModel } from '../algorithms/mscn/mscn-model.js';
import { MSCN_DEFAULT_PARAMS } from '../algorithms/mscn/mscn-params.js';
import { fit, type FitOptions, type TrainableModel } from '../src/ml/fit.js';
import { LogTargetNormalizer } from '../src/ml/log-target.js';
import { BACKEND_NAMES, loadTfRuntime, type BackendName, type TfRuntime } from '../src/ml/tf-runtime.js';
import { median } from '../src/util/median.js';
import { silentProgress } from '../src/util/progress.js';
import { syntheticLeroTraining, syntheticMscnTraining } from './synthetic-training-data.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const backends = arg('backends', 'auto,wasm,cpu').split(',');
const runs = Number(arg('runs', '3'));
const mscnQueries = Number(arg('mscn-queries', '300'));
const leroQueries = Number(arg('lero-queries', '100'));
const leroCandidates = Number(arg('lero-candidates', '8'));
const batchFactor = Number(arg('batch-factor', '1'));
const jsonOut = process.argv.includes('--json') ? arg('json', '') : undefined;
const seed = 42;

interface Throughput {
  readonly samples: number;
  readonly warmupPerSecond: number;
  readonly perSecond: readonly number[];
  readonly medianPerSecond: number;
  readonly firstEpochLoss: number;
  readonly lastEpochLoss: number;
}

interface BackendResult {
  readonly requested: string;
  readonly backend?: BackendName;
  readonly detail?: string;
  readonly skipped?: readonly { readonly backend: string; readonly reason: string }[];
  readonly error?: string;
  readonly mscn?: Throughput;
  readonly lero?: Throughput;
  readonly inference?: Record<string, string>;
  readonly untrainedPredictions?: string;
  readonly leakedTensors?: number;
}

/** A warm-up epoch, then `runs` one-epoch fits of the same model (fresh Adam each, as an update would). */
async function throughput<S>(rt: TfRuntime, model: TrainableModel<S>, samples: readonly S[], options: Omit<FitOptions, 'epochs' | 'patience' | 'progress' | 'label' | 'seed'>): Promise<Throughput> {
  const once = (run: number) => fit(rt, model, samples, { ...options, epochs: 1, patience: 1, seed: seed + run, progress: silentProgress, label: 'bench' });
  const warm = await once(0);
  const timed = [];
  for (let r = 1; r <= runs; r++) timed.push(await once(r));
  const perSecond = timed.map((t) => t.samplesPerSecond);
  return {
    samples: warm.trainSize,
    warmupPerSecond: warm.samplesPerSecond,
    perSecond,
    medianPerSecond: median(perSecond),
    firstEpochLoss: warm.trainLoss[0] as number,
    lastEpochLoss: timed.at(-1)?.trainLoss[0] as number,
  };
}

/** Median ms of `run` over `times` awaited calls after a warm-up call (WebGPU compiles its shaders there), or the error it throws. */
async function timeOrError(run: () => Promise<unknown>, times = 20): Promise<string> {
  try {
    await run();
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    return `${median(ms).toFixed(2)} ms`;
  } catch (error) {
    return `fails: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
}

/**
 * The seeded, untrained models' predictions in two numbers: every backend starts from the same
 * weights, so these must agree to a few decimals, a check that prediction computes the same.
 */
async function predictionFingerprint(mscn: MscnModel, subplans: Parameters<MscnModel['estimateFeatures']>[0], lero: LeroModel, trees: Parameters<LeroModel['scoreValues']>[0]): Promise<string> {
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  try {
    const rows = await mscn.estimateFeatures(subplans);
    const scores = await lero.scoreValues(trees);
    return `MSCN mean log10 rows ${mean(rows.map(Math.log10)).toFixed(5)}, Lero mean score ${mean(scores).toFixed(5)}`;
  } catch (error) {
    return `fails: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
}

async function benchBackend(requested: string, data: { mscn: ReturnType<typeof syntheticMscnTraining>; lero: ReturnType<typeof syntheticLeroTraining> }): Promise<BackendResult> {
  let rt: TfRuntime;
  try {
    rt = requested === 'auto' ? await loadTfRuntime() : await loadTfRuntime({ backend: requested as BackendName });
  } catch (error) {
    return { requested, error: (error as Error).message };
  }
  const picked = { requested, backend: rt.backend, detail: rt.detail, skipped: rt.skipped };
  if (requested === 'auto') return picked;
  const tensorsBefore = rt.tf.memory().numTensors;

  const m = MSCN_DEFAULT_PARAMS;
  const normalizer = LogTargetNormalizer.fit(data.mscn.samples.map((s) => s.rows));
  const mscn = new MscnModel(rt, data.mscn.featurizer, normalizer, m.hiddenUnits, seed, m.loss);
  const l = defaultLeroParams();
  const lero = LeroModel.create(rt, { featureSize: data.lero.featurizer.featureSize, hiddenChannels: l.hiddenChannels, denseUnits: l.denseUnits }, seed);
  const six = data.mscn.sixTableQuery;
  const trees = data.lero.pairs.slice(0, 5).flatMap((p) => [p.a, p.b]);
  try {
    const untrainedPredictions = await predictionFingerprint(mscn, six, lero, trees);
    const mscnFigures = await throughput(rt, mscn, data.mscn.samples, { batchSize: m.batchSize * batchFactor, learningRate: m.learningRate, validationFraction: m.validationFraction });
    const leroFigures = await throughput(rt, lero, data.lero.pairs, { batchSize: l.batchSize * batchFactor, learningRate: l.learningRate, validationFraction: l.validationFraction });
    const inference = {
      [`mscn estimateFeatures, ${six.length} sub-plans of a 6-table query`]: await timeOrError(() => mscn.estimateFeatures(six)),
      [`lero scoreValues, ${trees.length} plans`]: await timeOrError(() => lero.scoreValues(trees)),
    };
    return { ...picked, mscn: mscnFigures, lero: leroFigures, inference, untrainedPredictions, leakedTensors: rt.tf.memory().numTensors - tensorsBefore - mscn.variables.length - lero.variables.length };
  } finally {
    mscn.dispose();
    lero.dispose();
  }
}

async function main(): Promise<void> {
  for (const b of backends) {
    if (b !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(b)) throw new Error(`unknown backend '${b}' (auto, ${BACKEND_NAMES.join(', ')})`);
  }
  let t = performance.now();
  const data = { mscn: syntheticMscnTraining(mscnQueries, seed), lero: syntheticLeroTraining(leroQueries, leroCandidates, seed) };
  console.log(
    `synthetic inputs: MSCN ${data.mscn.samples.length.toLocaleString('en-US')} sub-plans of ${mscnQueries} queries, ` +
      `Lero ${data.lero.pairs.length.toLocaleString('en-US')} pairs of ${leroQueries} queries (${((performance.now() - t) / 1000).toFixed(1)} s); ` +
      `batch sizes MSCN ${MSCN_DEFAULT_PARAMS.batchSize * batchFactor}, Lero ${defaultLeroParams().batchSize * batchFactor}`,
  );
  const results: BackendResult[] = [];
  for (const requested of backends) {
    t = performance.now();
    const r = await benchBackend(requested, data);
    results.push(r);
    const head = `${requested.padEnd(10)}`;
    if (r.error !== undefined) {
      console.log(`${head} unavailable: ${r.error}`);
    } else if (requested === 'auto') {
      console.log(`${head} loadTfRuntime() picked ${r.backend} (${r.detail}); passed over: ${r.skipped!.map((s) => `${s.backend} (${s.reason})`).join('; ') || 'none'}`);
    } else {
      const fmt = (x: Throughput, unit: string): string =>
        `${Math.round(x.medianPerSecond).toLocaleString('en-US')} ${unit}/s median of [${x.perSecond.map((v) => Math.round(v)).join(', ')}], warm-up epoch ${Math.round(x.warmupPerSecond)}; ` +
        `first-epoch loss ${x.firstEpochLoss.toFixed(5)}, last ${x.lastEpochLoss.toFixed(5)}`;
      console.log(`${head} ${r.detail}  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      console.log(`           MSCN (${r.mscn!.samples} samples/epoch): ${fmt(r.mscn!, 'samples')}`);
      console.log(`           Lero (${r.lero!.samples} pairs/epoch): ${fmt(r.lero!, 'pairs')}`);
      console.log(`           untrained (seeded) models predict: ${r.untrainedPredictions}`);
      for (const [what, figure] of Object.entries(r.inference!)) console.log(`           ${what}: ${figure}`);
      console.log(`           tensors left behind: ${r.leakedTensors}`);
    }
  }
  if (jsonOut !== undefined && jsonOut !== '') writeFileSync(jsonOut, `${JSON.stringify({ runs, batchFactor, mscnQueries, leroQueries, leroCandidates, results }, null, 2)}\n`);
}

await main();
