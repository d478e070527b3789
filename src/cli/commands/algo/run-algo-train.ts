import { readFile } from 'node:fs/promises';
import type { AlgorithmDefinition, TrainingReport } from '../../../../algorithms/algorithm.js';
import { findAlgorithm } from '../../../../algorithms/registry.js';
import { parseParamPairs, resolveParams } from '../../../../algorithms/resolve-params.js';
import { PilotError } from '../../../errors/index.js';
import type { RegisteredTraining } from '../../../experiment/experiment-session.js';
import { loadWorkloadQueries } from '../../../experiment/workload-queries.js';
import { openAlgorithmSession, sessionOptionsFrom, type AlgorithmSession } from './algorithm-session.js';
import type { AlgoTrainArgs } from './command-object.js';
import { defaultModelDir, modelId, shortPath } from './model-location.js';

/** Parameters from --params (a JSON file) overlaid by --param pairs, validated before anything runs. */
export async function paramsFromArgs(definition: AlgorithmDefinition, args: Pick<AlgoTrainArgs, 'param' | 'params'>): Promise<Record<string, unknown>> {
  let fromFile: Record<string, unknown> = {};
  if (args.params !== undefined) {
    const text = await readFile(args.params, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new PilotError('ALGO_BAD_PARAMS', `cannot read the parameters file ${args.params} (${error.code ?? error.message})`, { context: { file: args.params } });
    });
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new PilotError('ALGO_BAD_PARAMS', `${args.params} is not JSON: ${(error as Error).message}`, { context: { file: args.params } });
    }
  }
  return resolveParams(definition, { ...fromFile, ...parseParamPairs(args.param, definition.name) }, args.params === undefined ? 'parameters' : `parameters (${args.params} and --param)`);
}

/** Trains a fresh instance on the train workload, saves it and records it in the results store. */
export async function trainAndSave(
  definition: AlgorithmDefinition,
  params: Readonly<Record<string, unknown>>,
  session: AlgorithmSession,
  options: { limit?: number; out?: string; id?: string },
): Promise<{ dir: string; report: TrainingReport }> {
  const { runtime, entry } = session;
  const workload = loadWorkloadQueries(entry, 'train', runtime.parser, options.limit);
  if (workload.refusedCount > 0) runtime.log(`${workload.refusedCount} training queries cannot be represented and are left out: ${JSON.stringify(workload.refused)}`);
  runtime.log(`training ${definition.name} on ${workload.queries.length} queries of ${entry.name} (backend ${runtime.tf.backend}: ${runtime.tf.detail})`);
  const instance = definition.create(params, runtime);
  try {
    const report = await instance.train(workload.queries);
    const createdAt = new Date();
    const id = options.id ?? modelId(definition.name, createdAt);
    const dir = options.out ?? defaultModelDir(session.resultsDir, entry.name, id);
    await instance.save(dir);
    // What the model was trained from, beside what the algorithm reports: the scheduler reuses a model only for the same training data and seed.
    const training: RegisteredTraining = { workloadQueries: workload.queries.length, seed: runtime.seed };
    runtime.store.recordModel({ id, algorithm: definition.name, dataset: entry.name, dir, params: instance.params, backend: runtime.tf.backend, createdAt: createdAt.toISOString(), report: { ...report, training } });
    runtime.log(`saved ${shortPath(dir)}`);
    return { dir, report };
  } finally {
    instance.dispose();
  }
}

export async function runAlgoTrain(args: AlgoTrainArgs): Promise<number> {
  const definition = await findAlgorithm(args.algorithm);
  const params = await paramsFromArgs(definition, args);
  const session = await openAlgorithmSession(sessionOptionsFrom(args));
  try {
    const { dir, report } = await trainAndSave(definition, params, session, {
      ...(args.limit !== undefined ? { limit: args.limit } : {}),
      ...(args.out !== undefined ? { out: args.out } : {}),
      ...(args['model-id'] !== undefined ? { id: args['model-id'] } : {}),
    });
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ model: dir, report }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(formatTrainingReport(report, dir));
    return 0;
  } finally {
    await session.close();
  }
}

export function formatTrainingReport(report: TrainingReport, dir: string): string {
  const lines = [
    `${report.algorithm} trained on ${report.trainQueries} queries (backend ${report.backend})`,
    `  samples ${report.samples.toLocaleString('en-US')}, epochs ${report.epochs}, ${report.trainSeconds.toFixed(1)} s, ${Math.round(report.samplesPerSecond).toLocaleString('en-US')} samples/s`,
    `  best validation loss ${report.bestValidationLoss === null ? '-' : report.bestValidationLoss.toPrecision(4)}`,
    `  model ${shortPath(dir)}`,
  ];
  for (const [key, value] of Object.entries(report.details)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v));
    // Long details (loss curves, per-size tables) stay in --json and the saved report.
    lines.push(`  ${key}: ${text.length <= 240 ? text : `${text.slice(0, 200)}... (--json has all of it)`}`);
  }
  return `${lines.join('\n')}\n`;
}
