import assert from 'node:assert/strict';
import { splitPosition, splitWorkload, type WorkloadSplit } from '../../../src/dataset/log/split-workload.js';
import type { ExtractedQuery } from '../../../src/dataset/log/workload-accumulator.js';

const query = (i: number, firstSeen: string | null = null, lastSeen = firstSeen): ExtractedQuery => ({
  fingerprint: i.toString(16).padStart(16, '0'),
  sql: `SELECT ${i}`,
  count: 1,
  durations: { count: 0, sumMs: 0, minMs: null, maxMs: null, meanMs: null, medianMs: null, medianExact: true },
  firstSeen,
  lastSeen,
  parameterized: false,
});

const fingerprints = (qs: readonly ExtractedQuery[]) => qs.map((q) => q.fingerprint);

describe('train/test split', () => {
  const many = Array.from({ length: 2000 }, (_, i) => query(i));

  it('by seed: the same seed gives the same split, whatever else is in the workload', () => {
    const split: WorkloadSplit = { by: 'seed', seed: 42, testFraction: 0.25 };
    const a = splitWorkload(many, split);
    assert.deepEqual(fingerprints(splitWorkload(many, split).test), fingerprints(a.test));
    const subset = splitWorkload(many.filter((_, i) => i % 3 === 0), split);
    const inTest = new Set(fingerprints(a.test));
    assert.ok(subset.test.every((q) => inTest.has(q.fingerprint)) && subset.train.every((q) => !inTest.has(q.fingerprint)), 'a query stays on its side');
    assert.equal(a.train.length + a.test.length, many.length);
    assert.ok(Math.abs(a.test.length / many.length - 0.25) < 0.04, `about a quarter in test: ${a.test.length}`);
  });

  it('by seed: another seed gives another split', () => {
    const a = splitWorkload(many, { by: 'seed', seed: 1, testFraction: 0.3 });
    const b = splitWorkload(many, { by: 'seed', seed: 2, testFraction: 0.3 });
    assert.notDeepEqual(fingerprints(a.test), fingerprints(b.test));
    assert.notEqual(splitPosition('1', 'abc'), splitPosition('2', 'abc'));
    assert.equal(splitPosition(1, 'abc'), splitPosition('1', 'abc'));
  });

  it('by seed: fractions 0 and 1 put everything on one side', () => {
    assert.equal(splitWorkload(many, { by: 'seed', seed: 3, testFraction: 0 }).test.length, 0);
    assert.equal(splitWorkload(many, { by: 'seed', seed: 3, testFraction: 1 }).train.length, 0);
  });

  it('by time: queries first seen in the last fraction of the span go to test', () => {
    const t = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();
    // Span: minute 0 to minute 100 (the last query's last execution).
    const qs = [query(1, t(0), t(50)), query(2, t(10)), query(3, t(79)), query(4, t(80)), query(5, t(95), t(100))];
    const { train, test } = splitWorkload(qs, { by: 'time', testFraction: 0.2 });
    assert.deepEqual(fingerprints(train), fingerprints([qs[0]!, qs[1]!, qs[2]!]));
    assert.deepEqual(fingerprints(test), fingerprints([qs[3]!, qs[4]!]));
    const earliest = Math.min(...test.map((q) => Date.parse(q.firstSeen!)));
    assert.ok(train.every((q) => Date.parse(q.firstSeen!) < earliest), 'every train query was first seen before every test query');
    assert.equal(splitWorkload(qs, { by: 'time', testFraction: 0 }).test.length, 0);
    assert.equal(splitWorkload(qs, { by: 'time', testFraction: 1 }).train.length, 0);
  });

  it('by time: refuses queries without timestamps, and puts the odd one without into train', () => {
    assert.throws(() => splitWorkload([query(1)], { by: 'time', testFraction: 0.5 }), { code: 'LOG_SPLIT_NO_TIMES' });
    const mixed = splitWorkload([query(1, '2024-01-01T00:00:00.000Z'), query(2)], { by: 'time', testFraction: 0.5 });
    assert.deepEqual(fingerprints(mixed.train), [query(2).fingerprint]);
    assert.equal(mixed.warnings.length, 1);
  });

  it('refuses a fraction outside 0..1 and unknown kinds', () => {
    assert.throws(() => splitWorkload(many, { by: 'seed', seed: 1, testFraction: 1.5 }), { code: 'LOG_SPLIT_INVALID' });
    assert.throws(() => splitWorkload(many, { by: 'seed', seed: 1, testFraction: Number.NaN }), { code: 'LOG_SPLIT_INVALID' });
    assert.throws(() => splitWorkload(many, { by: 'random', testFraction: 0.1 } as unknown as WorkloadSplit), { code: 'LOG_SPLIT_INVALID' });
  });
});
