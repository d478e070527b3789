/**
 * Database-free training inputs for MSCN and Lero with the shapes of the built-in dataset's
 * (8 STATS-like tables, queries of 2-6 tables joined along foreign keys, ~4 predicates a query,
 * MSCN's 1,000-row sample bitmaps, Lero's candidate plans of one query ranked by a time), so a
 * backend's training speed can be measured where there is no PostgreSQL (the GPU machine).
 * The targets follow a simple rule (filtered sizes over key-side sizes, times from the rows a
 * plan's joins handle) so that training has something to learn; the figures are about speed.
 */
import { FEATURIZER_STATE_VERSION, PREDICATE_OPS, type FeaturizerState } from '../algorithms/mscn/featurizer-state.js';
import { MscnFeaturizer, type PredicateElement, type SubplanFeatures, type TableElement } from '../algorithms/mscn/featurizer.js';
import type { MscnSample } from '../algorithms/mscn/mscn-model.js';
import type { PlanPair } from '../algorithms/lero/lero-model.js';
import { PlanFeaturizer } from '../algorithms/lero/plan-featurizer.js';
import { rankingPairs, type MeasuredTime } from '../algorithms/lero/ranking-pairs.js';
import { parseExplainJson, type PlanNode } from '../src/db/explain/index.js';
import { deriveSeed, Rng } from '../src/util/prng.js';

/** Table -> rows, about the built-in dataset's. */
const TABLE_ROWS: Readonly<Record<string, number>> = {
  badges: 79_851,
  comments: 174_305,
  posthistory: 303_187,
  postlinks: 11_102,
  posts: 91_976,
  tags: 1_032,
  users: 40_325,
  votes: 328_064,
};
const TABLES = Object.keys(TABLE_ROWS);

/** Foreign-key edges: [referencing table, referenced (key) table]; the vocabulary slot is the index. */
const EDGES: readonly (readonly [string, string])[] = [
  ['badges', 'users'],
  ['comments', 'posts'],
  ['comments', 'users'],
  ['posthistory', 'posts'],
  ['posthistory', 'users'],
  ['postlinks', 'posts'],
  ['posts', 'users'],
  ['tags', 'posts'],
  ['votes', 'posts'],
  ['votes', 'users'],
];

/** Three filterable columns a table: the column vocabulary. */
const COLUMNS = TABLES.flatMap((t) => [0, 1, 2].map((c) => `${t}.c${c}`));
const COMPARISONS = ['=', '<', '<=', '>', '>=', 'in'].map((op) => PREDICATE_OPS.indexOf(op as (typeof PREDICATE_OPS)[number]));
/** Share of the built-in train workload's queries by relation count (2..6). */
const SIZE_WEIGHTS = [188, 273, 246, 178, 115];

function pickSize(rng: Rng): number {
  let r = rng.float() * SIZE_WEIGHTS.reduce((a, b) => a + b, 0);
  for (let i = 0; i < SIZE_WEIGHTS.length; i++) {
    r -= SIZE_WEIGHTS[i] as number;
    if (r < 0) return i + 2;
  }
  return 6;
}

interface QueryShape {
  readonly tables: readonly string[];
  /** Tree edges between query positions, with their vocabulary slot. */
  readonly edges: readonly { readonly a: number; readonly b: number; readonly slot: number }[];
}

/** n distinct tables connected by foreign keys, grown one edge at a time (fewer if the schema runs out). */
function randomQueryShape(rng: Rng, n: number): QueryShape {
  const tables = [TABLES[rng.int(TABLES.length)] as string];
  const edges: { a: number; b: number; slot: number }[] = [];
  while (tables.length < n) {
    const options = EDGES.flatMap((e, slot) => {
      const [x, y] = e;
      const ix = tables.indexOf(x);
      const iy = tables.indexOf(y);
      if (ix >= 0 && iy < 0) return [{ from: ix, to: y, slot }];
      if (iy >= 0 && ix < 0) return [{ from: iy, to: x, slot }];
      return [];
    });
    if (options.length === 0) break;
    const pick = options[rng.int(options.length)] as (typeof options)[number];
    tables.push(pick.to);
    edges.push({ a: pick.from, b: tables.length - 1, slot: pick.slot });
  }
  return { tables, edges };
}

