/**
 * Lero (Zhu et al., VLDB 2023, "Lero: A Learning-to-Rank Query Optimizer"): candidate plans from
 * PostgreSQL under scaled sub-plan cardinalities, a tree-convolution model trained on pairs of
 * executed candidates to rank them, and per query the cards of the best-ranked candidate.
 */
import type { AlgorithmDefinition } from '../algorithm.js';
import { LeroInstance } from './lero-instance.js';
import { LERO_PARAMS_SCHEMA } from './lero-params.js';

export const lero: AlgorithmDefinition = {
  name: 'lero',
  description: 'Learning-to-rank plan selection: candidates from scaled sub-plan cardinalities, ranked by a tree-convolution model trained on executed plan pairs',
  paramsSchema: LERO_PARAMS_SCHEMA,
  requiredData: ['planExecutions'],
  create: (params, runtime) => new LeroInstance(params, runtime),
  load: (dir, runtime) => LeroInstance.load(dir, runtime),
};

export { LeroInstance } from './lero-instance.js';
export { generateCandidates, scaledCards, DEFAULT_FACTORS, type Candidate, type CandidateSet } from './generate-candidates.js';
export { PlanFeaturizer, PLAN_OPERATORS, type PlanFeaturizerState } from './plan-featurizer.js';
export { LeroModel, type LeroModelShape, type PlanPair } from './lero-model.js';
export { rankingPairs, type RankingPair, type MeasuredTime } from './ranking-pairs.js';
export { timeCandidates, planExecutionKey } from './time-candidates.js';
export { LERO_PARAMS_SCHEMA, defaultLeroParams, type LeroParams } from './lero-params.js';
