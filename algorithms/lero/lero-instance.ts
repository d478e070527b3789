/**
 * A Lero instance: collects timed candidate plans of the training queries, learns to rank them
 * pairwise, and for a new query picks the candidate with the lowest score.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PilotError } from '../../src/errors/index.js';
import { loadWeightsInto, namedVariables, saveWeights } from '../../src/ml/index.js';
import { median } from '../../src/util/median.js';
import type { AlgorithmInstance, AlgorithmRuntime, PlanDecision, TrainingReport, WorkloadQuery } from '../algorithm.js';
import { schemaMismatches } from '../database-schema.js';
import { chooseByEnsemble } from './choose-candidate.js';
import { collectTrainingPlans, type CollectedQuery } from './collect-training-plans.js';
import { generateCandidates } from './generate-candidates.js';
import { fitLeroMembers, memberScores } from './lero-ensemble.js';
import { LeroModel, type LeroModelShape } from './lero-model.js';
import { readLeroParams, type LeroParams } from './lero-params.js';
import { PlanFeaturizer } from './plan-featurizer.js';
import { featureRoot, pairAccuracy, tablesIn, trainingPairs } from './plan-pairs.js';
import { updateLero } from './update-lero.js';

export const PARAMS_FILE = 'params.json';
export const FEATURIZER_FILE = 'featurizer.json';
const SAVED_FORMAT = 'pilot-lero';
const SAVED_VERSION = 1;

/** params.json: the exact params plus what is needed to rebuild the network before loading weights. */
interface SavedParams {
  readonly format: typeof SAVED_FORMAT;
  readonly version: typeof SAVED_VERSION;
  readonly algorithm: 'lero';
  readonly params: LeroParams;
  readonly model: LeroModelShape;
  /** Ensemble members saved (absent in models saved before ensembles: 1). */
  readonly members?: number;
  /** Tables that occurred in the training plans: the runtime's schema must have them. */
  readonly usedTables: readonly string[];
}

interface Trained {
  readonly featurizer: PlanFeaturizer;
  /** The ensemble's members; one for the paper's Lero. */
  readonly models: readonly LeroModel[];
  readonly usedTables: readonly string[];
}

export class LeroInstance implements AlgorithmInstance {
  readonly name = 'lero';
  readonly params: Readonly<Record<string, unknown>>;
  private readonly config: LeroParams;
  private readonly runtime: AlgorithmRuntime;
  private state: Trained | undefined;

  constructor(params: Readonly<Record<string, unknown>>, runtime: AlgorithmRuntime, state?: Trained) {
    this.config = readLeroParams(params);
    this.params = { ...this.config };
    this.runtime = runtime;
    this.state = state;
  }

  get trained(): boolean {
    return this.state !== undefined;
  }

