import { NULL_INT } from './row-chunk.js';

/** One relation of the join: a table's columns and which of its rows pass its filters. */
export interface JoinTreeNode {
  /** Equal ids mean equal rows and filters (e.g. table name and filter): messages are cached by it. */
  readonly id: string;
  readonly rows: number;
  readonly columns: Readonly<Record<string, Int32Array>>;
  /** Indexes of the rows that pass, ascending; undefined: every row does. */
  readonly selection: Int32Array | undefined;
}

/** `nodes[a].aColumn = nodes[b].bColumn`. */
export interface JoinTreeEdge {
  readonly a: number;
  readonly aColumn: string;
  readonly b: number;
  readonly bColumn: string;
}

export interface ColumnRange {
  readonly min: number;
  readonly max: number;
}

/** What a sub-tree hands its parent: the number of its join rows per value of its join key. */
export type KeySums =
  | { readonly kind: 'array'; readonly min: number; readonly sums: Float64Array }
  | { readonly kind: 'map'; readonly sums: Map<number, number> };

/** Where messages are kept between calls, by a key naming the sub-tree, its filters and its key. */
export interface MessageCache {
  get(key: string): KeySums | undefined;
  set(key: string, sums: KeySums): void;
}

export interface CountJoinTreeOptions {
  /** A column's non-NULL min and max (memoize it per column: it scans the column). */
  readonly range: (column: Int32Array) => ColumnRange;
  readonly cache?: MessageCache;
}

/** Per-key sums kept in an array up to this many slots (32 MB of float64); a Map beyond. */
const MAX_ARRAY_KEYS = 1 << 22;

/**
 * Whether `edges` join `count` nodes into one tree: exactly count - 1 edges, all connected, no
 * edge from a node to itself. Returns each node's children with the columns joining them, hung
 * from `root`; undefined when it is no tree.
 */
export function spanningTree(count: number, edges: readonly JoinTreeEdge[], root = 0): { child: number; parentColumn: string; childColumn: string }[][] | undefined {
  if (count === 0 || edges.length !== count - 1 || edges.some((e) => e.a === e.b)) return undefined;
  const children = Array.from({ length: count }, () => [] as { child: number; parentColumn: string; childColumn: string }[]);
  const seen = new Array<boolean>(count).fill(false);
  seen[root] = true;
  const order = [root];
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    for (const e of edges) {
      const [other, parentColumn, childColumn] = e.a === node ? [e.b, e.aColumn, e.bColumn] : e.b === node ? [e.a, e.bColumn, e.aColumn] : [-1, '', ''];
      if (other >= 0 && !seen[other]) {
        seen[other] = true;
        children[node]!.push({ child: other, parentColumn, childColumn });
        order.push(other);
      }
    }
  }
  return order.length === count ? children : undefined;
}

/**
 * The exact number of rows of the equi-join of `nodes` along the tree `edges` (see
 * spanningTree), i.e. what COUNT(*) returns, in time linear in the tables: each sub-tree hands
 * its parent a per-key sum of its rows' weights (a row's weight is 0 when filtered out, else the
 * product of its children's sums at its keys). NULL keys join nothing. Messages are reused from
 * `options.cache` when a sub-tree was counted before (another sub-plan of the same query shares
 * most of them). Undefined when the edges are no tree, or a count passes 2^53 and float64 could
 * no longer be exact.
 */
export function countJoinTree(nodes: readonly JoinTreeNode[], edges: readonly JoinTreeEdge[], options: CountJoinTreeOptions): number | undefined {
  // The root is the relation with the fewest rows left: it is the one pass whose result is not
  // a message other sub-plans can reuse.
  const sizes = nodes.map((n) => (n.selection === undefined ? n.rows : n.selection.length));
  const root = sizes.indexOf(Math.min(...sizes));
  const children = spanningTree(nodes.length, edges, root);
  if (children === undefined) return undefined;
  const signatures = new Array<string | undefined>(nodes.length);
  const signature = (n: number): string => {
    let s = signatures[n];
    if (s === undefined) {
      const parts = children[n]!.map((c) => `${c.parentColumn}=${signature(c.child)}.${c.childColumn}`).sort();
      s = `${nodes[n]!.id}(${parts.join(',')})`;
      signatures[n] = s;
    }
    return s;
  };

  // One weights buffer for every node: a node fills it only after its children's messages are
  // done, and is done with it before returning (allocating one per node dominated the time).
  const scratch = new Float64Array(Math.max(0, ...nodes.map((n) => n.rows)));

  /** Weights of the sub-tree rooted at n over its selection, in scratch, and their sum; null when inexact. */
  const weightsOf = (n: number): { weights: Float64Array; total: number } | null => {
    const node = nodes[n]!;
    const incoming: { keys: Int32Array; sums: KeySums }[] = [];
    for (const c of children[n]!) {
      const sums = message(c.child, c.childColumn);
      if (sums === null) return null;
      incoming.push({ keys: node.columns[c.parentColumn] as Int32Array, sums });
    }
    const size = node.selection === undefined ? node.rows : node.selection.length;
    const weights = scratch.subarray(0, size);
    weights.fill(1);
    for (const { keys, sums } of incoming) multiplyByKeys(weights, keys, node.selection, sums);
    let total = 0;
    for (let r = 0; r < size; r++) total += weights[r]!;
    return total <= Number.MAX_SAFE_INTEGER ? { weights, total } : null;
  };

  const message = (n: number, keyColumn: string): KeySums | null => {
    const key = `${signature(n)}>${keyColumn}`;
    const cached = options.cache?.get(key);
    if (cached !== undefined) return cached;
    const sub = weightsOf(n);
    if (sub === null) return null;
    const node = nodes[n]!;
    const column = node.columns[keyColumn] as Int32Array;
    const sums = sumByKey(sub.weights, column, node.selection, options.range(column));
    options.cache?.set(key, sums);
    return sums;
  };

  return weightsOf(root)?.total;
}

/** Per value of keys (at the selected rows), the sum of the weights; weights[i] belongs to row selection[i] (or i). */
function sumByKey(weights: Float64Array, keys: Int32Array, selection: Int32Array | undefined, range: ColumnRange): KeySums {
  const n = weights.length;
  if (range.max < range.min) return { kind: 'map', sums: new Map() }; // every key is NULL
  if (range.max - range.min < MAX_ARRAY_KEYS) {
    const min = range.min;
    const sums = new Float64Array(range.max - min + 1);
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      const k = keys[selection === undefined ? i : selection[i]!]!;
      if (w !== 0 && k !== NULL_INT) sums[k - min]! += w;
    }
    return { kind: 'array', min, sums };
  }
  const sums = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    const k = keys[selection === undefined ? i : selection[i]!]!;
    if (w !== 0 && k !== NULL_INT) sums.set(k, (sums.get(k) ?? 0) + w);
  }
  return { kind: 'map', sums };
}

/** weights[i] *= the child's sum at this row's key (0 for NULL or absent keys). */
function multiplyByKeys(weights: Float64Array, keys: Int32Array, selection: Int32Array | undefined, child: KeySums): void {
  const n = weights.length;
  if (child.kind === 'array') {
    const { min, sums } = child;
    const size = sums.length;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const k = keys[selection === undefined ? i : selection[i]!]!;
      const slot = k - min;
      // NULL_INT lies below every min, so a NULL key falls outside the array.
      weights[i] = k === NULL_INT || slot < 0 || slot >= size ? 0 : w * sums[slot]!;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const k = keys[selection === undefined ? i : selection[i]!]!;
    weights[i] = k === NULL_INT ? 0 : w * (child.sums.get(k) ?? 0);
  }
}
