import assert from 'node:assert/strict';
import { DurationAccumulator } from '../../../src/dataset/log/duration-summary.js';

describe('duration summaries', () => {
  it('is exact up to the reservoir size', () => {
    const d = new DurationAccumulator(1, 8);
    for (const ms of [5, 1, 4, 2, 3]) d.add(ms);
    assert.deepEqual(d.summary(), { count: 5, sumMs: 15, minMs: 1, maxMs: 5, meanMs: 3, medianMs: 3, medianExact: true });
    d.add(10);
    assert.equal(d.summary().medianMs, 3.5);
  });

  it('keeps count, sum, min and max exact beyond it, with a sampled median near the true one', () => {
    const d = new DurationAccumulator(7, 256);
    let seed = 99;
    const values: number[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const ms = (seed % 10_000) / 100; // uniform on [0, 100)
      values.push(ms);
      d.add(ms);
    }
    const s = d.summary();
    assert.equal(s.count, 100_000);
    assert.equal(s.minMs, Math.min(...values));
    assert.equal(s.maxMs, Math.max(...values));
    assert.ok(Math.abs(s.sumMs - values.reduce((a, b) => a + b, 0)) < 1e-3);
    assert.equal(s.medianExact, false);
    assert.ok(Math.abs(s.medianMs! - 50) < 10, `median ${s.medianMs}`);
  });

  it('is reproducible for the same seed and input', () => {
    const run = () => {
      const d = new DurationAccumulator(123, 16);
      for (let i = 0; i < 1000; i += 1) d.add((i * 37) % 101);
      return d.summary();
    };
    assert.deepEqual(run(), run());
  });

  it('says there is nothing when no duration was logged', () => {
    assert.deepEqual(new DurationAccumulator(1).summary(), { count: 0, sumMs: 0, minMs: null, maxMs: null, meanMs: null, medianMs: null, medianExact: true });
  });
});
