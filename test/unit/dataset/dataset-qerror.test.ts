import assert from 'node:assert/strict';
import type { PlanNode } from '../../../src/db/explain/plan-node.js';
import type { ExecuteOptions, ExecuteResult } from '../../../src/db/interactor.js';
import { percentile, postgresQErrors, qError, summarize } from '../../../src/dataset/dataset-qerror.js';

function node(nodeType: string, planRows: number, children: PlanNode[] = [], extra: Partial<PlanNode> = {}): PlanNode {
  return { nodeType, operator: nodeType, parallelAware: false, startupCost: 0, totalCost: 1, planRows, planWidth: 4, extra: {}, children, ...extra };
}
const scan = (table: string, rows: number) => node('Seq Scan', rows, [], { relationName: table, alias: table, actualRows: rows, actualLoops: 1 });

describe('PostgreSQL q-error summary', () => {
  it('q-error is symmetric and at least 1', () => {
    assert.equal(qError(10, 100), 10);
    assert.equal(qError(100, 10), 10);
    assert.equal(qError(0, 0), 1);
    assert.equal(qError(0.5, 4), 4);
  });

  it('percentiles interpolate between ranks', () => {
    assert.equal(percentile([1, 2, 3, 4, 5], 50), 3);
    assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
    assert.equal(percentile([1, 10], 90), 9.1);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('groups by number of tables, then all', () => {
    const groups = summarize([
      { index: 0, tables: 3, estimate: 1, truth: 1, qError: 1 },
      { index: 1, tables: 2, estimate: 1, truth: 2, qError: 2 },
      { index: 2, tables: 2, estimate: 1, truth: 4, qError: 4 },
    ]);
    assert.deepEqual(groups.map((g) => [g.tables, g.queries, g.median, g.max]), [[2, 2, 3, 4], [3, 1, 1, 1], ['all', 3, 2, 4]]);
  });

  it('compares the estimate under the aggregate with the executed rows, or with the known count', async () => {
    const join = node('Hash Join', 50, [scan('a', 10), node('Hash', 20, [scan('b', 20)])], { actualRows: 200, actualLoops: 1 });
    const calls: ExecuteOptions[] = [];
    const db = {
      async execute(sql: string, options: ExecuteOptions): Promise<ExecuteResult> {
        calls.push(options);
        if (sql === 'slow') return { status: 'timeout', timeoutMs: 5, elapsedMs: 5 };
        if (sql === 'bad') throw new Error('relation "zz" does not exist\nLINE 1');
        const root = sql === 'limited' ? node('Limit', 1, [join]) : node('Aggregate', 1, [join], { strategy: 'Plain' });
        return { status: 'ok', elapsedMs: 1, plan: { root, extra: {} } };
      },
    };
    const report = await postgresQErrors(db, ['q0', 'q1', 'slow', 'bad', 'limited'], { timeoutMs: 5, trueCounts: new Map([[1, 25]]) });
    assert.deepEqual(report.samples.map((s) => [s.index, s.tables, s.estimate, s.truth, s.qError]), [[0, 2, 50, 200, 4], [1, 2, 50, 25, 2]]);
    assert.equal(report.timeouts, 1);
    assert.deepEqual(report.skipped, [{ index: 3, reason: 'relation "zz" does not exist' }, { index: 4, reason: 'LIMIT cuts the result: its true size is unknown' }]);
    assert.deepEqual(calls[0]!.pull, ['plan', 'executionTime'], 'unlabelled queries are executed');
    assert.deepEqual(calls[1]!.pull, ['plan'], 'labelled queries are only planned');
    assert.deepEqual(calls[0]!.push, { settings: { max_parallel_workers_per_gather: 0 } });
  });
});
