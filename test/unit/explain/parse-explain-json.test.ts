import assert from 'node:assert/strict';
import { parseExplainJson, planNodes } from '../../../src/db/explain/index.js';
import { findNode, fixtureText, nodeAt, parseFixture } from './fixtures.js';

describe('parseExplainJson: PostgreSQL 15 fixtures', () => {
  it('reads node types, relations, aliases, costs and conditions (hash-join-3way)', () => {
    const { root, planningTimeMs, executionTimeMs, triggers } = parseFixture('pg15/hash-join-3way.json');
    assert.deepEqual(planNodes(root).map((n) => n.nodeType), [
      'Aggregate', 'Hash Join', 'Bitmap Heap Scan', 'Bitmap Index Scan', 'Hash', 'Hash Join', 'Seq Scan', 'Hash', 'Seq Scan',
    ]);
    assert.equal(root.operator, 'Aggregate');
    assert.equal(root.strategy, 'Plain');
    assert.equal(root.partialMode, 'Simple');
    assert.deepEqual([root.startupCost, root.totalCost, root.planRows, root.planWidth], [2835.82, 2835.83, 1, 8]);
    assert.equal(root.children.length, 1);

    const join = nodeAt(root, 1);
    assert.equal(join.joinType, 'Inner');
    assert.equal(join.hashCond, '(p.owner_user_id = u.id)');
    assert.equal(join.children.length, 2);
    assert.deepEqual(join.children.map((c) => c.parentRelationship), ['Outer', 'Inner']);

    const heap = nodeAt(root, 2);
    assert.deepEqual([heap.relationName, heap.alias, heap.recheckCond], ['posts', 'p', '(score > 900)']);
    const index = nodeAt(root, 3);
    assert.deepEqual([index.indexName, index.indexCond, index.relationName], ['posts_score_idx', '(score > 900)', undefined]);
    const users = nodeAt(root, 8);
    assert.deepEqual([users.relationName, users.alias, users.filter, users.planRows], ['users', 'u', '(reputation > 4000)', 1998]);
    assert.equal(users.actualRows, undefined);
    assert.equal(users.extra['Async Capable'], false);
    assert.equal(users.gpu, undefined);
    assert.equal(planningTimeMs, undefined);
    assert.equal(executionTimeMs, undefined);
    assert.equal(triggers, undefined);
  });

  it('reads actuals, buffers and the summary (ANALYZE, BUFFERS)', () => {
    const result = parseFixture('pg15/hash-join-3way-analyze-buffers.json');
    const { root } = result;
    assert.deepEqual([root.actualRows, root.actualLoops], [1, 1]);
    assert.equal(typeof root.actualStartupTime, 'number');
    assert.ok((root.actualTotalTime ?? 0) > 0);
    assert.equal(root.extra['Shared Hit Blocks'], 1510);
    const users = findNode(root, (n) => n.alias === 'u');
    assert.deepEqual([users.actualRows, users.extra['Rows Removed by Filter']], [1998, 8002]);
    const hash = nodeAt(root, 4);
    assert.equal(hash.extra['Hash Buckets'], 8192);
    assert.ok((result.planningTimeMs ?? 0) > 0);
    assert.ok((result.executionTimeMs ?? 0) > 0);
    assert.deepEqual(Object.keys(result.extra), ['Planning']);
    assert.equal((result.extra['Planning'] as Record<string, unknown>)['Shared Hit Blocks'], 315);
    assert.equal(result.triggers, undefined, 'an empty "Triggers" array is dropped');
  });

  it('leaves costs NaN for COSTS OFF', () => {
    const { root } = parseFixture('pg15/hash-join-3way-costs-off.json');
    for (const node of planNodes(root)) {
      assert.ok(Number.isNaN(node.startupCost) && Number.isNaN(node.totalCost) && Number.isNaN(node.planRows) && Number.isNaN(node.planWidth));
    }
    assert.equal(nodeAt(root, 1).hashCond, '(p.owner_user_id = u.id)');
  });

  it('reads TIMING OFF actuals and SETTINGS', () => {
    const result = parseFixture('pg15/merge-join-timing-off-settings.json');
    const { root } = result;
    assert.equal(root.nodeType, 'Merge Join');
    assert.equal(root.mergeCond, '(p.owner_user_id = u.id)');
    assert.deepEqual([root.actualRows, root.actualLoops, root.actualTotalTime, root.actualStartupTime], [2000, 1, undefined, undefined]);
    const scan = nodeAt(root, 1);
    assert.deepEqual([scan.nodeType, scan.indexName, scan.relationName, scan.alias, scan.actualRows], ['Index Scan', 'posts_owner_user_id_idx', 'posts', 'p', 200000]);
    assert.equal(scan.extra['Scan Direction'], 'Forward');
    assert.deepEqual(result.extra['Settings'], { enable_hashjoin: 'off', enable_nestloop: 'off' });
  });

  it('reads VERBOSE schemas and outputs', () => {
    const { root } = parseFixture('pg15/nested-loop-verbose.json');
    assert.deepEqual(root.extra['Output'], ['u.id', 'p.score']);
    const users = nodeAt(root, 1);
    assert.deepEqual([users.nodeType, users.schema, users.relationName, users.alias, users.indexName], ['Index Only Scan', 'public', 'users', 'u', 'users_pkey']);
    assert.equal(users.extra['Heap Fetches'], 0);
    const posts = nodeAt(root, 2);
    assert.deepEqual([posts.actualRows, posts.actualLoops], [20, 3]);
  });

  it('reads parallel plans, partial aggregates, workers and JIT', () => {
    const result = parseFixture('pg15/parallel-aggregate-jit.json');
    const nodes = planNodes(result.root);
    assert.deepEqual(nodes.map((n) => `${n.parallelAware ? 'Parallel ' : ''}${n.nodeType}${n.partialMode !== undefined ? `/${n.partialMode}/${n.strategy ?? ''}` : ''}`), [
      'Sort', 'Aggregate/Finalize/Sorted', 'Gather Merge', 'Sort', 'Aggregate/Partial/Hashed', 'Parallel Seq Scan',
    ]);
    assert.equal(nodes[2]?.extra['Workers Planned'], 1);
    assert.ok(Array.isArray(nodes[3]?.extra['Workers']));
    assert.equal(nodes[5]?.actualLoops, 2);
    assert.equal(result.jit?.['Functions'], 15);
    assert.deepEqual(result.jit?.['Options'], { Inlining: false, Optimization: false, Expressions: true, Deforming: true });
    assert.deepEqual(Object.keys(result.jit?.['Timing'] as object), ['Generation', 'Inlining', 'Optimization', 'Emission', 'Total']);
  });

  it('reads InitPlan and SubPlan children', () => {
    const { root } = parseFixture('pg15/initplan-subplan.json');
    assert.equal(root.nodeType, 'Seq Scan');
    assert.deepEqual(root.children.map((c) => [c.parentRelationship, c.subplanName, c.nodeType]), [
      ['InitPlan', 'InitPlan 2 (returns $2)', 'Aggregate'],
      ['SubPlan', 'SubPlan 1', 'Aggregate'],
    ]);
    assert.equal(root.children[1]?.actualLoops, 200);
  });

  it('reads CTE scans and the CTE body', () => {
    const { root } = parseFixture('pg15/cte-scan.json');
    const body = root.children[0];
    assert.deepEqual([body?.parentRelationship, body?.subplanName], ['InitPlan', 'CTE active']);
    const scans = planNodes(root).filter((n) => n.nodeType === 'CTE Scan');
    assert.deepEqual(scans.map((s) => [s.cteName, s.alias]), [['active', 'a1'], ['active', 'a2']]);
  });

  it('keeps never-executed nodes with zero loops', () => {
    const { root } = parseFixture('pg15/never-executed.json');
    const heap = nodeAt(root, 2);
    assert.deepEqual([heap.actualLoops, heap.actualRows, heap.actualTotalTime], [0, 0, 0]);
  });

  it('reads ModifyTable and triggers', () => {
    const result = parseFixture('pg15/insert-triggers.json');
    assert.deepEqual([result.root.nodeType, result.root.operation, result.root.relationName], ['ModifyTable', 'Insert', 'comments']);
    assert.deepEqual(result.root.children.map((c) => [c.nodeType, c.alias]), [['Values Scan', '*VALUES*']]);
    assert.equal(result.triggers?.length, 2);
    const [first] = result.triggers ?? [];
    assert.equal(first?.constraintName, 'comments_post_id_fkey');
    assert.equal(first?.relation, 'comments');
    assert.match(first?.name ?? '', /^RI_ConstraintTrigger_c_\d+$/);
    assert.equal(first?.calls, 2);
    assert.equal(typeof first?.timeMs, 'number');
  });

  it('reads set operations, function scans and work-table scans', () => {
    const setop = parseFixture('pg15/setop-subquery.json').root;
    const op = findNode(setop, (n) => n.nodeType === 'SetOp');
    assert.deepEqual([op.strategy, op.extra['Command'], op.parentRelationship], ['Hashed', 'Except', 'Subquery']);
    assert.deepEqual(planNodes(setop).filter((n) => n.nodeType === 'Subquery Scan').map((n) => n.alias), ['s', '*SELECT* 1', '*SELECT* 2']);
    const recursive = parseFixture('pg15/recursive-cte-semi-anti.json').root;
    assert.equal(recursive.joinType, 'Anti');
    const fn = findNode(recursive, (n) => n.nodeType === 'Function Scan');
    assert.deepEqual([fn.functionName, fn.alias], ['generate_series', 'g']);
    const work = findNode(recursive, (n) => n.nodeType === 'WorkTable Scan');
    assert.deepEqual([work.cteName, work.alias], ['r', 'r_1']);
  });

  it('accepts the QUERY PLAN value, its JSON text, the object and node-postgres rows', () => {
    const text = fixtureText('pg15/bitmap-or.json');
    const value: unknown = JSON.parse(text);
    const expected = parseExplainJson(text);
    assert.deepEqual(parseExplainJson(value), expected);
    assert.deepEqual(parseExplainJson((value as unknown[])[0]), expected);
    assert.deepEqual(parseExplainJson([{ 'QUERY PLAN': value }]), expected);
    assert.deepEqual(parseExplainJson({ 'QUERY PLAN': text }), expected);
    assert.equal(expected.root.nodeType, 'Bitmap Heap Scan');
    assert.deepEqual(expected.root.children[0]?.children.map((c) => c.parentRelationship), ['Member', 'Member']);
  });
});
