/**
 * Time to generate and load the built-in dataset, and how far PostgreSQL's own estimates are
 * from the truth on its test workload.
 *
 *   npx tsx bench/dataset-generation.ts [--runs 3] [--seed 42] [--skip-default]
 *
 * Loads the small scale `--runs` times (median reported, also per million rows), the default
 * scale once, then runs each scale's test workload with EXPLAIN ANALYZE and prints the q-error
 * of PostgreSQL's row estimate for the joined rows, by number of tables. Uses the managed
 * cluster in ./.pilot (or PILOT_HOME), in databases pilot_bench_builtin_<scale>.
 */
import { resolveHome, ManagedCluster } from '../src/db/managed-cluster.js';
import { ensureDatabase } from '../src/db/database-admin.js';
import { Interactor } from '../src/db/interactor.js';
import {
  BUILTIN_SCALES,
  DEFAULT_WORKLOAD_COUNTS,
  formatQErrorSummary,
  generateBuiltinDataset,
  generateWorkloadQueries,
  materializeDataset,
  postgresEstimateQError,
  type BuiltinScaleName,
} from '../src/dataset/builtin/index.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('--runs', 3);
const seed = arg('--seed', 42);
const skipDefault = process.argv.includes('--skip-default');
/** Per-query limit for the q-error runs: a query PostgreSQL plans badly can run for minutes. */
const TIMEOUT_MS = 30_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const cluster = new ManagedCluster({ home: resolveHome(), log: (m) => console.error(m) });
  if (!(await cluster.status()).running) await cluster.start();
  const scales: BuiltinScaleName[] = skipDefault ? ['small'] : ['small', 'default'];

  for (const scale of scales) {
    const database = `pilot_bench_builtin_${scale}`;
    await ensureDatabase(cluster.connection('postgres'), database);
    const times: number[] = [];
    let tables: Record<string, number> = {};
    for (let i = 0; i < (scale === 'small' ? runs : 1); i++) {
      const result = await generateBuiltinDataset({ seed, scale, database: cluster.connection(database) });
      times.push(result.seconds);
      tables = result.tables;
    }
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    const s = median(times);
    console.log(`\n== ${scale} (scale factor ${BUILTIN_SCALES[scale]}): ${rows.toLocaleString('en')} rows`);
    console.log(`   ${Object.entries(tables).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    console.log(`   generate + load: ${s.toFixed(2)} s${times.length > 1 ? ` (median of ${times.length}: ${times.map((t) => t.toFixed(2)).join(', ')})` : ''}, ${((s * 1e6) / rows).toFixed(2)} s per million rows`);

    let started = performance.now();
    const data = materializeDataset(seed, scale);
    const materializeMs = performance.now() - started;
    started = performance.now();
    const test = generateWorkloadQueries(data, { seed, count: DEFAULT_WORKLOAD_COUNTS.test, kind: 'test' });
    console.log(`   workload: materialize ${(materializeMs / 1000).toFixed(2)} s, ${test.length} test queries in ${((performance.now() - started) / 1000).toFixed(2)} s`);

    const interactor = new Interactor({ connection: cluster.connection(database) });
    try {
      started = performance.now();
      const summary = await postgresEstimateQError(interactor, test.map((q) => q.sql), { timeoutMs: TIMEOUT_MS });
      const ms = summary.queries.map((q) => q.executionMs);
      console.log(`   test workload under PostgreSQL's plans (EXPLAIN ANALYZE, ${((performance.now() - started) / 1000).toFixed(1)} s in all):`);
      console.log(`   execution ms: median ${median(ms).toFixed(1)}, max ${Math.max(...ms).toFixed(0)}; underestimates: ${summary.queries.filter((q) => q.under).length} of ${summary.queries.length}`);
      console.log(`   q-error of PostgreSQL's estimate of the joined rows:`);
      console.log(formatQErrorSummary(summary).replace(/^/gm, '     '));
    } finally {
      await interactor.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
