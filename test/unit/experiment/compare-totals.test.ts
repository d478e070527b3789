import assert from 'node:assert/strict';
import type { WorkloadQuery } from '../../../algorithms/algorithm.js';
import { totalsFor, type QueryComparison } from '../../../src/experiment/compare-algorithms.js';
import { median } from '../../../src/util/median.js';

const query = (id: string): WorkloadQuery => ({ id, sql: 'SELECT 1', graph: { sql: 'SELECT 1', relations: [], joins: [], predicates: {}, select: { kind: 'rows', groupBy: false, having: false, orderBy: false, limit: false } } });
const run = (status: 'ok' | 'timeout' | 'error', executionMs: number) => ({ status, executionMs, runsMs: [executionMs], planningMs: 0.5, planSignature: 'x', inferenceMs: 1 });

describe('comparison totals', () => {
  it('takes the median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('sums per-query medians, counts >2x regressions and names the worst query', () => {
    const compared: QueryComparison[] = [
      { query: query('q1'), runs: { baseline: run('ok', 100), mscn: run('ok', 50) } },
      { query: query('q2'), runs: { baseline: run('ok', 10), mscn: run('ok', 25) } },
      { query: query('q3'), runs: { baseline: run('ok', 40), mscn: run('timeout', 1000) } },
    ];
    const totals = totalsFor('mscn', 'baseline', compared);
    assert.equal(totals.totalMs, 1075);
    assert.equal(totals.ratio, 1075 / 150);
    assert.equal(totals.regressions, 2);
    assert.equal(totals.timeouts, 1);
    assert.deepEqual(totals.worst, { queryId: 'q3', ratio: 25 });
    assert.equal(totalsFor('baseline', 'baseline', compared).ratio, 1);
  });

  it('leaves queries that failed under either algorithm out of both totals', () => {
    const compared: QueryComparison[] = [
      { query: query('q1'), runs: { baseline: run('ok', 100), lero: run('ok', 70) } },
      { query: query('q2'), runs: { baseline: run('ok', 10), lero: run('error', Number.NaN) } },
    ];
    const totals = totalsFor('lero', 'baseline', compared);
    assert.equal(totals.errors, 1);
    assert.equal(totals.totalMs, 70);
    assert.equal(totals.ratio, 0.7);
  });
});
