import type { WorkloadQuery } from '../../algorithms/algorithm.js';
import type { CardinalityOracle } from '../dataset/builtin/subplan-cardinality-oracle.js';
import type { Interactor } from '../db/interactor.js';
import { isPilotError, PilotError } from '../errors/index.js';
import { shouldRecollect, type ResultsStore, type StoredCardinality } from '../results/index.js';
import { compareBytes, enumerateSubplans, subplanAliases, type QueryGraph } from '../sql/index.js';
import type { ProgressReporter } from '../util/progress.js';
import { canonicalCountSql, canonicalGraph, countSqlHash } from './canonical-count-sql.js';

export interface CollectOptions {
  /** Its pool should hold at least `concurrency` connections, or counts wait for one. */
  readonly interactor: Interactor;
  readonly store: ResultsStore;
  /** From `datasetKey(name, schema)`: what the cached counts belong to. */
  readonly datasetKey: string;
  /** Counts run at once. */
  readonly concurrency: number;
  /** Server-side statement timeout of each count. */
  readonly timeoutMs: number;
  readonly progress: ProgressReporter;
  readonly log?: (message: string) => void;
  /**
   * Exact counts computed without PostgreSQL (e.g. builtinCardinalityOracle, which regenerates
   * the built-in dataset in memory). Asked for every count the store has no value for; what it
   * answers is stored with source 'oracle' and never sent to PostgreSQL, the rest is counted.
   * Only pass the oracle of the very data behind `interactor` (same generator, seed and scale,
   * unmodified): the collector cannot check that, and wrong values would be cached as truth.
   */
  readonly oracle?: CardinalityOracle;
}

export interface SubplanCardinality {
  /** The sub-plan key within the query (sorted aliases). */
  readonly key: string;
  readonly size: number;
  /** The canonical `SELECT COUNT(*)` that was counted (see canonical-count-sql.ts). */
  readonly countSql: string;
  readonly sqlHash: string;
  /** null: the count timed out. */
  readonly rows: number | null;
}

export interface CollectionStats {
  readonly queries: number;
  /** Sub-plans over all queries. */
  readonly subplans: number;
  /** Distinct canonical counts among them. */
  readonly distinct: number;
  /** Distinct counts answered by the store. */
  readonly cached: number;
  /** Distinct counts answered by the oracle in this run (cached timeouts it answered included). */
  readonly fromOracle: number;
  /** Counts sent to PostgreSQL in this run, whatever their outcome. */
  readonly executed: number;
  /** Distinct counts with no value because they timed out (in this run or cached with at least this timeout). */
  readonly timedOut: number;
  /** Distinct counts that failed with an error, plus queries whose sub-plans could not be enumerated. */
  readonly failed: number;
  readonly seconds: number;
  /** subplans / distinct (1 when there is nothing). */
  readonly dedupRatio: number;
}

export interface CollectionResult {
  /**
   * By WorkloadQuery.id: every connected sub-plan of the query in enumeration order (size, then
   * key). A sub-plan whose count failed is left out; one that timed out has rows null.
   */
  readonly perQuery: ReadonlyMap<string, readonly SubplanCardinality[]>;
  readonly stats: CollectionStats;
}

/** Results are written at least this often, so an interrupted collection keeps what it counted. */
const FLUSH_EVERY_ROWS = 50;
const FLUSH_EVERY_MS = 1_000;

/** Errors after which every further count would fail too: stop instead of logging thousands. */
const CONNECTION_LOST_CODES: ReadonlySet<string> = new Set(['DB_UNREACHABLE', 'DB_CONNECTION_ERROR', 'DB_AUTH_FAILED', 'DB_DATABASE_MISSING', 'DB_STARTING']);

interface Count {
  readonly sqlHash: string;
  readonly sql: string;
  readonly size: number;
  /** The first query that needs it, for error messages. */
  readonly queryId: string;
  /** That query's canonical graph and the sub-plan's aliases in it, for the oracle. */
  readonly graph: QueryGraph;
  readonly aliases: readonly string[];
}

/** Oracle values are written in batches of this many. */
const ORACLE_BATCH = 500;
const YIELD_EVERY_MS = 100;

/**
 * The true cardinality of every connected sub-plan of every query. Counts are deduplicated
 * across queries by their canonical SQL, looked up in the store, and only the missing ones (or
 * timeouts under a smaller timeout) are run, `concurrency` at a time, smallest sub-plans first:
 * they are the quickest and most numerous, so an interrupted collection has the most of them.
 * Results are stored in batches as they arrive. A count that fails is logged and counted, never
 * fatal; losing the database stops the collection with COLLECT_CONNECTION_LOST (what was counted
 * is stored). The result does not depend on the order counts finish in.
 */