/** Masks of the connected subsets of a tree on n nodes (every sub-plan of the query). */
function connectedSubsets(n: number, edges: QueryShape['edges']): number[] {
  const out: number[] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const first = Math.log2(mask & -mask);
    let reached = 1 << first;
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of edges) {
        const inA = (reached >> e.a) & 1;
        const inB = (reached >> e.b) & 1;
        if (inA !== inB && (mask >> e.a) & 1 && (mask >> e.b) & 1) {
          reached |= (1 << e.a) | (1 << e.b);
          grew = true;
        }
      }
    }
    if (reached === mask) out.push(mask);
  }
  return out;
}

export interface SyntheticMscnTraining {
  readonly featurizer: MscnFeaturizer;
  readonly samples: MscnSample[];
  /** The sub-plans of one 6-table query (for an inference check). */
  readonly sixTableQuery: SubplanFeatures[];
}

/**
 * Every sub-plan of `queries` random queries, featurized as MscnFeaturizer would (elements shared
 * between the sub-plans of one query, and an unfiltered table's between queries), with a cardinality that follows the usual independence
 * rule and some noise.
 */
export function syntheticMscnTraining(queries: number, seed: number, sampleSize = 1000): SyntheticMscnTraining {
  const rng = new Rng(deriveSeed(seed, 'bench/synthetic-mscn'));
  const state: FeaturizerState = {
    version: FEATURIZER_STATE_VERSION,
    tables: TABLES,
    tableRows: TABLE_ROWS,
    usedTables: TABLES,
    joins: EDGES.map(([a, b]) => `${a}.${b.slice(0, -1)}id=${b}.id`),
    columns: COLUMNS,
    ranges: {},
    samples: { sampleSize, seed, collation: 'C', timeZoneIsUtc: true, source: 'synthetic', tables: {} },
  };
  const featurizer = new MscnFeaturizer(state);
  const maxRows = Math.max(...Object.values(TABLE_ROWS));
  const samples: MscnSample[] = [];
  const unfiltered = new Map<string, TableElement>();
  let sixTableQuery: SubplanFeatures[] = [];
  for (let q = 0; q < queries; q++) {
    const shape = randomQueryShape(rng, q === 0 ? 6 : pickSize(rng));
    const relations = shape.tables.map((table) => {
      const predicates: PredicateElement[] = [];
      let selectivity = 1;
      const count = rng.int(3);
      for (let p = 0; p < count; p++) {
        const s = Math.exp(-4 * rng.float());
        selectivity *= s;
        const op = COMPARISONS[rng.int(COMPARISONS.length)] as number;
        predicates.push({ columns: [COLUMNS.indexOf(`${table}.c${rng.int(3)}`)], op, value: rng.float(), selectivity: s });
      }
      const bitmap = new Uint8Array(sampleSize);
      let kept = 0;
      for (let b = 0; b < sampleSize; b++) if (rng.float() < selectivity) (bitmap[b] = 1), kept++;
      const rows = TABLE_ROWS[table] as number;
      const built: TableElement = { index: TABLES.indexOf(table), bitmap, keptRows: kept, selectivity: kept / sampleSize, logRows: Math.log1p(rows * (kept / sampleSize)) / Math.log1p(maxRows) };
      // The featurizer hands every query the same element for the same unfiltered table.
      const element = count === 0 ? unfiltered.get(table) ?? unfiltered.set(table, built).get(table)! : built;
      return { table, element, predicates, filteredRows: Math.max(1, rows * selectivity) };
    });
    const features: SubplanFeatures[] = [];
    for (const mask of connectedSubsets(shape.tables.length, shape.edges)) {
      const members = relations.filter((_, i) => (mask >> i) & 1);
      const inside = shape.edges.filter((e) => (mask >> e.a) & 1 && (mask >> e.b) & 1);
      // A foreign-key join divides by the key side's table size.
      let rows = members.reduce((product, r) => product * r.filteredRows, 1);
      for (const e of inside) rows /= TABLE_ROWS[(EDGES[e.slot] as readonly [string, string])[1]] as number;
      rows = Math.max(1, Math.round(rows * Math.exp(0.3 * (rng.float() - 0.5))));
      const f: SubplanFeatures = { tables: members.map((m) => m.element), joins: inside.map((e) => e.slot), predicates: members.flatMap((m) => m.predicates) };
      features.push(f);
      samples.push({ features: f, rows });
    }
    if (q === 0) sixTableQuery = features;
  }
  return { featurizer, samples, sixTableQuery };
}

const JOIN_TYPES = ['Hash Join', 'Nested Loop', 'Merge Join'] as const;
const SCAN_TYPES = ['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'] as const;

type ExplainJson = Record<string, unknown>;

