import assert from 'node:assert/strict';
import { deriveSeed, hashString, InvalidSeedError, Rng } from '../../../src/util/prng.js';

describe('builtin: seeded PRNG', () => {
  const draws = (seed: number, n = 1000): number[] => {
    const rng = new Rng(seed);
    return Array.from({ length: n }, () => rng.nextUint32());
  };

  it('gives the same sequence for the same seed', () => {
    assert.deepEqual(draws(42), draws(42));
  });

  it('gives different sequences for different seeds, large seeds included', () => {
    assert.notDeepEqual(draws(42), draws(43));
    assert.notDeepEqual(draws(0), draws(2 ** 32));
    assert.notDeepEqual(draws(2 ** 40), draws(2 ** 40 + 1));
  });

  it('pins the first values of seed 1 (a change of generator would change every dataset)', () => {
    assert.deepEqual(draws(1, 3), [2442144158, 3238099751, 3819917871]);
    assert.equal(deriveSeed(42, 'workload:train'), 1335674896);
  });

  it('floats are uniform in [0, 1) and ints stay in range', () => {
    const rng = new Rng(7);
    let sum = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const f = rng.float();
      assert.ok(f >= 0 && f < 1);
      sum += f;
      buckets[Math.floor(f * 10)]!++;
      const k = rng.between(3, 5);
      assert.ok(k >= 3 && k <= 5);
    }
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
    for (const b of buckets) assert.ok(Math.abs(b - 10_000) < 500, `bucket ${b}`);
  });

  it('derives independent, stable seeds per label', () => {
    assert.equal(deriveSeed(42, 'train'), deriveSeed(42, 'train'));
    assert.notEqual(deriveSeed(42, 'train'), deriveSeed(42, 'test'));
    assert.notEqual(deriveSeed(42, 'train'), deriveSeed(43, 'train'));
    assert.notEqual(hashString('ab'), hashString('ba'));
  });

  it('rejects seeds that are not non-negative integers with a PilotError', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
      assert.throws(() => new Rng(bad), (e: unknown) => e instanceof InvalidSeedError && e.code === 'INVALID_SEED');
    }
  });
});
