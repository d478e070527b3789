/**
 * Time per query to parse + build the QueryGraph + enumerate the connected sub-plans, and to
 * parse alone, over the 146 STATS test queries (read from ../shared beside the project).
 *
 *   npx tsx bench/parse-enumerate.ts [--runs 7] [--file path/to/queries.txt]
 *
 * Each run times every query of the set once; the figures are the median and p90 over all
 * per-query timings of all runs, and the median over runs of each run's mean per query.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildQueryGraph, enumerateSubplans, loadPgParser, splitQueryLines, type PgParser } from '../src/sql/index.js';

const STATS_TEST = join('shared', 'datasets', 'stats_tiny', 'stats_test_time2int.txt');

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** The STATS test file, looked up from this script's folder upwards (works from bench/ and dist/bench/). */
function findQueries(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, '..', STATS_TEST);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

interface Timing {
  perQuery: number[];
  runMeans: number[];
}

function measure(queries: readonly string[], runs: number, work: (sql: string) => void): Timing {
  for (const sql of queries) work(sql); // warm-up: JIT and the parser's WASM memory
  const perQuery: number[] = [];
  const runMeans: number[] = [];
  for (let run = 0; run < runs; run++) {
    let total = 0;
    for (const sql of queries) {
      const start = process.hrtime.bigint();
      work(sql);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      perQuery.push(ms);
      total += ms;
    }
    runMeans.push(total / queries.length);
  }
  return { perQuery, runMeans };
}

function report(label: string, timing: Timing): string {
  const f = (ms: number) => `${ms.toFixed(3)} ms`;
  const { perQuery, runMeans } = timing;
  const spread = `median ${f(quantile(perQuery, 0.5))}  p90 ${f(quantile(perQuery, 0.9))}  max ${f(Math.max(...perQuery))}`;
  return `${label.padEnd(34)} ${spread}  (mean per query, median of runs: ${f(quantile(runMeans, 0.5))})`;
}

async function main(): Promise<void> {
  const runs = Math.max(5, Number(argument('--runs')) || 7);
  const file = argument('--file') ?? findQueries();
  if (file === undefined || !existsSync(file)) {
    console.log(`skipped: ${file ?? STATS_TEST} is missing (the STATS workload lives beside the project in ../shared); pass --file`);
    return;
  }
  const queries = splitQueryLines(readFileSync(file, 'utf8'));
  const parser: PgParser = await loadPgParser();

  let subplans = 0;
  const full = measure(queries, runs, (sql) => {
    const result = buildQueryGraph(sql, parser);
    if (!result.ok) throw new Error(`refused: ${sql}`);
    subplans += enumerateSubplans(result.graph).length;
  });
  const parseOnly = measure(queries, runs, (sql) => void parser.parse(sql));

  const graphs = queries.map((sql) => {
    const result = buildQueryGraph(sql, parser);
    if (!result.ok) throw new Error(`refused: ${sql}`);
    return result.graph;
  });
  const largest = graphs.reduce((a, b) => (b.relations.length > a.relations.length ? b : a));
  const enumerateLargest = measure([largest.sql], runs * 200, () => void enumerateSubplans(largest));

  console.log(`${queries.length} queries from ${file}, ${runs} runs, Node ${process.version}`);
  console.log(report('parse + graph + enumerate:', full));
  console.log(report('parse alone:', parseOnly));
  console.log(report(`enumerate, ${largest.relations.length}-relation query:`, enumerateLargest));
  console.log(`sub-plans per run: ${subplans / (runs + 1)}`);
}

await main();
