import assert from 'node:assert/strict';
import type { MscnSubplanEstimate } from '../../../../algorithms/mscn/mscn-model.js';
import { pushedCards } from '../../../../algorithms/mscn/pushed-cards.js';

const estimate = (key: string, rows: number, emptySample = false): MscnSubplanEstimate => ({ key, relations: key.split(' ').length, rows, emptySample });

describe('mscn: which estimates are pushed', () => {
  const estimates = [estimate('u', 40_000), estimate('p', 90_000), estimate('p u', 70_000), estimate('c p', 150_000), estimate('c p u', 120_000)];

  it('pushes every sub-plan with minTables 1', () => {
    assert.deepEqual(pushedCards(estimates, { minTables: 1, emptySample: true }), { u: 40_000, p: 90_000, 'p u': 70_000, 'c p': 150_000, 'c p u': 120_000 });
  });

  it("keeps PostgreSQL's estimates of smaller sub-plans", () => {
    assert.deepEqual(pushedCards(estimates, { minTables: 2, emptySample: true }), { 'p u': 70_000, 'c p': 150_000, 'c p u': 120_000 });
    assert.deepEqual(pushedCards(estimates, { minTables: 3, emptySample: true }), { 'c p u': 120_000 });
    assert.deepEqual(pushedCards(estimates, { minTables: 4, emptySample: true }), {});
  });

  it('leaves out sub-plans with an empty sample unless asked to push them', () => {
    const withEmpty = [estimate('u', 2, true), estimate('p', 90_000), estimate('p u', 1e6, true), estimate('c p', 150_000)];
    assert.deepEqual(pushedCards(withEmpty, { minTables: 1, emptySample: false }), { p: 90_000, 'c p': 150_000 });
    assert.deepEqual(pushedCards(withEmpty, { minTables: 2, emptySample: true }), { 'p u': 1e6, 'c p': 150_000 });
  });
});