  async train(queries: readonly WorkloadQuery[]): Promise<TrainingReport> {
    const { runtime, config } = this;
    const started = performance.now();
    const used = queries.slice(0, config.maxTrainQueries);
    if (used.length === 0) throw new PilotError('LERO_NO_TRAIN_QUERIES', 'Lero needs at least one training query');
    runtime.log(`lero: executing the candidate plans of ${used.length} training queries`);
    const { collected, summary } = await collectTrainingPlans(runtime, used, config);

    const plans = collected.flatMap((c) => c.candidates.map((cand) => featureRoot(cand, config)));
    const featurizer = PlanFeaturizer.fit(plans, runtime.schema.tables.map((t) => t.name));
    const usedTables = tablesIn(plans, featurizer.tables);
    const pairs = trainingPairs(collected, featurizer, config);
    if (pairs.length === 0) {
      throw new PilotError('LERO_NO_PAIRS', `no two candidate plans of the ${used.length} training queries differ in time by more than the margins`, {
        context: { queries: used.length, minTimeDifference: config.minTimeDifference, minTimeDifferenceMs: config.minTimeDifferenceMs },
        hint: 'use more training queries (maxTrainQueries), more factors, or smaller margins',
      });
    }

    const shape = { featureSize: featurizer.featureSize, hiddenChannels: config.hiddenChannels, denseUnits: config.denseUnits };
    const members = await fitLeroMembers(runtime, pairs, shape, config, config.ensembleSize);
    const models = members.map((m) => m.model);
    this.dispose();
    this.state = { featurizer, models, usedTables };

    const result = members[0]!.fit;
    const validationAccuracy = await Promise.all(members.map((m) => pairAccuracy(m.model, m.fit.validationIndexes.map((i) => pairs[i]!))));
    const inSample = await chosenVersusDefault(models, featurizer, collected, config);
    return {
      algorithm: 'lero',
      backend: runtime.tf.backend,
      trainQueries: used.length,
      samples: pairs.length,
      epochs: result.epochs,
      bestValidationLoss: result.bestValidationLoss,
      trainSeconds: members.reduce((sum, m) => sum + m.fit.seconds, 0),
      samplesPerSecond: median(members.map((m) => m.fit.samplesPerSecond)),
      details: {
        queriesUsed: used.length,
        candidatesPerQueryMean: round(summary.candidatesMean, 2),
        candidatesPerQueryMax: summary.candidatesMax,
        executionsRun: summary.executionsRun,
        executionsCached: summary.executionsCached,
        timeouts: summary.timeouts,
        planMismatches: summary.planMismatches,
        collectionSeconds: round(summary.seconds, 1),
        pairs: pairs.length,
        trainPairs: result.trainSize,
        validationPairs: result.validationSize,
        // The first member's figures, then every member's (the same pairs, each its own seed's split).
        validationPairAccuracy: validationAccuracy[0] == null ? null : round(validationAccuracy[0], 4),
        stoppedEarly: result.stoppedEarly,
        bestEpoch: result.bestEpoch,
        ensembleSize: members.length,
        ensembleRule: config.ensembleRule,
        members: members.map((m, k) => ({
          epochs: m.fit.epochs,
          bestEpoch: m.fit.bestEpoch,
          bestValidationLoss: m.fit.bestValidationLoss,
          validationPairAccuracy: validationAccuracy[k] == null ? null : round(validationAccuracy[k]!, 4),
          seconds: round(m.fit.seconds, 1),
        })),
        // Chosen plan vs the default plan on the training queries themselves (in-sample, timeouts at their limit).
        trainChosenMs: round(inSample.chosenMs, 1),
        trainDefaultMs: round(inSample.defaultMs, 1),
        trainBestMs: round(inSample.bestMs, 1),
        backend: runtime.tf.backend,
        backendDetail: runtime.tf.detail,
        totalSeconds: round((performance.now() - started) / 1000, 1),
      },
    };
  }

  /**
   * The scheduler's periodic update: a few epochs on the ranking pairs of `queries` only, with
   * the featurizer of training kept (see update-lero.ts).
   */
  async update(queries: readonly WorkloadQuery[]): Promise<TrainingReport> {
    const state = this.requireTrained();
    const { report, usedTables } = await updateLero(state, queries, this.config, this.runtime);
    this.state = { ...state, usedTables };
    return report;
  }

  async plan(query: WorkloadQuery): Promise<PlanDecision> {
    const state = this.requireTrained();
    const explainStarted = performance.now();
    const { candidates } = await generateCandidates(this.runtime.interactor, query.sql, { factors: this.config.factors });
    const started = performance.now();
    const perMember = await memberScores(state.models, candidates.map((c) => state.featurizer.featurize(featureRoot(c, this.config))));
    // generateCandidates puts the default plan first.
    const chosenIndex = chooseByEnsemble(perMember, 0, this.config.chooseMargin, this.config.ensembleRule);
    const scores = candidates.map((_, i) => perMember.reduce((sum, m) => sum + m[i]!, 0) / perMember.length);
    const chosen = candidates[chosenIndex]!;
    return {
      push: { cards: { ...chosen.cards } },
      inferenceMs: performance.now() - started,
      details: {
        candidates: candidates.length,
        chosenIndex,
        chosenSignature: chosen.signature,
        chosenIsDefault: chosen.isDefault,
        // Mean over the members, and each member's.
        scores,
        ...(perMember.length > 1 ? { memberScores: perMember } : {}),
        candidateMs: started - explainStarted,
      },
    };
  }

  async save(dir: string): Promise<void> {
    const state = this.requireTrained();
    await mkdir(dir, { recursive: true });
    await saveWeights(dir, namedVariables(state.models.flatMap((m) => m.variables)));
    await writeFile(join(dir, FEATURIZER_FILE), `${JSON.stringify(state.featurizer.toJSON(), null, 1)}\n`);
    const saved: SavedParams = { format: SAVED_FORMAT, version: SAVED_VERSION, algorithm: 'lero', params: this.config, model: state.models[0]!.shape, members: state.models.length, usedTables: state.usedTables };
    await writeFile(join(dir, PARAMS_FILE), `${JSON.stringify(saved, null, 2)}\n`);
  }

