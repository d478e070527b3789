import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PilotError } from '../../src/errors/index.js';
import { LogTargetNormalizer } from '../../src/ml/log-target.js';
import { namedVariables } from '../../src/ml/variable-names.js';
import { loadWeightsInto, saveWeights } from '../../src/ml/weights-file.js';
import type { AlgorithmInstance, AlgorithmRuntime, PlanDecision, TrainingReport, WorkloadQuery } from '../algorithm.js';
import { schemaMismatches, type DatabaseSchema } from '../database-schema.js';
import { FeaturizationWarnings } from './featurization-warnings.js';
import { MscnFeaturizer } from './featurizer.js';
import { MscnModel, type MscnSubplanEstimate } from './mscn-model.js';
import { readMscnParams, type MscnParams } from './mscn-params.js';
import { pushedCards } from './pushed-cards.js';
import { trainMscn } from './train-mscn.js';
import { updateMscn } from './update-mscn.js';

export const PARAMS_FILE = 'params.json';
export const FEATURIZER_FILE = 'featurizer.json';

/** What params.json holds: enough to rebuild the model and to tell what it was trained on. */
interface SavedParams {
  readonly algorithm: 'mscn';
  readonly params: MscnParams;
  readonly seed: number;
  readonly backend: string;
  readonly dataset: string;
  /** The training database's schema: what a database the model is applied to is checked against. */
  readonly schema: DatabaseSchema;
}

/**
 * A trained (or untrained) MSCN. Besides `plan`, `estimateSubplans` gives its estimate of every
 * sub-plan of a query, for q-error measurements on a test workload.
 */
export class MscnInstance implements AlgorithmInstance {
  readonly name = 'mscn';
  readonly params: MscnParams;
  private model: MscnModel | undefined;
  /** The training database's schema and name (from the runtime at train time, or params.json). */
  private trainedOn: { dataset: string; schema: DatabaseSchema } | undefined;

  constructor(
    params: Readonly<Record<string, unknown>>,
    private readonly runtime: AlgorithmRuntime,
    loaded?: { model: MscnModel; dataset: string; schema: DatabaseSchema },
  ) {
    this.params = readMscnParams(params);
    if (loaded !== undefined) {
      this.model = loaded.model;
      this.trainedOn = { dataset: loaded.dataset, schema: loaded.schema };
    }
  }

  get trained(): boolean {
    return this.model !== undefined;
  }

  async train(queries: readonly WorkloadQuery[]): Promise<TrainingReport> {
    const { model, report } = await trainMscn(queries, this.params, this.runtime);
    this.model?.dispose();
    this.model = model;
    this.trainedOn = { dataset: this.runtime.dataset, schema: this.runtime.schema };
    return report;
  }

  /**
   * The scheduler's periodic update: a few epochs on the sub-plans of `queries` only, with the
   * featurizer and target range of training kept (see update-mscn.ts).
   */
  async update(queries: readonly WorkloadQuery[]): Promise<TrainingReport> {
    return updateMscn(this.requireModel(), queries, this.params, this.runtime);
  }

  async plan(query: WorkloadQuery): Promise<PlanDecision> {
    const started = performance.now();
    const warnings = new FeaturizationWarnings();
    const cards = pushedCards(await this.requireModel().estimateSubplans(query.graph, warnings), { minTables: this.params.pushMinTables, minSampleRows: this.params.pushMinSampleRows });
    const inferenceMs = performance.now() - started;
    return { push: { cards }, inferenceMs, details: { subplans: Object.keys(cards).length, ...(warnings.total > 0 ? { warnings: warnings.summary() } : {}) } };
  }

  /** MSCN's estimated rows of every connected sub-plan of the query, by sub-plan key. */
  async estimateSubplans(query: WorkloadQuery): Promise<Map<string, number>> {
    return this.requireModel().estimateQuery(query.graph, new FeaturizationWarnings());
  }

