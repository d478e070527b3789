import assert from 'node:assert/strict';
import type { MscnSubplanEstimate } from '../../../../algorithms/mscn/mscn-model.js';
import { pushedCards } from '../../../../algorithms/mscn/pushed-cards.js';

const estimate = (key: string, rows: number, minSampleRows = 1000): MscnSubplanEstimate => ({ key, relations: key.split(' ').length, rows, minSampleRows });

describe('mscn: which estimates are pushed', () => {
  const estimates = [estimate('u', 40_000), estimate('p', 90_000), estimate('p u', 70_000), estimate('c p', 150_000), estimate('c p u', 120_000)];

  it('pushes every sub-plan with minTables 1', () => {
    assert.deepEqual(pushedCards(estimates, { minTables: 1, minSampleRows: 0 }), { u: 40_000, p: 90_000, 'p u': 70_000, 'c p': 150_000, 'c p u': 120_000 });
  });

  it("keeps PostgreSQL's estimates of smaller sub-plans", () => {
    assert.deepEqual(pushedCards(estimates, { minTables: 2, minSampleRows: 0 }), { 'p u': 70_000, 'c p': 150_000, 'c p u': 120_000 });
    assert.deepEqual(pushedCards(estimates, { minTables: 3, minSampleRows: 0 }), { 'c p u': 120_000 });
    assert.deepEqual(pushedCards(estimates, { minTables: 4, minSampleRows: 0 }), {});
  });

  it('leaves out sub-plans holding a relation that keeps fewer sample rows than minSampleRows', () => {
    const sparse = [estimate('u', 2, 0), estimate('p', 90_000), estimate('p u', 1e6, 0), estimate('c', 30, 4), estimate('c p', 150, 4)];
    assert.deepEqual(pushedCards(sparse, { minTables: 1, minSampleRows: 1 }), { p: 90_000, c: 30, 'c p': 150 });
    assert.deepEqual(pushedCards(sparse, { minTables: 1, minSampleRows: 5 }), { p: 90_000 });
    assert.deepEqual(pushedCards(sparse, { minTables: 2, minSampleRows: 0 }), { 'p u': 1e6, 'c p': 150 });
  });
});
