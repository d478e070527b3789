import type { QueryTally } from '../../../sql/index.js';

/** "146 of 146" or "140 of 146 (refused: subquery 4, or_across_relations 2)". */
export function graphSummary(tally: QueryTally): string {
  const refused = tally.reasons.map((r) => `${r.reason} ${r.queries}`).join(', ');
  return `${tally.understood} of ${tally.total}${tally.refused > 0 ? ` (refused: ${refused})` : ''}`;
}
