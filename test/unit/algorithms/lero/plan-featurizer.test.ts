import assert from 'node:assert/strict';
import { PLAN_OPERATORS, PlanFeaturizer } from '../../../../algorithms/lero/plan-featurizer.js';
import { isPilotError } from '../../../../src/errors/index.js';
import { plan, scan, threeWayPlan } from './plan-fixtures.js';

const TABLES = ['badges', 'comments', 'posts', 'users'];
const OPS = PLAN_OPERATORS.length;
const TABLE_AT = OPS + 1;
const WIDTH_AT = TABLE_AT + TABLES.length;

describe('lero: plan featurizer', () => {
  const training = [threeWayPlan('Hash Join', 'Nested Loop'), threeWayPlan('Nested Loop', 'Merge Join', 80)];
  const featurizer = PlanFeaturizer.fit(training, TABLES);
  const row = (features: Float32Array, i: number): number[] => [...features.slice(i * featurizer.featureSize, (i + 1) * featurizer.featureSize)];

  it('has one-hot operators (with an "other" slot), multi-hot tables, width and rows', () => {
    assert.equal(featurizer.featureSize, OPS + 1 + TABLES.length + 2);
    const tree = featurizer.featurize(training[0]!);
    // Aggregate, Hash Join, Nested Loop, p, u, Hash, c: pre-order.
    assert.equal(tree.nodes, 7);
    assert.equal(tree.features.length, 7 * featurizer.featureSize);
    assert.deepEqual([...tree.left], [1, 2, 3, -1, -1, 6, -1]);
    assert.deepEqual([...tree.right], [-1, 5, 4, -1, -1, -1, -1]);
    const root = row(tree.features, 0);
    assert.equal(root[PLAN_OPERATORS.indexOf('Aggregate')], 1);
    assert.equal(root.slice(0, OPS + 1).reduce((a, b) => a + b, 0), 1);
    // The root sees comments, posts and users, not badges.
    assert.deepEqual(root.slice(TABLE_AT, TABLE_AT + TABLES.length), [0, 1, 1, 1]);
    const usersScan = row(tree.features, 4);
    assert.equal(usersScan[PLAN_OPERATORS.indexOf('Index Scan')], 1);
    assert.deepEqual(usersScan.slice(TABLE_AT, TABLE_AT + TABLES.length), [0, 0, 0, 1]);
  });

  it('standardizes log width and log rows with statistics fitted on the training plans', () => {
    const all = training.flatMap((p) => {
      const t = featurizer.featurize(p);
      return Array.from({ length: t.nodes }, (_, i) => row(t.features, i));
    });
    for (const at of [WIDTH_AT, WIDTH_AT + 1]) {
      const xs = all.map((r) => r[at]!);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      assert.ok(Math.abs(mean) < 1e-5, `mean ${mean}`);
      assert.ok(Math.abs(sd - 1) < 1e-4, `sd ${sd}`);
    }
    // More rows, larger feature.
    const small = featurizer.featurize(plan(scan('posts', 'p', 10)));
    const big = featurizer.featurize(plan(scan('posts', 'p', 1e6)));
    assert.ok(big.features[WIDTH_AT + 1]! > small.features[WIDTH_AT + 1]!);
  });

  it('puts an unseen node type in the "other" slot and ignores tables it does not know', () => {
    const tree = featurizer.featurize(plan({ type: 'Sample Scan', table: 'archive', alias: 'a', rows: 10 }));
    const r = row(tree.features, 0);
    assert.equal(r[OPS], 1);
    assert.equal(r.slice(0, OPS).reduce((a, b) => a + b, 0), 0);
    assert.deepEqual(r.slice(TABLE_AT, TABLE_AT + TABLES.length), [0, 0, 0, 0]);
  });

  it('makes plans binary: one child goes left, more than two are chained through copies of the node', () => {
    const append = plan({ type: 'Append', rows: 30, children: [scan('posts', 'p1'), scan('posts', 'p2'), scan('users', 'u'), scan('badges', 'b')] });
    const tree = featurizer.featurize(append);
    // Append(p1, Append'(p2, Append''(u, b))): 4 scans + 3 Append nodes.
    assert.equal(tree.nodes, 7);
    assert.deepEqual([...tree.left], [1, -1, 3, -1, 5, -1, -1]);
    assert.deepEqual([...tree.right], [2, -1, 4, -1, 6, -1, -1]);
    const appendIndex = PLAN_OPERATORS.indexOf('Append');
    const copies = [0, 2, 4].map((i) => row(tree.features, i));
    for (const c of copies) assert.equal(c[appendIndex], 1);
    // Each copy covers only the children it still holds: the last holds users and badges.
    assert.deepEqual(copies[2]!.slice(TABLE_AT, TABLE_AT + TABLES.length), [1, 0, 0, 1]);
    assert.deepEqual(copies[0]!.slice(TABLE_AT, TABLE_AT + TABLES.length), [1, 0, 1, 1]);
  });

  it('round-trips its state through JSON and refuses state that is not its own', () => {
    const again = PlanFeaturizer.fromState(JSON.parse(JSON.stringify(featurizer.toJSON())));
    const p = training[1]!;
    assert.deepEqual([...again.featurize(p).features], [...featurizer.featurize(p).features]);
    for (const bad of [null, {}, { ...featurizer.toJSON(), version: 2 }, { ...featurizer.toJSON(), logRows: { mean: 0, std: 0 } }]) {
      assert.throws(() => PlanFeaturizer.fromState(bad), (e: unknown) => isPilotError(e) && e.code === 'LERO_BAD_FEATURIZER');
    }
    assert.throws(() => PlanFeaturizer.fit([], TABLES), (e: unknown) => isPilotError(e) && e.code === 'LERO_NO_TRAINING_PLANS');
  });
});