  dispose(): void {
    for (const model of this.state?.models ?? []) model.dispose();
    this.state = undefined;
  }

  /** Reads what `save` wrote; ALGO_SCHEMA_MISMATCH when the runtime's database lacks a table the model uses. */
  static async load(dir: string, runtime: AlgorithmRuntime): Promise<LeroInstance> {
    const saved = await readJson(join(dir, PARAMS_FILE));
    const s = saved as Partial<SavedParams> | null;
    if (s === null || typeof s !== 'object' || s.format !== SAVED_FORMAT || s.version !== SAVED_VERSION || s.algorithm !== 'lero' || s.model === undefined || !Array.isArray(s.usedTables)) {
      throw new PilotError('ALGO_MODEL_MISSING', `${join(dir, PARAMS_FILE)} is not a saved Lero model (${SAVED_FORMAT} v${SAVED_VERSION})`, { context: { dir } });
    }
    const featurizer = PlanFeaturizer.fromState(await readJson(join(dir, FEATURIZER_FILE)));
    const problems = schemaMismatches(
      { tables: s.usedTables.map((name) => ({ name, rows: 0, columns: [] })) },
      runtime.schema,
      Object.fromEntries(s.usedTables.map((t) => [t, []])),
    );
    if (problems.length > 0) {
      throw new PilotError('ALGO_SCHEMA_MISMATCH', `the Lero model in ${dir} does not fit dataset "${runtime.dataset}": ${problems.join('; ')}`, {
        context: { dir, dataset: runtime.dataset, problems },
        hint: 'load it on the database it was trained on, or train Lero on this dataset',
      });
    }
    if (featurizer.featureSize !== s.model.featureSize) {
      throw new PilotError('ALGO_MODEL_MISSING', `${join(dir, FEATURIZER_FILE)} gives ${featurizer.featureSize} features per node but the model takes ${s.model.featureSize}`, { context: { dir } });
    }
    const members = s.members ?? 1;
    if (!Number.isInteger(members) || members < 1) {
      throw new PilotError('ALGO_MODEL_MISSING', `${join(dir, PARAMS_FILE)} says ${String(members)} ensemble members`, { context: { dir, members } });
    }
    const models = Array.from({ length: members }, (_, k) => LeroModel.create(runtime.tf, s.model!, runtime.seed, k));
    try {
      await loadWeightsInto(runtime.tf, dir, namedVariables(models.flatMap((m) => m.variables)));
    } catch (error) {
      for (const m of models) m.dispose();
      throw error;
    }
    // A model saved before ensembles has one member whatever its params say.
    return new LeroInstance({ ...(s.params as unknown as Record<string, unknown>), ensembleSize: members }, runtime, { featurizer, models, usedTables: s.usedTables });
  }

  private requireTrained(): Trained {
    if (this.state === undefined) throw new PilotError('ALGO_NOT_TRAINED', 'Lero has no model yet: train it or load a saved one first');
    return this.state;
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PilotError('ALGO_MODEL_MISSING', `cannot read ${path}`, { context: { file: path }, cause: error, hint: 'point at the directory that `save` wrote' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PilotError('ALGO_MODEL_MISSING', `${path} is not valid JSON`, { context: { file: path }, cause: error });
  }
}

/** Total time of the ensemble's choice, of the default plan and of the fastest candidate over the collected queries. */
async function chosenVersusDefault(models: readonly LeroModel[], featurizer: PlanFeaturizer, collected: readonly CollectedQuery[], config: LeroParams): Promise<{ chosenMs: number; defaultMs: number; bestMs: number }> {
  let chosenMs = 0;
  let defaultMs = 0;
  let bestMs = 0;
  for (const c of collected) {
    const ms = c.times.map((t) => t.executionMs ?? t.timeoutMs);
    const scores = await memberScores(models, c.candidates.map((cand) => featurizer.featurize(featureRoot(cand, config))));
    const chosen = chooseByEnsemble(scores, 0, config.chooseMargin, config.ensembleRule);
    chosenMs += ms[chosen]!;
    defaultMs += ms[0]!;
    bestMs += Math.min(...ms);
  }
  return { chosenMs, defaultMs, bestMs };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
