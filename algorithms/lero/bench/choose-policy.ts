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
 *   npx tsx algorithms/lero/bench/choose-policy.ts [--results DIR] [--workload train] [--eval-workload test]
 *     [--train 200] [--offset 200] [--limit 200] [--members 5] [--margins 0,1,2,3,4] [--timeout 30000] [--seed 42]
 *
 * Tune on training queries the models did not train on. Prints a table per rule, then one JSON
 * object on stdout; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { benchWorkload } from '../../bench-workload.js';
import { chooseByEnsemble, chooseCandidate, ENSEMBLE_RULES } from '../choose-candidate.js';
import { collectTrainingPlans } from '../collect-training-plans.js';
import { fitLeroMembers } from '../lero-ensemble.js';
import { defaultLeroParams } from '../lero-params.js';
import { PlanFeaturizer } from '../plan-featurizer.js';
import { featureRoot, trainingPairs } from '../plan-pairs.js';
import { openAlgorithmSession } from '../../../src/cli/commands/algo/algorithm-session.js';

const { values: args } = parseArgs({
  options: {
    results: { type: 'string' },
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
const log = (m: string): void => void process.stderr.write(`${m}\n`);

interface Outcome {
  readonly totalMs: number;
  readonly ratio: number;
  readonly changed: number;
  readonly slower2x: number;
  readonly worst: { readonly ratio: number; readonly query: string };
}

const session = await openAlgorithmSession({
  dataset: 'builtin',
  seed: Number(args.seed),
  timeoutMs: Number(args.timeout),
  concurrency: 2,
  ...(args.results === undefined ? {} : { results: args.results }),
});
try {
  const { runtime } = session;
  const config = defaultLeroParams();
  const trainQueries = benchWorkload(session, args.workload, 0, Number(args.train));
  const evalQueries = benchWorkload(session, args['eval-workload'] ?? args.workload, Number(args.offset), Number(args.limit));

  const train = await collectTrainingPlans(runtime, trainQueries, config);
  log(`training: ${train.summary.queries} queries, ${train.summary.executionsRun} executions run, ${train.summary.executionsCached} cached`);
  const featurizer = PlanFeaturizer.fit(train.collected.flatMap((c) => c.candidates.map((cand) => featureRoot(cand, config))), runtime.schema.tables.map((t) => t.name));
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
    for (let k = 0; k < memberCount; k++) results[`member ${k + 1} alone, margin ${margin}`] = replay((s) => chooseCandidate(s[k]!, 0, margin));
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
  await session.close();
}
