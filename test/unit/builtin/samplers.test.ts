import assert from 'node:assert/strict';
import { Rng } from '../../../src/util/prng.js';
import { AliasTable, logNormal, poisson, PrefixSampler, ZipfSampler } from '../../../src/dataset/builtin/samplers.js';

describe('builtin: samplers', () => {
  it('Zipf: rank k is drawn about k^s times less often than rank 1', () => {
    const zipf = new ZipfSampler(1000, 1.2);
    const rng = new Rng(1);
    const counts = new Map<number, number>();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const k = zipf.sample(rng);
      assert.ok(k >= 1 && k <= 1000);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const c1 = counts.get(1)!;
    for (const k of [2, 4, 8]) {
      const ratio = c1 / counts.get(k)!;
      const expected = Math.pow(k, 1.2);
      assert.ok(Math.abs(ratio / expected - 1) < 0.1, `rank ${k}: ratio ${ratio.toFixed(2)}, expected ${expected.toFixed(2)}`);
    }
    assert.ok(Math.abs(c1 / n - zipf.probability(1)) < 0.01);
    // Heavy head: the top 1% of ranks take most of the draws.
    let top = 0;
    for (let k = 1; k <= 10; k++) top += counts.get(k) ?? 0;
    assert.ok(top / n > 0.5, `top-10 share ${top / n}`);
  });

  it('Zipf with exponent 0 is uniform', () => {
    const zipf = new ZipfSampler(4, 0);
    for (let k = 1; k <= 4; k++) assert.ok(Math.abs(zipf.probability(k) - 0.25) < 1e-12);
  });

  it('the alias table follows its weights', () => {
    const weights = [1, 0, 3, 6];
    const table = new AliasTable(weights);
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[table.sample(rng)]!++;
    assert.equal(counts[1], 0);
    weights.forEach((w, i) => assert.ok(Math.abs(counts[i]! / 100_000 - w / 10) < 0.01, `index ${i}: ${counts[i]}`));
  });

  it('the prefix sampler stays in its prefix and follows the weights inside it', () => {
    const sampler = new PrefixSampler([5, 1, 1, 100]);
    const rng = new Rng(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) counts[sampler.sample(rng, 3)]!++;
    assert.equal(counts[3], 0);
    assert.ok(Math.abs(counts[0]! / 70_000 - 5 / 7) < 0.01);
  });

  it('Poisson and log-normal have the right means', () => {
    const rng = new Rng(5);
    for (const mean of [0.3, 4, 50]) {
      let sum = 0;
      for (let i = 0; i < 50_000; i++) sum += poisson(rng, mean);
      assert.ok(Math.abs(sum / 50_000 / mean - 1) < 0.03, `poisson(${mean}) mean ${sum / 50_000}`);
    }
    let logSum = 0;
    for (let i = 0; i < 50_000; i++) logSum += Math.log(logNormal(rng, 1, 0.5));
    assert.ok(Math.abs(logSum / 50_000 - 1) < 0.02);
  });
});
