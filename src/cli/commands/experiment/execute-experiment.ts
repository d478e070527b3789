import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AlgorithmDefinition } from '../../../../algorithms/algorithm.js';
import { findAlgorithm } from '../../../../algorithms/registry.js';
import { captureEnvironment } from '../../../experiment/environment/capture-environment.js';
import type { AlgorithmSession, ModelTrainer } from '../../../experiment/experiment-session.js';
import { ExperimentScheduler, type ExperimentOutcome } from '../../../experiment/scheduler/experiment-scheduler.js';
import type { ExperimentSpec } from '../../../experiment/spec/experiment-spec.js';
import type { RunDocument } from '../../../results/index.js';
import { openAlgorithmSession, type SessionOptions } from '../algo/algorithm-session.js';
import { shortPath } from '../algo/model-location.js';
import { trainAndSave } from '../algo/run-algo-train.js';
import { childProcessTrainer } from './child-process-trainer.js';
import type { ExperimentRunArgs } from './command-object.js';
import { formatExperimentOutcome, outcomeJson } from './format-experiment-outcome.js';

/** Runs a resolved experiment from the CLI: sessions, trainer, Ctrl-C, the printed table and the JSON files. */
export async function executeExperiment(spec: ExperimentSpec, args: ExperimentRunArgs): Promise<number> {
  const definitions = new Map<string, AlgorithmDefinition>();
  for (const name of ['baseline', ...spec.algorithms.map((a) => a.name)]) definitions.set(name, await findAlgorithm(name));
  const sessionOptions = (dataset: string): SessionOptions => ({
    dataset,
    seed: spec.seed,
    timeoutMs: spec.measurement.timeoutMs,
    concurrency: args.concurrency,
    ...(args.home !== undefined ? { home: args.home } : {}),
    ...(args.backend !== undefined ? { backend: args.backend } : {}),
    ...(args.quiet !== undefined ? { quiet: args.quiet } : {}),
    ...(args.results !== undefined ? { results: args.results } : {}),
  });
  const session = await openAlgorithmSession(sessionOptions(spec.dataset));
  let trainSession: AlgorithmSession = session;
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\npilot: stopping after the query in flight (Ctrl-C again to quit at once); --resume continues\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (spec.trainDataset !== spec.dataset) trainSession = await openAlgorithmSession(sessionOptions(spec.trainDataset));
    const trainer: ModelTrainer =
      spec.trainJobs > 1
        ? childProcessTrainer({ seed: spec.seed, timeoutMs: spec.measurement.timeoutMs, concurrency: args.concurrency, ...(args.home !== undefined ? { home: args.home } : {}), ...(args.backend !== undefined ? { backend: args.backend } : {}) })
        : (request, target) => trainAndSave(request.definition, request.params, target, { out: request.out, id: request.id, ...(request.limit !== null ? { limit: request.limit } : {}) });
    const scheduler = new ExperimentScheduler(spec, {
      session,
      trainSession,
      definitions,
      trainer,
      resume: args.resume === true,
      environment: () => captureEnvironment(session.runtime.interactor, session.runtime.tf),
      signal: controller.signal,
    });
    scheduler.events.on('pretraining', ({ trial, outcome, modelDir }) => {
      if (outcome !== 'none-needed') session.runtime.log(`${trial.label}: ${outcome === 'reused' ? 'reusing' : 'trained'} model ${shortPath(modelDir ?? '')}`);
    });
    scheduler.events.on('modelUpdate', ({ trial, queries, report }) => session.runtime.log(`${trial.label}: model updated on ${queries} queries (${report.samples} samples)`));
    const outcome = await scheduler.run();
    const document = session.runtime.store.runs.document(outcome.run.id);
    const files = await writeOutcomeFiles(spec, outcome, document, session.resultsDir);
    if (args.json) process.stdout.write(`${JSON.stringify({ ...outcomeJson(outcome), files }, null, 2)}\n`);
    else process.stdout.write(formatExperimentOutcome(spec, outcome, files, document.measurements));
    return outcome.trials.some((t) => t.status === 'failed') ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (trainSession !== session) await trainSession.close();
    await session.close();
  }
}

/** results/runs/<run>.json always; results/sweep_<algo>_<db>.json for sweeps (the best configuration and every trial). */
async function writeOutcomeFiles(spec: ExperimentSpec, outcome: ExperimentOutcome, document: RunDocument, resultsDir: string): Promise<string[]> {
  const files = [join(resultsDir, 'runs', `${outcome.run.id}.json`)];
  if (spec.kind === 'sweep') files.push(join(resultsDir, `sweep_${spec.algorithms.map((a) => a.name).join('+')}_${spec.dataset}.json`));
  const content = `${JSON.stringify({ ...outcomeJson(outcome), trials: document.trials, measurements: spec.kind === 'sweep' ? undefined : document.measurements }, null, 2)}\n`;
  for (const file of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return files;
}
