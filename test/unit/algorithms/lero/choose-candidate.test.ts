import assert from 'node:assert/strict';
import { chooseByEnsemble, chooseCandidate, ENSEMBLE_RULES } from '../../../../algorithms/lero/choose-candidate.js';

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

describe('lero: choosing a candidate by an ensemble', () => {
  // Two members; candidate 1 is preferred by both (advantages 4 and 1), candidate 2 by one only (6 and -1).
  const members = [
    [0, -4, -6],
    [0, -1, 1],
  ];

  it("veto: member 1's choice, kept only when every other member prefers it to the default too", () => {
    // Member 1 prefers candidate 2 (advantage 6); member 2 does not (-1): vetoed, never replaced by candidate 1.
    assert.equal(chooseByEnsemble(members, 0, 2, 'veto'), 0);
    assert.equal(chooseByEnsemble([[0, -4, -6], [0, -1, -0.5]], 0, 2, 'veto'), 2);
    // Below member 1's margin nothing is chosen, whatever the others think.
    assert.equal(chooseByEnsemble([[0, -4, -6], [0, -9, -9]], 0, 6, 'veto'), 0);
  });

  it('agreedMean: the mean advantage, only for candidates every member prefers', () => {
    assert.equal(chooseByEnsemble(members, 0, 2, 'agreedMean'), 1); // mean 2.5; candidate 2 is not agreed on
    assert.equal(chooseByEnsemble(members, 0, 2.5, 'agreedMean'), 0);
  });

  it('mean: the mean advantage, disagreement included', () => {
    assert.equal(chooseByEnsemble(members, 0, 2, 'mean'), 1); // both 2.5: the first of equal ones
    assert.equal(chooseByEnsemble([[0, -4, -8], [0, -1, 1]], 0, 2, 'mean'), 2); // 3.5 > 2.5
  });

  it("min: the least convinced member's advantage", () => {
    assert.equal(chooseByEnsemble(members, 0, 0.5, 'min'), 1);
    assert.equal(chooseByEnsemble(members, 0, 1, 'min'), 0);
  });

  it('one member is chooseCandidate, whatever the rule', () => {
    const scores = [1, 0.2, 3, -0.5];
    for (const rule of ENSEMBLE_RULES) {
      for (const margin of [0, 1.4, 1.5]) assert.equal(chooseByEnsemble([scores], 0, margin, rule), chooseCandidate(scores, 0, margin));
    }
  });

  it('refuses members that scored different numbers of candidates', () => {
    assert.throws(() => chooseByEnsemble([[0, 1], [0, 1, 2]], 0, 0, 'mean'), /member 1 scored 3 candidates/);
    assert.throws(() => chooseByEnsemble([], 0, 0, 'mean'), RangeError);
  });
});
