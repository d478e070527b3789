import assert from 'node:assert/strict';
import { rankingPairs } from '../../../../algorithms/lero/ranking-pairs.js';

const margins = { relative: 0.1, absoluteMs: 1 };
const done = (ms: number) => ({ executionMs: ms, timeoutMs: 30_000 });
const cut = (timeoutMs: number) => ({ executionMs: null, timeoutMs });

describe('lero: ranking pairs', () => {
  it('pairs every two candidates whose times differ by more than both margins', () => {
    const pairs = rankingPairs([done(100), done(50), done(105), done(300)], margins);
    // 100 vs 105: 5% apart, within the relative margin.
    assert.deepEqual(pairs, [
      { faster: 1, slower: 0 },
      { faster: 0, slower: 3 },
      { faster: 1, slower: 2 },
      { faster: 1, slower: 3 },
      { faster: 2, slower: 3 },
    ]);
  });

  it('needs the absolute margin too on very fast queries', () => {
    assert.deepEqual(rankingPairs([done(0.5), done(1.2)], margins), []);
    assert.deepEqual(rankingPairs([done(0.5), done(1.6)], margins), [{ faster: 0, slower: 1 }]);
  });

  it('ranks a timed-out candidate below one that finished clearly under its timeout, never two timeouts', () => {
    assert.deepEqual(rankingPairs([done(100), cut(300), cut(300)], margins), [
      { faster: 0, slower: 1 },
      { faster: 0, slower: 2 },
    ]);
    // Finished at 290 ms, the other was cut at 300 ms: not clearly slower.
    assert.deepEqual(rankingPairs([done(290), cut(300)], margins), []);
    // Finished after the other's timeout: the order is unknown.
    assert.deepEqual(rankingPairs([cut(200), done(900)], margins), []);
  });
});