function node(type: string, rows: number, width: number, extra: ExplainJson = {}, children: ExplainJson[] = []): ExplainJson {
  return {
    'Node Type': type,
    'Parallel Aware': false,
    'Startup Cost': 0,
    'Total Cost': rows,
    'Plan Rows': Math.max(1, Math.round(rows)),
    'Plan Width': width,
    ...extra,
    ...(children.length > 0 ? { Plans: children.map((c, i) => ({ ...c, 'Parent Relationship': children.length === 2 ? (i === 0 ? 'Outer' : 'Inner') : 'Member' })) } : {}),
  };
}

interface Built {
  readonly json: ExplainJson;
  readonly rows: number;
  /** A made-up execution time: what the plan's operators handle, weighted by method. */
  readonly work: number;
}

/** A random plan for `tables` (one candidate): random join order, methods, scans and estimate scaling. */
function randomPlan(rng: Rng, tables: readonly string[]): Built {
  let parts: Built[] = tables.map((t) => {
    const rows = (TABLE_ROWS[t] as number) * Math.exp(-3 * rng.float());
    const type = SCAN_TYPES[rng.int(SCAN_TYPES.length)] as string;
    const scan = node(type, rows, 8 + rng.int(40), { 'Relation Name': t, Alias: t.slice(0, 2) });
    const json = type === 'Bitmap Heap Scan' ? { ...scan, Plans: [{ ...node('Bitmap Index Scan', rows, 0), 'Parent Relationship': 'Outer' }] } : scan;
    return { json, rows, work: rows * (type === 'Seq Scan' ? 1 : 0.3) };
  });
  while (parts.length > 1) {
    const i = rng.int(parts.length);
    const left = parts[i] as Built;
    parts = parts.filter((_, k) => k !== i);
    const j = rng.int(parts.length);
    const right = parts[j] as Built;
    parts = parts.filter((_, k) => k !== j);
    const method = JOIN_TYPES[rng.int(JOIN_TYPES.length)] as string;
    const rows = Math.max(1, (left.rows * right.rows) / Math.max(left.rows, right.rows)) * Math.exp(2 * (rng.float() - 0.5));
    const inner = method === 'Hash Join' ? node('Hash', right.rows, 8, {}, [right.json]) : method === 'Merge Join' ? node('Sort', right.rows, 8, {}, [right.json]) : right.json;
    const cost = method === 'Nested Loop' ? (left.rows * right.rows) / 1000 : method === 'Merge Join' ? (left.rows + right.rows) * 1.5 : left.rows + 2 * right.rows;
    parts.push({ json: node(method, rows, 0, {}, [left.json, inner]), rows, work: left.work + right.work + cost });
  }
  const top = parts[0] as Built;
  return { json: node('Aggregate', 1, 8, {}, [top.json]), rows: 1, work: top.work };
}

export interface SyntheticLeroTraining {
  readonly featurizer: PlanFeaturizer;
  readonly pairs: PlanPair[];
}

/**
 * Lero's training pairs for `queries` random queries: `candidates` random plans each, timed by
 * the made-up work of each plan, paired by the real rankingPairs with Lero's default margins,
 * featurized by the real PlanFeaturizer.
 */
export function syntheticLeroTraining(queries: number, candidates: number, seed: number): SyntheticLeroTraining {
  const rng = new Rng(deriveSeed(seed, 'bench/synthetic-lero'));
  const perQuery: { plans: PlanNode[]; times: MeasuredTime[] }[] = [];
  for (let q = 0; q < queries; q++) {
    const { tables } = randomQueryShape(rng, pickSize(rng));
    const built = Array.from({ length: candidates }, () => randomPlan(rng, tables));
    perQuery.push({
      plans: built.map((b) => parseExplainJson([{ Plan: b.json }]).root),
      times: built.map((b) => ({ executionMs: b.work / 1000, timeoutMs: Number.POSITIVE_INFINITY })),
    });
  }
  const featurizer = PlanFeaturizer.fit(perQuery.flatMap((q) => q.plans), TABLES);
  const pairs: PlanPair[] = [];
  for (const q of perQuery) {
    const trees = q.plans.map((p) => featurizer.featurize(p));
    for (const p of rankingPairs(q.times, { relative: 0.1, absoluteMs: 1 })) {
      const faster = trees[p.faster]!;
      const slower = trees[p.slower]!;
      pairs.push(pairs.length % 2 === 0 ? { a: faster, b: slower, aIsFaster: 1 } : { a: slower, b: faster, aIsFaster: 0 });
    }
  }
  return { featurizer, pairs };
}