export async function collectTrueCardinalities(queries: readonly WorkloadQuery[], options: CollectOptions): Promise<CollectionResult> {
  const started = performance.now();
  const { interactor, store, datasetKey, concurrency, timeoutMs, progress } = options;
  const log = options.log ?? (() => {});
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1)) {
    throw new PilotError('COLLECT_BAD_OPTION', `concurrency must be a whole number >= 1, got ${concurrency}`, { context: { concurrency } });
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new PilotError('COLLECT_BAD_OPTION', `timeoutMs must be a positive number, got ${timeoutMs}`, { context: { timeoutMs } });
  }

  // 1. Every sub-plan of every query, and the distinct counts behind them.
  const planned = new Map<string, { key: string; size: number; countSql: string; sqlHash: string }[]>();
  const counts = new Map<string, Count>();
  let subplans = 0;
  let failed = 0;
  for (const query of queries) {
    if (planned.has(query.id)) {
      throw new PilotError('COLLECT_DUPLICATE_QUERY_ID', `two workload queries have the id "${query.id}"`, {
        context: { id: query.id },
        hint: 'query ids key the collected results; give each query its own',
      });
    }
    const entries: { key: string; size: number; countSql: string; sqlHash: string }[] = [];
    planned.set(query.id, entries);
    try {
      const canonical = canonicalGraph(query.graph);
      for (const subplan of enumerateSubplans(canonical)) {
        const countSql = canonicalCountSql(canonical, subplan.key);
        const sqlHash = countSqlHash(countSql);
        entries.push({ key: subplan.key, size: subplan.size, countSql, sqlHash });
        if (!counts.has(sqlHash)) {
          counts.set(sqlHash, { sqlHash, sql: countSql, size: subplan.size, queryId: query.id, graph: canonical, aliases: subplanAliases(subplan.key) });
        }
      }
    } catch (error) {
      if (!isPilotError(error)) throw error;
      entries.length = 0;
      failed++;
      log(`true cardinalities: query ${query.id} skipped: ${error.message}\n  ${query.sql}`);
      continue;
    }
    subplans += entries.length;
  }

  // 2. What the store already has, then what the oracle can answer: a cached timeout too, since
  // an exact value beats it. Counts stay in query order for the oracle, which reuses the work
  // shared by the sub-plans of one query.
  const values = new Map<string, number | null>();
  const cachedEntries = store.getCardinalities(datasetKey, [...counts.keys()]);
  const unanswered: Count[] = [];
  for (const count of counts.values()) {
    const rows = cachedEntries.get(count.sqlHash)?.rows;
    if (rows !== undefined && rows !== null) values.set(count.sqlHash, rows);
    else unanswered.push(count);
  }
  const fromOracle = options.oracle === undefined ? 0 : await askOracle(options.oracle, unanswered, { ...options, log }, values);
  const todo: Count[] = [];
  for (const count of unanswered) {
    if (values.has(count.sqlHash)) continue;
    const entry = cachedEntries.get(count.sqlHash);
    if (entry !== undefined && !shouldRecollect(entry, timeoutMs)) values.set(count.sqlHash, entry.rows);
    else todo.push(count);
  }
  const cached = values.size - fromOracle;
  todo.sort((a, b) => a.size - b.size || compareBytes(a.sql, b.sql));
  const ratio = counts.size === 0 ? 1 : subplans / counts.size;
  log(
    `true cardinalities: ${queries.length} queries, ${subplans} sub-plans, ${counts.size} distinct counts (${ratio.toFixed(2)}x dedup), ` +
      `${cached} cached, ${options.oracle === undefined ? '' : `${fromOracle} from the oracle, `}` +
      `${todo.length} to run on ${concurrency} connection(s) with a ${timeoutMs} ms timeout`,
  );

  // 3. The missing counts, through a worker queue.
  const executed = await runCounts(todo, { ...options, log }, values, () => failed++);

  // 4. Per-query lists and figures.
  const perQuery = new Map<string, SubplanCardinality[]>();
  for (const [id, entries] of planned) {
    const list: SubplanCardinality[] = [];
    for (const e of entries) {
      const rows = values.get(e.sqlHash);
      if (rows !== undefined) list.push({ ...e, rows });
    }
    perQuery.set(id, list);
  }
  let timedOut = 0;
  for (const rows of values.values()) if (rows === null) timedOut++;
  const stats: CollectionStats = {
    queries: queries.length,
    subplans,
    distinct: counts.size,
    cached,
    fromOracle,
    executed,
    timedOut,
    failed,
    seconds: (performance.now() - started) / 1000,
    dedupRatio: ratio,
  };
  log(
    `true cardinalities: ${executed} counted in ${stats.seconds.toFixed(1)} s (${cached} cached, ${fromOracle} from the oracle), ${timedOut} timed out, ${failed} failed`,
  );
  return { perQuery, stats };
}

