/**
 * Lero's choice among scored candidates. The pairwise logistic loss makes a score difference
 * the log-odds that one plan is faster than the other, so a small difference is a coin toss the
 * model would lose about as often as it wins, and a lost toss against PostgreSQL's own plan can
 * cost many times its time. The best-scoring candidate replaces the default plan only when it
 * wins by more than `margin` (0: always the best score, as in the paper).
 */
export function chooseCandidate(scores: readonly number[], defaultIndex: number, margin: number): number {
  return chooseByEnsemble([scores], defaultIndex, margin, 'mean');
}

/**
 * How an ensemble's members decide. `veto`: member 1 (the run's seed: the one-model Lero) chooses
 * as chooseCandidate does, and its choice stands only if every other member also prefers that
 * candidate to the default plan; the others can only keep PostgreSQL's plan, never pick another.
 * The rest combine the members' advantages of each candidate over the default plan (default score
 * minus candidate score) into one: `agreedMean`, their mean, counted only when every member
 * prefers the candidate; `mean`; or `min`, the least convinced member's.
 */
export const ENSEMBLE_RULES = ['veto', 'agreedMean', 'mean', 'min'] as const;
export type EnsembleRule = (typeof ENSEMBLE_RULES)[number];

function combine(advantages: readonly number[], rule: Exclude<EnsembleRule, 'veto'>): number {
  const mean = advantages.reduce((a, b) => a + b, 0) / advantages.length;
  switch (rule) {
    case 'agreedMean':
      return advantages.every((a) => a > 0) ? mean : 0;
    case 'mean':
      return mean;
    case 'min':
      return Math.min(...advantages);
  }
}

/**
 * The choice of an ensemble of models trained alike but from different seeds. Where one model's
 * preference for a plan comes from its seed rather than from the data, other members disagree.
 * Under `veto` see ENSEMBLE_RULES; under the other rules a candidate replaces the default plan only
 * when its combined advantage exceeds `margin`, and the candidate with the largest combined
 * advantage wins (the first of equal ones). `memberScores[k][i]` is member k's score of candidate
 * i. One member is `chooseCandidate`, whatever the rule.
 */
export function chooseByEnsemble(memberScores: readonly (readonly number[])[], defaultIndex: number, margin: number, rule: EnsembleRule): number {
  if (memberScores.length === 0) throw new RangeError('chooseByEnsemble: no member scores');
  const candidates = memberScores[0]!.length;
  for (const [k, scores] of memberScores.entries()) {
    if (scores[defaultIndex] === undefined) throw new RangeError(`chooseByEnsemble: no score for the default plan (index ${defaultIndex} of ${scores.length}) from member ${k}`);
    if (scores.length !== candidates) throw new RangeError(`chooseByEnsemble: member ${k} scored ${scores.length} candidates, member 0 ${candidates}`);
  }
  if (rule === 'veto') {
    const chosen = chooseByEnsemble([memberScores[0]!], defaultIndex, margin, 'mean');
    const vetoed = memberScores.slice(1).some((s) => !(s[defaultIndex]! - s[chosen]! > 0));
    return vetoed ? defaultIndex : chosen;
  }
  let best = defaultIndex;
  let bestAdvantage = 0;
  for (let i = 0; i < candidates; i++) {
    if (i === defaultIndex) continue;
    const advantage = combine(memberScores.map((s) => s[defaultIndex]! - s[i]!), rule);
    if (advantage > bestAdvantage) {
      best = i;
      bestAdvantage = advantage;
    }
  }
  return bestAdvantage > margin ? best : defaultIndex;
}
