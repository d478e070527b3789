import type { QueryGraph } from './query-graph.js';
import { SubplanError } from './sql-errors.js';
import { compareBytes } from './subplan-key.js';

/** A connected set of relations of a query: what the planner builds a join relation for. */
export interface Subplan {
  readonly key: string;
  /** In key order. */
  readonly aliases: readonly string[];
  readonly size: number;
}

/** Above this, bitmasks overflow 32 bits and the count of sub-plans can explode (a 20-clique has ~1M). */
export const MAX_SUBPLAN_RELATIONS = 20;

/**
 * Every connected induced subgraph of the join graph (single relations included), ordered by
 * size, then by the sorted alias lists (the same as key byte order unless an alias holds a
 * control character, which sorts below the separating space). Each set is produced exactly once by growing it from its lowest relation
 * through neighbours (the csg enumeration of Moerkotte and Neumann's DPccp), so the cost is
 * proportional to the number of connected sets, not to 2^n.
 */
export function enumerateSubplans(graph: Pick<QueryGraph, 'relations' | 'joins'>): Subplan[] {
  const n = graph.relations.length;
  if (n > MAX_SUBPLAN_RELATIONS) {
    throw new SubplanError('SQL_TOO_MANY_RELATIONS', `${n} relations; sub-plan enumeration supports at most ${MAX_SUBPLAN_RELATIONS}`, {
      context: { relations: n, max: MAX_SUBPLAN_RELATIONS },
      hint: 'Split the query, or work with the largest sub-plans only.',
    });
  }
  // Bit i is the i-th alias in key order, so reading bits upward yields sorted aliases.
  const aliases = graph.relations.map((r) => r.alias).sort(compareBytes);
  const bit = new Map(aliases.map((alias, i) => [alias, i]));
  const neighbours = new Array<number>(n).fill(0);
  for (const { left, right } of graph.joins) {
    const a = bit.get(left.alias);
    const b = bit.get(right.alias);
    if (a === undefined || b === undefined || a === b) continue;
    neighbours[a] = (neighbours[a] as number) | (1 << b);
    neighbours[b] = (neighbours[b] as number) | (1 << a);
  }
  const neighbourhood = (set: number): number => {
    let result = 0;
    for (let rest = set; rest !== 0; rest &= rest - 1) result |= neighbours[31 - Math.clz32(rest & -rest)] as number;
    return result & ~set;
  };

  const sets: number[] = [];
  const grow = (set: number, excluded: number): void => {
    const frontier = neighbourhood(set) & ~excluded;
    if (frontier === 0) return;
    // Every non-empty subset of the frontier extends `set` to a new connected set.
    for (let sub = frontier; sub !== 0; sub = (sub - 1) & frontier) sets.push(set | sub);
    for (let sub = frontier; sub !== 0; sub = (sub - 1) & frontier) grow(set | sub, excluded | frontier);
  };
  for (let i = n - 1; i >= 0; i--) {
    const start = 1 << i;
    sets.push(start);
    grow(start, (start << 1) - 1); // relations below i are excluded: their sets were grown from them
  }

  // Sort numbers, not strings. For two sets of one size, the one holding the lowest differing
  // bit has the smaller alias where their sorted lists first differ; with bits mirrored that
  // bit is the highest differing one, so (size, full - mirrored) ascending is the wanted order.
  const full = 2 ** n - 1;
  const mirror = (set: number): number => {
    let mirrored = 0;
    for (let rest = set; rest !== 0; rest &= rest - 1) mirrored += 2 ** (n - 1 - (31 - Math.clz32(rest & -rest)));
    return mirrored;
  };
  const order = new Float64Array(sets.length);
  sets.forEach((set, i) => {
    let size = 0;
    for (let rest = set; rest !== 0; rest &= rest - 1) size++;
    order[i] = size * 2 ** MAX_SUBPLAN_RELATIONS + (full - mirror(set));
  });
  order.sort();
  return Array.from(order, (packed) => {
    const size = Math.floor(packed / 2 ** MAX_SUBPLAN_RELATIONS);
    const set = mirror(full - (packed - size * 2 ** MAX_SUBPLAN_RELATIONS));
    const members = new Array<string>(size);
    let i = 0;
    for (let rest = set; rest !== 0; rest &= rest - 1) members[i++] = aliases[31 - Math.clz32(rest & -rest)] as string;
    return { key: members.join(' '), aliases: members, size };
  });
}