/**
 * Asks the oracle for each count, filling `values` and the store; returns how many it answered.
 * The oracle is synchronous: yield to the event loop now and then so progress bars redraw.
 */
async function askOracle(
  oracle: CardinalityOracle,
  counts: readonly Count[],
  options: CollectOptions & { log: (m: string) => void },
  values: Map<string, number | null>,
): Promise<number> {
  if (counts.length === 0) return 0;
  const { store, datasetKey, timeoutMs } = options;
  const bar = options.progress.bar('exact cardinalities (oracle)', counts.length);
  const started = performance.now();
  let answered = 0;
  let pending: StoredCardinality[] = [];
  const flush = (): void => {
    if (pending.length > 0) store.putCardinalities(datasetKey, pending);
    pending = [];
  };
  let lastYield = performance.now();
  try {
    for (const [i, count] of counts.entries()) {
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      const t = performance.now();
      const rows = oracle(count.graph, count.aliases);
      if (rows !== undefined) {
        if (!(Number.isSafeInteger(rows) && rows >= 0)) {
          throw new PilotError('COLLECT_BAD_ORACLE', `the cardinality oracle returned ${rows} for a sub-plan of query ${count.queryId}; expected a count`, {
            context: { sql: count.sql, rows },
          });
        }
        values.set(count.sqlHash, rows);
        answered++;
        // The timeout is recorded as the collection's: it only matters for timed-out entries.
        pending.push({ sqlHash: count.sqlHash, sql: count.sql, rows, timeoutMs, elapsedMs: performance.now() - t, collectedAt: new Date().toISOString(), source: 'oracle' });
        if (pending.length >= ORACLE_BATCH) flush();
      }
      const seconds = (performance.now() - started) / 1000;
      bar.update(i + 1, { 'counts/s': seconds > 0 ? (i + 1) / seconds : 0, answered });
    }
  } finally {
    flush();
    bar.stop();
  }
  options.log(`true cardinalities: the oracle answered ${answered} of ${counts.length} counts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return answered;
}

/** Runs `todo`, filling `values` and the store; returns how many counts were sent. */
async function runCounts(
  todo: readonly Count[],
  options: CollectOptions & { log: (m: string) => void },
  values: Map<string, number | null>,
  onFailure: () => void,
): Promise<number> {
  if (todo.length === 0) return 0;
  const { interactor, store, datasetKey, timeoutMs, log } = options;
  const bar = options.progress.bar('true cardinalities', todo.length);
  const started = performance.now();
  let next = 0;
  let done = 0;
  let timeouts = 0;
  let failures = 0;
  let stop: unknown;
  let pending: StoredCardinality[] = [];
  let lastFlush = performance.now();
  const flush = (): void => {
    if (pending.length > 0) store.putCardinalities(datasetKey, pending);
    pending = [];
    lastFlush = performance.now();
  };

  const worker = async (): Promise<void> => {
    while (stop === undefined && next < todo.length) {
      const count = todo[next++] as Count;
      try {
        const result = await interactor.trueCardinality(count.sql, { timeoutMs });
        const rows = result.status === 'ok' ? result.rows : null;
        if (rows === null) timeouts++;
        values.set(count.sqlHash, rows);
        pending.push({ sqlHash: count.sqlHash, sql: count.sql, rows, timeoutMs, elapsedMs: result.elapsedMs, collectedAt: new Date().toISOString() });
      } catch (error) {
        if (isPilotError(error) && CONNECTION_LOST_CODES.has(error.code)) {
          stop ??= error;
          break;
        }
        failures++;
        onFailure();
        const code = isPilotError(error) ? ` [${error.code}]` : '';
        log(`true cardinalities: count failed${code} for a sub-plan of query ${count.queryId}: ${(error as Error).message}\n  ${count.sql}`);
      }
      done++;
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { 'counts/s': seconds > 0 ? done / seconds : 0, timeouts, failed: failures });
      if (pending.length >= FLUSH_EVERY_ROWS || performance.now() - lastFlush >= FLUSH_EVERY_MS) flush();
    }
  };

  try {
    const workers = Array.from({ length: Math.min(options.concurrency, todo.length) }, worker);
    const outcomes = await Promise.allSettled(workers);
    const crashed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (crashed !== undefined) throw crashed.reason;
  } finally {
    flush();
    bar.stop();
  }
  if (stop !== undefined) {
    const error = stop as PilotError;
    throw new PilotError('COLLECT_CONNECTION_LOST', `true-cardinality collection stopped after ${done} of ${todo.length} counts: ${error.message}`, {
      context: { done, total: todo.length },
      hint: `${error.hint ?? 'check the database connection'}; the ${done} counts finished are stored, a new run continues from there`,
      cause: error,
    });
  }
  return done;
}
