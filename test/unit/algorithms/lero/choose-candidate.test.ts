import assert from 'node:assert/strict';
import { chooseCandidate } from '../../../../algorithms/lero/choose-candidate.js';

describe('lero: choosing a candidate', () => {
  it('with margin 0 takes the lowest score (the first of equal ones)', () => {
    assert.equal(chooseCandidate([0.5, -1, 2, -1], 0, 0), 1);
    assert.equal(chooseCandidate([0.5, 0.5], 0, 0), 0);
  });

  it("keeps PostgreSQL's plan unless the best candidate beats it by more than the margin", () => {
    const scores = [1, 0.2, 3, -0.5];
    assert.equal(chooseCandidate(scores, 0, 1.4), 3); // advantage 1.5
    assert.equal(chooseCandidate(scores, 0, 1.5), 0); // not more than the margin
    assert.equal(chooseCandidate(scores, 0, 10), 0);
  });

  it('never picks a candidate worse than the default, whatever the margin', () => {
    assert.equal(chooseCandidate([-2, 0, 1], 0, 0), 0);
  });

  it('refuses a default index without a score', () => {
    assert.throws(() => chooseCandidate([1, 2], 2, 0), RangeError);
  });
});
