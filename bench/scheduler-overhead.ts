/**
 * The framework's overhead per query: the scheduler (decisions, settings, EXPLAIN ANALYZE,
 * storing each measurement, events) against running the same SQL directly through `pg`.
 *
 *   npx tsx bench/scheduler-overhead.ts [--dataset builtin] [--workload test] [--limit N] [--rounds 3]
 *     [--instrument wall|explain-analyze] [--warmups 1] [--repetitions 3]
 *
 * Each round times the workload three ways, in rotating order so that none always runs on warmer
 * caches: directly as plain SQL (one pg client, `client.query(sql)` per query); directly as
 * `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) sql`; and as a `pilot test --algo baseline` run into
 * a scratch results store. Each way runs every query `--warmups` + `--repetitions` times (pilot's
 * defaults, 1 + 3). The framework's overhead is the scheduler's wall time over the direct wall time of
 * the statement it times with (plain SQL for the default `wall` instrument, EXPLAIN ANALYZE for
 * `explain-analyze`): what pilot adds around it (the untimed EXPLAIN for the plan, transactions,
 * settings, the store, events). The cost of EXPLAIN ANALYZE itself over plain SQL is printed too.
 * Medians over the rounds; target <= 2%. Since two passes over a workload differ by more than
 * that from run to run, it also prints, within each scheduler run, its wall time over the sum of
 * the timed statements' own wall times: what pilot adds, without run-to-run noise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findAlgorithm } from '../algorithms/registry.js';
import { openAlgorithmSession } from '../src/cli/commands/algo/algorithm-session.js';
import { datasetServer } from '../src/cli/commands/dataset/dataset-server.js';
import { datasetConnection } from '../src/dataset/dataset-state.js';
import { captureEnvironment } from '../src/experiment/environment/capture-environment.js';
import { median } from '../src/util/median.js';
import { ExperimentScheduler } from '../src/experiment/scheduler/experiment-scheduler.js';
import type { ExperimentSpec } from '../src/experiment/spec/experiment-spec.js';
import { loadWorkloadQueries } from '../src/experiment/workload-queries.js';

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] as string) : fallback;
};
const dataset = flag('dataset', 'builtin');
const workloadName = flag('workload', 'test') as 'test' | 'fast' | 'train';
const limit = flag('limit', '') === '' ? null : Number(flag('limit', ''));
const rounds = Number(flag('rounds', '3'));
const instrument = flag('instrument', 'wall') as 'wall' | 'explain-analyze';
const repetitions = Number(flag('repetitions', '3'));
const warmups = Number(flag('warmups', '1'));

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pilot-overhead-'));
  const session = await openAlgorithmSession({ dataset, seed: 42, timeoutMs: 60_000, concurrency: 1, quiet: true, results: scratch });
  const access = await datasetServer(undefined, () => {}).access();
  const client = new pg.Client(datasetConnection(session.entry.manifest, (db) => access.connection(db)));
  await client.connect();
  try {
    const queries = loadWorkloadQueries(session.entry, workloadName, session.runtime.parser, limit ?? undefined).queries;
    const spec: ExperimentSpec = {
      kind: 'test',
      name: 'overhead bench',
      dataset,
      trainDataset: dataset,
      workload: { name: workloadName, limit },
      trainLimit: null,
      algorithms: [{ name: 'baseline', params: {} }],
      db: {},
      baseline: false,
      objective: 'time',
      measurement: { repetitions, warmups, timeoutMs: 60_000, instrument },
      order: 'query-major',
      updateEvery: null,
      trainJobs: 1,
      retrain: false,
      seed: 42,
    };
    const definitions = new Map([['baseline', await findAlgorithm('baseline')]]);
    const environment = await captureEnvironment(session.runtime.interactor, session.runtime.tf);
    const direct = async (prefix: string) => {
      const started = performance.now();
      for (const q of queries) for (let i = 0; i < warmups + repetitions; i++) await client.query(`${prefix}${q.sql}`);
      return performance.now() - started;
    };
    const plain = () => direct('');
    const explained = () => direct('EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ');
    const scheduled = async () => {
      const scheduler = new ExperimentScheduler(spec, { session, trainSession: session, definitions, trainer: () => Promise.reject(new Error('baseline needs no training')), resume: false, environment: async () => environment });
      const started = performance.now();
      const outcome = await scheduler.run();
      const wall = performance.now() - started;
      // Every run of a query (warm-ups are not stored) taken at the median of its timed ones.
      const serverMs = session.runtime.store.runs.listMeasurements(outcome.run.id).reduce((sum, m) => sum + (m.executionMs ?? 0) * (warmups + repetitions), 0);
      return { wall, serverMs };
    };
    console.log(`${queries.length} ${workloadName} queries of ${dataset} x ${warmups + repetitions} runs each, ${rounds} rounds, instrument ${instrument} (tfjs ${session.runtime.tf.backend}; ${environment.postgres.split(' on ')[0]})`);
    await plain(); // one untimed pass: every way then starts from warm caches
    const framework: number[] = [];
    const perQuery: number[] = [];
    const instrumentCost: number[] = [];
    // Within one scheduler run: its wall time over the timed statements' own times (no run-to-run noise).
    const inRun: number[] = [];
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    for (let round = 0; round < rounds; round++) {
      const ways = [
        ['plain', plain],
        ['explain', explained],
        [
          'scheduler',
          async () => {
            const run = await scheduled();
            inRun.push(run.wall / run.serverMs - 1);
            return run.wall;
          },
        ],
      ] as const;
      const times: Record<string, number> = {};
      for (let i = 0; i < ways.length; i++) {
        const [name, way] = ways[(i + round) % ways.length]!;
        times[name] = await way();
      }
      const { plain: p, explain: e, scheduler: s } = times as { plain: number; explain: number; scheduler: number };
      const base = instrument === 'wall' ? p : e;
      framework.push(s / base - 1);
      perQuery.push((s - base) / queries.length);
      instrumentCost.push(e / p - 1);
      console.log(`round ${round + 1}: plain ${seconds(p)}, EXPLAIN ANALYZE ${seconds(e)}, scheduler ${seconds(s)}: framework overhead ${(framework.at(-1)! * 100).toFixed(2)}% (${perQuery.at(-1)!.toFixed(2)} ms per query), EXPLAIN ANALYZE over plain ${(instrumentCost.at(-1)! * 100).toFixed(2)}%`);
    }
    console.log(`within the scheduler's runs: wall time ${(median(inRun) * 100).toFixed(2)}% over the timed statements' own wall times (median; the untimed EXPLAIN for the plan included)`);
    console.log(`median framework overhead ${(median(framework) * 100).toFixed(2)}% of workload time (${median(perQuery).toFixed(2)} ms per query; target <= 2%); EXPLAIN ANALYZE TIMING OFF itself: ${(median(instrumentCost) * 100).toFixed(2)}% over plain SQL`);
  } finally {
    await client.end();
    await session.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
