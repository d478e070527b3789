/**
 * Lero's choice among scored candidates. The pairwise logistic loss makes a score difference
 * the log-odds that one plan is faster than the other, so a small difference is a coin toss the
 * model would lose about as often as it wins, and a lost toss against PostgreSQL's own plan can
 * cost many times its time. The best-scoring candidate replaces the default plan only when it
 * wins by more than `margin` (0: always the best score, as in the paper).
 */
export function chooseCandidate(scores: readonly number[], defaultIndex: number, margin: number): number {
  let best = defaultIndex;
  scores.forEach((s, i) => {
    if (s < scores[best]!) best = i;
  });
  const defaultScore = scores[defaultIndex];
  if (defaultScore === undefined) throw new RangeError(`chooseCandidate: no score for the default plan (index ${defaultIndex} of ${scores.length})`);
  return defaultScore - scores[best]! > margin ? best : defaultIndex;
}
