import assert from 'node:assert/strict';
import { LogTargetNormalizer } from '../../../src/ml/index.js';

describe('ml: LogTargetNormalizer', () => {
  it('maps the fitted cardinalities onto [0, 1] in log space and back', () => {
    const norm = LogTargetNormalizer.fit([10, 1000, 100000]);
    assert.equal(norm.minLog, Math.log(10));
    assert.equal(norm.maxLog, Math.log(100000));
    assert.equal(norm.normalize(10), 0);
    assert.equal(norm.normalize(100000), 1);
    assert.ok(Math.abs(norm.normalize(1000) - 0.5) < 1e-12);
    for (const rows of [10, 37, 1000, 99999]) assert.ok(Math.abs(norm.denormalize(norm.normalize(rows)) - rows) < rows * 1e-9);
    // Outside the fitted range: not clamped.
    assert.ok(norm.normalize(1e7) > 1);
  });

  it('treats 0 rows as 1 (log 0 is undefined) and survives a single distinct value', () => {
    const norm = LogTargetNormalizer.fit([0, 0, 1]);
    assert.equal(norm.minLog, 0);
    assert.equal(norm.span, 1);
    assert.equal(norm.normalize(0), 0);
    assert.ok(Number.isFinite(LogTargetNormalizer.fit([500]).normalize(500)));
  });

  it('round-trips through JSON and rejects invalid input with typed errors', () => {
    const norm = LogTargetNormalizer.fit([3, 300]);
    const copy = LogTargetNormalizer.fromJSON(JSON.parse(JSON.stringify(norm)));
    assert.deepEqual(copy.toJSON(), norm.toJSON());
    assert.equal(copy.normalize(42), norm.normalize(42));
    assert.throws(() => LogTargetNormalizer.fromJSON({ minLog: 2, maxLog: 1 }), { code: 'ML_NORMALIZER_INVALID' });
    assert.throws(() => LogTargetNormalizer.fromJSON({ minLog: 'a', maxLog: 1 }), { code: 'ML_NORMALIZER_INVALID' });
    assert.throws(() => LogTargetNormalizer.fromJSON(null), { code: 'ML_NORMALIZER_INVALID' });
    assert.throws(() => LogTargetNormalizer.fit([]), { code: 'ML_NORMALIZER_EMPTY' });
    assert.throws(() => LogTargetNormalizer.fit([1, Number.NaN]), { code: 'ML_NORMALIZER_INVALID' });
  });
});
