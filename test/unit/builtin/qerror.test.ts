import assert from 'node:assert/strict';
import type { PlanNode } from '../../../src/db/explain/plan-node.js';
import { countedNode, qError, stats, summarizeQErrors, type QueryQError } from '../../../src/dataset/builtin/postgres-estimate-qerror.js';

function node(nodeType: string, children: PlanNode[] = [], extra: Partial<PlanNode> = {}): PlanNode {
  return { nodeType, operator: nodeType, parallelAware: false, startupCost: 0, totalCost: 1, planRows: 1, planWidth: 4, extra: {}, children, ...extra };
}

describe('builtin: q-error summary', () => {
  it('q-error is symmetric and clamps both sides to at least 1', () => {
    assert.equal(qError(10, 1000), 100);
    assert.equal(qError(1000, 10), 100);
    assert.equal(qError(0, 0), 1);
    assert.equal(qError(0.2, 5), 5);
  });

  it('takes the node below aggregates, sorts and gathers, ignoring init plans', () => {
    const join = node('Hash Join', [node('Seq Scan', [], { alias: 'u', relationName: 'users' }), node('Hash', [node('Seq Scan', [], { alias: 'p', relationName: 'posts' })])]);
    const init = node('Result', [], { parentRelationship: 'InitPlan' });
    const root = node('Aggregate', [init, node('Sort', [node('Gather', [join])])]);
    assert.equal(countedNode(root), join);
    assert.equal(countedNode(join), join);
  });

  it('summarizes median, p90, p99 overall, by table count and for 3+ tables', () => {
    assert.deepEqual(stats([1, 2, 3, 4, 5]), { count: 5, median: 3, p90: 4.6, p99: 4.96, max: 5 });
    assert.ok(Number.isNaN(stats([]).median));
    const q = (index: number, tables: number, e: number): QueryQError => ({ index, tables, estimatedRows: 1, actualRows: e, qError: e, under: e > 1, executionMs: 1 });
    const summary = summarizeQErrors([q(0, 2, 1), q(1, 2, 3), q(2, 3, 10), q(3, 4, 20), q(4, 4, 40)], [5]);
    assert.deepEqual(Object.keys(summary.byTables), ['2', '3', '4']);
    assert.equal(summary.byTables[2]!.median, 2);
    assert.equal(summary.threeOrMoreTables.median, 20);
    assert.equal(summary.overall.count, 5);
    assert.deepEqual(summary.timedOut, [5]);
  });
});
