import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AlgorithmDefinition, AlgorithmInstance } from '../../../../algorithms/algorithm.js';
import { findAlgorithm } from '../../../../algorithms/registry.js';
import { resolveParams } from '../../../../algorithms/resolve-params.js';
import { collectSessionCardinalities } from '../../../experiment/experiment-session.js';
import { PilotError } from '../../../errors/index.js';
import { compareAlgorithms, type ComparedAlgorithm, type ComparisonResult } from '../../../experiment/compare-algorithms.js';
import { subplanQError, type SubplanQErrorReport } from '../../../experiment/subplan-qerror.js';
import { loadWorkloadQueries } from '../../../experiment/workload-queries.js';
import type { QErrorStats } from '../../../util/q-error.js';
import { formatTable } from '../dataset/format-table.js';
import { openAlgorithmSession, sessionOptionsFrom, type AlgorithmSession } from './algorithm-session.js';
import type { AlgoCompareArgs } from './command-object.js';
import { latestModelDir, modelId, parseModelFlags, shortPath } from './model-location.js';
import { trainAndSave } from './run-algo-train.js';

/** `pilot algo compare`: every algorithm's decisions on one workload, timed against the first algorithm's. */
export async function runAlgoCompare(args: AlgoCompareArgs): Promise<number> {
  // Everything that can be refused is checked before the database is touched.
  const models = parseModelFlags(args.model);
  const definitions = await Promise.all(args.algorithms.map((name) => findAlgorithm(name)));
  for (const name of models.keys()) {
    if (!args.algorithms.includes(name)) throw new PilotError('USAGE', `--model names ${name}, which is not among --algorithms (${args.algorithms.join(', ')})`);
  }
  const session = await openAlgorithmSession(sessionOptionsFrom(args));
  const instances: ComparedAlgorithm[] = [];
  try {
    for (const definition of definitions) {
      instances.push({ label: definition.name, instance: await instanceFor(definition, models.get(definition.name), session, args) });
    }
    const { runtime } = session;
    const workload = loadWorkloadQueries(session.entry, args.workload, runtime.parser, args.limit);
    runtime.log(`running ${workload.queries.length} ${args.workload} queries of ${session.entry.name} under ${instances.map((i) => i.label).join(', ')}: ${args.warmups} warm-up and ${args.repetitions} timed runs each`);
    const comparison = await compareAlgorithms(instances, workload.queries, {
      interactor: runtime.interactor,
      progress: runtime.progress,
      repetitions: args.repetitions,
      warmups: args.warmups,
      timeoutMs: args['timeout-ms'],
    });
    // Saved now, so the timings survive whatever happens while the q-error report is made.
    let file = await saveComparison(session, args, comparison, undefined);
    const estimators = instances.filter((i) => typeof i.instance.estimateSubplans === 'function');
    let qerror: SubplanQErrorReport | undefined;
    if (estimators.length > 0) {
      runtime.log('collecting the true cardinalities of the workload sub-plans for the q-error report (cached)');
      const truth = await collectSessionCardinalities(session, workload.queries);
      qerror = await subplanQError(workload.queries, truth, estimators, runtime.interactor);
    }
    if (qerror !== undefined) file = await saveComparison(session, args, comparison, qerror, file);
    if (args.json) process.stdout.write(`${JSON.stringify({ file, backend: runtime.tf.backend, ...summaryJson(comparison), qerror }, null, 2)}\n`);
    else process.stdout.write(formatComparison(comparison, qerror, runtime.tf.backend, file));
    return 0;
  } finally {
    for (const { instance } of instances) instance.dispose();
    await session.close();
  }
}

async function instanceFor(definition: AlgorithmDefinition, given: string | undefined, session: AlgorithmSession, args: AlgoCompareArgs): Promise<AlgorithmInstance> {
  const { runtime } = session;
  if (definition.name === 'baseline') return definition.create(resolveParams(definition, {}), runtime);
  const dir = given ?? latestModelDir(runtime.store, definition.name, session.entry.name);
  if (dir !== undefined) {
    runtime.log(`${definition.name}: model ${shortPath(dir)}`);
    return definition.load(dir, runtime);
  }
  if (!args.train) {
    throw new PilotError('ALGO_MODEL_MISSING', `no ${definition.name} model trained on dataset "${session.entry.name}"`, {
      hint: `train one with \`pilot algo train ${definition.name} --dataset ${session.entry.name}\`, pass --train, or name one with --model ${definition.name}=<dir>`,
    });
  }
  const { dir: trained } = await trainAndSave(definition, resolveParams(definition, {}), session, {});
  return definition.load(trained, runtime);
}

function summaryJson(comparison: ComparisonResult) {
  return {
    reference: comparison.reference,
    totals: comparison.totals,
    queries: comparison.queries.map(({ query, runs }) => ({ id: query.id, sql: query.sql, runs })),
  };
}

async function saveComparison(
  session: AlgorithmSession,
  args: AlgoCompareArgs,
  comparison: ComparisonResult,
  qerror: SubplanQErrorReport | undefined,
  file = join(session.resultsDir, 'comparisons', session.entry.name, `${modelId(args.workload, new Date())}.json`),
): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const record = { dataset: session.entry.name, workload: args.workload, backend: session.runtime.tf.backend, repetitions: args.repetitions, warmups: args.warmups, ...summaryJson(comparison), qerror };
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const fmt = (v: number) => (v >= 1000 ? v.toExponential(1) : v.toFixed(2));

export function formatComparison(comparison: ComparisonResult, qerror: SubplanQErrorReport | undefined, backend: string, file: string): string {
  const rows = comparison.totals.map((t) => [
    t.label,
    seconds(t.totalMs),
    t.label === comparison.reference ? '1.000' : t.ratio.toFixed(3),
    t.label === comparison.reference ? '-' : `${((1 - t.ratio) * 100).toFixed(1)}%`,
    String(t.regressions),
    t.worst === null || t.label === comparison.reference ? '-' : `${t.worst.ratio.toFixed(2)}x (${t.worst.queryId})`,
    String(t.timeouts),
    String(t.errors),
    Number.isNaN(t.medianInferenceMs) ? '-' : t.medianInferenceMs.toFixed(2),
  ]);
  let text = `${comparison.queries.length} queries; medians of the timed runs; ratios against ${comparison.reference}; tfjs backend ${backend}\n`;
  text += formatTable(['algorithm', 'total s', 'ratio', 'saved', '>2x slower', 'worst query', 'timeouts', 'errors', 'decide ms'], rows, [1, 2, 3, 4, 6, 7, 8]);
  if (qerror !== undefined) {
    text += `\nq-error on the workload's ${qerror.subplans.toLocaleString('en-US')} sub-plans (true cardinalities by COUNT(*)):\n`;
    const qrows: string[][] = [];
    const line = (scope: string, stats: Readonly<Record<string, QErrorStats>>) => {
      for (const [label, s] of Object.entries(stats)) qrows.push([scope, label, String(s.count), fmt(s.median), fmt(s.p90), fmt(s.p99), fmt(s.max)]);
    };
    line('all', qerror.overall);
    for (const [size, stats] of Object.entries(qerror.bySize)) line(`${size} tables`, stats);
    text += formatTable(['sub-plans', 'estimator', 'n', 'median', 'p90', 'p99', 'max'], qrows, [2, 3, 4, 5, 6]);
  }
  text += `\nsaved ${shortPath(file)}\n`;
  return text;
}
