import assert from 'node:assert/strict';
import { parseExplainText, planNodes } from '../../../src/db/explain/index.js';
import { findNode, fixtureText, nodeAt, parseFixture } from './fixtures.js';

describe('parseExplainText: PostgreSQL 15 fixtures', () => {
  it('reads node names, targets, figures and conditions (hash-join-3way)', () => {
    const { root, planningTimeMs, extra } = parseFixture('pg15/hash-join-3way.txt');
    assert.deepEqual(planNodes(root).map((n) => n.nodeType), [
      'Aggregate', 'Hash Join', 'Bitmap Heap Scan', 'Bitmap Index Scan', 'Hash', 'Hash Join', 'Seq Scan', 'Hash', 'Seq Scan',
    ]);
    assert.deepEqual([root.strategy, root.partialMode], ['Plain', 'Simple']);
    assert.deepEqual([root.startupCost, root.totalCost, root.planRows, root.planWidth], [2835.82, 2835.83, 1, 8]);
    const join = nodeAt(root, 1);
    assert.deepEqual([join.joinType, join.hashCond, join.children.length], ['Inner', '(p.owner_user_id = u.id)', 2]);
    assert.deepEqual(join.children.map((c) => c.parentRelationship), ['Outer', 'Inner']);
    const index = nodeAt(root, 3);
    assert.deepEqual([index.indexName, index.indexCond, index.alias], ['posts_score_idx', '(score > 900)', undefined]);
    const badges = nodeAt(root, 6);
    assert.deepEqual([badges.relationName, badges.alias, badges.planRows, badges.totalCost], ['badges', 'b', 30000, 463]);
    assert.equal(planningTimeMs, undefined);
    assert.deepEqual(extra, {});
  });

  it('reads actual figures, Buffers, the Planning block and the summary times', () => {
    const result = parseFixture('pg15/hash-join-3way-analyze-buffers.txt');
    const users = findNode(result.root, (n) => n.alias === 'u');
    assert.deepEqual([users.actualRows, users.actualLoops, users.extra['Rows Removed by Filter']], [1998, 1, 8002]);
    assert.ok((users.actualTotalTime ?? 0) >= (users.actualStartupTime ?? 0));
    assert.equal(result.root.extra['Buffers'], 'shared hit=1510');
    assert.equal(nodeAt(result.root, 2).extra['Heap Blocks'], 'exact=1274');
    assert.deepEqual(result.extra['Planning'], { Buffers: 'shared hit=315' });
    assert.ok((result.planningTimeMs ?? 0) > 0);
    assert.ok((result.executionTimeMs ?? 0) > 0);
  });

  it('reads plans printed with COSTS OFF', () => {
    const { root } = parseFixture('pg15/hash-join-3way-costs-off.txt');
    assert.equal(planNodes(root).length, 9);
    assert.ok(planNodes(root).every((n) => Number.isNaN(n.totalCost) && Number.isNaN(n.planRows)));
    assert.equal(nodeAt(root, 8).filter, '(reputation > 4000)');
  });

  it('reads TIMING OFF actuals, Settings and Sort Method', () => {
    const result = parseFixture('pg15/merge-join-timing-off-settings.txt');
    assert.deepEqual([result.root.actualRows, result.root.actualLoops, result.root.actualTotalTime], [2000, 1, undefined]);
    assert.deepEqual(result.extra['Settings'], { enable_hashjoin: 'off', enable_nestloop: 'off' });
    const sort = nodeAt(result.root, 2);
    assert.deepEqual([sort.extra['Sort Key'], sort.extra['Sort Method']], ['u.id', 'quicksort  Memory: 25kB']);
  });

  it('reads schema-qualified targets and Output with VERBOSE', () => {
    const { root } = parseFixture('pg15/nested-loop-verbose.txt');
    assert.equal(root.extra['Output'], 'u.id, p.score');
    const users = nodeAt(root, 1);
    assert.deepEqual([users.nodeType, users.indexName, users.schema, users.relationName, users.alias], ['Index Only Scan', 'users_pkey', 'public', 'users', 'u']);
    assert.equal(users.extra['Heap Fetches'], 0);
  });

  it('keeps worker lines with their sub-lines and parallel markers', () => {
    const { root } = parseFixture('pg15/parallel-hash-join-verbose-buffers.txt');
    const join = findNode(root, (n) => n.nodeType === 'Hash Join');
    assert.equal(join.parallelAware, true);
    assert.equal(join.extra['Inner Unique'], true);
    assert.match(String(join.extra['Worker 0']), /^actual time=[\d.]+\.\.[\d.]+ rows=\d+ loops=1\nBuffers: shared hit=\d+$/);
    const gather = findNode(root, (n) => n.nodeType === 'Gather');
    assert.deepEqual([gather.extra['Workers Planned'], gather.extra['Workers Launched']], [2, 2]);
    const hash = findNode(root, (n) => n.nodeType === 'Hash');
    assert.equal(hash.parallelAware, true);
    assert.match(String(hash.extra['Buckets']), /^131072 {2}Batches: 1 {2}Memory Usage: \d+kB$/);
  });

  it('reads the JIT block in the JSON shape', () => {
    const { jit } = parseFixture('pg15/parallel-aggregate-jit.txt');
    assert.equal(jit?.['Functions'], 15);
    assert.deepEqual(jit?.['Options'], { Inlining: false, Optimization: false, Expressions: true, Deforming: true });
    const timing = jit?.['Timing'] as Record<string, number>;
    assert.deepEqual(Object.keys(timing), ['Generation', 'Inlining', 'Optimization', 'Emission', 'Total']);
    assert.equal(timing['Inlining'], 0);
  });

  it('reads InitPlan / SubPlan labels into parentRelationship and subplanName', () => {
    const { root } = parseFixture('pg15/initplan-subplan.txt');
    assert.deepEqual(root.children.map((c) => [c.parentRelationship, c.subplanName, c.nodeType]), [
      ['InitPlan', 'InitPlan 2 (returns $2)', 'Aggregate'],
      ['SubPlan', 'SubPlan 1', 'Aggregate'],
    ]);
    assert.equal(root.filter, '((reputation)::numeric > $2)');
    const index = findNode(root, (n) => n.nodeType === 'Bitmap Index Scan');
    assert.deepEqual([index.actualLoops, index.indexCond], [200, '(owner_user_id = u.id)']);
  });

  it('reads CTE labels next to ordinary children', () => {
    const { root } = parseFixture('pg15/cte-scan.txt');
    assert.deepEqual(root.children.map((c) => [c.nodeType, c.parentRelationship, c.subplanName]), [
      ['Aggregate', 'InitPlan', 'CTE active'],
      ['Sort', 'Outer', undefined],
      ['Sort', 'Inner', undefined],
    ]);
    assert.deepEqual(root.children[0]?.children[0]?.children.map((c) => c.nodeType), ['Bitmap Index Scan']);
  });

  it('turns (never executed) into zero rows and loops (and zero times when timing is on)', () => {
    const { root } = parseFixture('pg15/never-executed.txt');
    const heap = nodeAt(root, 2);
    assert.deepEqual([heap.actualRows, heap.actualLoops, heap.actualStartupTime, heap.actualTotalTime], [0, 0, 0, 0]);
    assert.deepEqual([heap.planRows, heap.totalCost], [20, 77.18]);
    assert.equal(nodeAt(root, 3).actualLoops, 0);
  });

  it('reads ModifyTable, quoted aliases and trigger lines', () => {
    const result = parseFixture('pg15/insert-triggers.txt');
    assert.deepEqual([result.root.nodeType, result.root.operation, result.root.relationName, result.root.alias], ['ModifyTable', 'Insert', 'comments', 'comments']);
    assert.equal(result.root.children[0]?.alias, '*VALUES*');
    assert.deepEqual(result.triggers?.map((t) => [t.constraintName, t.calls, t.name]), [
      ['comments_post_id_fkey', 2, undefined],
      ['comments_user_id_fkey', 2, undefined],
    ]);
    assert.equal(typeof result.triggers?.[0]?.timeMs, 'number');
  });

  it('normalises node names to JSON node types', () => {
    const setop = parseFixture('pg15/setop-subquery.txt').root;
    const op = findNode(setop, (n) => n.nodeType === 'SetOp');
    assert.deepEqual([op.strategy, op.extra['Command'], op.parentRelationship], ['Hashed', 'Except', 'Subquery']);
    const recursive = parseFixture('pg15/recursive-cte-semi-anti.txt').root;
    assert.deepEqual(planNodes(recursive).filter((n) => n.joinType !== undefined).map((n) => `${n.nodeType}/${n.joinType}`), [
      'Hash Join/Anti', 'Nested Loop/Inner', 'Nested Loop/Semi',
    ]);
    const full = parseFixture('pg15/full-join-verbose.txt').root;
    assert.deepEqual([full.nodeType, full.joinType], ['Hash Join', 'Full']);
    const update = parseFixture('pg15/update-returning.txt').root;
    assert.deepEqual([update.nodeType, update.operation, update.relationName], ['ModifyTable', 'Update', 'users']);
  });

  it('reads the per-target lines of a ModifyTable on a partitioned table as "Target Tables"', () => {
    const text = parseFixture('pg15/update-partitioned.txt').root;
    const json = parseFixture('pg15/update-partitioned.json').root;
    assert.deepEqual(text.extra['Target Tables'], [{ 'Relation Name': 'events_2024', Alias: 'e_1' }, { 'Relation Name': 'events_2025', Alias: 'e_2' }]);
    assert.deepEqual(text.extra['Target Tables'], json.extra['Target Tables']);
    assert.deepEqual([text.relationName, text.alias, text.children[0]?.nodeType], ['events', 'e', 'Append']);
  });

  it('accepts node-postgres rows (one string per line) like the whole text', () => {
    const text = fixtureText('pg15/cte-scan.txt');
    assert.deepEqual(parseExplainText(text.trimEnd().split('\n')), parseExplainText(text));
  });

  it('ignores psql decoration: header, dashes, one-space margin, footer', () => {
    const raw = fixtureText('pg15/bitmap-or.txt').trimEnd().split('\n');
    const decorated = ['                QUERY PLAN', '-------------------------------', ...raw.map((l) => ` ${l}`), `(${raw.length} rows)`, ''].join('\n');
    assert.deepEqual(parseExplainText(decorated), parseExplainText(raw));
  });
});
