import assert from 'node:assert/strict';
import { qError, summarizeQErrors } from '../../../src/util/q-error.js';
import { qError as datasetQError, stats } from '../../../src/dataset/builtin/postgres-estimate-qerror.js';
import { Rng, shuffleInPlace } from '../../../src/util/prng.js';

describe('util: q-error', () => {
  it('is the larger ratio, both sides clamped to at least 1', () => {
    assert.equal(qError(10, 1000), 100);
    assert.equal(qError(1000, 10), 100);
    assert.equal(qError(7, 7), 1);
    assert.equal(qError(0, 0), 1);
    assert.equal(qError(0.5, 4), 4);
    assert.equal(qError(4, 0), 4);
  });

  it('summarizes with percentiles interpolated between ranks', () => {
    assert.deepEqual(summarizeQErrors([5, 1, 4, 2, 3]), { count: 5, median: 3, p90: 4.6, p99: 4.96, max: 5 });
    assert.deepEqual(summarizeQErrors([2, 4]), { count: 2, median: 3, p90: 3.8, p99: 3.98, max: 4 });
    assert.deepEqual(summarizeQErrors([7]), { count: 1, median: 7, p90: 7, p99: 7, max: 7 });
    const empty = summarizeQErrors([]);
    assert.equal(empty.count, 0);
    assert.ok(Number.isNaN(empty.median) && Number.isNaN(empty.max));
  });

  it('is what the dataset report uses', () => {
    assert.equal(datasetQError, qError);
    assert.deepEqual(stats([3, 1, 2]), summarizeQErrors([3, 1, 2]));
  });
});

describe('util: shuffleInPlace', () => {
  it('permutes in place, the same way for the same seed', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const returned = shuffleInPlace(new Rng(1), a);
    assert.equal(returned, a);
    assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
    assert.notDeepEqual(a, Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual(shuffleInPlace(new Rng(1), Array.from({ length: 50 }, (_, i) => i)), a);
    assert.notDeepEqual(shuffleInPlace(new Rng(2), Array.from({ length: 50 }, (_, i) => i)), a);
    assert.deepEqual(shuffleInPlace(new Rng(1), []), []);
  });
});
