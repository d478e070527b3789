/**
 * Which sub-plans should MSCN push? Loads a saved MSCN model and, for each query of a builtin
 * workload, EXPLAINs it with the cards of every (`pushMinTables`, `pushMinSampleRows`) pair
 * given, then times each
 * distinct plan once (EXPLAIN ANALYZE, TIMING OFF, after one warm-up) next to PostgreSQL's own
 * plan. A plan is timed once however many policies chose it, so one pass compares them all.
 *
 *   npx tsx algorithms/mscn/bench/push-policy.ts --model DIR [--workload test] [--limit N]
 *     [--min-tables 1,2,3] [--min-sample-rows 0,1] [--timeout 30000]
 *
 * Prints one JSON object on stdout (totals, ratio to PostgreSQL, queries > 2x slower, the worst,
 * per policy); progress goes to stderr. A candidate is cut off at max(10x PostgreSQL's time,
 * 1 s) and counted at its timeout (a lower bound).
 */
import { parseArgs } from 'node:util';
import { timeWithCards } from '../../bench-time-with-cards.js';
import { benchWorkload } from '../../bench-workload.js';
import { mscn, type MscnInstance } from '../index.js';
import { pushedCards } from '../pushed-cards.js';
import { planSignature } from '../../../src/db/explain/index.js';
import { openAlgorithmSession } from '../../../src/cli/commands/algo/algorithm-session.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    workload: { type: 'string', default: 'test' },
    limit: { type: 'string' },
    'min-tables': { type: 'string', default: '1,2,3' },
    'min-sample-rows': { type: 'string', default: '0,1' },
    timeout: { type: 'string', default: '30000' },
  },
});
if (args.model === undefined) throw new Error('--model DIR is required');
// Every (minTables, minSampleRows) pair.
const policies = args['min-tables'].split(',').flatMap((k) =>
  args['min-sample-rows'].split(',').map((r) => ({ name: `pushMinTables=${k},pushMinSampleRows=${r}`, minTables: Number(k), minSampleRows: Number(r) })),
);
const timeoutMs = Number(args.timeout);
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const session = await openAlgorithmSession({ dataset: 'builtin', seed: 42, timeoutMs, concurrency: 2, quiet: true });
const { interactor } = session.runtime;
let instance: MscnInstance | undefined;

const time = (sql: string, cards: Readonly<Record<string, number>>, limitMs: number) => timeWithCards(interactor, sql, cards, limitMs);

try {
  instance = (await mscn.load(args.model, session.runtime)) as MscnInstance;
  const used = benchWorkload(session, args.workload, 0, args.limit === undefined ? undefined : Number(args.limit));
  const perPolicy = new Map(policies.map((p) => [p.name, { totalMs: 0, slower2x: 0, worst: { ratio: 0, query: '' }, timeouts: 0, sameAsPostgres: 0 }]));
  let baselineMs = 0;
  for (const [n, query] of used.entries()) {
    const base = await interactor.execute(query.sql, { pull: ['plan'] });
    if (base.status !== 'ok' || base.plan === undefined) throw new Error(`no plan for ${query.id}`);
    const baseTime = await time(query.sql, {}, timeoutMs);
    baselineMs += baseTime.ms;
    const estimates = await instance.detailedEstimates(query);
    const timed = new Map<string, { ms: number; timedOut: boolean }>([[planSignature(base.plan.root), baseTime]]);
    const line: Record<string, unknown> = { query: query.id, tables: query.graph.relations.length, postgresMs: round(baseTime.ms) };
    for (const policy of policies) {
      const cards = pushedCards(estimates, policy);
      const explained = await interactor.execute(query.sql, { push: { cards }, pull: ['plan'] });
      if (explained.status !== 'ok' || explained.plan === undefined) throw new Error(`no plan for ${query.id} with ${policy.name}`);
      const signature = planSignature(explained.plan.root);
      let t = timed.get(signature);
      if (t === undefined) {
        t = await time(query.sql, cards, Math.min(timeoutMs, Math.max(10 * baseTime.ms, 1000)));
        timed.set(signature, t);
      }
      const p = perPolicy.get(policy.name)!;
      p.totalMs += t.ms;
      if (t.timedOut) p.timeouts++;
      if (signature === planSignature(base.plan.root)) p.sameAsPostgres++;
      const ratio = t.ms / Math.max(baseTime.ms, 0.001);
      if (ratio > 2) p.slower2x++;
      if (ratio > p.worst.ratio) p.worst = { ratio: round(ratio), query: query.id };
      line[policy.name] = round(t.ms);
    }
    log(`${n + 1}/${used.length} ${JSON.stringify(line)}`);
  }
  const summary = Object.fromEntries(
    [...perPolicy].map(([name, p]) => [name, { ...p, totalMs: round(p.totalMs), ratio: round(p.totalMs / baselineMs, 1000) }]),
  );
  process.stdout.write(`${JSON.stringify({ model: args.model, workload: args.workload, queries: used.length, postgresMs: round(baselineMs), policies: summary }, null, 2)}\n`);
} finally {
  instance?.dispose();
  await session.close();
}

function round(x: number, scale = 100): number {
  return Math.round(x * scale) / scale;
}
