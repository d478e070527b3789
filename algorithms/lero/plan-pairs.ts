/**
 * What Lero trains on: the ranking pairs of executed candidates, as featurized plan trees.
 */
import { walkPlan, type PlanNode } from '../../src/db/explain/index.js';
import type { CollectedQuery } from './collect-training-plans.js';
import type { Candidate } from './generate-candidates.js';
import type { LeroModel, PlanPair } from './lero-model.js';
import type { LeroParams } from './lero-params.js';
import type { PlanFeaturizer } from './plan-featurizer.js';
import { rankingPairs } from './ranking-pairs.js';

/** The tree the model sees for a candidate. */
export function featureRoot(candidate: Candidate, config: LeroParams): PlanNode {
  return config.restoreEstimates ? candidate.restoredRoot : candidate.plan.root;
}

/** Ranking pairs of every query; which side is `a` alternates so both labels occur. */
export function trainingPairs(collected: readonly CollectedQuery[], featurizer: PlanFeaturizer, config: LeroParams): PlanPair[] {
  const pairs: PlanPair[] = [];
  for (const c of collected) {
    const ranked = rankingPairs(c.times, { relative: config.minTimeDifference, absoluteMs: config.minTimeDifferenceMs });
    if (ranked.length === 0) continue;
    const trees = c.candidates.map((cand) => featurizer.featurize(featureRoot(cand, config)));
    for (const p of ranked) {
      const faster = trees[p.faster]!;
      const slower = trees[p.slower]!;
      pairs.push(pairs.length % 2 === 0 ? { a: faster, b: slower, aIsFaster: 1 } : { a: slower, b: faster, aIsFaster: 0 });
    }
  }
  return pairs;
}

/** Share of pairs whose faster plan gets the lower score; null for no pairs. */
export async function pairAccuracy(model: LeroModel, pairs: readonly PlanPair[], batchSize = 256): Promise<number | null> {
  if (pairs.length === 0) return null;
  let right = 0;
  for (let start = 0; start < pairs.length; start += batchSize) {
    const batch = pairs.slice(start, start + batchSize);
    const s = await model.scoreValues([...batch.map((p) => p.a), ...batch.map((p) => p.b)]);
    batch.forEach((p, i) => {
      const aLower = s[i]! < s[batch.length + i]!;
      if (aLower === (p.aIsFaster === 1)) right += 1;
    });
  }
  return right / pairs.length;
}

/** Tables of `known` that occur in `plans`, sorted. */
export function tablesIn(plans: readonly PlanNode[], known: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const p of plans) {
    walkPlan(p, (n) => {
      if (n.relationName !== undefined && known.includes(n.relationName)) seen.add(n.relationName);
    });
  }
  return [...seen].sort();
}
