/**
 * Planning time with cardinality injection divided by without, over the STATS test queries on
 * stats_tiny (loaded from ../shared into the managed cluster with psql on first use).
 *
 *   npx tsx bench/planning-overhead.ts [--runs 7]
 *
 * "Without" is pg_pilot loaded with no hints; "with" injects every sub-plan the planner builds
 * (the planner's own estimates, so the plan stays the same and only the injection cost shows).
 * Planning time is the server's own "Planning Time" from EXPLAIN (SUMMARY ON).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase } from '../src/db/database-admin.js';
import { Interactor, type ExecuteOk } from '../src/db/interactor.js';
import { ManagedCluster } from '../src/db/managed-cluster.js';
import { findPgBinaries } from '../src/db/pg-binaries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = join(root, '..', 'shared', 'datasets', 'stats_tiny');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const DB = 'pilot_bench_stats_tiny';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  if (!existsSync(shared)) {
    console.log(`skipped: ${shared} is missing (the STATS data lives beside the project in ../shared)`);
    return;
  }
  const cluster = new ManagedCluster({ home: join(root, '.pilot'), log: (m) => console.error(m) });
  await cluster.start();
  if (await ensureDatabase(cluster.connection('postgres'), DB)) {
    const conn = cluster.connection(DB);
    const psql = join(findPgBinaries().bindir, 'psql');
    execFileSync(psql, ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-h', conn.host, '-p', String(conn.port), '-U', conn.user, '-d', DB, '-f', join(shared, 'stats_tiny.sql')], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync(psql, ['-q', '-X', '-h', conn.host, '-p', String(conn.port), '-U', conn.user, '-d', DB, '-c', 'ANALYZE']);
  }
  const db = new Interactor({ connection: cluster.connection(DB) });
  const queries = readFileSync(join(shared, 'stats_test_time2int.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const ratios: number[] = [];
  const plain: number[] = [];
  const injected: number[] = [];
  let subplans = 0;
  for (const sql of queries) {
    const probe = (await db.execute(sql, { pull: ['subplanEstimates'] })) as ExecuteOk;
    const cards = Object.fromEntries(probe.subplanEstimates!.map((s) => [s.key, s.plannerRows]));
    subplans += Object.keys(cards).length;
    const without: number[] = [];
    const withCards: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Interleave so drift (caches, other load) hits both sides alike.
      without.push(((await db.execute(sql, { pull: ['cost'] })) as ExecuteOk).planningTimeMs!);
      withCards.push(((await db.execute(sql, { push: { cards }, pull: ['cost'] })) as ExecuteOk).planningTimeMs!);
    }
    plain.push(median(without));
    injected.push(median(withCards));
    ratios.push(median(withCards) / median(without));
  }
  await db.close();
  console.log(`queries: ${queries.length}, sub-plans injected: ${subplans} (${(subplans / queries.length).toFixed(1)} per query), ${runs} runs each`);
  console.log(`median planning time without injection: ${median(plain).toFixed(3)} ms`);
  console.log(`median planning time with injection:    ${median(injected).toFixed(3)} ms`);
  console.log(`median per-query ratio with/without:     ${median(ratios).toFixed(3)}   (target <= 1.10)`);
  console.log(`p90 per-query ratio:                     ${[...ratios].sort((a, b) => a - b)[Math.floor(ratios.length * 0.9)]!.toFixed(3)}`);
}

await main();
