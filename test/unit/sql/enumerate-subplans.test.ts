import assert from 'node:assert/strict';
import { compareBytes, enumerateSubplans, MAX_SUBPLAN_RELATIONS, subplanKey, SubplanError, type QueryGraph } from '../../../src/sql/index.js';

type JoinShape = Pick<QueryGraph, 'relations' | 'joins'>;

function shape(aliases: readonly string[], edges: readonly (readonly [number, number])[]): JoinShape {
  return {
    relations: aliases.map((alias) => ({ alias, table: `t_${alias}` })),
    joins: edges.map(([a, b]) => ({ left: { alias: aliases[a] as string, column: 'k' }, right: { alias: aliases[b] as string, column: 'k' }, op: '=' as const })),
  };
}

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${String(i).padStart(2, '0')}`);
const chain = (n: number) => shape(names(n), Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const));
const star = (leaves: number) => shape(names(leaves + 1), Array.from({ length: leaves }, (_, i) => [0, i + 1] as const));
const cycle = (n: number) => shape(names(n), Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const));
const clique = (n: number) => shape(names(n), Array.from({ length: n }, (_, i) => Array.from({ length: n - i - 1 }, (_, j) => [i, i + j + 1] as const)).flat());

/** Every subset checked for connectivity: the slow, obvious reference. */
function bruteForceKeys(graph: JoinShape): string[] {
  const aliases = graph.relations.map((r) => r.alias);
  const keys: string[] = [];
  for (let mask = 1; mask < 1 << aliases.length; mask++) {
    const members = aliases.filter((_, i) => (mask >> i) & 1);
    const inside = new Set(members);
    const reached = new Set([members[0] as string]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const { left, right } of graph.joins) {
        if (!inside.has(left.alias) || !inside.has(right.alias)) continue;
        if (reached.has(left.alias) !== reached.has(right.alias)) {
          reached.add(left.alias).add(right.alias);
          grew = true;
        }
      }
    }
    if (reached.size === members.length) keys.push(subplanKey(members));
  }
  return keys.sort(compareBytes);
}

/** Deterministic pseudo-random numbers in [0, 1) (xorshift32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

describe('sql/enumerate-subplans', () => {
  it('counts n(n+1)/2 sub-plans on a chain', () => {
    for (const n of [1, 2, 3, 6, 10]) assert.equal(enumerateSubplans(chain(n)).length, (n * (n + 1)) / 2, `chain of ${n}`);
  });

  it('counts 2^k + k sub-plans on a star with k leaves', () => {
    for (const k of [1, 3, 5, 8]) assert.equal(enumerateSubplans(star(k)).length, 2 ** k + k, `star with ${k} leaves`);
  });

  it('counts n(n-1) + 1 sub-plans on a cycle', () => {
    for (const n of [3, 4, 6, 9]) assert.equal(enumerateSubplans(cycle(n)).length, n * (n - 1) + 1, `cycle of ${n}`);
  });

  it('counts 2^n - 1 sub-plans on a clique', () => {
    for (const n of [2, 5, 8]) assert.equal(enumerateSubplans(clique(n)).length, 2 ** n - 1, `clique of ${n}`);
  });

  it('lists a chain of three exactly, by size then key', () => {
    assert.deepEqual(
      enumerateSubplans(shape(['c', 'a', 'b'], [[0, 2], [2, 1]])),
      [
        { key: 'a', aliases: ['a'], size: 1 },
        { key: 'b', aliases: ['b'], size: 1 },
        { key: 'c', aliases: ['c'], size: 1 },
        { key: 'a b', aliases: ['a', 'b'], size: 2 },
        { key: 'b c', aliases: ['b', 'c'], size: 2 },
        { key: 'a b c', aliases: ['a', 'b', 'c'], size: 3 },
      ],
    );
  });

  it('matches a brute-force reference on random graphs, disconnected ones included', () => {
    const next = random(20240611);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(next() * 9);
      const density = next();
      const edges: [number, number][] = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (next() < density) edges.push(next() < 0.5 ? [a, b] : [b, a]);
      if (next() < 0.2 && edges.length > 0) edges.push(edges[0] as [number, number]); // a repeated edge
      const aliases = names(n).sort(() => next() - 0.5);
      const graph = shape(aliases, edges);
      const got = enumerateSubplans(graph);
      assert.deepEqual(got.map((s) => s.key).sort(compareBytes), bruteForceKeys(graph), JSON.stringify({ aliases, edges }));
      for (const s of got) {
        assert.equal(s.key, subplanKey(s.aliases));
        assert.equal(s.size, s.aliases.length);
      }
    }
  });

  it('orders by size, then by key in byte order', () => {
    const got = enumerateSubplans(shape(['b', 'B', 'a', 'A'], [[0, 1], [1, 2], [2, 3], [3, 0]]));
    const sorted = [...got].sort((x, y) => x.size - y.size || compareBytes(x.key, y.key));
    assert.deepEqual(got, sorted);
    assert.equal(got[0]?.key, 'A');
  });

  it('enumerates the largest supported query and refuses one more relation', () => {
    assert.equal(enumerateSubplans(chain(MAX_SUBPLAN_RELATIONS)).length, (MAX_SUBPLAN_RELATIONS * (MAX_SUBPLAN_RELATIONS + 1)) / 2);
    assert.throws(
      () => enumerateSubplans(chain(MAX_SUBPLAN_RELATIONS + 1)),
      (e: unknown) => e instanceof SubplanError && e.code === 'SQL_TOO_MANY_RELATIONS' && e.context.relations === MAX_SUBPLAN_RELATIONS + 1,
    );
  });

  it('handles a 17-relation star (2^16 + 16 sub-plans)', () => {
    assert.equal(enumerateSubplans(star(16)).length, 2 ** 16 + 16);
  });
});
