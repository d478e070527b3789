/**
 * How should Lero choose among its candidates? Trains `--members` Lero models that differ only in
 * their seed (initial weights, shuffles, validation split) on the first `--train` training
 * queries, then on held-out training queries (`--offset`, `--limit`) times every candidate once
 * (as Lero's training does: the default plan under the run's timeout, the others under
 * `candidateTimeoutFactor` times its time, cut-off ones counted at their limit, cached in the
 * results store) and replays every choice rule offline:
 *
 * - a single model (each member alone, to show how much one seed's choice varies) with margins;
 * - ensembles of the first K members under each ENSEMBLE_RULES rule (choose-candidate.ts), with margins.
 *
 *   npx tsx algorithms/lero/bench/choose-policy.ts [--store results/pilot.sqlite] [--workload train] [--eval-workload test]
 *     [--train 200] [--offset 200] [--limit 200] [--members 5] [--margins 0,1,2,3,4] [--timeout 30000] [--seed 42]
 *
 * Tune on training queries the models did not train on. Prints a table per rule, then one JSON
 * object on stdout; progress goes to stderr.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AlgorithmRuntime, WorkloadQuery } from '../../algorithm.js';
import { readDatabaseSchema } from '../../database-schema.js';
import { chooseByEnsemble, ENSEMBLE_RULES } from '../choose-candidate.js';
import { collectTrainingPlans } from '../collect-training-plans.js';
import { fitLeroMembers } from '../lero-ensemble.js';
import { defaultLeroParams } from '../lero-params.js';
import { PlanFeaturizer } from '../plan-featurizer.js';
import { featureRoot, trainingPairs } from '../plan-pairs.js';
import { Interactor } from '../../../src/db/interactor.js';
import { ManagedCluster } from '../../../src/db/managed-cluster.js';
import { loadTfRuntime } from '../../../src/ml/index.js';
import { defaultResultsStorePath, ResultsStore } from '../../../src/results/index.js';
import { loadPgParser, type PgParser } from '../../../src/sql/index.js';
import type { WorkloadName } from '../../../src/dataset/registry/dataset-manifest.js';
import { findDataset, loadDatasetCatalog } from '../../../src/dataset/registry/dataset-registry.js';
import { loadWorkloadQueries } from '../../../src/experiment/workload-queries.js';
import { terminalProgress } from '../../../src/util/progress.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string' },
    workload: { type: 'string', default: 'train' },
    'eval-workload': { type: 'string' },
    train: { type: 'string', default: '200' },
    offset: { type: 'string', default: '200' },
    limit: { type: 'string', default: '200' },
    members: { type: 'string', default: '5' },
    margins: { type: 'string', default: '0,1,2,3,4' },
    timeout: { type: 'string', default: '30000' },
    seed: { type: 'string', default: '42' },
  },
});
const margins = args.margins.split(',').map(Number);
const memberCount = Number(args.members);
const root = process.cwd();
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const cluster = new ManagedCluster({ home: join(root, '.pilot') });
const interactor = new Interactor({ connection: cluster.connection('builtin'), poolSize: 2, label: 'builtin' });
const store = ResultsStore.open(args.store ?? defaultResultsStorePath(root));

/** Queries [from, from + count) of a builtin workload, as pilot's runs load them (same ids and SQL, so cached executions are found). */
function workload(name: WorkloadName, parser: PgParser, from: number, count: number): WorkloadQuery[] {
  const entry = findDataset(loadDatasetCatalog({ home: join(root, '.pilot') }), 'builtin');
  return loadWorkloadQueries(entry, name, parser, from + count).queries.filter((q) => Number(q.id.split('#')[1]) > from);
}

interface Outcome {
  readonly totalMs: number;
  readonly ratio: number;
  readonly changed: number;
  readonly slower2x: number;
  readonly worst: { readonly ratio: number; readonly query: string };
}

