import assert from 'node:assert/strict';
import { exactNumber } from '../../../src/dataset/builtin/integer-filter.js';
import { countJoinTree, spanningTree, type ColumnRange, type JoinTreeEdge, type JoinTreeNode, type KeySums } from '../../../src/dataset/builtin/join-tree-count.js';
import { NULL_INT } from '../../../src/dataset/builtin/row-chunk.js';

const N = NULL_INT;

function node(id: string, columns: Record<string, number[]>, selection?: number[]): JoinTreeNode {
  const cols = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Int32Array.from(v)]));
  const rows = Object.values(cols)[0]!.length;
  return { id, rows, columns: cols, selection: selection === undefined ? undefined : Int32Array.from(selection) };
}

function range(column: Int32Array): ColumnRange {
  let min = Infinity;
  let max = -Infinity;
  for (const x of column) {
    if (x === NULL_INT) continue;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  return { min, max };
}

/** The count by brute force: every combination of selected rows whose keys match on every edge. */
function bruteForce(nodes: readonly JoinTreeNode[], edges: readonly JoinTreeEdge[]): number {
  const rowsOf = (n: JoinTreeNode): number[] => (n.selection === undefined ? [...Array(n.rows).keys()] : [...n.selection]);
  let count = 0;
  const pick: number[] = [];
  const walk = (i: number): void => {
    if (i === nodes.length) {
      const ok = edges.every((e) => {
        const a = nodes[e.a]!.columns[e.aColumn]![pick[e.a]!]!;
        const b = nodes[e.b]!.columns[e.bColumn]![pick[e.b]!]!;
        return a !== NULL_INT && a === b;
      });
      if (ok) count++;
      return;
    }
    for (const r of rowsOf(nodes[i]!)) {
      pick[i] = r;
      walk(i + 1);
    }
  };
  walk(0);
  return count;
}

describe('builtin/countJoinTree', () => {
  const users = node('users', { id: [1, 2, 3, 4], rep: [5, 50, 500, 5] });
  const posts = node('posts', { id: [1, 2, 3, 4, 5, 6], owner: [1, 1, 2, N, 3, 1], score: [-2, 0, 3, 3, -2, 9] });
  const comments = node('comments', { postid: [1, 1, 1, 2, 5, 6, 6, N], userid: [2, 3, N, 1, 1, 2, 2, 4], score: [0, 3, -2, 9, 9, 1, 0, 0] });

  it('counts chains, stars and many-to-many joins like a brute-force join, NULL keys joining nothing', () => {
    const cases: { nodes: JoinTreeNode[]; edges: JoinTreeEdge[] }[] = [
      { nodes: [users, posts], edges: [{ a: 1, aColumn: 'owner', b: 0, bColumn: 'id' }] },
      { nodes: [posts, comments, users], edges: [{ a: 1, aColumn: 'postid', b: 0, bColumn: 'id' }, { a: 1, aColumn: 'userid', b: 2, bColumn: 'id' }] },
      { nodes: [users, posts, comments], edges: [{ a: 1, aColumn: 'owner', b: 0, bColumn: 'id' }, { a: 2, aColumn: 'userid', b: 0, bColumn: 'id' }] },
      // Shared key (posts.owner = comments.userid) and a non-key column with negative values.
      { nodes: [posts, comments], edges: [{ a: 0, aColumn: 'owner', b: 1, bColumn: 'userid' }] },
      { nodes: [posts, comments], edges: [{ a: 0, aColumn: 'score', b: 1, bColumn: 'score' }] },
      // One table twice, and filtered selections.
      { nodes: [posts, node('posts', posts.columns as never)], edges: [{ a: 0, aColumn: 'owner', b: 1, bColumn: 'owner' }] },
      {
        nodes: [node('u', { id: [1, 2, 3, 4] }, [0, 2]), posts, node('c', { postid: [1, 1, 1, 2, 5, 6, 6, N] }, [0, 4, 5, 7])],
        edges: [{ a: 1, aColumn: 'owner', b: 0, bColumn: 'id' }, { a: 2, aColumn: 'postid', b: 1, bColumn: 'id' }],
      },
      { nodes: [node('p', { id: [1, 2] }, [])], edges: [] },
    ];
    for (const [i, c] of cases.entries()) {
      const expected = bruteForce(c.nodes, c.edges);
      assert.equal(countJoinTree(c.nodes, c.edges, { range }), expected, `case ${i}`);
    }
    assert.equal(countJoinTree([users, posts], [{ a: 1, aColumn: 'owner', b: 0, bColumn: 'id' }], { range }), 5);
  });

  it('refuses edges that are no spanning tree', () => {
    const e = (a: number, b: number, col = 'id'): JoinTreeEdge => ({ a, aColumn: col, b, bColumn: col });
    assert.equal(spanningTree(3, [e(0, 1)]), undefined); // too few: disconnected
    assert.equal(spanningTree(3, [e(0, 1), e(1, 2), e(2, 0)]), undefined); // a cycle
    assert.equal(spanningTree(2, [e(0, 1), e(0, 1, 'owner')]), undefined); // two edges between one pair
    assert.equal(spanningTree(3, [e(0, 1), e(0, 1, 'owner')]), undefined); // right number, not connected
    assert.equal(spanningTree(2, [e(0, 0)]), undefined);
    assert.equal(spanningTree(0, []), undefined);
    assert.deepEqual(spanningTree(3, [e(2, 1), e(1, 0)], 1)?.map((c) => c.map((x) => x.child)), [[], [2, 0], []]);
    assert.equal(countJoinTree([users, posts, comments], [{ a: 1, aColumn: 'owner', b: 0, bColumn: 'id' }], { range }), undefined);
  });

  it('reuses cached sub-tree sums and gets the same count', () => {
    const store = new Map<string, KeySums>();
    let hits = 0;
    const cache = {
      get: (k: string) => {
        const v = store.get(k);
        if (v !== undefined) hits++;
        return v;
      },
      set: (k: string, v: KeySums) => void store.set(k, v),
    };
    const nodes = [posts, comments, users];
    const edges: JoinTreeEdge[] = [{ a: 1, aColumn: 'postid', b: 0, bColumn: 'id' }, { a: 1, aColumn: 'userid', b: 2, bColumn: 'id' }];
    const first = countJoinTree(nodes, edges, { range, cache });
    assert.ok(store.size > 0);
    const second = countJoinTree(nodes, edges, { range, cache });
    assert.equal(second, first);
    assert.ok(hits > 0);
    assert.equal(first, bruteForce(nodes, edges));
  });

  it('does not answer a count past 2^53 (float64 would round it)', () => {
    // Three tables of 2^18 rows with one key: (2^18)^3 = 2^54 rows.
    const big = (id: string): JoinTreeNode => ({ id, rows: 2 ** 18, columns: { k: new Int32Array(2 ** 18).fill(7) }, selection: undefined });
    const edges: JoinTreeEdge[] = [{ a: 0, aColumn: 'k', b: 1, bColumn: 'k' }, { a: 1, aColumn: 'k', b: 2, bColumn: 'k' }];
    assert.equal(countJoinTree([big('a'), big('b'), big('c')], edges, { range }), undefined);
    assert.equal(countJoinTree([big('a'), big('b')], edges.slice(0, 1), { range }), 2 ** 36);
  });
});

describe('builtin/exactNumber', () => {
  it('reads numeric literals without rounding: floor and whether it is an integer', () => {
    assert.deepEqual(exactNumber('42'), { floor: 42, integral: true });
    assert.deepEqual(exactNumber('-7'), { floor: -7, integral: true });
    assert.deepEqual(exactNumber('2.5'), { floor: 2, integral: false });
    assert.deepEqual(exactNumber('-2.5'), { floor: -3, integral: false });
    assert.deepEqual(exactNumber('3.000'), { floor: 3, integral: true });
    assert.deepEqual(exactNumber('.5'), { floor: 0, integral: false });
    assert.deepEqual(exactNumber('1e3'), { floor: 1000, integral: true });
    assert.deepEqual(exactNumber('15e-1'), { floor: 1, integral: false });
    // A double would read this as 2 exactly; x < it must still hold for x = 2.
    assert.deepEqual(exactNumber('2.00000000000000000001'), { floor: 2, integral: false });
    assert.deepEqual(exactNumber('99999999999999999999999'), { floor: 2 ** 41, integral: true });
    assert.deepEqual(exactNumber('-1e400'), { floor: -(2 ** 41), integral: true });
    assert.deepEqual(exactNumber('1e-400'), { floor: 0, integral: false });
    assert.deepEqual(exactNumber('0e999'), { floor: 0, integral: true });
    assert.equal(exactNumber('0x1F'), undefined);
    assert.equal(exactNumber('.'), undefined);
    assert.equal(exactNumber('NaN'), undefined);
  });
});