  /** Every sub-plan's estimate with what the push policy reads (see pushed-cards.ts). */
  async detailedEstimates(query: WorkloadQuery): Promise<MscnSubplanEstimate[]> {
    return this.requireModel().estimateSubplans(query.graph, new FeaturizationWarnings());
  }

  async save(dir: string): Promise<void> {
    const model = this.requireModel();
    const trainedOn = this.trainedOn as { dataset: string; schema: DatabaseSchema };
    await mkdir(dir, { recursive: true });
    await saveWeights(dir, namedVariables(model.variables));
    await writeFile(join(dir, FEATURIZER_FILE), JSON.stringify({ ...model.featurizer.toJSON(), normalizer: model.normalizer.toJSON() }));
    const saved: SavedParams = {
      algorithm: 'mscn',
      params: this.params,
      seed: this.runtime.seed,
      backend: this.runtime.tf.backend,
      dataset: trainedOn.dataset,
      schema: trainedOn.schema,
    };
    await writeFile(join(dir, PARAMS_FILE), `${JSON.stringify(saved, null, 2)}\n`);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }

  private requireModel(): MscnModel {
    if (this.model === undefined) {
      throw new PilotError('ALGO_NOT_TRAINED', 'this MSCN model is not trained: call train() or load a saved model first', { hint: '`pilot algo train mscn` trains and saves one' });
    }
    return this.model;
  }
}

/**
 * Reads a model written by `save`. The samples behind the bitmaps stay those of the training
 * database: the network learned its weights against exactly those rows, and a database of the
 * same schema is assumed to hold similar data. Throws ALGO_SCHEMA_MISMATCH, listing every
 * problem, when the runtime's database lacks a table or column the model uses.
 */
export async function loadMscn(dir: string, runtime: AlgorithmRuntime): Promise<MscnInstance> {
  const read = async (file: string): Promise<unknown> => {
    const path = join(dir, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new PilotError('ALGO_MODEL_MISSING', `${path} cannot be read: is ${dir} a saved MSCN model?`, { context: { dir, file }, cause: error });
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new PilotError('MSCN_BAD_MODEL_FILE', `${path} is not valid JSON`, { context: { dir, file }, cause: error });
    }
  };
  const saved = (await read(PARAMS_FILE)) as Partial<SavedParams> | null;
  if (saved?.algorithm !== 'mscn' || typeof saved.params !== 'object' || saved.schema === undefined || !Array.isArray(saved.schema.tables)) {
    throw new PilotError('ALGO_MODEL_MISSING', `${join(dir, PARAMS_FILE)} is not a saved MSCN model`, { context: { dir, algorithm: saved?.algorithm } });
  }
  const featurizerJson = (await read(FEATURIZER_FILE)) as { normalizer?: unknown } | null;
  const featurizer = MscnFeaturizer.fromJSON(featurizerJson, join(dir, FEATURIZER_FILE));
  const problems = schemaMismatches(saved.schema, runtime.schema, featurizer.neededColumns());
  if (problems.length > 0) {
    throw new PilotError('ALGO_SCHEMA_MISMATCH', `the MSCN model in ${dir} (trained on "${saved.dataset}") does not fit the database of "${runtime.dataset}":\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      context: { dir, trainedOn: saved.dataset, dataset: runtime.dataset, problems },
      hint: 'apply the model to a database with the schema it was trained on, or train a new one',
    });
  }
  const normalizer = LogTargetNormalizer.fromJSON(featurizerJson?.normalizer);
  const params = readMscnParams(saved.params);
  const model = new MscnModel(runtime.tf, featurizer, normalizer, params.hiddenUnits, saved.seed ?? runtime.seed, params.loss);
  try {
    await loadWeightsInto(runtime.tf, dir, namedVariables(model.variables));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return new MscnInstance(params, runtime, { model, dataset: saved.dataset ?? 'unknown', schema: saved.schema });
}
