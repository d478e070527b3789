import type { MaterializedDataset } from '../materialize-dataset.js';
import { NULL_INT } from '../row-chunk.js';
import type { BuiltinTableName } from '../schema.js';
import type { Predicate, QuerySpec } from './query-spec.js';

/**
 * The exact number of rows the query's join produces (what COUNT(*) returns, and what a GROUP
 * BY or MIN/MAX aggregates over), computed in memory without materializing the join: the join
 * is a tree, so each table sends its parent in the tree a per-key sum of its rows' weights (a
 * row's weight is the product of its children's sums for its keys, 0 when filtered out).
 * Linear in the sizes of the tables involved; column-at-a-time loops keep it fast enough to
 * count every candidate query.
 */
export function trueCount(data: MaterializedDataset, spec: QuerySpec): number {
  const sums = new Map<BuiltinTableName, Float64Array>();
  const keySpace = Math.max(data.users.rows, data.posts.rows) + 1; // join keys are user or post ids
  // Table i > 0 joined the tree through joins[i-1], to a table that came before it, so walking
  // backwards visits every child before its parent.
  for (let i = spec.tables.length - 1; i >= 0; i--) {
    const table = spec.tables[i] as BuiltinTableName;
    const t = data[table];
    const weights = filterWeights(t.rows, t.columns, spec.predicates.filter((p) => p.table === table));
    for (const [child, childSums] of sums) {
      const link = linkOf(spec, child);
      if (link.parent === table) multiplyByKeys(weights, t.columns[link.parentColumn] as Int32Array, childSums);
    }
    if (i === 0) {
      let total = 0;
      for (let r = 0; r < weights.length; r++) total += weights[r] as number;
      return total;
    }
    const keys = t.columns[linkOf(spec, table).childColumn] as Int32Array;
    const out = new Float64Array(keySpace);
    for (let r = 0; r < weights.length; r++) {
      const w = weights[r] as number;
      if (w !== 0) out[keys[r] as number]! += w; // weights of NULL keys are already 0
    }
    sums.set(table, out);
  }
  return 0;
}

/** How table tables[i] (i > 0) hangs off its parent in the tree. */
function linkOf(spec: QuerySpec, child: BuiltinTableName): { parent: BuiltinTableName; parentColumn: string; childColumn: string } {
  const join = spec.joins[spec.tables.indexOf(child) - 1]!;
  return join.left.table === child
    ? { parent: join.right.table, parentColumn: join.right.column, childColumn: join.left.column }
    : { parent: join.left.table, parentColumn: join.left.column, childColumn: join.right.column };
}

/** 1 for rows that pass every filter, 0 for the others. */
function filterWeights(rows: number, columns: Readonly<Record<string, Int32Array>>, predicates: readonly Predicate[]): Float64Array {
  const w = new Float64Array(rows).fill(1);
  for (const p of predicates) {
    const values = columns[p.column] as Int32Array;
    const v = p.value;
    for (let r = 0; r < rows; r++) {
      const x = values[r] as number;
      const pass = x !== NULL_INT && (p.op === '=' ? x === v : p.op === '>=' ? x >= v : x <= v);
      if (!pass) w[r] = 0;
    }
  }
  return w;
}

function multiplyByKeys(weights: Float64Array, keys: Int32Array, sums: Float64Array): void {
  for (let r = 0; r < weights.length; r++) {
    const w = weights[r] as number;
    if (w === 0) continue;
    const k = keys[r] as number;
    weights[r] = k === NULL_INT ? 0 : w * (sums[k] as number);
  }
}
