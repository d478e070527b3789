import type { QueryGraph } from '../../sql/query-graph.js';
import { assertSeed } from '../../util/prng.js';
import { compileIntegerFilter, filterMask, isTrivialFilter, type IntegerFilter } from './integer-filter.js';
import { countJoinTree, spanningTree, type ColumnRange, type JoinTreeEdge, type JoinTreeNode, type KeySums } from './join-tree-count.js';
import { materializeDataset, type MaterializedDataset } from './materialize-dataset.js';
import { NULL_INT } from './row-chunk.js';
import { BUILTIN_TABLE_NAMES, tableDef, type BuiltinTableName } from './schema.js';
import { resolveScale } from './scale.js';

/**
 * The exact COUNT(*) of the sub-plan of `graph` made of the relations `aliases` (their joins
 * with each other and their filters), computed without PostgreSQL; undefined when it cannot be
 * computed exactly (the caller then runs the COUNT(*)). An oracle knows one database's data: it
 * is only right for the dataset it was built for, which its caller must make sure of.
 */
export type CardinalityOracle = (graph: QueryGraph, aliases: readonly string[]) => number | undefined;

/** Memory kept for reuse between calls: filtered row selections and sub-tree messages. */
const SELECTION_CACHE_BYTES = 32 * 2 ** 20;
const MESSAGE_CACHE_BYTES = 64 * 2 ** 20;

/**
 * An oracle for the built-in dataset generated from (seed, scaleFactor): the generator runs
 * again in memory (once, on the first sub-plan it can answer; ~25 MB and a few seconds at scale
 * 1) and each sub-plan is counted in linear time (see countJoinTree), reusing the filtered rows
 * and the sub-tree sums of recent calls: ask for the sub-plans of one query together. It answers
 * sub-plans whose relations are all built-in tables (a table may appear under several aliases),
 * whose equi-joins form a tree, and whose filters are comparisons, BETWEEN [SYMMETRIC], IN and
 * IS [NOT] NULL with numeric or NULL constants, or ORs of those, with SQL's NULL semantics. It
 * is exact: a count past 2^53 is not answered.
 */
export function builtinCardinalityOracle(seed: number, scaleFactor: number): CardinalityOracle {
  assertSeed(seed);
  const factor = resolveScale(scaleFactor);
  let data: MaterializedDataset | undefined;
  const ranges = new WeakMap<Int32Array, ColumnRange>();
  const range = (column: Int32Array): ColumnRange => {
    let known = ranges.get(column);
    if (known === undefined) {
      known = columnRange(column);
      ranges.set(column, known);
    }
    return known;
  };
  const selections = lruCache<Int32Array | null>(SELECTION_CACHE_BYTES, (s) => (s === null ? 0 : s.byteLength));
  const messages = lruCache<KeySums>(MESSAGE_CACHE_BYTES, (m) => (m.kind === 'array' ? m.sums.byteLength : m.sums.size * 32));

  return (graph, aliases) => {
    const plan = compileSubplan(graph, aliases);
    if (plan === undefined) return undefined;
    data ??= materializeDataset(seed, factor);
    const dataset = data;
    const nodes: JoinTreeNode[] = plan.relations.map(({ table, filter }) => {
      const t = dataset[table];
      const id = `${table}|${JSON.stringify(filter)}`;
      let selection = selections.get(id);
      if (selection === undefined) {
        selection = isTrivialFilter(filter) ? null : selectRows(filterMask(filter, t.rows, t.columns));
        selections.set(id, selection);
      }
      return { id, rows: t.rows, columns: t.columns, selection: selection ?? undefined };
    });
    return countJoinTree(nodes, plan.edges, { range, cache: messages });
  };
}

/** A map that forgets its least recently used entries past `budget` bytes. */
function lruCache<V>(budget: number, bytes: (value: V) => number): { get(key: string): V | undefined; set(key: string, value: V): void } {
  const entries = new Map<string, V>();
  let used = 0;
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      const old = entries.get(key);
      if (old !== undefined) {
        used -= bytes(old);
        entries.delete(key);
      }
      entries.set(key, value);
      used += bytes(value);
      for (const [k, v] of entries) {
        if (used <= budget || k === key) break;
        entries.delete(k);
        used -= bytes(v);
      }
    },
  };
}

function selectRows(mask: Uint8Array): Int32Array {
  let count = 0;
  for (let r = 0; r < mask.length; r++) count += mask[r]!;
  const out = new Int32Array(count);
  let at = 0;
  for (let r = 0; r < mask.length; r++) if (mask[r] === 1) out[at++] = r;
  return out;
}

interface CompiledSubplan {
  readonly relations: readonly { readonly table: BuiltinTableName; readonly filter: IntegerFilter }[];
  readonly edges: readonly JoinTreeEdge[];
}

/** Everything the count needs, checked before any data is generated; undefined when unsupported. */
function compileSubplan(graph: QueryGraph, aliases: readonly string[]): CompiledSubplan | undefined {
  const index = new Map<string, number>();
  const relations: { table: BuiltinTableName; filter: IntegerFilter }[] = [];
  const columnsOf: ReadonlySet<string>[] = [];
  for (const alias of aliases) {
    const relation = graph.relations.find((r) => r.alias === alias);
    if (relation === undefined || index.has(alias)) return undefined;
    if (relation.schema !== undefined && relation.schema !== 'public') return undefined;
    if (!(BUILTIN_TABLE_NAMES as readonly string[]).includes(relation.table)) return undefined;
    const table = relation.table as BuiltinTableName;
    const columns = new Set(tableDef(table).columns.map((c) => c.name));
    const filter = compileIntegerFilter(graph.predicates[alias] ?? [], columns);
    if (filter === undefined) return undefined;
    index.set(alias, relations.length);
    relations.push({ table, filter });
    columnsOf.push(columns);
  }
  if (relations.length === 0) return undefined;
  const edges: JoinTreeEdge[] = [];
  for (const join of graph.joins) {
    const a = index.get(join.left.alias);
    const b = index.get(join.right.alias);
    if (a === undefined || b === undefined) continue;
    if (join.op !== '=' || !columnsOf[a]!.has(join.left.column) || !columnsOf[b]!.has(join.right.column)) return undefined;
    edges.push({ a, aColumn: join.left.column, b, bColumn: join.right.column });
  }
  return spanningTree(relations.length, edges) === undefined ? undefined : { relations, edges };
}

function columnRange(column: Int32Array): ColumnRange {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < column.length; r++) {
    const x = column[r]!;
    if (x === NULL_INT) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}