try {
  const [tf, parser, schema] = await Promise.all([loadTfRuntime(), loadPgParser(), readDatabaseSchema(interactor)]);
  const seed = Number(args.seed);
  const runtime: AlgorithmRuntime = {
    tf, interactor, parser, store, dataset: 'builtin', schema, seed, progress: terminalProgress(), log, timeoutMs: Number(args.timeout), concurrency: 2,
  };
  const config = defaultLeroParams();
  const trainQueries = workload(args.workload as WorkloadName, parser, 0, Number(args.train));
  const evalQueries = workload((args['eval-workload'] ?? args.workload) as WorkloadName, parser, Number(args.offset), Number(args.limit));

  const train = await collectTrainingPlans(runtime, trainQueries, config);
  log(`training: ${train.summary.queries} queries, ${train.summary.executionsRun} executions run, ${train.summary.executionsCached} cached`);
  const featurizer = PlanFeaturizer.fit(train.collected.flatMap((c) => c.candidates.map((cand) => featureRoot(cand, config))), schema.tables.map((t) => t.name));
  const pairs = trainingPairs(train.collected, featurizer, config);
  const shape = { featureSize: featurizer.featureSize, hiddenChannels: config.hiddenChannels, denseUnits: config.denseUnits };
  const members = await fitLeroMembers(runtime, pairs, shape, config, memberCount);

  const evaluation = await collectTrainingPlans(runtime, evalQueries, config);
  log(`evaluation: ${evaluation.summary.queries} queries, ${evaluation.summary.executionsRun} executions run, ${evaluation.summary.executionsCached} cached`);
  // Per query: every candidate's time (a cut-off one at its limit) and every member's scores.
  // defaultCost (PostgreSQL's estimated total cost of its own plan) is in the JSON rows to study rules that would use it.
  const rows: { query: string; ms: number[]; scores: number[][]; defaultCost: number | undefined }[] = [];
  for (const c of evaluation.collected) {
    const trees = c.candidates.map((cand) => featurizer.featurize(featureRoot(cand, config)));
    const scores = await Promise.all(members.map(async (m) => m.model.scoreValues(trees)));
    rows.push({ query: c.query.id, ms: c.times.map((t) => t.executionMs ?? t.timeoutMs), scores, defaultCost: c.candidates[0]!.plan.root.totalCost });
  }
  const defaultTotal = rows.reduce((n, r) => n + r.ms[0]!, 0);
  const replay = (pick: (scores: number[][]) => number): Outcome => {
    let totalMs = 0;
    let changed = 0;
    let slower2x = 0;
    let worst = { ratio: 0, query: '' };
    for (const r of rows) {
      const chosen = pick(r.scores);
      const ms = r.ms[chosen]!;
      totalMs += ms;
      if (chosen !== 0) changed++;
      const ratio = ms / Math.max(r.ms[0]!, 0.001);
      if (ratio > 2) slower2x++;
      if (ratio > worst.ratio) worst = { ratio: Math.round(ratio * 100) / 100, query: r.query };
    }
    return { totalMs: Math.round(totalMs), ratio: Math.round((totalMs / defaultTotal) * 1000) / 1000, changed, slower2x, worst };
  };

  const results: Record<string, Outcome> = {};
  for (const margin of margins) {
    for (let k = 0; k < memberCount; k++) results[`member ${k + 1} alone, margin ${margin}`] = replay((s) => chooseByEnsemble([s[k]!], 0, margin, 'min'));
    for (const rule of ENSEMBLE_RULES) {
      for (let size = 2; size <= memberCount; size++) results[`${size} members, ${rule}, margin ${margin}`] = replay((s) => chooseByEnsemble(s.slice(0, size), 0, margin, rule));
    }
  }
  log(`\n${rows.length} held-out queries; PostgreSQL's plans ${Math.round(defaultTotal)} ms in total, best candidate each: ${Math.round(rows.reduce((n, r) => n + Math.min(...r.ms), 0))} ms`);
  log(`${'policy'.padEnd(34)} ${'total ms'.padStart(9)} ${'ratio'.padStart(6)} ${'changed'.padStart(7)} ${'>2x'.padStart(4)}  worst`);
  for (const [name, o] of Object.entries(results)) {
    log(`${name.padEnd(34)} ${String(o.totalMs).padStart(9)} ${o.ratio.toFixed(3).padStart(6)} ${String(o.changed).padStart(7)} ${String(o.slower2x).padStart(4)}  ${o.worst.ratio}x ${o.worst.query}`);
  }
  process.stdout.write(`${JSON.stringify({ train: trainQueries.length, evaluation: { workload: args['eval-workload'] ?? args.workload, offset: Number(args.offset), queries: rows.length }, defaultMs: Math.round(defaultTotal), results, rows }, null, 1)}\n`);
  for (const m of members) m.model.dispose();
} finally {
  store.close();
  await interactor.close();
}
