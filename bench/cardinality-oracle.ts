/**
 * How fast the built-in dataset's cardinality oracle answers every sub-plan of a workload, and
 * whether it agrees with every COUNT(*) PostgreSQL computed for them.
 *
 *   npx tsx bench/cardinality-oracle.ts [--workload .pilot/datasets/builtin/train.sql] [--seed 42] [--scale 1]
 *                                       [--store results/pilot.sqlite --key builtin:dbcca2dac4ee]
 *
 * Parses the workload, deduplicates its sub-plans by canonical count SQL (as the collector
 * does), regenerates the dataset in memory and asks the oracle for each distinct count in query
 * order. With --store and --key, compares each answer with the stored COUNT(*) results
 * (source 'count') of that dataset key. Prints one JSON line; times are wall clock, plus the
 * process CPU time of the oracle phase (the development machine is shared, so wall time varies).
 */
import { readFileSync } from 'node:fs';
import { canonicalCountSql, canonicalGraph, countSqlHash } from '../src/collect/index.js';
import { builtinCardinalityOracle } from '../src/dataset/builtin/subplan-cardinality-oracle.js';
import { ResultsStore } from '../src/results/index.js';
import { buildQueryGraph, enumerateSubplans, loadPgParser, splitQueryLines, subplanAliases, type QueryGraph } from '../src/sql/index.js';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const workload = option('--workload') ?? '.pilot/datasets/builtin/train.sql';
const seed = Number(option('--seed') ?? 42);
const scale = Number(option('--scale') ?? 1);
const storePath = option('--store');
const key = option('--key');

let t = performance.now();
const lap = (): number => {
  const now = performance.now();
  const ms = now - t;
  t = now;
  return Math.round(ms);
};

const parser = await loadPgParser();
const counts = new Map<string, { graph: QueryGraph; aliases: readonly string[] }>();
let queries = 0;
let subplans = 0;
for (const sql of splitQueryLines(readFileSync(workload, 'utf8'))) {
  const built = buildQueryGraph(sql, parser);
  if (!built.ok) continue;
  queries++;
  const graph = canonicalGraph(built.graph);
  for (const s of enumerateSubplans(graph)) {
    subplans++;
    const hash = countSqlHash(canonicalCountSql(graph, s.key));
    if (!counts.has(hash)) counts.set(hash, { graph, aliases: subplanAliases(s.key) });
  }
}
const parseMs = lap();

const oracle = builtinCardinalityOracle(seed, scale);
const first = counts.values().next().value;
if (first !== undefined) oracle(first.graph, first.aliases.slice(0, 1)); // generates the dataset
const materializeMs = lap();

const cpu = process.cpuUsage();
const answers = new Map<string, number | undefined>();
for (const [hash, c] of counts) answers.set(hash, oracle(c.graph, c.aliases));
const used = process.cpuUsage(cpu);
const oracleMs = lap();
const answered = [...answers.values()].filter((v) => v !== undefined).length;

let checked: { compared: number; equal: number } | undefined;
if (storePath !== undefined && key !== undefined) {
  const store = ResultsStore.open(storePath);
  try {
    const stored = store.getCardinalities(key, [...counts.keys()]);
    checked = { compared: 0, equal: 0 };
    for (const [hash, entry] of stored) {
      const mine = answers.get(hash);
      if (entry.source !== 'count' || entry.rows === null || mine === undefined) continue;
      checked.compared++;
      if (mine === entry.rows) checked.equal++;
      else console.error(`mismatch: oracle ${mine}, COUNT(*) ${entry.rows}: ${entry.sql}`);
    }
  } finally {
    store.close();
  }
}

console.log(
  JSON.stringify({
    workload,
    queries,
    subplans,
    distinct: counts.size,
    answered,
    parseMs,
    materializeMs,
    oracleMs,
    oracleCpuMs: Math.round((used.user + used.system) / 1000),
    msPerCount: Number((oracleMs / Math.max(1, counts.size)).toFixed(2)),
    ...(checked === undefined ? {} : { againstStoredCounts: checked }),
  }),
);
