import { PilotError } from '../../../errors/index.js';
import { materializeDataset, type MaterializedDataset } from '../materialize-dataset.js';
import { deriveSeed, hashString, Rng } from '../../../util/prng.js';
import { NULL_INT } from '../row-chunk.js';
import { weightedIndex } from '../samplers.js';
import { BUILTIN_TABLE_NAMES, type BuiltinTableName } from '../schema.js';
import type { ScaleInput } from '../scale.js';
import { ColumnIndex } from './column-index.js';
import { JOIN_EDGES, type JoinEdge } from './join-graph.js';
import { AGGREGATE_FUNCTIONS, renderQuery, type Predicate, type QuerySpec, type SelectSpec } from './query-spec.js';
import { trueCount } from './true-count.js';
import { WORKLOAD_COLUMNS, type WorkloadColumn } from './workload-columns.js';

export const WORKLOAD_KINDS = ['train', 'test', 'fast'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Queries per workload file (STATS-CEB has 1,000 training and 146 test queries). */
export const DEFAULT_WORKLOAD_COUNTS: Readonly<Record<WorkloadKind, number>> = { train: 1000, test: 150, fast: 30 };

/** Share of queries that are GROUP BY or MIN/MAX/SUM instead of a plain COUNT(*). */
export const AGGREGATE_SHARE = 0.15;
/** Among aggregate queries, the share that group (the rest are MIN/MAX/SUM). */
const GROUP_SHARE = 0.6;

/** How many tables a query joins: weights for 2..6 tables (fast: 2..4 tables only, quick to run). */
export const TABLE_COUNT_WEIGHTS: Readonly<Record<WorkloadKind, readonly number[]>> = {
  train: [0.2, 0.25, 0.25, 0.18, 0.12],
  test: [0.2, 0.25, 0.25, 0.18, 0.12],
  fast: [0.4, 0.35, 0.25],
};
export const MIN_TABLES = 2;
export const MAX_TABLES = 6;

/**
 * Queries whose join produces more rows than this are dropped (counted exactly in memory, see
 * true-count.ts): PostgreSQL needs about a second per few million joined rows here, and a test
 * query should run in seconds. Every kept query has a non-empty result by construction.
 *
 * Queries are not filtered by running them: the generator stays pure and needs no database. The
 * price, measured at the default scale: 1-2% of the test queries (2 or 3 of 150, over two runs) run past 30 s
 * under PostgreSQL's own plan, because it underestimates a many-to-many shared-key join and
 * builds a huge intermediate result. They are kept on purpose (that is what a learned optimizer
 * should fix); the experiment's per-query timeout bounds them.
 */
export const MAX_RESULT_ROWS = 20_000_000;

/** Chance that a query filters on a given column of one of its tables (at most 3 filters a table). */
const PREDICATE_PROBABILITY = 0.3;
const MAX_PREDICATES_PER_TABLE = 3;

/** Which table a query's join tree grows from, and how often foreign-key joins are chosen over shared-key ones. */
const ROOT_WEIGHTS: Readonly<Record<BuiltinTableName, number>> = { users: 3, posts: 3, comments: 2, votes: 2, badges: 1.5, postlinks: 1, posthistory: 2, tags: 0.5 };
const EDGE_WEIGHTS: Readonly<Record<JoinEdge['kind'], number>> = { 'foreign-key': 3, 'shared-key': 1 };

/**
 * Train and test queries come from disjoint parts of the query space: a query belongs to the
 * test part when the hash of its text is divisible by this, so no text can be in both.
 */
export const TEST_PARTITION_MODULUS = 10;

export class WorkloadGenerationError extends PilotError {}

export interface GenerateWorkloadOptions {
  /** The dataset's seed: the workload samples constants from the rows this seed generates. */
  readonly seed: number;
  readonly count: number;
  readonly scale: ScaleInput;
  readonly kind: WorkloadKind;
}

export interface GeneratedQuery {
  readonly sql: string;
  readonly spec: QuerySpec;
  /** Rows the join produces (the COUNT(*) of a plain count query), computed in memory. */
  readonly trueRows: number;
}

/** Pure and deterministic: the same options give the same queries, one SQL statement each. */
export function generateWorkload(options: GenerateWorkloadOptions): string[] {
  return generateWorkloadQueries(materializeDataset(options.seed, options.scale), options).map((q) => q.sql);
}

export function workloadSeed(seed: number, kind: WorkloadKind): number {
  return deriveSeed(seed, `workload:${kind}`);
}

/** Which side of the train/test split a query text falls on. */
export function workloadPartition(sql: string): 'train' | 'test' {
  return hashString(sql) % TEST_PARTITION_MODULUS === 0 ? 'test' : 'train';
}

/** Like generateWorkload, on an already materialized dataset (generate several kinds from one), with each query's spec and true row count. */
export function generateWorkloadQueries(data: MaterializedDataset, options: Omit<GenerateWorkloadOptions, 'scale'>): GeneratedQuery[] {
  const { count, kind } = options;
  if (!Number.isInteger(count) || count < 0) throw new WorkloadGenerationError('INVALID_WORKLOAD_COUNT', `a workload needs a whole number of queries, got ${count}`);
  if (!(WORKLOAD_KINDS as readonly string[]).includes(kind)) {
    throw new WorkloadGenerationError('INVALID_WORKLOAD_KIND', `unknown workload kind "${kind}"; known: ${WORKLOAD_KINDS.join(', ')}`);
  }
  const rng = new Rng(workloadSeed(options.seed, kind));
  const maker = new QueryMaker(data, rng);
  const partition = kind === 'train' ? 'train' : 'test';
  const seen = new Set<string>();
  const out: GeneratedQuery[] = [];
  const maxAttempts = 500 * count + 1000;
  for (let attempts = 0; out.length < count; ) {
    const tables = MIN_TABLES + weightedIndex(rng, TABLE_COUNT_WEIGHTS[kind]);
    // Retry at the same size so that dropping large results does not skew the size mix.
    for (let tries = 0; tries < 50; tries++) {
      if (++attempts > maxAttempts) {
        throw new WorkloadGenerationError('WORKLOAD_GENERATION_STUCK', `could only generate ${out.length} of ${count} ${kind} queries`, {
          context: { kind, count, generated: out.length },
          hint: 'the dataset is too small for this many distinct queries: use a larger scale or fewer queries',
        });
      }
      const spec = maker.make(tables);
      if (!spec) continue;
      const sql = renderQuery(spec);
      if (workloadPartition(sql) !== partition || seen.has(sql)) continue;
      const trueRows = trueCount(data, spec);
      if (trueRows < 1 || trueRows > MAX_RESULT_ROWS) continue;
      seen.add(sql);
      out.push({ sql, spec, trueRows });
      break;
    }
  }
  return out;
}

/** Builds one candidate query: a random join tree, a real tuple of that join, filters that keep it. */
class QueryMaker {
  private readonly indexes = new Map<string, ColumnIndex>();

  constructor(
    private readonly data: MaterializedDataset,
    private readonly rng: Rng,
  ) {}

  make(tableCount: number): QuerySpec | undefined {
    const { tables, joins } = this.growTree(tableCount);
    const anchor = this.findAnchor(tables, joins);
    if (!anchor) return undefined;
    return { tables, joins, predicates: this.choosePredicates(tables, anchor), select: this.chooseSelect(tables) };
  }

  /** A random tree over the join graph: each new table attaches to one already chosen by one edge. */
  private growTree(size: number): { tables: BuiltinTableName[]; joins: JoinEdge[] } {
    const names = BUILTIN_TABLE_NAMES;
    const tables: BuiltinTableName[] = [names[weightedIndex(this.rng, names.map((t) => ROOT_WEIGHTS[t]))] as BuiltinTableName];
    const joins: JoinEdge[] = [];
    while (tables.length < size) {
      const frontier = JOIN_EDGES.filter((e) => tables.includes(e.left.table) !== tables.includes(e.right.table));
      const edge = frontier[weightedIndex(this.rng, frontier.map((e) => EDGE_WEIGHTS[e.kind]))] as JoinEdge;
      tables.push(tables.includes(edge.left.table) ? edge.right.table : edge.left.table);
      joins.push(edge);
    }
    return { tables, joins };
  }

  /** One row per table that together satisfy every join condition, or undefined after a few tries. */
  private findAnchor(tables: readonly BuiltinTableName[], joins: readonly JoinEdge[]): Map<BuiltinTableName, number> | undefined {
    for (let attempt = 0; attempt < 30; attempt++) {
      const root = tables[0] as BuiltinTableName;
      const rows = new Map<BuiltinTableName, number>([[root, this.rng.int(this.data[root].rows)]]);
      let ok = true;
      for (let i = 1; i < tables.length && ok; i++) {
        const edge = joins[i - 1] as JoinEdge;
        const [known, fresh] = rows.has(edge.left.table) ? [edge.left, edge.right] : [edge.right, edge.left];
        const key = (this.data[known.table].columns[known.column] as Int32Array)[rows.get(known.table) as number] as number;
        if (key === NULL_INT) {
          ok = false;
        } else if (fresh.column === 'id') {
          rows.set(fresh.table, key - 1); // ids are 1..n in row order
        } else {
          const matches = this.index(fresh.table, fresh.column).rowsWith(key);
          if (matches.length === 0) ok = false;
          else rows.set(fresh.table, matches[this.rng.int(matches.length)] as number);
        }
      }
      if (ok) return rows;
    }
    return undefined;
  }

  /** Filters built around the anchor's values, with bounds taken from other real rows: never empty, selectivities from tiny to all. */
  private choosePredicates(tables: readonly BuiltinTableName[], anchor: Map<BuiltinTableName, number>): Predicate[] {
    const predicates: Predicate[] = [];
    for (const table of tables) {
      let perTable = 0;
      for (const column of this.shuffled(WORKLOAD_COLUMNS[table])) {
        if (perTable >= MAX_PREDICATES_PER_TABLE || !this.rng.chance(PREDICATE_PROBABILITY)) continue;
        const made = this.predicatesFor(table, column, anchor.get(table) as number);
        if (made.length > 0) perTable++;
        predicates.push(...made);
      }
    }
    for (let tries = 0; predicates.length === 0 && tries < 20; tries++) {
      const table = this.rng.pick(tables);
      predicates.push(...this.predicatesFor(table, this.rng.pick(WORKLOAD_COLUMNS[table]), anchor.get(table) as number));
    }
    return predicates;
  }

  private predicatesFor(table: BuiltinTableName, column: WorkloadColumn, anchorRow: number): Predicate[] {
    const values = this.data[table].columns[column.column] as Int32Array;
    const x = values[anchorRow] as number;
    if (x === NULL_INT) return [];
    const p = (op: Predicate['op'], value: number): Predicate => ({ table, column: column.column, op, value });
    if (column.kind === 'category' || (column.kind === 'number' && this.rng.chance(0.25))) return [p('=', x)];
    const form = this.rng.float();
    if (form < 0.35) return [p('>=', Math.min(x, this.otherValue(values, x)))];
    if (form < 0.7) return [p('<=', Math.max(x, this.otherValue(values, x)))];
    const lo = Math.min(x, this.otherValue(values, x));
    const hi = Math.max(x, this.otherValue(values, x));
    return lo === hi ? [p('=', x)] : [p('>=', lo), p('<=', hi)];
  }

  /** The value of a random row (not NULL), so constants follow the column's real distribution. */
  private otherValue(values: Int32Array, fallback: number): number {
    for (let tries = 0; tries < 10; tries++) {
      const v = values[this.rng.int(values.length)] as number;
      if (v !== NULL_INT) return v;
    }
    return fallback;
  }

  private chooseSelect(tables: readonly BuiltinTableName[]): SelectSpec {
    if (!this.rng.chance(AGGREGATE_SHARE)) return { kind: 'count' };
    const table = this.rng.pick(tables);
    const columns = WORKLOAD_COLUMNS[table];
    if (this.rng.chance(GROUP_SHARE)) {
      const column = this.rng.pick(columns);
      const bucket = column.groupBuckets.length > 0 ? this.rng.pick(column.groupBuckets) : null;
      return { kind: 'group-count', table, column: column.column, bucket };
    }
    const numeric = columns.filter((c) => c.kind !== 'category');
    const column = this.rng.pick(numeric.length > 0 ? numeric : columns);
    const fns = column.kind === 'number' ? AGGREGATE_FUNCTIONS : AGGREGATE_FUNCTIONS.filter((f) => f !== 'SUM');
    return { kind: 'aggregate', fn: this.rng.pick(fns), table, column: column.column };
  }

  private index(table: BuiltinTableName, column: string): ColumnIndex {
    const key = `${table}.${column}`;
    let index = this.indexes.get(key);
    if (!index) {
      index = new ColumnIndex(this.data[table].columns[column] as Int32Array);
      this.indexes.set(key, index);
    }
    return index;
  }

  private shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
